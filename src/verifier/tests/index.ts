import type { CheckerMap } from '../checker-map.js';
import { testExists } from './test-exists.js';

// test_passes lands in a later step; until then the registry reports it as an engine error, never a pass.
export const testsCheckers: Partial<Pick<CheckerMap, 'test_exists' | 'test_passes'>> = {
  test_exists: testExists,
};

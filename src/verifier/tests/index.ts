import type { CheckerMap } from '../checker-map.js';
import { testExists } from './test-exists.js';
import { testPasses } from './test-passes.js';

export const testsCheckers: Pick<CheckerMap, 'test_exists' | 'test_passes'> = {
  test_exists: testExists,
  test_passes: testPasses,
};

import type { AssertionType } from '../assertions/catalogue.js';
import type { CheckerMap } from './checker-map.js';
import { definitionCheckers } from './code/index.js';
import { usageCheckers } from './code/usage/index.js';
import { configCheckers } from './config/index.js';
import { depsCheckers } from './deps/index.js';
import { filesCheckers } from './files/index.js';
import { testsCheckers } from './tests/index.js';
import type { Checker } from './types.js';

const checkers: Partial<CheckerMap> = {
  ...definitionCheckers,
  ...usageCheckers,
  ...filesCheckers,
  ...configCheckers,
  ...depsCheckers,
  ...testsCheckers,
};

/** The tier-1 checker of a catalogue type. */
export function checkerFor(type: AssertionType): Checker<Record<string, unknown>> | undefined {
  return checkers[type] as Checker<Record<string, unknown>> | undefined;
}

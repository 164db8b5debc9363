import type { CheckerMap } from '../checker-map.js';
import { dependencyExists, dependencyVersion } from './check.js';

export const depsCheckers: Pick<CheckerMap, 'dependency_exists' | 'dependency_version'> = {
  dependency_exists: dependencyExists,
  dependency_version: dependencyVersion,
};

import type { CheckerMap } from '../checker-map.js';

// Placeholder until this family lands: the registry treats a missing checker as an engine error, never a pass.
export const depsCheckers: Partial<Pick<CheckerMap, 'dependency_exists' | 'dependency_version'>> = {};

import type { CheckerMap } from '../checker-map.js';

// Placeholder until this family lands: the registry treats a missing checker as an engine error, never a pass.
export const definitionCheckers: Partial<Pick<CheckerMap, 'function_exists' | 'class_exists' | 'decorator_present' | 'function_calls' | 'parameter_validated' | 'error_handled'>> = {};

import type { CheckerMap } from '../../checker-map.js';

// Placeholder until this family lands: the registry treats a missing checker as an engine error, never a pass.
export const usageCheckers: Partial<Pick<CheckerMap, 'import_present' | 'env_var_referenced' | 'middleware_registered' | 'http_header_set'>> = {};

import type { CheckerMap } from '../checker-map.js';

// Placeholder until this family lands: the registry treats a missing checker as an engine error, never a pass.
export const configCheckers: Partial<Pick<CheckerMap, 'config_key_exists' | 'config_value_matches'>> = {};

import type { CheckerMap } from '../checker-map.js';

// Placeholder until this family lands: the registry treats a missing checker as an engine error, never a pass.
export const filesCheckers: Partial<Pick<CheckerMap, 'file_exists' | 'file_hash' | 'pattern_matches' | 'pattern_absent' | 'no_plaintext_secret'>> = {};

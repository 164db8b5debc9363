import type { CheckerMap } from '../checker-map.js';
import { fileExists } from './file-exists.js';
import { fileHash } from './file-hash.js';
import { noPlaintextSecret } from './no-plaintext-secret.js';
import { patternAbsent, patternMatches } from './pattern.js';

export const filesCheckers: Pick<
  CheckerMap,
  'file_exists' | 'file_hash' | 'pattern_matches' | 'pattern_absent' | 'no_plaintext_secret'
> = {
  file_exists: fileExists,
  file_hash: fileHash,
  pattern_matches: patternMatches,
  pattern_absent: patternAbsent,
  no_plaintext_secret: noPlaintextSecret,
};

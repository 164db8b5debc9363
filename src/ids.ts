import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijkmnopqrstuvwxyz'; // no "l": ids are read aloud and typed by people

/** A random id with a readable prefix (`mdl_…`, `asrt_…`): 16 characters ≈ 82 bits, never reused. */
export function newId(prefix: string, length = 16): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

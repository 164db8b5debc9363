import { createHash, randomBytes } from 'node:crypto';
import type { KeyScope } from './permissions.js';

const KEY_PREFIX: Record<KeyScope, string> = { developer: 'mk_', verifier: 'mv_' };

/** Keys are `mk_`/`mv_` + 32 base62 characters (≈190 bits): shown once, stored only as a SHA-256 hash. */
export function generateApiKey(scope: KeyScope): { key: string; prefix: string; hash: string } {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let body = '';
  // rejection sampling keeps every character uniform
  while (body.length < 32) {
    for (const b of randomBytes(48)) {
      if (b < 248 && body.length < 32) body += alphabet[b % 62];
    }
  }
  const key = `${KEY_PREFIX[scope]}${body}`;
  return { key, prefix: key.slice(0, 11), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Only strings shaped like our keys are looked up at all. */
export function looksLikeApiKey(value: string): boolean {
  return /^m[kv]_[A-Za-z0-9]{32}$/.test(value);
}

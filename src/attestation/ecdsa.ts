import { createHash, type KeyObject, verify } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { topLevelMemberSpan } from './json-span.js';

const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** The order of the P-256 group: r and s must lie in [1, n-1]. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export const SIGNED_HASH_FORMAT = /^sha256:[0-9a-f]{64}$/;

const toBig = (b: Uint8Array) => (b.length ? BigInt(`0x${Buffer.from(b).toString('hex')}`) : 0n);

/** Reads one strict-DER INTEGER at `at`; returns its value bytes and where it ends, or null. */
function derInteger(der: Uint8Array, at: number): { value: Uint8Array; end: number } | null {
  if (der[at] !== 0x02) return null;
  const len = der[at + 1];
  if (len === undefined || len === 0 || len > 33) return null;
  const value = der.subarray(at + 2, at + 2 + len);
  if (value.length !== len) return null;
  // no negative numbers, no superfluous leading zero
  if (value[0]! & 0x80) return null;
  if (len > 1 && value[0] === 0 && !(value[1]! & 0x80)) return null;
  return { value, end: at + 2 + len };
}

/** A DER ECDSA-Sig-Value (as openssl writes it) → r and s, or null when it is not strict DER. */
export function parseDerSignature(der: Uint8Array): { r: bigint; s: bigint } | null {
  if (der.length < 8 || der[0] !== 0x30) return null;
  const len = der[1]!;
  if (len & 0x80 || len + 2 !== der.length) return null;
  const r = derInteger(der, 2);
  if (!r) return null;
  const s = derInteger(der, r.end);
  if (!s || s.end !== der.length) return null;
  return { r: toBig(r.value), s: toBig(s.value) };
}

const inRange = (x: bigint) => x >= 1n && x < P256_N;

function p1363(r: bigint, s: bigint): Buffer {
  return Buffer.from(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0'), 'hex');
}

/** Strict base64 (standard alphabet, padded); null for anything else. */
function decodeBase64(text: string): Buffer | null {
  const t = text.trim();
  if (t.length === 0 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return null;
  return Buffer.from(t, 'base64');
}

/**
 * Verifies an ECDSA P-256/SHA-256 signature over the ASCII `message`: DER as `openssl dgst -sign` writes it, or the
 * 64-byte r‖s form. r and s outside [1, n-1] (r = s = 0 among them) are refused before any verification.
 */
export function verifyEcdsaSignature(key: KeyObject, message: string, signatureB64: string): boolean {
  const raw = decodeBase64(signatureB64);
  if (!raw) return false;
  const candidates: { r: bigint; s: bigint }[] = [];
  const der = parseDerSignature(raw);
  if (der) candidates.push(der);
  if (raw.length === 64) candidates.push({ r: toBig(raw.subarray(0, 32)), s: toBig(raw.subarray(32)) });
  return candidates.some(
    ({ r, s }) =>
      inRange(r) &&
      inRange(s) &&
      verify('sha256', Buffer.from(message, 'ascii'), { key, dsaEncoding: 'ieee-p1363' }, p1363(r, s)),
  );
}

export const sha256Tagged = (bytes: Uint8Array | string) =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * Which form of the results `signedHash` covers: their exact bytes in the request body, or their RFC 8785 canonical
 * JSON; null when it covers neither.
 */
export function matchSignedHash(
  signedHash: string,
  rawBody: Uint8Array | undefined,
  results: unknown,
): 'raw' | 'canonical' | null {
  if (rawBody) {
    const span = topLevelMemberSpan(rawBody, 'results');
    if (span && sha256Tagged(rawBody.subarray(span.start, span.end)) === signedHash) return 'raw';
  }
  const canonical = canonicalize(results);
  if (canonical !== undefined && sha256Tagged(canonical) === signedHash) return 'canonical';
  return null;
}

import { createHash, createPublicKey, type JsonWebKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../verification/hashing.js';

/**
 * The signing conventions shared by notarization, the audit bundle and `assay audit verify` (pure: no database, no
 * network, so the verifier runs offline). A signed message is always the ASCII string `sha256:<64 lowercase hex>`
 * (the CI recipe's convention); signatures are ECDSA P-256 over SHA-256 of that string, stored as base64 of the DER
 * encoding (what `openssl dgst -sign` writes). The verifier also accepts the 64-byte r‖s form.
 */
export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** `sha256:<hex>` of the RFC 8785 canonical JSON of a value. */
export const hashOf = (value: unknown) => `sha256:${sha256Hex(canonicalJson(value))}`;

export function signHash(privateKey: KeyObject, hash: string): string {
  return sign('sha256', Buffer.from(hash, 'ascii'), privateKey).toString('base64');
}

export function verifyHash(publicKey: KeyObject, hash: string, signatureB64: string): boolean {
  if (typeof signatureB64 !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signatureB64)) return false;
  const sig = Buffer.from(signatureB64, 'base64');
  const data = Buffer.from(hash, 'ascii');
  try {
    if (sig.length === 64) return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
    return verify('sha256', data, publicKey, sig);
  } catch {
    return false;
  }
}

/** kid / fingerprint of a public key: lowercase hex SHA-256 of its DER SPKI. */
export function kidOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Parses a PEM SPKI and insists on a P-256 public key. */
export function p256PublicKey(pem: string | { key: JsonWebKey; format: 'jwk' }): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('not a P-256 public key');
  }
  return key;
}

export function publicPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** A public key as a JWK for /.well-known/jwks.json. */
export function publicJwk(pem: string, kid: string) {
  const jwk = createPublicKey(pem).export({ format: 'jwk' });
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' };
}

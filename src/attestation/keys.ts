import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { signingKeys } from '../db/schema/index.js';
import { badRequest } from '../http/errors.js';

/** A workspace's CI signing key as stored: a P-256 public key in PEM SPKI, named by its fingerprint. */
export interface WorkspaceKey {
  id: string;
  fingerprint: string;
  key: KeyObject;
}

const PUBLIC_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----$/;

/** Lowercase hex SHA-256 of the DER SPKI. */
export function fingerprintOf(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/**
 * Validates an upload as a P-256 *public* key in PEM SPKI. A private key, a certificate, an RSA or other-curve key,
 * or several PEM blocks are refused (400) with a code that says which: Node would happily derive a public key from a
 * private one, so the PEM block type is checked before anything is parsed.
 */
export function parseWorkspacePublicKey(pem: string): { key: KeyObject; pem: string; fingerprint: string } {
  const text = pem.trim();
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw badRequest(
      'private_key_uploaded',
      'This is a private key. Upload only the public half (openssl ec -in private.pem -pubout) and keep the private key in CI.',
    );
  }
  const match = PUBLIC_PEM.exec(text);
  if (!match || (text.match(/-----BEGIN /g) ?? []).length !== 1) {
    throw badRequest('invalid_public_key', 'public_key_pem must be one PEM block "BEGIN PUBLIC KEY" (SPKI).');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem', type: 'spki' });
  } catch {
    throw badRequest('invalid_public_key', 'public_key_pem is not a readable public key.');
  }
  if (key.type !== 'public') throw badRequest('invalid_public_key', 'public_key_pem must be a public key.');
  if (key.asymmetricKeyType !== 'ec') {
    throw badRequest(
      'unsupported_key_type',
      `Only ECDSA P-256 keys are accepted, not ${key.asymmetricKeyType ?? 'this key type'}.`,
    );
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'prime256v1') {
    throw badRequest('unsupported_curve', `Only the P-256 curve (prime256v1) is accepted, not ${curve ?? 'unknown'}.`);
  }
  const normalised = key.export({ type: 'spki', format: 'pem' }).toString();
  return { key, pem: normalised, fingerprint: fingerprintOf(key) };
}

/** The workspace's current (unrevoked) signing key, or null when none is configured. */
export async function currentWorkspaceKey(db: DbOrTx, workspaceId: string): Promise<WorkspaceKey | null> {
  const [row] = await db
    .select({ id: signingKeys.id, fingerprint: signingKeys.fingerprint, pem: signingKeys.publicKeyPem })
    .from(signingKeys)
    .where(and(eq(signingKeys.workspaceId, workspaceId), isNull(signingKeys.revokedAt)))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.id))
    .limit(1);
  if (!row) return null;
  return { id: row.id, fingerprint: row.fingerprint, key: createPublicKey({ key: row.pem, format: 'pem' }) };
}

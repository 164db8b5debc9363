import { execFileSync } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type { TestApp } from './app.js';

export interface EcKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  privatePem: string;
  fingerprint: string;
}

export function ecKey(curve: 'prime256v1' | 'secp384r1' = 'prime256v1'): EcKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint: createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex'),
  };
}

const b64url = (x: string | Buffer) => Buffer.from(x).toString('base64url');

/** A CI token as a runner would mint it (ES256, sub = workspace). */
export async function ciToken(
  key: EcKey,
  sub: string,
  opts: { iat?: number; exp?: number; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 120)
    .sign(key.privateKey);
}

/** A hand-built JWT: any header, any payload, any signature bytes. */
export function rawJwt(header: object, payload: object, signer: (input: string) => Buffer | string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = signer(input);
  return `${input}.${typeof sig === 'string' ? sig : b64url(sig)}`;
}

export const hs256 = (secret: string) => (input: string) => createHmac('sha256', secret).update(input).digest();
export const derEs256 = (key: KeyObject) => (input: string) => sign('sha256', Buffer.from(input), key);

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** Runs a shell script with bash, in a directory holding private.pem; returns stdout. */
export function shell(privatePem: string, script: string, env: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-attest-'));
  writeFileSync(path.join(dir, 'private.pem'), privatePem, { mode: 0o600 });
  return execFileSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** The recipe from attestation.md, verbatim, printing both values. */
export const RECIPE = `SIGNED_HASH="sha256:$(printf '%s' "$RESULTS_JSON" | sha256sum | cut -d' ' -f1)"
SIGNATURE=$(printf '%s' "$SIGNED_HASH" | openssl dgst -sha256 -sign private.pem | base64 -w0)
printf '%s\\n%s' "$SIGNED_HASH" "$SIGNATURE"`;

export function recipe(privatePem: string, resultsJson: string, script = RECIPE) {
  const [signed_hash, signature] = shell(privatePem, script, { RESULTS_JSON: resultsJson }).split('\n');
  return { signed_hash: signed_hash!, signature: signature! };
}

/** Node-side equivalent: DER signature over the ASCII `sha256:<hex>` string. */
export function signHash(key: KeyObject, signedHash: string, form: 'der' | 'p1363' = 'der'): string {
  return sign('sha256', Buffer.from(signedHash, 'ascii'), {
    key,
    dsaEncoding: form === 'der' ? 'der' : 'ieee-p1363',
  }).toString('base64');
}

export const sha256Tag = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export async function countRows(t: TestApp, table: 'verification_runs' | 'verification_results' | 'oidc_replays') {
  const result = await t.ctx.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  const rows = (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

export async function runAttestation(t: TestApp, runId: string) {
  const result = await t.ctx.db.execute<{ attestation_method: string; attestation: Record<string, unknown> }>(
    sql`select attestation_method, attestation from verification_runs where id = ${runId}`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    attestation_method: string;
    attestation: Record<string, unknown>;
  }[];
  return rows[0]!;
}

/** Uploads a workspace's ECDSA public key (owner/admin), failing the test unless it is accepted. */
export async function uploadSigningKey(
  app: TestApp['app'],
  owner: { headers: Record<string, string> },
  workspaceId: string,
  publicPem: string,
): Promise<void> {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/workspaces/${workspaceId}/signing-key`,
    ...owner,
    payload: { public_key_pem: publicPem },
  });
  if (res.statusCode !== 200) throw new Error(`signing key upload: ${res.statusCode} ${res.body}`);
}

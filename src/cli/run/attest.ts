import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import canonicalizeModule from 'canonicalize';
import { SignJWT } from 'jose';
import { ASSAY_AUDIENCE } from '../../attestation/audience.js';
import { UsageError } from '../errors.js';
import type { CiEnvironment } from './ci-env.js';
import type { WireSubmission } from './types.js';

/**
 * Attestation on the CLI side (attestation.md): an ECDSA P-256 signature over the results, an ES256 CI token minted
 * with the same key, and an OIDC token from the CI. The server's counterparts are src/attestation/{ecdsa,ci-token,
 * oidc}.ts. No key, token or request token is ever put in a message.
 */

const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

const MAX_KEY_FILE_BYTES = 64 * 1024;
/** A CI token lives 120 s (the server accepts up to 300 s). */
export const CI_TOKEN_LIFETIME_S = 120;
const OIDC_REQUEST_TIMEOUT_MS = 30_000;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * Reads an ECDSA P-256 private key (PEM, SEC1 `EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY`; an `EC PARAMETERS` block as
 * `openssl ecparam -genkey` writes it is skipped). Every problem is one UsageError line naming the file.
 */
export function loadSigningKey(file: string): KeyObject {
  // the key itself given where its path belongs (a CI variable holding the PEM, not a file): never echo it
  if (/-----BEGIN|[\r\n]/.test(file) || file.length > 4096) {
    throw new UsageError(
      '--signing-key takes the path of a PEM file, not the key itself (the value given was not printed); write the key to a file readable only by you',
    );
  }
  const fail = (why: string) => new UsageError(`--signing-key ${file}: ${why}`);
  let text: string;
  try {
    if (statSync(file).size > MAX_KEY_FILE_BYTES) throw fail('the file is too large to be a PEM key');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : `cannot be read (${code ?? 'error'})`,
    );
  }
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1]!, pem: m[0] }));
  if (blocks.length === 0) throw fail('not a PEM file (expected "-----BEGIN EC PRIVATE KEY-----" or "PRIVATE KEY")');
  const privateBlock = blocks.find((b) => /^(EC |ENCRYPTED )?PRIVATE KEY$/.test(b.label));
  if (!privateBlock) {
    if (blocks.some((b) => /PUBLIC KEY|CERTIFICATE/.test(b.label)))
      throw fail('is a public key or certificate; --signing-key needs the private key (upload the public one)');
    throw fail(`holds a ${blocks[0]!.label}, not a private key`);
  }
  if (privateBlock.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(privateBlock.pem))
    throw fail('the private key is encrypted with a passphrase; give an unencrypted key (keep it in a CI secret)');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateBlock.pem, format: 'pem' });
  } catch {
    throw fail('not a readable private key');
  }
  if (key.asymmetricKeyType !== 'ec') {
    throw fail(`is an ${String(key.asymmetricKeyType).toUpperCase()} key; an ECDSA P-256 (prime256v1) key is needed`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'prime256v1')
    throw fail(`uses the curve ${curve ?? 'unknown'}; an ECDSA P-256 (prime256v1) key is needed`);
  return key;
}

/** SHA-256 hex of the SPKI DER of the key's public half: what the server reports as `signing_key_fingerprint`. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/**
 * Signs results per attestation.md: `signed_hash` = `sha256:<hex>` of the RFC 8785 canonical JSON of the results
 * array, and `signature` = the DER ECDSA P-256/SHA-256 signature over that ASCII string, base64.
 */
export function signResults(key: KeyObject, results: readonly unknown[]): { signed_hash: string; signature: string } {
  const canonical = canonicalize(results);
  if (canonical === undefined) throw new Error('the results cannot be written as canonical JSON');
  const signed_hash = `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
  const signature = sign('sha256', Buffer.from(signed_hash, 'ascii'), { key, dsaEncoding: 'der' }).toString('base64');
  return { signed_hash, signature };
}

/** An ES256 CI token (api.md "Identities"): sub = the workspace, iat = now, exp = iat + 120 s. */
export async function mintCiToken(key: KeyObject, workspaceId: string, now: Date = new Date()): Promise<string> {
  if (workspaceId.length === 0 || workspaceId.length > 64 || /\s/.test(workspaceId))
    throw new UsageError('the workspace id (--workspace or ASSAY_WORKSPACE_ID) is needed to mint a CI token');
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(workspaceId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + CI_TOKEN_LIFETIME_S)
    .sign(key);
}

/**
 * Asks GitHub Actions for an OIDC token with this audience (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN; the job needs
 * `permissions: id-token: write`). Errors name the HTTP status, never the request token or the token.
 */
export async function requestGithubOidcToken(
  requestUrl: string,
  requestToken: string,
  audience: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  let origin: string;
  try {
    origin = new URL(requestUrl).origin;
  } catch {
    throw new Error('ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
  }
  const url = `${requestUrl}${requestUrl.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`;
  const redact = (s: string) => (requestToken ? s.split(requestToken).join('[redacted]') : s);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'GET',
      headers: { authorization: `bearer ${requestToken}`, accept: 'application/json; api-version=2.0' },
      redirect: 'error',
      signal: AbortSignal.timeout(OIDC_REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (e as Error).name === 'TimeoutError'
        ? `no answer within ${OIDC_REQUEST_TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.message ?? (e as Error).message);
    throw new Error(`cannot reach the GitHub OIDC token endpoint ${origin}: ${redact(String(reason))}`);
  }
  const text = await res.text().catch(() => '');
  if (res.status !== 200) {
    let said = '';
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body?.message === 'string') said = `: ${redact(body.message).slice(0, 300)}`;
    } catch {
      // not JSON: the status says enough
    }
    const hint = res.status === 401 || res.status === 403 ? ' (does the job have "permissions: id-token: write"?)' : '';
    throw new Error(`the GitHub OIDC token request failed with HTTP ${res.status}${said}${hint}`);
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown })?.value;
  } catch {
    throw new Error('the GitHub OIDC token endpoint did not answer JSON');
  }
  if (typeof value !== 'string' || value.length === 0)
    throw new Error('the GitHub OIDC token endpoint answered without a token ("value")');
  return value;
}

/**
 * Whether the CLI may ask GitHub for an OIDC token with this audience. The audience comes from the server (the
 * workspace's setting), and the token goes to the server; a token for `sts.amazonaws.com` or another cloud's audience
 * would let whoever controls that setting (or the server, or the network on plain http) assume the cloud roles that
 * trust this repository's workflows. So only Assay's own audiences: `assay`, `assay` plus a suffix (`assay-prod`,
 * `assay:ws_1`), or the Assay server's own URL.
 */
export function isAssayAudience(audience: string, serverUrl?: string): boolean {
  if (ASSAY_AUDIENCE.test(audience)) return true;
  if (!serverUrl) return false;
  const server = serverUrl.replace(/\/+$/, '');
  let origin: string;
  try {
    origin = new URL(server).origin;
  } catch {
    return false;
  }
  return [server, `${server}/`, origin, `${origin}/`].includes(audience);
}

/** How one submission is attested: the fields to add to its body. */
export interface Attestor {
  /** Empty: submissions are unattested. */
  readonly methods: ('oidc' | 'ecdsa')[];
  /** `results`: the array the body's `results` carries (tier results, or sufficiency verdicts). */
  attest(
    results: readonly unknown[],
    audience: string,
  ): Promise<Pick<WireSubmission, 'oidc_token' | 'signature' | 'signed_hash'>>;
}

/**
 * OIDC when the CI offers it (GitHub: a fresh token per call, with the workspace's audience; otherwise the token in
 * the environment variable), plus an ECDSA signature of the results when a signing key is given.
 */
export function createAttestor(opts: {
  oidc: CiEnvironment['oidc'];
  signingKey?: KeyObject;
  /** The Assay server: its URL is an audience the CLI accepts besides `assay…` (see isAssayAudience). */
  serverUrl?: string;
  fetch?: typeof fetch;
}): Attestor {
  const { oidc, signingKey } = opts;
  const methods: ('oidc' | 'ecdsa')[] = [];
  if (oidc) methods.push('oidc');
  if (signingKey) methods.push('ecdsa');
  return {
    methods,
    async attest(results, audience) {
      const out: Pick<WireSubmission, 'oidc_token' | 'signature' | 'signed_hash'> = {};
      if (oidc?.kind === 'github') {
        if (!isAssayAudience(audience, opts.serverUrl)) {
          throw new Error(
            `the workspace's OIDC audience ${JSON.stringify(audience.slice(0, 200))} is not an Assay audience ("assay", "assay-…" or the server's URL): no GitHub token was requested, since a token for another audience could be used elsewhere (e.g. cloud roles that trust this repository)`,
          );
        }
        out.oidc_token = await requestGithubOidcToken(oidc.requestUrl, oidc.requestToken, audience, opts.fetch);
      } else if (oidc?.kind === 'env') {
        out.oidc_token = oidc.token;
      }
      if (signingKey) Object.assign(out, signResults(signingKey, results));
      return out;
    },
  };
}

import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import type { AppContext } from '../context.js';
import type { DbOrTx } from '../db/client.js';
import { oidcReplays } from '../db/schema/index.js';
import { AppError, unauthorized } from '../http/errors.js';
import { validateIssuer } from '../workspaces/settings.js';

export interface OidcSettings {
  trustedOidcIssuers: string[];
  requiredOidcClaims: Record<string, string>;
  oidcAudience: string;
}

/** Always trusted (attestation.md); a workspace adds its own. */
export const BUILTIN_ISSUERS = ['https://token.actions.githubusercontent.com', 'https://gitlab.com'];

const ALGORITHMS = ['RS256', 'ES256'];
const CLOCK_TOLERANCE_S = 60;
export const MAX_DOCUMENT_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 5_000;
/** Keys are reused this long; an unknown kid refetches sooner, but at most once per REFETCH_MIN_MS per issuer. */
const JWKS_TTL_MS = 10 * 60_000;
const REFETCH_MIN_MS = 30_000;

const refuse = (message: string, code = 'invalid_oidc_token') => unauthorized(message, code);

interface CachedKeys {
  jwks: JSONWebKeySet;
  fetchedAt: number;
}
/** A replay record's key: unambiguous (JSON of the parts) and of fixed size. */
const replayKey = (parts: string[]) => `sha256:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;

/** Per app (context): issuer → its keys. */
const caches = new WeakMap<AppContext, Map<string, CachedKeys>>();
function cacheOf(ctx: AppContext) {
  let c = caches.get(ctx);
  if (!c) {
    c = new Map();
    caches.set(ctx, c);
  }
  return c;
}

/** https, or plain http to 127.0.0.1 only when the server runs with ASSAY_ALLOW_INSECURE_ISSUERS=1 (tests). */
function allowedUrl(ctx: AppContext, url: string): boolean {
  if (validateIssuer(url.replace(/[?#].*$/, ''), ctx.config.allowInsecureIssuers) !== null) return false;
  return new URL(url).protocol === 'https:' || new URL(url).hostname === '127.0.0.1';
}

/** GET a JSON document: https only (loopback http in test mode), no redirects, a size cap, a timeout. */
async function fetchJson(ctx: AppContext, url: string): Promise<unknown> {
  if (!allowedUrl(ctx, url)) {
    throw refuse(`The OIDC issuer's document URL ${url} is not allowed.`, 'oidc_discovery_failed');
  }
  let res: Response;
  try {
    res = await fetch(url, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch {
    throw refuse(`The OIDC issuer could not be reached (${url}).`, 'oidc_discovery_failed');
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => {});
    throw refuse(
      `The OIDC issuer answered ${res.status} for ${url}; redirects are not followed.`,
      'oidc_discovery_failed',
    );
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_DOCUMENT_BYTES) {
    await res.body?.cancel().catch(() => {});
    throw refuse(`The OIDC document at ${url} is larger than ${MAX_DOCUMENT_BYTES} bytes.`, 'oidc_discovery_failed');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_DOCUMENT_BYTES) {
        await reader.cancel().catch(() => {});
        throw refuse(
          `The OIDC document at ${url} is larger than ${MAX_DOCUMENT_BYTES} bytes.`,
          'oidc_discovery_failed',
        );
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw refuse(`The OIDC document at ${url} is not JSON.`, 'oidc_discovery_failed');
  }
}

/** Discovery → jwks_uri (same origin as the issuer, and the document must name the same issuer) → the key set. */
async function fetchKeys(ctx: AppContext, issuer: string): Promise<JSONWebKeySet> {
  const doc = (await fetchJson(ctx, `${issuer}/.well-known/openid-configuration`)) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || doc.issuer !== issuer) {
    throw refuse(`The discovery document of ${issuer} names another issuer.`, 'oidc_discovery_failed');
  }
  let jwksUrl: URL;
  try {
    jwksUrl = new URL(String(doc.jwks_uri));
  } catch {
    throw refuse(`The discovery document of ${issuer} has no valid jwks_uri.`, 'oidc_discovery_failed');
  }
  if (jwksUrl.origin !== new URL(issuer).origin) {
    throw refuse(`The jwks_uri of ${issuer} is on another host.`, 'oidc_discovery_failed');
  }
  const jwks = (await fetchJson(ctx, jwksUrl.href)) as JSONWebKeySet | null;
  if (!jwks || typeof jwks !== 'object' || !Array.isArray(jwks.keys)) {
    throw refuse(`The JWKS of ${issuer} is not a key set.`, 'oidc_discovery_failed');
  }
  return jwks;
}

async function keysFor(ctx: AppContext, issuer: string, refresh: boolean): Promise<CachedKeys> {
  const cache = cacheOf(ctx);
  const now = ctx.now().getTime();
  const cached = cache.get(issuer);
  if (cached && now - cached.fetchedAt < JWKS_TTL_MS && (!refresh || now - cached.fetchedAt < REFETCH_MIN_MS)) {
    return cached;
  }
  const fresh = { jwks: await fetchKeys(ctx, issuer), fetchedAt: now };
  cache.set(issuer, fresh);
  return fresh;
}

/**
 * Verifies a CI identity token for a workspace. The issuer is chosen by exact `iss` from the trusted list *before*
 * anything is fetched; only RS256/ES256; `exp`, `iat` required; `aud` must be the workspace's audience (an array
 * must hold only it); every required claim must match exactly; `sub` is never interpreted. A token (by `jti`, or by
 * `run_id` + `run_attempt`) attests one run per model: the caller spends the returned replay claim in the
 * transaction that stores the run (spendReplayClaim), so concurrent submissions and several instances agree. Returns
 * the verified facts to store with the run.
 */
export async function verifyOidcToken(
  ctx: AppContext,
  token: string,
  settings: OidcSettings,
  workspaceId: string,
  /** What the token is spent for (a model, or a model's sufficiency verdicts): one use per scope. */
  replayScope: string,
): Promise<{ facts: Record<string, unknown>; replay: ReplayClaim }> {
  let iss: unknown;
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    iss = decodeJwt(token).iss;
  } catch {
    throw refuse('oidc_token is not a readable JWT.');
  }
  if (typeof alg !== 'string' || !ALGORITHMS.includes(alg))
    throw refuse('oidc_token must be signed with RS256 or ES256.');
  const trusted = [...BUILTIN_ISSUERS, ...settings.trustedOidcIssuers];
  if (typeof iss !== 'string' || !trusted.includes(iss)) {
    throw refuse('The OIDC token comes from an issuer this workspace does not trust.', 'untrusted_issuer');
  }
  if (!allowedUrl(ctx, iss)) {
    throw refuse(`The issuer ${iss} is not allowed on this server (https only).`, 'untrusted_issuer');
  }

  const verify = async (refresh: boolean) => {
    const { jwks } = await keysFor(ctx, iss as string, refresh);
    return jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ALGORITHMS,
      issuer: iss as string,
      audience: settings.oidcAudience,
      requiredClaims: ['exp', 'iat'],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: ctx.now(),
    });
  };
  let payload: JWTPayload;
  try {
    try {
      ({ payload } = await verify(false));
    } catch (err) {
      // a rotated key: fetch the set again (at most once per REFETCH_MIN_MS) and try once more
      if (!(err instanceof joseErrors.JWKSNoMatchingKey)) throw err;
      ({ payload } = await verify(true));
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const reason =
      err instanceof joseErrors.JWTClaimValidationFailed
        ? `claim ${err.claim} is not valid (${err.reason})`
        : err instanceof joseErrors.JWTExpired
          ? 'it has expired'
          : err instanceof joseErrors.JWKSNoMatchingKey
            ? 'no key of the issuer matches its kid'
            : 'the signature does not verify';
    throw refuse(`The OIDC token is not valid: ${reason}.`);
  }
  if (Array.isArray(payload.aud) && payload.aud.some((a) => a !== settings.oidcAudience)) {
    throw refuse(`The OIDC token's audience must be only "${settings.oidcAudience}".`);
  }
  if (typeof payload.iat !== 'number' || payload.iat > Math.floor(ctx.now().getTime() / 1000) + CLOCK_TOLERANCE_S) {
    throw refuse('The OIDC token was issued in the future.');
  }
  const mismatched = Object.entries(settings.requiredOidcClaims)
    .filter(([claim, expected]) => payload[claim] !== expected)
    .map(([claim]) => claim);
  if (mismatched.length) {
    throw refuse(`The OIDC token does not carry the required claims: ${mismatched.join(', ')}.`, 'oidc_claim_mismatch');
  }

  const replayKeys: string[] = [];
  if (typeof payload.jti === 'string' && payload.jti)
    replayKeys.push(replayKey(['jti', iss, payload.jti, replayScope]));
  const runId = payload.run_id;
  const attempt = payload.run_attempt;
  if (
    (typeof runId === 'string' || typeof runId === 'number') &&
    (typeof attempt === 'string' || typeof attempt === 'number')
  )
    replayKeys.push(replayKey(['run', iss, String(runId), String(attempt), replayScope]));
  if (replayKeys.length === 0) throw refuse('The OIDC token has neither jti nor run_id/run_attempt to guard replays.');
  const expiresAt = new Date(((payload.exp ?? 0) + CLOCK_TOLERANCE_S) * 1000);
  return { facts: { issuer: iss, claims: payload }, replay: { keys: replayKeys, workspaceId, expiresAt } };
}

/** The replay records a verified token must leave; written with the run it attests (see spendReplayClaim). */
export interface ReplayClaim {
  keys: string[];
  workspaceId: string;
  expiresAt: Date;
}

/**
 * Records that a token was used, inside the transaction that stores the run it attests: if storing fails, the token
 * is not spent and CI may try again; if another run already spent it (also concurrently: the primary key decides),
 * this throws 401 `replay` and the transaction rolls back. Expired records go first: a record outlives its token by
 * the clock tolerance only, past which the token itself is refused as expired.
 */
export async function spendReplayClaim(tx: DbOrTx, claim: ReplayClaim, now: Date): Promise<void> {
  await tx.delete(oidcReplays).where(lt(oidcReplays.expiresAt, now));
  const inserted = await tx
    .insert(oidcReplays)
    .values(claim.keys.map((replayKey) => ({ replayKey, workspaceId: claim.workspaceId, expiresAt: claim.expiresAt })))
    .onConflictDoNothing()
    .returning({ k: oidcReplays.replayKey });
  if (inserted.length !== claim.keys.length) {
    throw refuse('This OIDC token was already used for another run.', 'replay');
  }
}

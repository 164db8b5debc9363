import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { AppContext } from '../context.js';
import { unauthorized } from '../http/errors.js';
import { currentWorkspaceKey } from './keys.js';

/** api.md "Identities": an ES256 JWT signed by the workspace's uploaded key acts like a verifier key. */
export interface CiTokenIdentity {
  workspaceId: string;
  signingKeyId: string;
  fingerprint: string;
}

export const CI_TOKEN_MAX_LIFETIME_S = 300;
const LEEWAY_S = 60;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(value: string): boolean {
  return value.length <= 8192 && JWT_SHAPE.test(value);
}

const refuse = (why: string) => unauthorized(`The CI token is not valid: ${why}.`, 'invalid_ci_token');

/**
 * Verifies a CI token. `sub` is read unverified only to find which workspace's key to try; it is trusted (and the
 * workspace used) only after the signature verifies against that workspace's *current* key. Only ES256 with the
 * stored key: `alg: none`, HS256 "signed" with the public key, embedded `jwk`/`jku` headers are all refused.
 */
export async function verifyCiToken(ctx: AppContext, token: string): Promise<CiTokenIdentity> {
  if (!looksLikeJwt(token)) throw refuse('not a JWT');
  if (token.endsWith('.')) throw refuse('the token is not signed');
  let claimedSub: unknown;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'ES256') throw refuse('only alg ES256 is accepted');
    if (header.jku !== undefined || header.jwk !== undefined || header.x5u !== undefined || header.x5c !== undefined)
      throw refuse('keys named in the header are not used');
    claimedSub = decodeJwt(token).sub;
  } catch (err) {
    if (err instanceof Error && 'statusCode' in err) throw err;
    throw refuse('not a readable JWT');
  }
  if (typeof claimedSub !== 'string' || claimedSub.length === 0 || claimedSub.length > 64)
    throw refuse('sub must name the workspace');
  const key = await currentWorkspaceKey(ctx.db, claimedSub);
  if (!key) throw refuse('no signing key is configured for this workspace');

  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(token, key.key, {
      algorithms: ['ES256'],
      requiredClaims: ['sub', 'iat', 'exp'],
      clockTolerance: LEEWAY_S,
      currentDate: ctx.now(),
    }));
  } catch {
    throw refuse('bad signature, or expired');
  }
  const { sub, iat, exp } = payload;
  if (sub !== claimedSub) throw refuse('sub does not name the workspace');
  if (typeof iat !== 'number' || typeof exp !== 'number') throw refuse('iat and exp must be numbers');
  const now = Math.floor(ctx.now().getTime() / 1000);
  if (iat > now + LEEWAY_S) throw refuse('iat is in the future');
  if (exp <= iat) throw refuse('exp must be after iat');
  if (exp - iat > CI_TOKEN_MAX_LIFETIME_S) throw refuse(`a CI token may live at most ${CI_TOKEN_MAX_LIFETIME_S} s`);
  return { workspaceId: sub, signingKeyId: key.id, fingerprint: key.fingerprint };
}

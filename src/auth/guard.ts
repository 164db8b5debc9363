import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { looksLikeJwt, verifyCiToken } from '../attestation/ci-token.js';
import type { AppContext } from '../context.js';
import { apiKeys, memberships, sessions, threatModels, users } from '../db/schema/index.js';
import { type AppError, forbidden, notFound, unauthorized } from '../http/errors.js';
import { hashApiKey, looksLikeApiKey } from './api-keys.js';
import { type KeyScope, type Permission, type Role, rolePermissions, scopePermissions } from './permissions.js';

export const SESSION_COOKIE = 'assay_session';

export type Principal =
  | { kind: 'user'; userId: string; email: string; name: string; isInstanceAdmin: boolean; sessionId: string }
  | { kind: 'api_key'; keyId: string; workspaceId: string; scope: KeyScope }
  /** An ES256 JWT signed by the workspace's uploaded CI key (api.md "Identities"): a verifier for that workspace. */
  | { kind: 'ci_token'; signingKeyId: string; fingerprint: string; workspaceId: string; scope: 'verifier' };

/** What a guard established for the route: who is calling, in which workspace, with what role. */
export interface Access {
  principal: Principal;
  workspaceId: string;
  role: Role | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    access?: Access;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** last_used_at is written at most this often per key, so reads do not turn into a write each. */
const LAST_USED_RESOLUTION_MS = 60_000;

function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer m')) return auth.slice('Bearer '.length);
  return undefined;
}

/** Establishes who is calling, from an API key or the session cookie; 401 when neither is valid. */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  if (request.principal) return request.principal;
  const key = presentedApiKey(request);
  if (key !== undefined) {
    request.principal = await authenticateApiKey(ctx, key);
    return request.principal;
  }
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ') && looksLikeJwt(auth.slice('Bearer '.length))) {
    const ci = await verifyCiToken(ctx, auth.slice('Bearer '.length));
    request.principal = {
      kind: 'ci_token',
      signingKeyId: ci.signingKeyId,
      fingerprint: ci.fingerprint,
      workspaceId: ci.workspaceId,
      scope: 'verifier',
    };
    return request.principal;
  }
  if (auth) throw unauthorized('The Authorization header is not a valid credential.', 'invalid_credentials');
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!cookie) throw unauthorized();
  const principal = await authenticateSession(ctx, request, cookie);
  // Browsers cannot add custom headers to cross-site requests without CORS consent, so this header proves same-origin.
  if (!SAFE_METHODS.has(request.method) && !request.headers['x-requested-with']) {
    throw forbidden(
      'State-changing requests with a session must send the X-Requested-With header.',
      'csrf_header_missing',
    );
  }
  request.principal = principal;
  return principal;
}

async function authenticateApiKey(ctx: AppContext, key: string): Promise<Principal> {
  if (!looksLikeApiKey(key)) throw unauthorized('The API key is not valid.', 'invalid_api_key');
  const [row] = await ctx.db
    .select({ id: apiKeys.id, workspaceId: apiKeys.workspaceId, scope: apiKeys.scope, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) throw unauthorized('The API key is not valid.', 'invalid_api_key');
  const now = ctx.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await ctx.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { kind: 'api_key', keyId: row.id, workspaceId: row.workspaceId, scope: row.scope };
}

async function authenticateSession(ctx: AppContext, request: FastifyRequest, token: string): Promise<Principal> {
  let sid: string;
  try {
    const payload = request.server.jwt.verify<{ sid?: unknown }>(token);
    if (typeof payload.sid !== 'string') throw new Error('no sid');
    sid = payload.sid;
  } catch {
    throw unauthorized('The session is not valid; log in again.', 'invalid_session');
  }
  const [row] = await ctx.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      isInstanceAdmin: users.isInstanceAdmin,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sid), isNull(sessions.revokedAt), gt(sessions.expiresAt, ctx.now())))
    .limit(1);
  if (!row) throw unauthorized('The session has ended; log in again.', 'invalid_session');
  return { kind: 'user', sessionId: sid, ...row };
}

/** Whether a principal holds a permission in a workspace; `null` when the workspace is not theirs at all. */
export async function accessTo(ctx: AppContext, principal: Principal, workspaceId: string): Promise<Access | null> {
  if (principal.kind !== 'user') {
    return principal.workspaceId === workspaceId ? { principal, workspaceId, role: null } : null;
  }
  const [m] = await ctx.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, principal.userId)))
    .limit(1);
  return m ? { principal, workspaceId, role: m.role } : null;
}

export function permits(access: Access, permission: Permission): boolean {
  const p = access.principal;
  if (p.kind !== 'user') return scopePermissions[p.scope].has(permission);
  return access.role !== null && rolePermissions[access.role].has(permission);
}

function deny(access: Access, permission: Permission): AppError {
  const p = access.principal;
  if (p.kind === 'api_key' && p.scope === 'developer' && permission === 'results:submit') {
    return forbidden(
      'A developer key cannot submit verification results; use a verifier key.',
      'developer_key_cannot_submit',
    );
  }
  const who =
    p.kind === 'api_key' ? `a ${p.scope} key` : p.kind === 'ci_token' ? 'a CI token' : `the ${access.role} role`;
  return forbidden(`This needs the "${permission}" permission, which ${who} does not have.`);
}

/** The workspace of a route: from a `:wid` path param, or the workspace that owns a `:mid` model. */
export type WorkspaceOf = { param: string; kind: 'workspace' } | { param: string; kind: 'model' };

async function workspaceOf(ctx: AppContext, request: FastifyRequest, of: WorkspaceOf): Promise<string> {
  const value = (request.params as Record<string, string | undefined>)[of.param];
  if (!value) throw notFound();
  if (of.kind === 'workspace') return value;
  const [model] = await ctx.db
    .select({ workspaceId: threatModels.workspaceId })
    .from(threatModels)
    .where(eq(threatModels.id, value))
    .limit(1);
  if (!model) throw notFound('Model');
  return model.workspaceId;
}

/**
 * A per-route guard that states what it admits: `guard(ctx, 'models:read', model('mid'))`. Another workspace's
 * resource is a 404 (never revealing that it exists); the right workspace without the permission is a 403.
 */
export function guard(ctx: AppContext, permission: Permission, of: WorkspaceOf): onRequestHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const principal = await authenticate(ctx, request);
    const workspaceId = await workspaceOf(ctx, request, of);
    const access = await accessTo(ctx, principal, workspaceId);
    if (!access) throw notFound(of.kind === 'model' ? 'Model' : 'Workspace');
    if (!permits(access, permission)) throw deny(access, permission);
    request.access = access;
  };
}

/** Routes that any signed-in person may call (their own workspaces, their profile). API keys are refused. */
export function userGuard(ctx: AppContext): onRequestHookHandler {
  return async (request: FastifyRequest) => {
    const principal = await authenticate(ctx, request);
    if (principal.kind !== 'user')
      throw forbidden('This route needs a signed-in user, not an API key.', 'user_required');
  };
}

/** Guards a workspace chosen in the body or query (e.g. POST /api/models {workspace_id}); call it from the handler. */
export async function requireWorkspaceAccess(
  ctx: AppContext,
  request: FastifyRequest,
  workspaceId: string,
  permission: Permission,
): Promise<Access> {
  const principal = await authenticate(ctx, request);
  const access = await accessTo(ctx, principal, workspaceId);
  if (!access) throw notFound('Workspace');
  if (!permits(access, permission)) throw deny(access, permission);
  request.access = access;
  return access;
}

export const workspaceParam = (param = 'wid'): WorkspaceOf => ({ kind: 'workspace', param });
export const modelParam = (param = 'mid'): WorkspaceOf => ({ kind: 'model', param });

/** The actor string recorded in histories: `user:usr_…`, `key:key_…` or `ci:sk_…` (a CI token's signing key). */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'ci_token') return `ci:${principal.signingKeyId}`;
  return principal.kind === 'user' ? `user:${principal.userId}` : `key:${principal.keyId}`;
}

/**
 * Authenticates only; the route decides the workspace from its body or query (POST /api/models {workspace_id}) and
 * checks it with requireWorkspaceAccess. Running this first means a caller without credentials gets 401, not 400.
 */
export function authenticated(ctx: AppContext): onRequestHookHandler {
  return async (request: FastifyRequest) => {
    await authenticate(ctx, request);
  };
}

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { Evaluator } from '../../src/llm/evaluator.js';
import { createEvaluator } from '../../src/llm/index.js';
import { freshDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function createTestApp(
  env: Record<string, string> = {},
  options: { evaluator?: Evaluator } = {},
): Promise<TestApp> {
  const database = await freshDatabase();
  const config = loadConfig(
    { ASSAY_SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789', ASSAY_LOGIN_RATE_LIMIT: '1000', ...env },
    { ensureDataDir: false },
  );
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    evaluator: options.evaluator ?? createEvaluator(config, { db: database.db }),
    now: () => new Date(),
  };
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A caller: either headers for an API key, or a session cookie (with the CSRF header browsers send). */
export type Credential = { headers: Record<string, string> };

export const apiKey = (key: string): Credential => ({ headers: { 'x-api-key': key } });
export const session = (cookie: string): Credential => ({
  headers: { cookie: `assay_session=${cookie}`, 'x-requested-with': 'assay' },
});

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'assay_session');
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.body})`);
  return c.value;
}

export interface World {
  owner: Credential;
  ownerId: string;
  workspaceId: string;
  /** Credentials for each role in the workspace, plus API keys of both scopes. */
  roles: Record<'owner' | 'admin' | 'member' | 'auditor', Credential>;
  userIds: Record<'owner' | 'admin' | 'member' | 'auditor', string>;
  developerKey: Credential;
  verifierKey: Credential;
  developerKeyId: string;
  /** A second workspace with its own owner and keys, for isolation tests. */
  other: { owner: Credential; workspaceId: string; developerKey: Credential; verifierKey: Credential };
}

const PASSWORD = 'correct horse battery staple';

async function json<T = Record<string, unknown>>(p: Promise<LightMyRequestResponse>, expected: number): Promise<T> {
  const res = await p;
  if (res.statusCode !== expected) throw new Error(`expected ${expected}, got ${res.statusCode}: ${res.body}`);
  return (res.body ? res.json() : undefined) as T;
}

async function login(app: FastifyInstance, email: string): Promise<Credential> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
  return session(sessionCookie(res));
}

async function createKey(app: FastifyInstance, who: Credential, wid: string, scope: 'developer' | 'verifier') {
  return json<{ id: string; key: string }>(
    app.inject({ method: 'POST', url: `/api/workspaces/${wid}/api-keys`, ...who, payload: { name: scope, scope } }),
    201,
  );
}

async function invite(app: FastifyInstance, owner: Credential, wid: string, email: string, role: string) {
  const inv = await json<{ invite_token: string }>(
    app.inject({ method: 'POST', url: `/api/workspaces/${wid}/members`, ...owner, payload: { email, role } }),
    201,
  );
  const accepted = await json<{ user: { id: string } }>(
    app.inject({
      method: 'POST',
      url: '/api/auth/accept-invite',
      payload: { token: inv.invite_token, name: email.split('@')[0], password: PASSWORD },
    }),
    201,
  );
  return accepted.user.id;
}

/** Sets up a workspace with one user per role and keys of both scopes, and a second, foreign workspace. */
export async function createWorld(app: FastifyInstance): Promise<World> {
  const setup = await app.inject({
    method: 'POST',
    url: '/api/auth/setup',
    payload: { email: 'owner@example.com', password: PASSWORD, name: 'Olive Owner' },
  });
  const { user, workspace } = setup.json() as { user: { id: string }; workspace: { id: string } };
  const owner = session(sessionCookie(setup));
  const wid = workspace.id;
  const userIds = { owner: user.id } as World['userIds'];
  for (const role of ['admin', 'member', 'auditor'] as const) {
    userIds[role] = await invite(app, owner, wid, `${role}@example.com`, role);
  }
  const roles = {
    owner,
    admin: await login(app, 'admin@example.com'),
    member: await login(app, 'member@example.com'),
    auditor: await login(app, 'auditor@example.com'),
  };
  const dev = await createKey(app, owner, wid, 'developer');
  const ver = await createKey(app, owner, wid, 'verifier');

  // a stranger with their own workspace
  const otherUserId = await invite(app, owner, wid, 'stranger@example.com', 'member');
  const stranger = await login(app, 'stranger@example.com');
  const otherWs = await json<{ id: string }>(
    app.inject({ method: 'POST', url: '/api/workspaces', ...stranger, payload: { name: 'Elsewhere' } }),
    201,
  );
  // the stranger leaves our workspace: from now on they only own "Elsewhere"
  await json(app.inject({ method: 'DELETE', url: `/api/workspaces/${wid}/members/${otherUserId}`, ...owner }), 204);
  const otherDev = await createKey(app, stranger, otherWs.id, 'developer');
  const otherVer = await createKey(app, stranger, otherWs.id, 'verifier');
  return {
    owner,
    ownerId: user.id,
    workspaceId: wid,
    roles,
    userIds,
    developerKey: apiKey(dev.key),
    verifierKey: apiKey(ver.key),
    developerKeyId: dev.id,
    other: {
      owner: stranger,
      workspaceId: otherWs.id,
      developerKey: apiKey(otherDev.key),
      verifierKey: apiKey(otherVer.key),
    },
  };
}

export { json, PASSWORD };

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKey,
  type Credential,
  createTestApp,
  createWorld,
  json,
  PASSWORD,
  type TestApp,
  type World,
} from '../helpers/app.js';
import { bearer, ciToken, type EcKey, ecKey, uploadSigningKey } from '../helpers/attestation.js';

/**
 * One matrix over every route: no credential, malformed credentials, a revoked key, another workspace's session and
 * key, and each role and key scope. The expected callers are written here from api.md, independently of the
 * permission table in src/auth/permissions.ts, so a wrong guard on a route fails this test.
 */

type Caller = 'owner' | 'admin' | 'member' | 'auditor' | 'developer' | 'verifier' | 'ci';
/** `ci`: an ES256 CI token signed by the workspace's uploaded key — allowed exactly where a verifier key is. */
const ALL: Caller[] = ['owner', 'admin', 'member', 'auditor', 'developer', 'verifier', 'ci'];
const USERS: Caller[] = ['owner', 'admin', 'member', 'auditor'];
const MANAGERS: Caller[] = ['owner', 'admin'];
const WRITERS: Caller[] = ['owner', 'admin', 'member'];

interface Fixture {
  modelId: string;
  foreignModelId: string;
  /** An account that belongs to the other workspace only: added to ours and removed again by the DELETE case. */
  spareUserId: string;
}

interface Req {
  url: string;
  payload?: unknown;
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The route as the OpenAPI document names it. */
  path: string;
  allowed: Caller[];
  /** The success status an allowed caller gets. */
  ok: number;
  /** false for routes outside any workspace (the caller's own profile and workspaces). */
  scoped: boolean;
  /** Builds a request that succeeds for an allowed caller (fresh resources for destructive routes). */
  build: (t: TestApp, w: World, f: Fixture) => Promise<Req>;
}

const cases: RouteCase[] = [
  {
    method: 'GET',
    path: '/api/auth/me',
    allowed: USERS,
    ok: 200,
    scoped: false,
    build: async () => ({ url: '/api/auth/me' }),
  },
  {
    method: 'GET',
    path: '/api/workspaces',
    allowed: USERS,
    ok: 200,
    scoped: false,
    build: async () => ({ url: '/api/workspaces' }),
  },
  {
    method: 'POST',
    path: '/api/workspaces',
    allowed: USERS,
    ok: 201,
    scoped: false,
    build: async () => ({ url: '/api/workspaces', payload: { name: 'Another' } }),
  },
  {
    method: 'GET',
    path: '/api/workspaces/{wid}/members',
    allowed: USERS,
    ok: 200,
    scoped: true,
    build: async (_t, w) => ({ url: `/api/workspaces/${w.workspaceId}/members` }),
  },
  {
    method: 'POST',
    path: '/api/workspaces/{wid}/members',
    allowed: MANAGERS,
    ok: 201,
    scoped: true,
    build: async (_t, w) => ({
      url: `/api/workspaces/${w.workspaceId}/members`,
      payload: { email: `new-${Math.random().toString(36).slice(2)}@example.com`, role: 'member' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/workspaces/{wid}/members/{uid}',
    allowed: MANAGERS,
    ok: 200,
    scoped: true,
    build: async (_t, w) => ({
      url: `/api/workspaces/${w.workspaceId}/members/${w.userIds.member}`,
      payload: { role: 'member' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/workspaces/{wid}/members/{uid}',
    allowed: MANAGERS,
    ok: 204,
    scoped: true,
    build: async (t, w, f) => {
      // add the spare account so there is someone to remove
      const added = await t.app.inject({
        method: 'POST',
        url: `/api/workspaces/${w.workspaceId}/members`,
        ...w.owner,
        payload: { email: 'spare@example.com', role: 'auditor' },
      });
      // 409: still a member because the previous caller was refused
      expect([201, 409]).toContain(added.statusCode);
      return { url: `/api/workspaces/${w.workspaceId}/members/${f.spareUserId}` };
    },
  },
  {
    method: 'GET',
    path: '/api/workspaces/{wid}/api-keys',
    allowed: MANAGERS,
    ok: 200,
    scoped: true,
    build: async (_t, w) => ({ url: `/api/workspaces/${w.workspaceId}/api-keys` }),
  },
  {
    method: 'POST',
    path: '/api/workspaces/{wid}/api-keys',
    allowed: MANAGERS,
    ok: 201,
    scoped: true,
    build: async (_t, w) => ({
      url: `/api/workspaces/${w.workspaceId}/api-keys`,
      payload: { name: 'ci', scope: 'verifier' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/workspaces/{wid}/api-keys/{kid}',
    allowed: MANAGERS,
    ok: 204,
    scoped: true,
    build: async (t, w) => {
      const key = await json<{ id: string }>(
        t.app.inject({
          method: 'POST',
          url: `/api/workspaces/${w.workspaceId}/api-keys`,
          ...w.owner,
          payload: { name: 'tmp', scope: 'developer' },
        }),
        201,
      );
      return { url: `/api/workspaces/${w.workspaceId}/api-keys/${key.id}` };
    },
  },
  {
    method: 'GET',
    path: '/api/workspaces/{wid}/settings',
    allowed: WRITERS,
    ok: 200,
    scoped: true,
    build: async (_t, w) => ({ url: `/api/workspaces/${w.workspaceId}/settings` }),
  },
  {
    method: 'PATCH',
    path: '/api/workspaces/{wid}/settings',
    allowed: MANAGERS,
    ok: 200,
    scoped: true,
    build: async (_t, w) => ({ url: `/api/workspaces/${w.workspaceId}/settings`, payload: { review_after_days: 30 } }),
  },
  {
    method: 'PUT',
    path: '/api/workspaces/{wid}/signing-key',
    allowed: MANAGERS,
    ok: 200,
    scoped: true,
    build: async (_t, w) => ({
      url: `/api/workspaces/${w.workspaceId}/signing-key`,
      // the key the CI-token column signs with, uploaded again, so that column keeps working
      payload: { public_key_pem: ciKey.publicPem },
    }),
  },
  {
    method: 'GET',
    path: '/api/workspaces/{wid}/signing-keys',
    allowed: WRITERS,
    ok: 200,
    scoped: true,
    build: async (_t, w) => ({ url: `/api/workspaces/${w.workspaceId}/signing-keys` }),
  },
  {
    method: 'GET',
    path: '/api/models',
    allowed: ALL,
    ok: 200,
    scoped: false,
    build: async () => ({ url: '/api/models' }),
  },
  {
    method: 'POST',
    path: '/api/models',
    allowed: WRITERS,
    ok: 201,
    scoped: true,
    build: async (_t, w) => ({ url: '/api/models', payload: { workspace_id: w.workspaceId, title: 'M' } }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}` }),
  },
  {
    method: 'PATCH',
    path: '/api/models/{mid}',
    allowed: WRITERS,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}`, payload: { description: 'changed' } }),
  },
  {
    method: 'DELETE',
    path: '/api/models/{mid}',
    allowed: WRITERS,
    ok: 204,
    scoped: true,
    build: async (t, w) => ({ url: `/api/models/${await newModel(t.app, w)}` }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/objectives',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/objectives` }),
  },
  {
    method: 'POST',
    path: '/api/models/{mid}/objectives',
    allowed: WRITERS,
    ok: 201,
    scoped: true,
    build: async (_t, _w, f) => ({
      url: `/api/models/${f.modelId}/objectives`,
      payload: { id: `CO-${Math.random().toString(36).slice(2, 8)}`, description: 'Objective' },
    }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/objectives/{oid}',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/objectives/CO-1` }),
  },
  {
    method: 'PATCH',
    path: '/api/models/{mid}/objectives/{oid}',
    allowed: WRITERS,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({
      url: `/api/models/${f.modelId}/objectives/CO-1`,
      payload: { description: 'Keep data safe' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/models/{mid}/objectives/{oid}',
    allowed: WRITERS,
    ok: 204,
    scoped: true,
    build: async (t, w) => ({ url: `/api/models/${await newModel(t.app, w)}/objectives/CO-1` }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/controls',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/controls` }),
  },
  {
    method: 'POST',
    path: '/api/models/{mid}/controls',
    allowed: WRITERS,
    ok: 201,
    scoped: true,
    build: async (_t, _w, f) => ({
      url: `/api/models/${f.modelId}/controls`,
      payload: { description: 'New control', objective_ids: ['CO-1'] },
    }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/controls/{cid}',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/controls/CTRL-01` }),
  },
  {
    method: 'PATCH',
    path: '/api/models/{mid}/controls/{cid}',
    allowed: [...WRITERS, 'developer'],
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({
      url: `/api/models/${f.modelId}/controls/CTRL-01`,
      payload: { implementation_notes: 'see auth.py' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/models/{mid}/controls/{cid}',
    allowed: WRITERS,
    ok: 204,
    scoped: true,
    build: async (t, w) => ({ url: `/api/models/${await newModel(t.app, w)}/controls/CTRL-01` }),
  },
  {
    method: 'GET',
    path: '/api/assertion-types',
    allowed: ALL,
    ok: 200,
    scoped: false,
    build: async () => ({ url: '/api/assertion-types' }),
  },
  {
    method: 'POST',
    path: '/api/models/{mid}/controls/{cid}/assertions',
    allowed: [...WRITERS, 'developer'],
    ok: 201,
    scoped: true,
    build: async (_t, _w, f) => ({
      url: `/api/models/${f.modelId}/controls/CTRL-01/assertions`,
      payload: { assertions: [ASSERTION] },
    }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/controls/{cid}/assertions',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/controls/CTRL-01/assertions` }),
  },
  {
    method: 'PATCH',
    path: '/api/models/{mid}/assertions/{aid}',
    allowed: [...WRITERS, 'developer'],
    ok: 200,
    scoped: true,
    build: async (t, w, f) => ({
      url: `/api/models/${f.modelId}/assertions/${await newAssertion(t.app, w, f.modelId)}`,
      payload: { description: 'Auth middleware rejects anonymous requests' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/models/{mid}/assertions/{aid}',
    allowed: [...WRITERS, 'developer'],
    ok: 204,
    scoped: true,
    build: async (t, w, f) => ({
      url: `/api/models/${f.modelId}/assertions/${await newAssertion(t.app, w, f.modelId)}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/assertions/{aid}/history',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (t, w, f) => ({
      url: `/api/models/${f.modelId}/assertions/${await newAssertion(t.app, w, f.modelId)}/history`,
    }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/verification/pending',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/verification/pending?tier=1` }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/verification/assertions',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/verification/assertions` }),
  },
  {
    method: 'POST',
    path: '/api/models/{mid}/verification/results',
    allowed: ['verifier'],
    ok: 201,
    scoped: true,
    build: async (t, w, f) => ({
      url: `/api/models/${f.modelId}/verification/results`,
      payload: runPayload(await newAssertion(t.app, w, f.modelId)),
    }),
  },
  {
    method: 'POST',
    path: '/api/models/{mid}/verification/sufficiency',
    allowed: ['verifier'],
    ok: 201,
    scoped: true,
    build: async (_t, _w, f) => ({
      url: `/api/models/${f.modelId}/verification/sufficiency`,
      payload: { results: [{ control_id: 'CTRL-01', status: 'sufficient', gaps: [], reasoning: 'covered' }] },
    }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/verification/report',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/verification/report` }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/verification/runs',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/verification/runs` }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/verification/runs/{rid}',
    allowed: ALL,
    ok: 200,
    scoped: true,
    build: async (t, w, f) => {
      const run = await json<{ run_id: string }>(
        t.app.inject({
          method: 'POST',
          url: `/api/models/${f.modelId}/verification/results`,
          ...w.verifierKey,
          payload: runPayload(await newAssertion(t.app, w, f.modelId)),
        }),
        201,
      );
      return { url: `/api/models/${f.modelId}/verification/runs/${run.run_id}` };
    },
  },
  {
    method: 'GET',
    path: '/api/admin/signing-key',
    // the first user (the owner) is the instance administrator; no other role or key is
    allowed: ['owner'],
    ok: 200,
    scoped: false,
    build: async () => ({ url: '/api/admin/signing-key' }),
  },
  {
    method: 'GET',
    path: '/api/models/{mid}/audit-bundle',
    allowed: ['owner', 'admin', 'auditor'],
    ok: 200,
    scoped: true,
    build: async (_t, _w, f) => ({ url: `/api/models/${f.modelId}/audit-bundle` }),
  },
];

const ASSERTION = {
  type: 'function_exists',
  params: { file: 'auth/middleware.py', name: 'require_auth' },
  description: 'Auth middleware exists',
};

/** A fresh assertion on CTRL-01 of a model, submitted by its owner. */
async function newAssertion(app: FastifyInstance, w: World, modelId: string): Promise<string> {
  const out = await json<{ assertions: { id: string }[] }>(
    app.inject({
      method: 'POST',
      url: `/api/models/${modelId}/controls/CTRL-01/assertions`,
      ...w.owner,
      payload: { assertions: [ASSERTION] },
    }),
    201,
  );
  return out.assertions[0]!.id;
}

/** A CI run with a fresh run id, passing tier 1 of one assertion. */
const runPayload = (assertionId: string) => ({
  pipeline: {
    provider: 'github',
    run_id: `run-${Math.random().toString(36).slice(2)}`,
    repo: 'acme/api',
    commit_sha: 'a1b2c3d4e5f6',
  },
  results: [
    { assertion_id: assertionId, tier: 1, result: 'pass', details: 'require_auth defined at auth/middleware.py:3' },
  ],
});

/** Routes that need no credential at all. */
const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/auth/setup',
  'POST /api/auth/setup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/accept-invite',
  'GET /.well-known/jwks.json',
]);

async function newModel(app: FastifyInstance, w: World): Promise<string> {
  const model = await json<{ id: string }>(
    app.inject({
      method: 'POST',
      url: '/api/models',
      ...w.owner,
      payload: {
        workspace_id: w.workspaceId,
        title: 'Payments',
        control_objectives: [{ id: 'CO-1', description: 'Only customers see their data' }],
        controls: [
          { id: 'CTRL-01', description: 'Enforce authentication on all API endpoints', objective_ids: ['CO-1'] },
        ],
      },
    }),
    201,
  );
  return model.id;
}

let t: TestApp;
let w: World;
let f: Fixture;
let revokedKey: Credential;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.app);
  const invite = await json<{ invite_token: string }>(
    t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${w.other.workspaceId}/members`,
      ...w.other.owner,
      payload: { email: 'spare@example.com', role: 'member' },
    }),
    201,
  );
  const spare = await json<{ user: { id: string } }>(
    t.app.inject({
      method: 'POST',
      url: '/api/auth/accept-invite',
      payload: { token: invite.invite_token, name: 'Spare', password: PASSWORD },
    }),
    201,
  );
  f = {
    modelId: await newModel(t.app, w),
    foreignModelId: await newModel(t.app, { ...w, owner: w.other.owner, workspaceId: w.other.workspaceId }),
    spareUserId: spare.user.id,
  };
  const key = await json<{ id: string; key: string }>(
    t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${w.workspaceId}/api-keys`,
      ...w.owner,
      payload: { name: 'old', scope: 'developer' },
    }),
    201,
  );
  await json(
    t.app.inject({ method: 'DELETE', url: `/api/workspaces/${w.workspaceId}/api-keys/${key.id}`, ...w.owner }),
    204,
  );
  revokedKey = apiKey(key.key);
  ciKey = ecKey();
  foreignCiKey = ecKey();
  for (const [owner, wid, k] of [
    [w.owner, w.workspaceId, ciKey],
    [w.other.owner, w.other.workspaceId, foreignCiKey],
  ] as const) {
    await uploadSigningKey(t.app, owner, wid, k.publicPem);
  }
}, 120_000);
afterAll(async () => t?.close());

let ciKey: EcKey;
let foreignCiKey: EcKey;

/** A fresh CI token per call (they live two minutes; the matrix may take longer). */
async function credentialOf(caller: Caller): Promise<Credential> {
  if (caller === 'ci') return bearer(await ciToken(ciKey, w.workspaceId));
  if (caller === 'developer') return w.developerKey;
  if (caller === 'verifier') return w.verifierKey;
  return w.roles[caller];
}

async function call(route: RouteCase, req: Req, cred?: Credential) {
  return t.app.inject({
    method: route.method,
    url: req.url,
    ...(cred ?? {}),
    ...(req.payload === undefined ? {} : { payload: req.payload as object }),
  });
}

describe('the matrix covers every route', () => {
  it('lists each route of the OpenAPI document exactly once (public routes aside)', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const covered = cases.map((c) => `${c.method} ${c.path}`);
    expect(documented.filter((r) => !PUBLIC.has(r)).sort()).toEqual([...covered].sort());
  });
});

describe.each(cases)('$method $path', (route) => {
  it('is 401 without a credential and with malformed or revoked ones', async () => {
    const req = await route.build(t, w, f);
    const bad: (Credential | undefined)[] = [
      undefined,
      { headers: { 'x-api-key': 'mk_not-a-real-key' } },
      { headers: { authorization: 'Bearer garbage' } },
      { headers: { cookie: 'assay_session=garbage', 'x-requested-with': 'assay' } },
      revokedKey,
    ];
    for (const cred of bad) {
      const res = await call(route, req, cred);
      expect(res.statusCode, `${JSON.stringify(cred?.headers)} → ${res.body}`).toBe(401);
      expect(res.json().error.code).toMatch(/unauthorized|invalid_/);
    }
  });

  it.each(ALL)('answers %s as specified', async (caller) => {
    const req = await route.build(t, w, f);
    const res = await call(route, req, await credentialOf(caller));
    const allowed = caller === 'ci' ? route.allowed.includes('verifier') : route.allowed.includes(caller);
    if (allowed) {
      expect(res.statusCode, res.body).toBe(route.ok);
    } else {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toMatch(/forbidden|_required|cannot/);
    }
    expect(res.body).not.toContain(w.other.workspaceId);
    expect(res.body).not.toContain(f.foreignModelId);
  });

  // routes outside any workspace (the caller's own profile, workspaces, the catalogue) have no foreign case
  if (!route.scoped) return;
  it("is 404 for another workspace's session and keys, and changes nothing", async () => {
    const req = await route.build(t, w, f);
    const before = await snapshot();
    const foreignCi = bearer(await ciToken(foreignCiKey, w.other.workspaceId));
    for (const cred of [w.other.owner, w.other.developerKey, w.other.verifierKey, foreignCi]) {
      const res = await call(route, req, cred);
      // a foreign caller must not learn whether the resource exists
      expect([403, 404], res.body).toContain(res.statusCode);
      if (route.path !== '/api/models' && route.method !== 'POST') expect(res.statusCode, res.body).toBe(404);
      expect(res.body).not.toContain(f.modelId);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('listing never crosses workspaces', () => {
  it('GET /api/models shows each caller only its own workspace', async () => {
    const ours = (await t.app.inject({ method: 'GET', url: '/api/models', ...w.developerKey })).json() as {
      items: { id: string }[];
    };
    const theirs = (await t.app.inject({ method: 'GET', url: '/api/models', ...w.other.developerKey })).json() as {
      items: { id: string }[];
    };
    expect(ours.items.map((m) => m.id)).toContain(f.modelId);
    expect(ours.items.map((m) => m.id)).not.toContain(f.foreignModelId);
    expect(theirs.items.map((m) => m.id)).toEqual([f.foreignModelId]);
    const filtered = await t.app.inject({
      method: 'GET',
      url: `/api/models?workspace_id=${w.workspaceId}`,
      ...w.other.owner,
    });
    expect(filtered.statusCode).toBe(404);
  });
});

/** Row counts of every table, to prove a refused request wrote nothing. */
async function snapshot(): Promise<Record<string, number>> {
  const result = await t.ctx.database.db.execute<{ relname: string; n: number }>(
    // exact counts, table by table (pg_stat estimates lag)
    (await import('drizzle-orm')).sql.raw(
      `select 'models' as relname, count(*)::int as n from threat_models union all
       select 'controls', count(*)::int from controls union all
       select 'objectives', count(*)::int from control_objectives union all
       select 'links', count(*)::int from control_objective_links union all
       select 'keys', count(*)::int from api_keys where revoked_at is null union all
       select 'members', count(*)::int from memberships union all
       select 'invitations', count(*)::int from invitations union all
       select 'workspaces', count(*)::int from workspaces union all
       select 'assertions', count(*)::int from assertions union all
       select 'assertion_history', count(*)::int from assertion_history union all
       select 'runs', count(*)::int from verification_runs union all
       select 'results', count(*)::int from verification_results union all
       select 'verdicts', count(*)::int from sufficiency_verdicts union all
       select 'signing_keys', count(*)::int from signing_keys`,
    ),
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: { relname: string; n: number }[] }).rows) as {
    relname: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.relname, Number(r.n)]));
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';

/**
 * Every route with a body gets malformed JSON, wrong types, missing fields and an oversized body; every route with
 * ids gets unknown ids. Each answer is the documented error, and the database is unchanged afterwards.
 */

let t: TestApp;
let w: World;
let modelId: string;

beforeAll(async () => {
  t = await createTestApp({ ASSAY_BODY_LIMIT_BYTES: '65536' });
  w = await createWorld(t.app);
  const model = await json<{ id: string }>(
    t.app.inject({
      method: 'POST',
      url: '/api/models',
      ...w.owner,
      payload: {
        workspace_id: w.workspaceId,
        title: 'Payments',
        control_objectives: [{ id: 'CO-1', description: 'Only customers see their data' }],
        controls: [{ id: 'CTRL-01', description: 'Enforce authentication', objective_ids: ['CO-1'] }],
      },
    }),
    201,
  );
  modelId = model.id;
}, 120_000);
afterAll(async () => t?.close());

interface BodyRoute {
  method: 'POST' | 'PATCH' | 'PUT';
  url: () => string;
  /** A body with every field of the wrong type. */
  wrongTypes: Record<string, unknown>;
  /** true when an empty object is valid (PATCH with only optional fields). */
  emptyIsValid?: boolean;
}

const bodyRoutes: BodyRoute[] = [
  { method: 'POST', url: () => '/api/auth/setup', wrongTypes: { email: 1, password: true, name: [] } },
  { method: 'POST', url: () => '/api/auth/login', wrongTypes: { email: 1, password: 2 } },
  { method: 'POST', url: () => '/api/auth/accept-invite', wrongTypes: { token: 1, name: 2, password: 3 } },
  { method: 'POST', url: () => '/api/workspaces', wrongTypes: { name: 42 } },
  {
    method: 'POST',
    url: () => `/api/workspaces/${w.workspaceId}/members`,
    wrongTypes: { email: 'not-an-email', role: 'king' },
  },
  {
    method: 'PATCH',
    url: () => `/api/workspaces/${w.workspaceId}/members/${w.userIds.member}`,
    wrongTypes: { role: 7 },
  },
  { method: 'POST', url: () => `/api/workspaces/${w.workspaceId}/api-keys`, wrongTypes: { name: {}, scope: 'root' } },
  {
    method: 'PATCH',
    url: () => `/api/workspaces/${w.workspaceId}/settings`,
    wrongTypes: { require_ci_attestation: 'yes', trusted_oidc_issuers: 'https://x', review_after_days: -1 },
    emptyIsValid: true,
  },
  { method: 'POST', url: () => '/api/models', wrongTypes: { workspace_id: 1, title: false, controls: {} } },
  { method: 'PATCH', url: () => `/api/models/${modelId}`, wrongTypes: { title: 1 }, emptyIsValid: true },
  { method: 'POST', url: () => `/api/models/${modelId}/objectives`, wrongTypes: { id: 'has space', description: 1 } },
  { method: 'PATCH', url: () => `/api/models/${modelId}/objectives/CO-1`, wrongTypes: { description: 1 } },
  {
    method: 'POST',
    url: () => `/api/models/${modelId}/controls`,
    wrongTypes: { description: 1, objective_ids: 'CO-1' },
  },
  {
    method: 'PATCH',
    url: () => `/api/models/${modelId}/controls/CTRL-01`,
    wrongTypes: { status: 'done', implementation_notes: 5 },
    emptyIsValid: true,
  },
];

async function tableCounts(): Promise<string> {
  const result = await t.ctx.db.execute(
    sql.raw(
      `select (select count(*) from users) u, (select count(*) from workspaces) w, (select count(*) from memberships) m,
              (select count(*) from api_keys) k, (select count(*) from threat_models) t, (select count(*) from controls) c,
              (select count(*) from control_objectives) o, (select count(*) from invitations) i,
              (select string_agg(implementation_status::text || implementation_notes || description, ',') from controls) cs,
              (select string_agg(description, ',') from control_objectives) os,
              (select string_agg(title || description, ',') from threat_models) ts,
              (select string_agg(role::text, ',' order by user_id) from memberships) rs,
              (select string_agg(review_after_days::text, ',') from workspace_settings) ss`,
    ),
  );
  return JSON.stringify(Array.isArray(result) ? result : (result as { rows: unknown[] }).rows);
}

describe.each(bodyRoutes)('$method body checks', (route) => {
  it(`${route.method} ${'{url}'}: malformed JSON, wrong types, missing fields, oversized body → errors, nothing changes`, async () => {
    const before = await tableCounts();
    const send = (payload: string | object, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: route.method,
        url: route.url(),
        headers: { ...w.owner.headers, 'content-type': 'application/json', ...headers },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });

    const malformed = await send('{"name": ');
    expect(malformed.statusCode, malformed.body).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');

    const wrong = await send(route.wrongTypes);
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().error.code).toBe('validation_error');
    expect(wrong.json().error.details.length).toBeGreaterThan(0);
    expect(wrong.json().error.details[0]).toEqual({
      path: expect.stringMatching(/^body/),
      message: expect.any(String),
    });

    const unknownField = await send({ surprise: true });
    expect(unknownField.statusCode, unknownField.body).toBe(400);

    if (!route.emptyIsValid) {
      const missing = await send({});
      expect(missing.statusCode, missing.body).toBe(400);
      expect(missing.json().error.code).toBe('validation_error');
    }

    // PostgreSQL text cannot hold U+0000: refused up front, never a 500 from deep in a query
    const nul = await send({ name: 'a\u0000b', description: 'x' });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().error.details).toEqual([
      { path: 'body.name', message: 'must not contain NUL characters (U+0000)' },
    ]);

    const huge = await send({ name: 'x'.repeat(70_000) });
    expect(huge.statusCode, huge.body).toBe(413);
    expect(huge.json().error.code).toBe('body_too_large');

    expect(await tableCounts()).toBe(before);
  });
});

describe('NUL characters', () => {
  it('in an otherwise valid body, a path parameter or a query string: 400 naming the place, nothing stored', async () => {
    const before = await tableCounts();
    const model = await t.app.inject({
      method: 'POST',
      url: '/api/models',
      ...w.owner,
      payload: {
        workspace_id: w.workspaceId,
        title: 'Pay\u0000ments',
        control_objectives: [{ id: 'CO-1', description: 'ok' }],
        controls: [{ id: 'CTRL-01', description: 'fine', objective_ids: ['CO-1'] }],
      },
    });
    expect(model.statusCode, model.body).toBe(400);
    expect(model.json().error.details[0].path).toBe('body.title');
    const nested = await t.app.inject({
      method: 'POST',
      url: `/api/models/${modelId}/controls/CTRL-01/assertions`,
      ...w.developerKey,
      payload: {
        assertions: [
          { type: 'function_exists', params: { file: 'a.py', 'na\u0000me': 'x' }, description: 'checks auth' },
        ],
      },
    });
    expect(nested.statusCode, nested.body).toBe(400);
    expect(nested.json().error.details[0].path).toBe('body.assertions.0.params.na\\u0000me');
    const param = await t.app.inject({ method: 'GET', url: `/api/models/mdl%00x`, ...w.owner });
    expect(param.statusCode).toBe(400);
    expect(param.json().error.details[0].path).toBe('params.mid');
    const query = await t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls?status=%00`, ...w.owner });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.details[0].path).toBe('querystring.status');
    expect(await tableCounts()).toBe(before);
  });
});

describe('unknown ids', () => {
  const unknown: [string, () => string, object?][] = [
    ['GET', () => '/api/models/mdl_doesnotexist0000'],
    ['PATCH', () => '/api/models/mdl_doesnotexist0000', { title: 'x' }],
    ['DELETE', () => '/api/models/mdl_doesnotexist0000'],
    ['GET', () => `/api/models/${modelId}/controls/CTRL-99`],
    ['PATCH', () => `/api/models/${modelId}/controls/CTRL-99`, { implementation_notes: 'x' }],
    ['DELETE', () => `/api/models/${modelId}/controls/CTRL-99`],
    ['GET', () => `/api/models/${modelId}/objectives/CO-99`],
    ['PATCH', () => `/api/models/${modelId}/objectives/CO-99`, { description: 'x' }],
    ['DELETE', () => `/api/models/${modelId}/objectives/CO-99`],
    ['GET', () => '/api/workspaces/ws_doesnotexist0000/members'],
    ['PATCH', () => `/api/workspaces/${w.workspaceId}/members/usr_doesnotexist00`, { role: 'member' }],
    ['DELETE', () => `/api/workspaces/${w.workspaceId}/members/usr_doesnotexist00`],
    ['DELETE', () => `/api/workspaces/${w.workspaceId}/api-keys/key_doesnotexist00`],
    ['GET', () => '/api/workspaces/ws_doesnotexist0000/settings'],
    ['GET', () => '/api/nothing-here'],
  ];
  it.each(unknown)('%s %s → 404 in the error shape, nothing changes', async (method, url, payload) => {
    const before = await tableCounts();
    const res = await t.app.inject({
      method: method as 'GET',
      url: url(),
      ...w.owner,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json().error).toMatchObject({ code: 'not_found', message: expect.any(String) });
    expect(await tableCounts()).toBe(before);
  });
});

describe('state conflicts', () => {
  it('marking a control implemented without assertions is 409 no_assertions and changes nothing', async () => {
    const before = await tableCounts();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/models/${modelId}/controls/CTRL-01`,
      ...w.developerKey,
      payload: { status: 'implemented', implementation_notes: 'done' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('no_assertions');
    expect(await tableCounts()).toBe(before);
  });

  it('a model import with a dangling objective reference is refused whole', async () => {
    const before = await tableCounts();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/models',
      ...w.owner,
      payload: {
        workspace_id: w.workspaceId,
        title: 'Broken',
        control_objectives: [
          { id: 'CO-1', description: 'a' },
          { id: 'CO-1', description: 'dup' },
        ],
        controls: [{ id: 'CTRL-01', description: 'c', objective_ids: ['CO-9'] }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      'duplicate objective id CO-1',
      'unknown objective id CO-9',
    ]);
    expect(await tableCounts()).toBe(before);
  });

  it('the last owner cannot leave or be demoted', async () => {
    const before = await tableCounts();
    const demote = await t.app.inject({
      method: 'PATCH',
      url: `/api/workspaces/${w.workspaceId}/members/${w.ownerId}`,
      ...w.owner,
      payload: { role: 'admin' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_owner');
    const admin = await t.app.inject({
      method: 'DELETE',
      url: `/api/workspaces/${w.workspaceId}/members/${w.ownerId}`,
      ...w.roles.admin,
    });
    expect(admin.statusCode).toBe(403);
    expect(await tableCounts()).toBe(before);
  });

  it('an insecure OIDC issuer is refused', async () => {
    const before = await tableCounts();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/workspaces/${w.workspaceId}/settings`,
      ...w.owner,
      payload: { trusted_oidc_issuers: ['http://127.0.0.1:9999'], review_after_days: 5 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toMatch(/must use https/);
    expect(await tableCounts()).toBe(before);
  });

  it('a bad cursor is a 400, not a crash', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls?cursor=%%%`, ...w.owner });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_cursor');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.app);
}, 120_000);
afterAll(async () => t?.close());

const importBody = (workspaceId: string) => ({
  workspace_id: workspaceId,
  title: 'Customer portal',
  description: 'Threat model of the portal',
  control_objectives: [
    { id: 'CO-1', description: 'Only authenticated users reach customer data' },
    { id: 'CO-2', description: 'Secrets never leave the vault' },
  ],
  controls: [
    { id: 'CTRL-07', description: 'Enforce authentication on all API endpoints', objective_ids: ['CO-1'] },
    { description: 'Rotate signing keys every 90 days', objective_ids: ['CO-2'] },
    { description: 'Log every admin action', objective_ids: ['CO-1', 'CO-2'] },
  ],
});

describe('models, objectives and controls', () => {
  let modelId: string;

  it('imports a whole model in one POST, keeping given ids and numbering the rest', async () => {
    const model = await json<{
      id: string;
      controls: { id: string; objective_ids: string[]; implementation_status: string }[];
      control_objectives: { id: string }[];
    }>(
      t.app.inject({ method: 'POST', url: '/api/models', ...w.roles.member, payload: importBody(w.workspaceId) }),
      201,
    );
    modelId = model.id;
    expect(model.id).toMatch(/^mdl_[0-9a-z]{16}$/);
    expect(model.control_objectives.map((o) => o.id)).toEqual(['CO-1', 'CO-2']);
    expect(model.controls.map((c) => c.id)).toEqual(['CTRL-07', 'CTRL-01', 'CTRL-02']);
    expect(model.controls[2]?.objective_ids).toEqual(['CO-1', 'CO-2']);
    expect(model.controls.every((c) => c.implementation_status === 'not_implemented')).toBe(true);
  });

  it('reads the model back whole', async () => {
    const model = await json<{ title: string; controls: unknown[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${modelId}`, ...w.verifierKey }),
      200,
    );
    expect(model.title).toBe('Customer portal');
    expect(model.controls).toHaveLength(3);
  });

  it('filters controls by objective and by implementation status', async () => {
    const byObjective = await json<{ items: { id: string }[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls?objective_id=CO-2`, ...w.roles.auditor }),
      200,
    );
    expect(byObjective.items.map((c) => c.id)).toEqual(['CTRL-01', 'CTRL-02']);
    const implemented = await json<{ items: unknown[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls?status=implemented`, ...w.owner }),
      200,
    );
    expect(implemented.items).toEqual([]);
  });

  it('pages through controls with a cursor', async () => {
    const first = await json<{ items: { id: string }[]; next_cursor: string }>(
      t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls?limit=2`, ...w.owner }),
      200,
    );
    expect(first.items.map((c) => c.id)).toEqual(['CTRL-07', 'CTRL-01']);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await json<{ items: { id: string }[]; next_cursor: null }>(
      t.app.inject({
        method: 'GET',
        url: `/api/models/${modelId}/controls?limit=2&cursor=${first.next_cursor}`,
        ...w.owner,
      }),
      200,
    );
    expect(second.items.map((c) => c.id)).toEqual(['CTRL-02']);
    expect(second.next_cursor).toBeNull();
  });

  it('adds a control with the next free id and refuses a duplicate id', async () => {
    const created = await json<{ id: string }>(
      t.app.inject({
        method: 'POST',
        url: `/api/models/${modelId}/controls`,
        ...w.owner,
        payload: { description: 'Encrypt backups', objective_ids: ['CO-2'] },
      }),
      201,
    );
    expect(created.id).toBe('CTRL-08');
    const dup = await t.app.inject({
      method: 'POST',
      url: `/api/models/${modelId}/controls`,
      ...w.owner,
      payload: { id: 'CTRL-07', description: 'Again', objective_ids: [] },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('duplicate_id');
  });

  it('lets a developer key set notes but not rewrite the control', async () => {
    const notes = await t.app.inject({
      method: 'PATCH',
      url: `/api/models/${modelId}/controls/CTRL-07`,
      ...w.developerKey,
      payload: { implementation_notes: 'middleware in auth/middleware.py' },
    });
    expect(notes.statusCode).toBe(200);
    expect(notes.json().implementation_notes).toBe('middleware in auth/middleware.py');
    const rewrite = await t.app.inject({
      method: 'PATCH',
      url: `/api/models/${modelId}/controls/CTRL-07`,
      ...w.developerKey,
      payload: { description: 'Nothing to see' },
    });
    expect(rewrite.statusCode).toBe(403);
    const after = await json<{ description: string }>(
      t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls/CTRL-07`, ...w.owner }),
      200,
    );
    expect(after.description).toBe('Enforce authentication on all API endpoints');
  });

  it('re-links objectives and drops links when an objective is deleted', async () => {
    await json(
      t.app.inject({
        method: 'PATCH',
        url: `/api/models/${modelId}/controls/CTRL-07`,
        ...w.owner,
        payload: { objective_ids: ['CO-1', 'CO-2'] },
      }),
      200,
    );
    await json(t.app.inject({ method: 'DELETE', url: `/api/models/${modelId}/objectives/CO-1`, ...w.owner }), 204);
    const control = await json<{ objective_ids: string[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls/CTRL-07`, ...w.owner }),
      200,
    );
    expect(control.objective_ids).toEqual(['CO-2']);
  });

  it('deletes a model and everything in it', async () => {
    await json(t.app.inject({ method: 'DELETE', url: `/api/models/${modelId}`, ...w.owner }), 204);
    const gone = await t.app.inject({ method: 'GET', url: `/api/models/${modelId}/controls`, ...w.owner });
    expect(gone.statusCode).toBe(404);
  });
});

describe('workspaces, keys and members', () => {
  it('shows a new API key once and lists only its prefix afterwards', async () => {
    const created = await json<{ key: string; prefix: string; id: string }>(
      t.app.inject({
        method: 'POST',
        url: `/api/workspaces/${w.workspaceId}/api-keys`,
        ...w.roles.admin,
        payload: { name: 'GitHub CI', scope: 'verifier' },
      }),
      201,
    );
    expect(created.key).toMatch(/^mv_[A-Za-z0-9]{32}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const list = await t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/api-keys`, ...w.owner });
    expect(list.body).not.toContain(created.key);
    expect(list.json().items.find((k: { id: string }) => k.id === created.id)).toMatchObject({
      prefix: created.prefix,
      scope: 'verifier',
    });
  });

  it('records when a key was last used', async () => {
    await t.app.inject({ method: 'GET', url: '/api/models', ...w.developerKey });
    const list = await json<{ items: { id: string; last_used_at: string | null }[] }>(
      t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/api-keys`, ...w.owner }),
      200,
    );
    expect(list.items.find((k) => k.id === w.developerKeyId)?.last_used_at).toEqual(expect.any(String));
  });

  it('only an owner can make someone an owner', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/workspaces/${w.workspaceId}/members/${w.userIds.member}`,
      ...w.roles.admin,
      payload: { role: 'owner' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('owner_required');
  });

  it('settings default sensibly and change only the fields sent', async () => {
    const before = await json<{ oidc_audience: string; require_ci_attestation: boolean }>(
      t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/settings`, ...w.roles.member }),
      200,
    );
    expect(before).toMatchObject({ oidc_audience: 'assay', require_ci_attestation: false, review_after_days: 90 });
    const after = await json(
      t.app.inject({
        method: 'PATCH',
        url: `/api/workspaces/${w.workspaceId}/settings`,
        ...w.owner,
        payload: {
          require_ci_attestation: true,
          trusted_oidc_issuers: ['https://ci.example.com/'],
          required_oidc_claims: { repository: 'org/backend' },
        },
      }),
      200,
    );
    expect(after).toMatchObject({
      require_ci_attestation: true,
      trusted_oidc_issuers: ['https://ci.example.com'],
      required_oidc_claims: { repository: 'org/backend' },
      oidc_audience: 'assay',
    });
  });

  it.each(['assay-prod', 'assay:ws_1', 'https://assay.example.com'])('accepts the audience %s', async (aud) => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/workspaces/${w.workspaceId}/settings`,
      ...w.owner,
      payload: { oidc_audience: aud },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().oidc_audience).toBe(aud);
  });

  it.each(['sts.amazonaws.com', 'api://AzureADTokenExchange', 'assayx', 'assay prod'])(
    'refuses the audience %s (a token for it could be used elsewhere) and keeps the old one',
    async (aud) => {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/workspaces/${w.workspaceId}/settings`,
        ...w.owner,
        payload: { oidc_audience: aud, review_after_days: 7 },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0]).toMatchObject({ path: 'body.oidc_audience' });
      const now = await json<{ oidc_audience: string; review_after_days: number }>(
        t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/settings`, ...w.owner }),
        200,
      );
      expect(now.review_after_days).not.toBe(7);
      expect(now.oidc_audience).not.toBe(aud);
    },
  );
});

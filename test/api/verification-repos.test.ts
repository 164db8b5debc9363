import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import {
  fnExists,
  newModel,
  pass,
  pending,
  report,
  runBody,
  scriptedEvaluator,
  statusOf,
  submitAssertions,
  submitRun,
} from './verification-fixtures.js';

/**
 * Two repos verified independently. An assertion naming a repo only takes results from runs of that repo; one naming
 * none takes the newest tier-1 result of any repo, and its tier 2 from that same repo.
 */

let t: TestApp;
let w: World;
let mid: string;
let api: string;
let web: string;
let any: string;
const scripted = scriptedEvaluator();

beforeAll(async () => {
  t = await createTestApp({}, { evaluator: scripted.evaluator });
  w = await createWorld(t.app);
  mid = await newModel(t.app, w);
  scripted.judge.sufficiency = 'sufficient';
  const out = await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [
    fnExists('require_auth', { repo: 'acme/api' }),
    fnExists('guardRoute', { repo: 'acme/web' }),
    fnExists('audit_login'),
  ]);
  [api, web, any] = out.assertions.map((a) => a.id) as [string, string, string];
}, 120_000);
afterAll(async () => t?.close());

const ids = (p: { assertions?: { id: string }[] }) => p.assertions?.map((a) => a.id);

describe('two repos', () => {
  it('each repo pulls its own assertions and those naming no repo', async () => {
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=1&repo=acme/api'))).toEqual([api, any]);
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=1&repo=Acme/Web'))).toEqual([web, any]);
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=1'))).toEqual([api, web, any]);
    const all = await json<{ assertions: { id: string }[] }>(
      t.app.inject({
        method: 'GET',
        url: `/api/models/${mid}/verification/assertions?repo=acme/web`,
        ...w.verifierKey,
      }),
      200,
    );
    expect(all.assertions.map((a) => a.id)).toEqual([web, any]);
  });

  it('the full list carries each tier-2 prompt and what CI needs to attest', async () => {
    const list = (await json(
      t.app.inject({
        method: 'GET',
        url: `/api/models/${mid}/verification/assertions?repo=acme/api`,
        ...w.verifierKey,
      }),
      200,
    )) as {
      workspace_id: string;
      attestation: { required: boolean; oidc_audience: string; signing_key_fingerprint: string | null };
      assertions: { id: string; tier2_prompt: string }[];
    };
    expect(list.workspace_id).toBe(w.workspaceId);
    expect(list.attestation).toEqual({ required: false, oidc_audience: 'assay', signing_key_fingerprint: null });
    expect(list.assertions.map((a) => a.id)).toEqual([api, any]);
    for (const a of list.assertions) expect(a.tier2_prompt).toMatch(/Answer YES or NO alone on the first line/);
    expect(list.assertions[0]!.tier2_prompt).toContain('require_auth');
    await json(
      t.app.inject({
        method: 'PATCH',
        url: `/api/workspaces/${w.workspaceId}/settings`,
        ...w.owner,
        payload: { require_ci_attestation: true, oidc_audience: 'assay-prod' },
      }),
      200,
    );
    try {
      const after = (await json(
        t.app.inject({ method: 'GET', url: `/api/models/${mid}/verification/assertions`, ...w.developerKey }),
        200,
      )) as { attestation: { required: boolean; oidc_audience: string } };
      expect(after.attestation).toMatchObject({ required: true, oidc_audience: 'assay-prod' });
    } finally {
      await json(
        t.app.inject({
          method: 'PATCH',
          url: `/api/workspaces/${w.workspaceId}/settings`,
          ...w.owner,
          payload: { require_ci_attestation: false, oidc_audience: 'assay' },
        }),
        200,
      );
    }
  });

  it('a run of one repo cannot speak for another repo’s assertion; nothing of it is stored', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/models/${mid}/verification/results`,
      ...w.verifierKey,
      payload: runBody({ run_id: 'web-1', repo: 'acme/web', results: [...pass([web], 1), ...pass([api], 1)] }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'repo_mismatch',
      details: [{ path: 'body.results.1.assertion_id', message: expect.stringContaining(api) }],
    });
    const runs = await json<{ items: unknown[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${mid}/verification/runs`, ...w.owner }),
      200,
    );
    expect(runs.items).toEqual([]);
  });

  it('a result from any repo settles tier 1 of an assertion naming none; its tier 2 belongs to that repo', async () => {
    await submitRun(t.app, w.verifierKey, mid, {
      run_id: 'api-1',
      repo: 'acme/api',
      commit: 'aaaa1111',
      results: pass([api, any], 1),
    });
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=1&repo=acme/web'))).toEqual([web]);
    await submitRun(t.app, w.verifierKey, mid, {
      run_id: 'web-2',
      repo: 'acme/web',
      commit: 'bbbb1111',
      results: pass([web], 1),
    });
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=2&repo=acme/web'))).toEqual([web]);
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=2&repo=acme/api'))).toEqual([api, any]);
    // a tier-2 review from the web repo cannot stand in for code that passed tier 1 in the api repo
    await submitRun(t.app, w.verifierKey, mid, {
      run_id: 'web-3',
      repo: 'acme/web',
      commit: 'bbbb1111',
      results: pass([web, any], 2),
    });
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=2'))).toEqual([api, any]);
    await submitRun(t.app, w.verifierKey, mid, {
      run_id: 'api-2',
      repo: 'acme/api',
      commit: 'aaaa1111',
      results: pass([api, any], 2),
    });
    expect(ids(await pending(t.app, w.verifierKey, mid, 'tier=2'))).toEqual([]);
    expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('verified');
    const r = await report(t.app, w.roles.auditor, mid);
    expect(r.repos).toEqual([
      { repo: 'acme/api', commit_sha: 'aaaa1111', verified_at: expect.any(String) },
      { repo: 'acme/web', commit_sha: 'bbbb1111', verified_at: expect.any(String) },
    ]);
  });

  it('drift is per repo: a failure in web is drift for web only; a first result in another repo is not drift', async () => {
    const out = await submitRun(t.app, w.verifierKey, mid, {
      run_id: 'web-4',
      repo: 'acme/web',
      commit: 'bbbb2222',
      results: [
        { assertion_id: web, tier: 1, result: 'fail' },
        // audit_login had only ever been verified in api: a web failure is its newest result, but not drift
        { assertion_id: any, tier: 1, result: 'fail' },
      ],
    });
    expect(out.drift.map((d) => [d.assertion_id, d.repo, d.previous.commit_sha, d.current.commit_sha])).toEqual([
      [web, 'acme/web', 'bbbb1111', 'bbbb2222'],
    ]);
    const r = await report(t.app, w.owner, mid);
    expect(r.controls[0]?.verification_status).toBe('partially_verified');
    expect(r.controls[0]?.assertions.map((a) => a.tier1)).toEqual(['pass', 'fail', 'fail']);
    expect(r.drift_items).toHaveLength(1);
  });

  it('a run naming no repo may only speak for assertions that name none', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/models/${mid}/verification/results`,
      ...w.verifierKey,
      payload: runBody({ run_id: 'local-1', repo: null, results: [...pass([any], 1), ...pass([api], 1)] }),
    });
    expect(res.statusCode).toBe(422);
    const ok = await submitRun(t.app, w.verifierKey, mid, { run_id: 'local-2', repo: null, results: pass([any], 1) });
    expect(ok.accepted).toBe(1);
    const r = await report(t.app, w.owner, mid);
    expect(r.controls[0]?.assertions[2]?.tier1).toBe('pass');
    expect(r.repos.map((x) => x.repo)).toEqual(['acme/api', 'acme/web', null]);
  });
});

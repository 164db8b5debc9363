import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import {
  AUTH_CONTROL,
  fnExists,
  newModel,
  pass,
  pending,
  postSufficiency,
  report,
  scriptedEvaluator,
  statusOf,
  submitAssertions,
  submitRun,
} from './verification-fixtures.js';

/** The whole pipeline, as CI and a developer drive it: submit → tier 1 → tier 2 → sufficiency → verified. */

let t: TestApp;
let w: World;
const scripted = scriptedEvaluator();
beforeAll(async () => {
  t = await createTestApp({}, { evaluator: scripted.evaluator });
  w = await createWorld(t.app);
}, 120_000);
afterAll(async () => t?.close());

describe('verification lifecycle', () => {
  let mid: string;
  let ids: string[];
  let hashes: string[];

  it('a control without assertions is unverified', async () => {
    mid = await newModel(t.app, w);
    expect(await statusOf(t.app, w.roles.auditor, mid, 'CTRL-01')).toBe('unverified');
  });

  it('a developer key submits assertions: each judged coherent, hashed, sufficiency not yet decided', async () => {
    const out = await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [
      fnExists('require_auth'),
      {
        type: 'decorator_present',
        params: { file: 'api/views.py', function: 'AccountView.get', decorator: 'login_required' },
        description: 'Account endpoints require a login',
        repo: 'Acme/API',
      },
    ]);
    ids = out.assertions.map((a) => a.id);
    hashes = out.assertions.map((a) => a.content_hash);
    expect(ids.every((id) => /^asrt_[0-9a-z]{16}$/.test(id))).toBe(true);
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(out.assertions.map((a) => a.coherence.status)).toEqual(['coherent', 'coherent']);
    expect(out.coherence_warnings).toEqual([]);
    expect(out.sufficiency).toMatchObject({ status: 'pending', evaluator: 'scripted' });
    const listed = await json<{ items: { id: string; repo: string | null }[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${mid}/controls/CTRL-01/assertions`, ...w.roles.auditor }),
      200,
    );
    expect(listed.items.map((a) => a.id)).toEqual(ids);
    expect(listed.items[1]?.repo).toBe('acme/api');
    expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('pending');
  });

  it('the content hash is sha256 over the canonical JSON of {type, params}, whatever the key order', async () => {
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256')
      .update('{"params":{"file":"auth/middleware.py","name":"require_auth"},"type":"function_exists"}')
      .digest('hex');
    expect(hashes[0]).toBe(expected);
  });

  it('CI pulls both as pending tier 1, with what it needs to verify them', async () => {
    const p = await pending(t.app, w.verifierKey, mid, 'tier=1');
    expect(p.model_id).toBe(mid);
    expect(p.assertions?.map((a) => a.id)).toEqual(ids);
    expect(p.assertions?.[0]).toMatchObject({
      control_id: 'CTRL-01',
      type: 'function_exists',
      content_hash: hashes[0],
    });
    expect(p.assertions?.[0]?.tier2_prompt).toBeUndefined();
    expect((await pending(t.app, w.verifierKey, mid, 'tier=2')).assertions).toEqual([]);
  });

  it('tier-1 passes move both to pending tier 2, each with a deterministic prompt', async () => {
    const run = await submitRun(t.app, w.verifierKey, mid, { run_id: '100', results: pass(ids, 1) });
    expect(run).toMatchObject({ accepted: 2, replayed: false, attestation: { method: 'none' }, drift: [] });
    expect(run.run_id).toMatch(/^run_/);
    expect((await pending(t.app, w.verifierKey, mid, 'tier=1')).assertions).toEqual([]);
    const p2 = await pending(t.app, w.verifierKey, mid, 'tier=2');
    expect(p2.assertions?.map((a) => a.id)).toEqual(ids);
    const prompt = p2.assertions?.[0]?.tier2_prompt ?? '';
    expect(prompt).toContain(AUTH_CONTROL);
    expect(prompt).toContain('require_auth checks the session on every request');
    expect(prompt).toContain('Assertion type: function_exists');
    expect(prompt).toContain('Parameters: {"file":"auth/middleware.py","name":"require_auth"}');
    expect(prompt).toContain('not a stub');
    expect(prompt).toMatch(/Answer YES or NO alone on the first line/);
    const again = await pending(t.app, w.verifierKey, mid, 'tier=2');
    expect(again.assertions?.[0]?.tier2_prompt).toBe(prompt);
    expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('pending');
  });

  it('tier-2 passes leave only sufficiency pending; CI gets the control with its prompt', async () => {
    await submitRun(t.app, w.verifierKey, mid, { run_id: '100-tier2', results: pass(ids, 2) });
    expect((await pending(t.app, w.verifierKey, mid, 'tier=2')).assertions).toEqual([]);
    expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('pending');
    const s = await pending(t.app, w.verifierKey, mid, 'tier=sufficiency');
    expect(s.controls?.map((c) => c.control_id)).toEqual(['CTRL-01']);
    expect(s.controls?.[0]?.assertions.map((a) => a.id)).toEqual(ids);
    expect(s.controls?.[0]?.prompt).toContain(AUTH_CONTROL);
    expect(s.controls?.[0]?.prompt).toContain('CO-1: Only customers see their data');
    expect(s.controls?.[0]?.prompt).toMatch(/SUFFICIENT or INSUFFICIENT alone on the first line/);
  });

  it('a sufficient verdict from CI completes it: verified, before and after marking it implemented', async () => {
    const s = await pending(t.app, w.verifierKey, mid, 'tier=sufficiency');
    const out = await postSufficiency(t.app, w.verifierKey, mid, [
      {
        control_id: 'CTRL-01',
        status: 'sufficient',
        gaps: [],
        reasoning: 'both the middleware and the views are covered',
        assertion_set_hash: s.controls?.[0]?.assertion_set_hash,
      },
    ]);
    expect(out.verdicts).toEqual([
      { control_id: 'CTRL-01', status: 'sufficient', evaluator: 'ci:openai:gpt-4o-mini', current: true },
    ]);
    expect((await pending(t.app, w.verifierKey, mid, 'tier=sufficiency')).controls).toEqual([]);
    expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('verified');
    const marked = await json<{ implementation_status: string; verification_status: string }>(
      t.app.inject({
        method: 'PATCH',
        url: `/api/models/${mid}/controls/CTRL-01`,
        ...w.developerKey,
        payload: { status: 'implemented', implementation_notes: 'auth middleware + decorators' },
      }),
      200,
    );
    expect(marked).toMatchObject({ implementation_status: 'implemented', verification_status: 'verified' });
    const model = await json<{ controls: { verification_status: string }[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${mid}`, ...w.roles.auditor }),
      200,
    );
    expect(model.controls[0]?.verification_status).toBe('verified');
  });

  it('the report says the same, with the newest run per repo', async () => {
    const r = await report(t.app, w.roles.auditor, mid);
    expect(r.summary).toEqual({ verified: 1, partially_verified: 0, pending: 0, unverified: 0 });
    expect(r.controls[0]).toMatchObject({
      control_id: 'CTRL-01',
      implementation_status: 'implemented',
      verification_status: 'verified',
      sufficiency: { status: 'sufficient', evaluator: 'ci:openai:gpt-4o-mini' },
      drift: [],
    });
    expect(r.controls[0]?.assertions.map((a) => [a.tier1, a.tier2, a.coherence])).toEqual([
      ['pass', 'pass', 'coherent'],
      ['pass', 'pass', 'coherent'],
    ]);
    expect(r.repos).toEqual([{ repo: 'acme/api', commit_sha: 'a1b2c3d4e5f6', verified_at: expect.any(String) }]);
    expect(r.coherence_warnings).toBe(0);
  });

  it('lists runs newest first with counts, and shows one run with its results', async () => {
    const runs = await json<{ items: { id: string; pipeline_run_id: string; counts: { pass: number } }[] }>(
      t.app.inject({ method: 'GET', url: `/api/models/${mid}/verification/runs?limit=1`, ...w.roles.auditor }),
      200,
    );
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ pipeline_run_id: '100-tier2', counts: { pass: 2 } });
    const detail = await json<{
      results: { assertion_id: string; tier: number; content_hash: string; repo: string }[];
    }>(
      t.app.inject({
        method: 'GET',
        url: `/api/models/${mid}/verification/runs/${runs.items[0]?.id}`,
        ...w.roles.auditor,
      }),
      200,
    );
    expect(detail.results.map((r) => [r.assertion_id, r.tier, r.content_hash, r.repo])).toEqual([
      [ids[0], 2, hashes[0], 'acme/api'],
      [ids[1], 2, hashes[1], 'acme/api'],
    ]);
  });
});

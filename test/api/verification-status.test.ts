import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import {
  fnExists,
  newModel,
  pass,
  pending,
  report,
  scriptedEvaluator,
  statusOf,
  submitAssertions,
  submitRun,
} from './verification-fixtures.js';

/** Every way a control can fall short of verified, and what status each gives. */

let t: TestApp;
let w: World;
let mid: string;
const scripted = scriptedEvaluator();
let runNo = 0;
const nextRun = () => `run-${++runNo}`;

const CONTROLS = ['FAIL', 'ERROR', 'T2FAIL', 'SKIP', 'INCOHERENT', 'INSUFFICIENT', 'ONLY-T1', 'UNCHECKED', 'SUFF-DOWN'];

beforeAll(async () => {
  t = await createTestApp({}, { evaluator: scripted.evaluator });
  w = await createWorld(t.app);
  mid = await newModel(
    t.app,
    w,
    CONTROLS.map((id) => ({ id, description: `Control ${id}: sessions are checked on every request` })),
  );
}, 120_000);
afterAll(async () => t?.close());

/** One assertion on the control, taken through tier 1 and tier 2 with the given results. */
async function drive(cid: string, opts: { description?: string; tier1?: string; tier2?: string | null } = {}) {
  const { assertions } = await submitAssertions(t.app, w.developerKey, mid, cid, [
    fnExists(`check_${cid.toLowerCase().replace('-', '_')}`, opts.description ? { description: opts.description } : {}),
  ]);
  const id = assertions[0]!.id;
  await submitRun(t.app, w.verifierKey, mid, {
    run_id: nextRun(),
    results: [{ assertion_id: id, tier: 1, result: opts.tier1 ?? 'pass' }],
  });
  if (opts.tier2 !== null) {
    await submitRun(t.app, w.verifierKey, mid, {
      run_id: nextRun(),
      results: [{ assertion_id: id, tier: 2, result: opts.tier2 ?? 'pass' }],
    });
  }
  return { id, assertions };
}

describe('falling short', () => {
  it('a tier-1 fail, a tier-1 error, a tier-2 fail or a skipped check is partially_verified', async () => {
    scripted.judge.sufficiency = 'sufficient';
    await drive('FAIL', { tier1: 'fail', tier2: null });
    await drive('ERROR', { tier1: 'error', tier2: null });
    await drive('T2FAIL', { tier2: 'fail' });
    await drive('SKIP', { tier1: 'skipped', tier2: null });
    for (const cid of ['FAIL', 'ERROR', 'T2FAIL', 'SKIP'])
      expect(await statusOf(t.app, w.owner, mid, cid), cid).toBe('partially_verified');
  });

  it('an incoherent assertion is stored, warned about, and keeps its control from verified', async () => {
    const { assertions } = await drive('INCOHERENT', { description: 'INCOHERENT: a file exists' });
    expect(assertions[0]?.coherence).toMatchObject({ status: 'incoherent' });
    expect(await statusOf(t.app, w.owner, mid, 'INCOHERENT')).toBe('partially_verified');
  });

  it('insufficient coverage is partially_verified, with the gaps in the report', async () => {
    scripted.judge.sufficiency = 'insufficient';
    scripted.judge.gaps = ['token expiry is not checked'];
    await drive('INSUFFICIENT');
    scripted.judge.sufficiency = 'sufficient';
    expect(await statusOf(t.app, w.owner, mid, 'INSUFFICIENT')).toBe('partially_verified');
  });

  it('a missing tier-2 result is pending, as are unchecked coherence and an evaluator that failed on sufficiency', async () => {
    await drive('ONLY-T1', { tier2: null });
    const { assertions } = await drive('UNCHECKED', { description: 'THROW while judging' });
    expect(assertions[0]?.coherence).toMatchObject({ status: 'unchecked', evaluator: 'scripted' });
    scripted.judge.sufficiency = 'throw';
    const suffDown = await submitAssertions(t.app, w.developerKey, mid, 'SUFF-DOWN', [fnExists('check_down')]);
    expect(suffDown.sufficiency).toMatchObject({ status: 'pending', evaluator: 'scripted' });
    scripted.judge.sufficiency = 'sufficient';
    for (const cid of ['ONLY-T1', 'UNCHECKED', 'SUFF-DOWN'])
      expect(await statusOf(t.app, w.owner, mid, cid), cid).toBe('pending');
  });

  it('the report counts each status and shows why', async () => {
    const r = await report(t.app, w.roles.auditor, mid);
    expect(r.summary).toEqual({ verified: 0, partially_verified: 6, pending: 3, unverified: 0 });
    const byId = new Map(r.controls.map((c) => [c.control_id, c]));
    expect(byId.get('FAIL')?.assertions[0]).toMatchObject({ tier1: 'fail', tier2: 'not_applicable' });
    expect(byId.get('T2FAIL')?.assertions[0]).toMatchObject({ tier1: 'pass', tier2: 'fail' });
    expect(byId.get('ONLY-T1')?.assertions[0]).toMatchObject({ tier1: 'pass', tier2: 'pending' });
    expect(byId.get('SUFF-DOWN')?.assertions[0]).toMatchObject({ tier1: 'pending', tier2: 'not_applicable' });
    expect(byId.get('INSUFFICIENT')?.sufficiency).toMatchObject({
      status: 'insufficient',
      gaps: ['token expiry is not checked'],
    });
    expect(byId.get('INCOHERENT')?.assertions[0]?.coherence).toBe('incoherent');
    expect(byId.get('UNCHECKED')?.assertions[0]?.coherence).toBe('unchecked');
    expect(r.coherence_warnings).toBe(1);
  });
});

describe('drift, edits and history', () => {
  let mid2: string;
  let id: string;
  let originalHash: string;

  it('a passing assertion that fails in a later run drifts: both runs, both commits, control and objectives', async () => {
    mid2 = await newModel(t.app, w);
    const out = await submitAssertions(t.app, w.developerKey, mid2, 'CTRL-01', [fnExists('require_auth')]);
    id = out.assertions[0]!.id;
    originalHash = out.assertions[0]!.content_hash;
    const first = await submitRun(t.app, w.verifierKey, mid2, {
      run_id: 'd1',
      commit: 'c0ffee01',
      results: [...pass([id], 1), ...pass([id], 2)],
    });
    expect(first.drift).toEqual([]);
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('verified');
    const second = await submitRun(t.app, w.verifierKey, mid2, {
      run_id: 'd2',
      commit: 'c0ffee02',
      results: [{ assertion_id: id, tier: 1, result: 'fail', details: 'require_auth not found' }],
    });
    expect(second.drift).toEqual([
      {
        assertion_id: id,
        control_id: 'CTRL-01',
        objective_ids: ['CO-1'],
        tier: 1,
        repo: 'acme/api',
        previous: { run_id: first.run_id, commit_sha: 'c0ffee01', result: 'pass' },
        current: { run_id: second.run_id, commit_sha: 'c0ffee02', result: 'fail' },
      },
    ]);
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('partially_verified');
    const r = await report(t.app, w.roles.auditor, mid2);
    expect(r.drift_items).toEqual(second.drift);
    expect(r.controls[0]?.drift).toEqual(second.drift);
  });

  it('a fail after a fail is not drift; a pass again clears it; a new commit makes tier 2 pending again', async () => {
    const third = await submitRun(t.app, w.verifierKey, mid2, {
      run_id: 'd3',
      commit: 'c0ffee03',
      results: [{ assertion_id: id, tier: 1, result: 'error' }],
    });
    expect(third.drift).toEqual([]);
    const fourth = await submitRun(t.app, w.verifierKey, mid2, {
      run_id: 'd4',
      commit: 'c0ffee04',
      results: pass([id], 1),
    });
    expect(fourth.drift).toEqual([]);
    expect((await report(t.app, w.owner, mid2)).drift_items).toEqual([]);
    // tier 2 passed at c0ffee01; tier 1 now passes at c0ffee04: the semantic review must look again
    expect((await pending(t.app, w.verifierKey, mid2, 'tier=2')).assertions?.map((a) => a.id)).toEqual([id]);
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('pending');
    await submitRun(t.app, w.verifierKey, mid2, { run_id: 'd5', commit: 'c0ffee04', results: pass([id], 2) });
    // tier 1 run again on the same commit: the tier-2 review of that commit still stands
    await submitRun(t.app, w.verifierKey, mid2, { run_id: 'd6', commit: 'c0ffee04', results: pass([id], 1) });
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('verified');
  });

  it('editing the params makes it pending again; editing them back brings the old results back', async () => {
    const edited = await json<{ content_hash: string; sufficiency: { status: string } }>(
      t.app.inject({
        method: 'PATCH',
        url: `/api/models/${mid2}/assertions/${id}`,
        ...w.developerKey,
        payload: { params: { file: 'auth/middleware.py', name: 'require_session' } },
      }),
      200,
    );
    expect(edited.content_hash).not.toBe(originalHash);
    expect(edited.sufficiency.status).toBe('sufficient');
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('pending');
    const p1 = await pending(t.app, w.verifierKey, mid2, 'tier=1');
    expect(p1.assertions?.map((a) => [a.id, a.content_hash])).toEqual([[id, edited.content_hash]]);
    // a result CI computed for the old content does not count for the new one
    await submitRun(t.app, w.verifierKey, mid2, {
      run_id: 'stale',
      commit: 'c0ffee04',
      results: [{ assertion_id: id, tier: 1, result: 'pass', content_hash: originalHash }],
    });
    expect((await pending(t.app, w.verifierKey, mid2, 'tier=1')).assertions?.map((a) => a.id)).toEqual([id]);
    await json(
      t.app.inject({
        method: 'PATCH',
        url: `/api/models/${mid2}/assertions/${id}`,
        ...w.owner,
        payload: { params: { name: 'require_auth', file: 'auth/middleware.py' } },
      }),
      200,
    );
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('verified');
  });

  it('the history shows who changed what, before and after, and survives deletion', async () => {
    await json(t.app.inject({ method: 'DELETE', url: `/api/models/${mid2}/assertions/${id}`, ...w.roles.member }), 204);
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('unverified');
    const history = await json<{
      items: { action: string; actor: string; before: { params: unknown } | null; after: { params: unknown } | null }[];
    }>(t.app.inject({ method: 'GET', url: `/api/models/${mid2}/assertions/${id}/history`, ...w.roles.auditor }), 200);
    expect(history.items.map((h) => h.action)).toEqual(['created', 'updated', 'updated', 'deleted']);
    expect(history.items[0]?.actor).toBe(`key:${w.developerKeyId}`);
    expect(history.items[2]?.actor).toBe(`user:${w.ownerId}`);
    expect(history.items[3]?.actor).toBe(`user:${w.userIds.member}`);
    expect(history.items[1]?.before?.params).toEqual({ file: 'auth/middleware.py', name: 'require_auth' });
    expect(history.items[1]?.after?.params).toEqual({ file: 'auth/middleware.py', name: 'require_session' });
    expect(history.items[3]?.after).toBeNull();
    const paged = await json<{ items: unknown[]; next_cursor: string }>(
      t.app.inject({ method: 'GET', url: `/api/models/${mid2}/assertions/${id}/history?limit=3`, ...w.owner }),
      200,
    );
    const rest = await json<{ items: { action: string }[]; next_cursor: null }>(
      t.app.inject({
        method: 'GET',
        url: `/api/models/${mid2}/assertions/${id}/history?limit=3&cursor=${paged.next_cursor}`,
        ...w.owner,
      }),
      200,
    );
    expect(rest.items.map((h) => h.action)).toEqual(['deleted']);
  });

  it('a description-only edit keeps the results but is judged again', async () => {
    const { assertions } = await submitAssertions(t.app, w.developerKey, mid2, 'CTRL-01', [fnExists('require_auth')]);
    const aid = assertions[0]!.id;
    await submitRun(t.app, w.verifierKey, mid2, { run_id: 'e1', results: [...pass([aid], 1), ...pass([aid], 2)] });
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('verified');
    const before = scripted.calls.coherence;
    const edited = await json<{ coherence: { status: string } }>(
      t.app.inject({
        method: 'PATCH',
        url: `/api/models/${mid2}/assertions/${aid}`,
        ...w.developerKey,
        payload: { description: 'INCOHERENT now' },
      }),
      200,
    );
    expect(scripted.calls.coherence).toBe(before + 1);
    expect(edited.coherence.status).toBe('incoherent');
    expect(await statusOf(t.app, w.owner, mid2, 'CTRL-01')).toBe('partially_verified');
  });
});

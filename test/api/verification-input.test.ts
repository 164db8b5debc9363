import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorld, type TestApp, type World } from '../helpers/app.js';
import { fnExists, newModel, pass, runBody, submitAssertions, submitRun } from './verification-fixtures.js';

/** Bad input is refused whole, with every problem and its path, and the database is unchanged afterwards. */

let t: TestApp;
let w: World;
let mid: string;
let otherMid: string;
let foreignMid: string;
let ids: string[];
let otherId: string;
let foreignId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.app);
  mid = await newModel(t.app, w);
  otherMid = await newModel(t.app, w);
  foreignMid = await newModel(t.app, w, undefined, { cred: w.other.owner, workspaceId: w.other.workspaceId });
  ids = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('a'), fnExists('b')])).assertions.map(
    (a) => a.id,
  );
  otherId = (await submitAssertions(t.app, w.developerKey, otherMid, 'CTRL-01', [fnExists('c')])).assertions[0]!.id;
  foreignId = (await submitAssertions(t.app, w.other.developerKey, foreignMid, 'CTRL-01', [fnExists('d')]))
    .assertions[0]!.id;
}, 120_000);
afterAll(async () => t?.close());

type Counts = Record<'assertions' | 'history' | 'runs' | 'results' | 'heads' | 'verdicts', number>;

async function counts(): Promise<Counts> {
  const result = await t.ctx.db.execute<{ name: string; n: number }>(
    sql.raw(`select 'assertions' as name, count(*)::int as n from assertions union all
      select 'history', count(*)::int from assertion_history union all
      select 'runs', count(*)::int from verification_runs union all
      select 'results', count(*)::int from verification_results union all
      select 'heads', count(*)::int from verification_heads union all
      select 'verdicts', count(*)::int from sufficiency_verdicts`),
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: { name: string; n: number }[] }).rows) as {
    name: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)])) as Counts;
}

async function refused(method: 'POST' | 'PATCH', url: string, payload: unknown, status: number) {
  const before = await counts();
  const res = await t.app.inject({ method, url, ...w.owner, payload: payload as object });
  expect(res.statusCode, res.body).toBe(status);
  expect(await counts()).toEqual(before);
  return res.json().error as { code: string; details: { path: string; message: string }[] };
}

describe('assertion submissions', () => {
  const url = () => `/api/models/${mid}/controls/CTRL-01/assertions`;

  it('a batch with bad items is refused whole, each problem at its path', async () => {
    const error = await refused(
      'POST',
      url(),
      {
        assertions: [
          fnExists('fine'),
          { type: 'function_exist', params: { file: 'a.py', name: 'x' }, description: 'typo in type' },
          { type: 'function_exists', params: { name: 'x' }, description: 'no file' },
          { type: 'function_exists', params: { file: 'a.py', name: 'x', line: 3 }, description: 'extra param' },
          { type: 'file_hash', params: { file: 'a', expected_hash: 'zz', pinned_in: 'b' }, description: 'not hex' },
          { type: 'pattern_absent', params: { file: 'a', pattern: 'x*' }, description: 'matches empty' },
        ],
      },
      400,
    );
    expect(error.code).toBe('validation_error');
    const paths = error.details.map((d) => d.path);
    expect(paths).toEqual([
      'body.assertions.1.type',
      'body.assertions.2.params.file',
      'body.assertions.3.params',
      'body.assertions.4.params.expected_hash',
      'body.assertions.5.params.pattern',
    ]);
    expect(error.details[0]?.message).toContain('unknown assertion type');
    expect(error.details[2]?.message).toContain('line');
  });

  it('wrong shapes are 400 with zod paths; a bad repo is refused', async () => {
    const shapes = await refused('POST', url(), { assertions: [{ type: 7, params: [], description: '' }] }, 400);
    expect(shapes.details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['body.assertions.0.type', 'body.assertions.0.params', 'body.assertions.0.description']),
    );
    const repo = await refused('POST', url(), { assertions: [fnExists('x', { repo: 'not a repo' })] }, 400);
    expect(repo.details[0]?.path).toBe('body.assertions.0.repo');
    await refused('POST', url(), { assertions: [] }, 400);
    await refused('POST', url(), { assertions: [fnExists('x')], extra: true }, 400);
  });

  it('more than 500 assertions in one request is refused; 500 is accepted', async () => {
    const many = Array.from({ length: 501 }, (_, i) => fnExists(`f${i}`));
    const error = await refused('POST', url(), { assertions: many }, 400);
    expect(error.details[0]).toMatchObject({ path: 'body.assertions', message: expect.stringContaining('500') });
    const out = await submitAssertions(t.app, w.developerKey, mid, 'CTRL-02', many.slice(0, 500)).catch(() => null);
    expect(out).toBeNull(); // CTRL-02 does not exist
    const ok = await submitAssertions(t.app, w.developerKey, otherMid, 'CTRL-01', many.slice(0, 500));
    expect(ok.assertions).toHaveLength(500);
  });

  it('an unknown control or another workspace’s model is 404', async () => {
    await refused('POST', `/api/models/${mid}/controls/NOPE/assertions`, { assertions: [fnExists('x')] }, 404);
    await refused(
      'POST',
      `/api/models/${foreignMid}/controls/CTRL-01/assertions`,
      { assertions: [fnExists('x')] },
      404,
    );
  });

  it('a PATCH with bad params names the param; unknown or foreign ids are 404', async () => {
    const error = await refused('PATCH', `/api/models/${mid}/assertions/${ids[0]}`, { params: { file: 'a.py' } }, 400);
    expect(error.details).toEqual([{ path: 'body.params.name', message: 'name is required' }]);
    await refused('PATCH', `/api/models/${mid}/assertions/${otherId}`, { description: 'moved' }, 404);
    await refused('PATCH', `/api/models/${mid}/assertions/asrt_nope`, { description: 'x' }, 404);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/models/${mid}/assertions/${foreignId}`, ...w.owner });
    expect(del.statusCode).toBe(404);
  });
});

describe('result submissions', () => {
  const url = () => `/api/models/${mid}/verification/results`;
  const asVerifier = async (payload: unknown) => {
    const before = await counts();
    const res = await t.app.inject({ method: 'POST', url: url(), ...w.verifierKey, payload: payload as object });
    expect(await counts()).toEqual(before);
    return res;
  };

  it('results for another model’s or another workspace’s assertions are 422 naming them; nothing is stored', async () => {
    const res = await asVerifier(
      runBody({ run_id: 'x1', results: [...pass([ids[0]!], 1), ...pass([otherId], 1), ...pass([foreignId], 1)] }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'unknown_assertions',
      details: [
        { path: 'body.results.1.assertion_id', message: `unknown assertion ${otherId}` },
        { path: 'body.results.2.assertion_id', message: `unknown assertion ${foreignId}` },
      ],
    });
    expect(res.body).not.toContain(foreignMid);
  });

  it('malformed runs are 400: wrong tier, result, commit, duplicates, too many results', async () => {
    const bad = runBody({ run_id: 'x2', results: [{ assertion_id: ids[0]!, tier: 3 as 1, result: 'maybe' }] });
    const res = await asVerifier({ ...bad, pipeline: { ...bad.pipeline, commit_sha: 'not-a-sha' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.pipeline.commit_sha', 'body.results.0.tier', 'body.results.0.result']),
    );
    const dup = await asVerifier(runBody({ run_id: 'x3', results: [...pass([ids[0]!], 1), ...pass([ids[0]!], 1)] }));
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details).toEqual([{ path: 'body.results.1', message: expect.stringContaining(ids[0]!) }]);
    const huge = await asVerifier(
      runBody({ run_id: 'x4', results: Array.from({ length: 5001 }, () => pass([ids[0]!], 1)[0]!) }),
    );
    expect([400, 413]).toContain(huge.statusCode);
  });

  it('a replayed run id is idempotent: the original run, no new rows', async () => {
    const first = await submitRun(t.app, w.verifierKey, mid, { run_id: 'r1', results: pass(ids, 1) });
    const before = await counts();
    const again = await submitRun(t.app, w.verifierKey, mid, { run_id: 'r1', results: pass([ids[0]!], 2) });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await counts()).toEqual(before);
  });

  it('concurrent replays of one run store it once', async () => {
    const before = await counts();
    const outs = await Promise.all(
      Array.from({ length: 6 }, () => submitRun(t.app, w.verifierKey, mid, { run_id: 'r2', results: pass(ids, 2) })),
    );
    expect(new Set(outs.map((o) => o.run_id)).size).toBe(1);
    expect(outs.filter((o) => !o.replayed)).toHaveLength(1);
    const after = await counts();
    expect(after.runs - before.runs).toBe(1);
    expect(after.results - before.results).toBe(2);
  });

  it('concurrent runs for the same assertions lose and duplicate nothing; heads keep the newest two', async () => {
    const many = (await submitAssertions(t.app, w.developerKey, otherMid, 'CTRL-01', [fnExists('x'), fnExists('y')]))
      .assertions;
    const before = await counts();
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        submitRun(t.app, w.verifierKey, otherMid, {
          run_id: `c${i}`,
          commit: `abcdef${i}0`,
          results: many.map((a) => ({ assertion_id: a.id, tier: 1 as const, result: i % 2 ? 'pass' : 'fail' })),
        }),
      ),
    );
    expect(new Set(runs.map((r) => r.run_id)).size).toBe(8);
    const after = await counts();
    expect(after.runs - before.runs).toBe(8);
    expect(after.results - before.results).toBe(16);
    // the heads agree with a recomputation from the full result history
    const check = await t.ctx.db.execute<{ wrong: number }>(sql`
      with ranked as (
        select assertion_id, tier, coalesce(repo, '') as repo, content_hash, seq, result,
               row_number() over (partition by assertion_id, tier, coalesce(repo, ''), content_hash order by seq desc) rn
        from verification_results where model_id = ${otherMid})
      select count(*)::int as wrong from verification_heads h
      left join ranked l on l.assertion_id = h.assertion_id and l.tier = h.tier and l.repo = h.repo
        and l.content_hash = h.content_hash and l.rn = 1
      left join ranked p on p.assertion_id = h.assertion_id and p.tier = h.tier and p.repo = h.repo
        and p.content_hash = h.content_hash and p.rn = 2
      where h.model_id = ${otherMid}
        and (l.seq is distinct from h.latest_seq or p.seq is distinct from h.prev_seq
             or l.result is distinct from h.latest_result or p.result is distinct from h.prev_result)`);
    const rows = Array.isArray(check) ? check : (check as { rows: { wrong: number }[] }).rows;
    expect(Number(rows[0]?.wrong)).toBe(0);
  });

  it('a developer key cannot submit results', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: url(),
      ...w.developerKey,
      payload: runBody({ run_id: 'dev', results: pass(ids, 1) }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('developer_key_cannot_submit');
  });
});

describe('sufficiency and pending', () => {
  it('verdicts for unknown controls are 422; a bad tier is 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/models/${mid}/verification/sufficiency`,
      ...w.verifierKey,
      payload: { results: [{ control_id: 'NOPE', status: 'sufficient', gaps: [], reasoning: 'x' }] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('unknown_controls');
    const tier = await t.app.inject({
      method: 'GET',
      url: `/api/models/${mid}/verification/pending?tier=3`,
      ...w.verifierKey,
    });
    expect(tier.statusCode).toBe(400);
    const run = await t.app.inject({
      method: 'GET',
      url: `/api/models/${mid}/verification/runs/run_nope`,
      ...w.verifierKey,
    });
    expect(run.statusCode).toBe(404);
  });
});

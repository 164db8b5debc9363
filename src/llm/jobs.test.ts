import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/helpers/database.js';
import { seedAssertion, seedControl } from '../../test/helpers/llm-fixtures.js';
import { type Database, openDatabase } from '../db/client.js';
import { assertions, jobs, sufficiencyVerdicts } from '../db/schema/index.js';
import { newId } from '../ids.js';
import type { CoherenceVerdict, Evaluator, SufficiencyVerdict } from './evaluator.js';
import { assertionSetHash, contentHash } from './hashes.js';
import { createJobRunner, type JobRunnerOptions } from './jobs.js';
import { enqueueEvaluation } from './queue.js';

let database: Database & { name: string };
/** A second connection pool to the same database on PostgreSQL (two instances); the same handle on PGlite. */
let second: Database;
beforeAll(async () => {
  database = await freshDatabase();
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${database.name}`;
    second = await openDatabase({ url: url.toString() });
  } else second = database;
});
afterAll(async () => {
  if (second !== database) await second.close();
  await database.close();
});

const AUTH = 'Require authentication on every API endpoint';
const decorator = (n: number) => ({ file: 'api/views.py', function: `view_${n}`, decorator: 'login_required' });

interface Script {
  coherence?: (calls: number) => CoherenceVerdict;
  sufficiency?: (calls: number) => SufficiencyVerdict;
  delayMs?: number;
}

/** An evaluator that does what the test says and counts what it was asked. */
function scripted(script: Script) {
  const calls: string[] = [];
  const evaluator: Evaluator = {
    name: 'scripted',
    async coherence(_control, assertion) {
      calls.push(String(assertion.params.function));
      if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
      return script.coherence?.(calls.length) ?? { status: 'coherent', reason: 'scripted yes', evaluator: 'scripted' };
    },
    async sufficiency() {
      calls.push('sufficiency');
      return (
        script.sufficiency?.(calls.length) ?? {
          status: 'sufficient',
          gaps: [],
          reasoning: 'scripted',
          evaluator: 'scripted',
        }
      );
    },
  };
  return { evaluator, calls };
}

const failing: CoherenceVerdict = {
  status: 'unchecked',
  reason: 'no verdict yet (openai answered HTTP 500: boom); it will be tried again',
  evaluator: 'scripted',
  retry: true,
};

function clock(start = new Date()) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms), at: () => t };
}

const runnerOn = (db: Database, evaluator: Evaluator, options: JobRunnerOptions = {}) =>
  createJobRunner({ db: db.db, evaluator, now: () => new Date() }, { jitter: 0, ...options });

const jobRow = async (id: string) => (await database.db.select().from(jobs).where(eq(jobs.id, id)))[0];

describe('job runner', () => {
  it('two runners on one database claim each job exactly once', async () => {
    const seeded = await seedControl(database.db, AUTH);
    const ids: string[] = [];
    for (let n = 0; n < 16; n++) {
      const id = await seedAssertion(database.db, seeded, 'decorator_present', decorator(n));
      ids.push(id);
      await enqueueEvaluation(database.db, { kind: 'coherence', assertionId: id });
    }
    const a = scripted({ delayMs: 5 });
    const b = scripted({ delayMs: 5 });
    const [ranA, ranB] = await Promise.all([
      runnerOn(database, a.evaluator, { batchSize: 100 }).runOnce(),
      runnerOn(second, b.evaluator, { batchSize: 100 }).runOnce(),
    ]);
    expect(ranA + ranB).toBe(16);
    const all = [...a.calls, ...b.calls].sort();
    expect(all).toEqual(Array.from({ length: 16 }, (_, n) => `view_${n}`).sort());
    const rows = await database.db.select().from(assertions).where(eq(assertions.modelId, seeded.modelId));
    expect(rows.every((r) => r.coherenceStatus === 'coherent' && r.coherenceEvaluator === 'scripted')).toBe(true);
    const done = await database.db.select().from(jobs).where(eq(jobs.status, 'done'));
    expect(done.filter((j) => ids.includes(String((j.payload as { assertionId: string }).assertionId)))).toHaveLength(
      16,
    );
  });

  it('backs off exponentially and ends failed after max attempts, leaving the assertion unchecked', async () => {
    const seeded = await seedControl(database.db, AUTH);
    const id = await seedAssertion(database.db, seeded, 'decorator_present', decorator(100));
    const c = clock();
    const job = await enqueueEvaluation(database.db, { kind: 'coherence', assertionId: id }, { now: c.now() });
    const { evaluator, calls } = scripted({ coherence: () => failing });
    const runner = createJobRunner(
      { db: database.db, evaluator, now: c.now },
      { maxAttempts: 3, backoffMs: 1000, jitter: 0 },
    );
    const start = c.at();

    expect(await runner.runOnce()).toBe(1);
    let row = await jobRow(job.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lockedUntil: null });
    expect(row?.runAfter.getTime()).toBe(start + 1000);
    expect(row?.lastError).toMatch(/HTTP 500/);

    expect(await runner.runOnce()).toBe(0);
    c.advance(999);
    expect(await runner.runOnce()).toBe(0);
    c.advance(1);
    expect(await runner.runOnce()).toBe(1);
    row = await jobRow(job.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    expect(row?.runAfter.getTime()).toBe(start + 1000 + 2000);

    c.advance(2000);
    expect(await runner.runOnce()).toBe(1);
    row = await jobRow(job.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lockedUntil: null });
    expect(row?.lastError).toMatch(/will be tried again|HTTP 500/);
    c.advance(24 * 3600_000);
    expect(await runner.runOnce()).toBe(0);
    expect(calls).toHaveLength(3);
    const [a] = await database.db.select().from(assertions).where(eq(assertions.id, id));
    expect(a?.coherenceStatus).toBe('unchecked');
  });

  it('a retried job that succeeds stores the verdict and is done', async () => {
    const seeded = await seedControl(database.db, AUTH);
    const id = await seedAssertion(database.db, seeded, 'decorator_present', decorator(200));
    const c = clock();
    const job = await enqueueEvaluation(database.db, { kind: 'coherence', assertionId: id }, { now: c.now() });
    const { evaluator } = scripted({
      coherence: (n) =>
        n === 1 ? failing : { status: 'incoherent', reason: 'the second answer', evaluator: 'scripted' },
    });
    const runner = createJobRunner({ db: database.db, evaluator, now: c.now }, { backoffMs: 10, jitter: 0 });
    await runner.runOnce();
    c.advance(10);
    await runner.runOnce();
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 2, lastError: null });
    const [a] = await database.db.select().from(assertions).where(eq(assertions.id, id));
    expect(a).toMatchObject({ coherenceStatus: 'incoherent', coherenceReason: 'the second answer' });
  });

  it('a sufficiency job inserts the verdict with the current assertion-set hash', async () => {
    const seeded = await seedControl(database.db, AUTH);
    await seedAssertion(database.db, seeded, 'decorator_present', decorator(300));
    await seedAssertion(database.db, seeded, 'decorator_present', decorator(301));
    const job = await enqueueEvaluation(database.db, {
      kind: 'sufficiency',
      modelId: seeded.modelId,
      controlId: seeded.controlId,
    });
    const { evaluator } = scripted({});
    await runnerOn(database, evaluator).runOnce();
    expect(await jobRow(job.id)).toMatchObject({ status: 'done' });
    const rows = await database.db
      .select()
      .from(sufficiencyVerdicts)
      .where(eq(sufficiencyVerdicts.modelId, seeded.modelId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.assertionSetHash).toBe(
      assertionSetHash([
        contentHash('decorator_present', decorator(301)),
        contentHash('decorator_present', decorator(300)),
      ]),
    );
  });

  it('a job whose assertion is gone, or already judged, is done without asking the evaluator', async () => {
    const seeded = await seedControl(database.db, AUTH);
    const judged = await seedAssertion(database.db, seeded, 'decorator_present', decorator(400));
    await database.db.update(assertions).set({ coherenceStatus: 'coherent' }).where(eq(assertions.id, judged));
    const j1 = await enqueueEvaluation(database.db, { kind: 'coherence', assertionId: 'asrt_gone' });
    const j2 = await enqueueEvaluation(database.db, { kind: 'coherence', assertionId: judged });
    const { evaluator, calls } = scripted({});
    await runnerOn(database, evaluator).runOnce();
    expect(calls).toEqual([]);
    expect(await jobRow(j1.id)).toMatchObject({ status: 'done' });
    expect(await jobRow(j2.id)).toMatchObject({ status: 'done' });
  });

  it('takes over a job whose lease ran out, not one whose lease holds', async () => {
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 60_000);
    const seeded = await seedControl(database.db, AUTH);
    const stale = await seedAssertion(database.db, seeded, 'decorator_present', decorator(500));
    const held = await seedAssertion(database.db, seeded, 'decorator_present', decorator(501));
    const ids = { stale: newId('job'), held: newId('job') };
    await database.db.insert(jobs).values([
      {
        id: ids.stale,
        kind: 'coherence',
        payload: { assertionId: stale },
        status: 'running',
        attempts: 1,
        runAfter: past,
        lockedUntil: past,
      },
      {
        id: ids.held,
        kind: 'coherence',
        payload: { assertionId: held },
        status: 'running',
        attempts: 1,
        runAfter: past,
        lockedUntil: future,
      },
    ]);
    const { evaluator, calls } = scripted({});
    await runnerOn(database, evaluator).runOnce();
    expect(calls).toEqual(['view_500']);
    expect(await jobRow(ids.stale)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await jobRow(ids.held)).toMatchObject({ status: 'running', attempts: 1 });
    await database.db.delete(jobs).where(eq(jobs.id, ids.held));
  });

  it('an unknown kind fails at once', async () => {
    const id = newId('job');
    await database.db.insert(jobs).values({ id, kind: 'mystery', payload: {} });
    await runnerOn(database, scripted({}).evaluator).runOnce();
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'unknown job kind mystery' });
  });

  it('a job due in the same millisecond as the poll is claimed (the column has microseconds, the clock not)', async () => {
    const id = newId('job');
    await database.db.insert(jobs).values({ id, kind: 'mystery', payload: {} });
    await database.db.execute(sql`update jobs set run_after = '2026-01-01T00:00:00.000900Z' where id = ${id}`);
    await runnerOn(database, scripted({}).evaluator, { now: () => new Date('2026-01-01T00:00:00.000Z') }).runOnce();
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('enqueue reuses a queued job for the same evaluation', async () => {
    const first = await enqueueEvaluation(database.db, { kind: 'sufficiency', modelId: 'mdl_x', controlId: 'C-9' });
    const again = await enqueueEvaluation(database.db, { kind: 'sufficiency', modelId: 'mdl_x', controlId: 'C-9' });
    const other = await enqueueEvaluation(database.db, { kind: 'sufficiency', modelId: 'mdl_x', controlId: 'C-10' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(other.id).not.toBe(first.id);
    await database.db.delete(jobs).where(eq(jobs.kind, 'sufficiency'));
  });

  it('start polls until stop', async () => {
    const seeded = await seedControl(database.db, AUTH);
    const id = await seedAssertion(database.db, seeded, 'decorator_present', decorator(600));
    const job = await enqueueEvaluation(database.db, { kind: 'coherence', assertionId: id });
    const { evaluator, calls } = scripted({});
    const runner = runnerOn(database, evaluator, { pollIntervalMs: 10 });
    runner.start();
    for (let i = 0; i < 200 && (await jobRow(job.id))?.status !== 'done'; i++)
      await new Promise((r) => setTimeout(r, 10));
    await runner.stop();
    expect(await jobRow(job.id)).toMatchObject({ status: 'done' });
    const later = await enqueueEvaluation(database.db, { kind: 'coherence', assertionId: id });
    await new Promise((r) => setTimeout(r, 50));
    expect(await jobRow(later.id)).toMatchObject({ status: 'queued' });
    expect(calls).toEqual(['view_600']);
    await database.db.delete(jobs).where(eq(jobs.id, later.id));
  });
});

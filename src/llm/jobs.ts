import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { jobs } from '../db/schema/jobs.js';
import { evaluateAndStoreCoherence, evaluateAndStoreSufficiency } from './store.js';

/**
 * Durable retries of evaluations that failed transiently, in the `jobs` table, safe when several server instances
 * share one PostgreSQL: a job is claimed with `FOR UPDATE SKIP LOCKED` (two runners never take the same row) and
 * held by a lease (`locked_until`); a runner that dies mid-job loses the lease and another one takes the job over.
 * Failures back off exponentially; after `maxAttempts` the job is `failed` with its last error, and the verdict stays
 * `unchecked`/`pending` (never a pass).
 */

export { type EvaluationJob, enqueueEvaluation } from './queue.js';

export type JobRow = typeof jobs.$inferSelect;

/** The job could not finish now; it is tried again later (or ends `failed`). */
export class RetryLater extends Error {}

export interface JobRunnerOptions {
  /** Between polls when the queue is empty (default 5 s). */
  pollIntervalMs?: number;
  /** How long a claimed job belongs to its runner (default 5 min; longer than an evaluation with its retries). */
  leaseMs?: number;
  /** Attempts before `failed` (default 6). */
  maxAttempts?: number;
  /** First backoff (default 30 s), doubled per attempt up to `maxBackoffMs` (default 1 h). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Up to this fraction is added to each backoff at random, so failed jobs do not return in step (default 0.2). */
  jitter?: number;
  /** Jobs per poll at most (default 20). */
  batchSize?: number;
  now?: () => Date;
  random?: () => number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface JobRunner {
  /** Polls until stop(). */
  start(): void;
  /** Stops polling and waits for the job in hand. */
  stop(): Promise<void>;
  /** Claims and runs due jobs until none is left (or the batch is full); returns how many ran. */
  runOnce(): Promise<number>;
}

type Handler = (payload: Record<string, unknown>) => Promise<void>;

export function createJobRunner(
  ctx: Pick<AppContext, 'db' | 'evaluator' | 'now'>,
  options: JobRunnerOptions = {},
): JobRunner {
  const db = ctx.db;
  const now = options.now ?? ctx.now;
  const random = options.random ?? Math.random;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const backoffMs = options.backoffMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000;
  const jitter = options.jitter ?? 0.2;
  const batchSize = options.batchSize ?? 20;
  const deps = { db, evaluator: ctx.evaluator };
  const store = { enqueueOnRetry: false, onlyIfUndecided: true } as const;

  const handlers: Record<string, Handler> = {
    async coherence(p) {
      const verdict = await evaluateAndStoreCoherence(deps, String(p.assertionId), store);
      if (verdict?.retry) throw new RetryLater(verdict.reason);
    },
    async sufficiency(p) {
      const verdict = await evaluateAndStoreSufficiency(deps, String(p.modelId), String(p.controlId), store);
      if (verdict?.retry) throw new RetryLater(verdict.reasoning);
    },
  };

  async function claim(): Promise<JobRow | undefined> {
    const at = now();
    const iso = at.toISOString();
    const [row] = await db
      .update(jobs)
      .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, lockedUntil: new Date(at.getTime() + leaseMs) })
      .where(
        sql`${jobs.id} = (
          select id from jobs
          -- due within the same millisecond: the clock here has milliseconds, the column's default (now()) has
          -- microseconds, so a job inserted in this very millisecond must not wait for the next poll
          where (status = 'queued' and run_after < ${iso}::timestamptz + interval '1 millisecond')
             or (status = 'running' and locked_until < ${iso}::timestamptz)
          order by run_after, id
          limit 1
          for update skip locked
        )`,
      )
      .returning();
    return row;
  }

  /** Updates only while this runner still holds the job (same attempt), so a runner whose lease ran out changes nothing. */
  const held = (job: JobRow) => and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts));

  async function finish(job: JobRow, error?: unknown): Promise<void> {
    if (error === undefined) {
      await db.update(jobs).set({ status: 'done', lockedUntil: null, lastError: null }).where(held(job));
      return;
    }
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const permanent = !(job.kind in handlers);
    if (permanent || job.attempts >= maxAttempts) {
      await db.update(jobs).set({ status: 'failed', lockedUntil: null, lastError: message }).where(held(job));
      options.log?.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: message }, 'job failed');
      return;
    }
    const base = Math.min(maxBackoffMs, backoffMs * 2 ** (job.attempts - 1));
    const delay = Math.round(base * (1 + jitter * random()));
    await db
      .update(jobs)
      .set({ status: 'queued', lockedUntil: null, lastError: message, runAfter: new Date(now().getTime() + delay) })
      .where(held(job));
  }

  async function runOne(): Promise<boolean> {
    const job = await claim();
    if (!job) return false;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`unknown job kind ${job.kind}`);
      // a job whose runners kept dying (lease expired every time) has used up its attempts too
      if (job.attempts > maxAttempts) throw new Error('lease expired on every attempt');
      await handler(job.payload as Record<string, unknown>);
      await finish(job);
    } catch (err) {
      if (!(err instanceof RetryLater)) options.log?.error({ err, jobId: job.id }, 'job error');
      await finish(job, err);
    }
    return true;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function runOnce(): Promise<number> {
    let n = 0;
    while (n < batchSize && (await runOne())) n++;
    return n;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err: unknown) => options.log?.error({ err }, 'job runner poll failed'))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, pollIntervalMs);
    timer.unref();
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}

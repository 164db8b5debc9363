import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { jobs } from '../db/schema/jobs.js';
import { newId } from '../ids.js';

/** An evaluation to try again later, run by the job runner (jobs.ts). */
export type EvaluationJob =
  | { kind: 'coherence'; assertionId: string }
  | { kind: 'sufficiency'; modelId: string; controlId: string };

/**
 * Queues an evaluation to be tried again. A job for the same evaluation that is still queued is reused (it will read
 * the current content when it runs), so repeated failures do not pile up jobs.
 */
export async function enqueueEvaluation(
  db: DbOrTx,
  job: EvaluationJob,
  options: { now?: Date; delayMs?: number } = {},
): Promise<{ id: string; created: boolean }> {
  const payload =
    job.kind === 'coherence' ? { assertionId: job.assertionId } : { modelId: job.modelId, controlId: job.controlId };
  const [existing] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(eq(jobs.kind, job.kind), eq(jobs.status, 'queued'), sql`${jobs.payload} = ${JSON.stringify(payload)}::jsonb`),
    )
    .limit(1);
  if (existing) return { id: existing.id, created: false };
  const id = newId('job');
  const runAfter = new Date((options.now ?? new Date()).getTime() + (options.delayMs ?? 0));
  await db.insert(jobs).values({ id, kind: job.kind, payload, runAfter });
  return { id, created: true };
}

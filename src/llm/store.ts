import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { assertions, controls, sufficiencyVerdicts, threatModels } from '../db/schema/index.js';
import { newId } from '../ids.js';
import type { CoherenceVerdict, Evaluator, SufficiencyVerdict } from './evaluator.js';
import { assertionSetHash } from './hashes.js';
import { enqueueEvaluation } from './queue.js';

/**
 * Evaluate and persist: what a durable job does, and what the pipeline may call directly. Each loads the current
 * state, asks the evaluator with the workspace as context (so LLM usage is counted), stores a decided verdict, and
 * — when the verdict says `retry` — leaves it unchecked/pending and enqueues a job (unless told not to, as the job
 * runner does: it reschedules the same job instead).
 */

export interface StoreDeps {
  db: Db;
  evaluator: Evaluator;
}

export interface StoreOptions {
  /** Enqueue a durable retry job when the evaluation failed transiently (default true). */
  enqueueOnRetry?: boolean;
  /** Skip the evaluation when a decided verdict for the current content already exists (the job runner's case). */
  onlyIfUndecided?: boolean;
}

/** Coherence of one assertion, stored on its row; `null` when the assertion no longer exists. */
export async function evaluateAndStoreCoherence(
  deps: StoreDeps,
  assertionId: string,
  options: StoreOptions = {},
): Promise<CoherenceVerdict | null> {
  const [row] = await deps.db
    .select({
      type: assertions.type,
      params: assertions.params,
      description: assertions.description,
      contentHash: assertions.contentHash,
      coherenceStatus: assertions.coherenceStatus,
      coherenceReason: assertions.coherenceReason,
      coherenceEvaluator: assertions.coherenceEvaluator,
      controlId: controls.id,
      controlDescription: controls.description,
      workspaceId: threatModels.workspaceId,
    })
    .from(assertions)
    .innerJoin(controls, and(eq(controls.modelId, assertions.modelId), eq(controls.id, assertions.controlId)))
    .innerJoin(threatModels, eq(threatModels.id, assertions.modelId))
    .where(eq(assertions.id, assertionId));
  if (!row) return null;
  if (options.onlyIfUndecided && row.coherenceStatus !== 'unchecked') {
    return { status: row.coherenceStatus, reason: row.coherenceReason, evaluator: row.coherenceEvaluator ?? '' };
  }
  const verdict = await deps.evaluator.coherence(
    { id: row.controlId, description: row.controlDescription },
    { type: row.type, params: row.params, description: row.description },
    { workspaceId: row.workspaceId },
  );
  // only for the content that was judged: an edit in the meantime made this verdict stale
  await deps.db
    .update(assertions)
    .set({ coherenceStatus: verdict.status, coherenceReason: verdict.reason, coherenceEvaluator: verdict.evaluator })
    .where(and(eq(assertions.id, assertionId), eq(assertions.contentHash, row.contentHash)));
  if (verdict.retry && options.enqueueOnRetry !== false) {
    await enqueueEvaluation(deps.db, { kind: 'coherence', assertionId });
  }
  return verdict;
}

/**
 * Sufficiency of a control's current assertions; a decided verdict is inserted with the set's hash (a pending one
 * stores nothing). `null` when the control no longer exists.
 */
export async function evaluateAndStoreSufficiency(
  deps: StoreDeps,
  modelId: string,
  controlId: string,
  options: StoreOptions = {},
): Promise<SufficiencyVerdict | null> {
  const [control] = await deps.db
    .select({ description: controls.description, workspaceId: threatModels.workspaceId })
    .from(controls)
    .innerJoin(threatModels, eq(threatModels.id, controls.modelId))
    .where(and(eq(controls.modelId, modelId), eq(controls.id, controlId)));
  if (!control) return null;
  const current = await deps.db
    .select({
      type: assertions.type,
      params: assertions.params,
      description: assertions.description,
      contentHash: assertions.contentHash,
    })
    .from(assertions)
    .where(and(eq(assertions.modelId, modelId), eq(assertions.controlId, controlId)));
  const setHash = assertionSetHash(current.map((a) => a.contentHash));
  if (options.onlyIfUndecided) {
    const [decided] = await deps.db
      .select({
        status: sufficiencyVerdicts.status,
        gaps: sufficiencyVerdicts.gaps,
        reasoning: sufficiencyVerdicts.reasoning,
        evaluator: sufficiencyVerdicts.evaluator,
      })
      .from(sufficiencyVerdicts)
      .where(
        and(
          eq(sufficiencyVerdicts.modelId, modelId),
          eq(sufficiencyVerdicts.controlId, controlId),
          eq(sufficiencyVerdicts.assertionSetHash, setHash),
        ),
      )
      .limit(1);
    if (decided && decided.status !== 'pending') return decided;
  }
  const verdict = await deps.evaluator.sufficiency(
    { id: controlId, description: control.description },
    current.map((a) => ({ type: a.type, params: a.params, description: a.description })),
    { workspaceId: control.workspaceId },
  );
  if (verdict.status !== 'pending') {
    await deps.db.insert(sufficiencyVerdicts).values({
      id: newId('suf'),
      modelId,
      controlId,
      status: verdict.status,
      gaps: verdict.gaps,
      reasoning: verdict.reasoning,
      evaluator: verdict.evaluator,
      assertionSetHash: setHash,
    });
  } else if (verdict.retry && options.enqueueOnRetry !== false) {
    await enqueueEvaluation(deps.db, { kind: 'sufficiency', modelId, controlId });
  }
  return verdict;
}

import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { assertions, controls, sufficiencyVerdicts, verificationHeads } from '../db/schema/index.js';
import type { VerificationStatus } from './schemas.js';
import {
  type AssertionFacts,
  type ControlVerification,
  computeModel,
  type HeadFacts,
  type VerdictFacts,
} from './status.js';

/**
 * Loads the facts status is computed from, for a whole model or some of its controls, in a constant number of
 * set-based queries (assertions, heads, verdicts), however many controls there are.
 */
export interface ModelFacts {
  assertions: AssertionFacts[];
  heads: HeadFacts[];
  verdicts: VerdictFacts[];
}

export async function loadFacts(db: DbOrTx, modelId: string, controlIds?: readonly string[]): Promise<ModelFacts> {
  if (controlIds && controlIds.length === 0) return { assertions: [], heads: [], verdicts: [] };
  const ofControls = controlIds ? inArray(assertions.controlId, [...controlIds]) : undefined;
  const assertionRows = await db
    .select({
      id: assertions.id,
      controlId: assertions.controlId,
      type: assertions.type,
      repo: assertions.repo,
      contentHash: assertions.contentHash,
      coherenceStatus: assertions.coherenceStatus,
    })
    .from(assertions)
    .where(and(eq(assertions.modelId, modelId), ofControls))
    .orderBy(asc(assertions.seq));
  if (assertionRows.length === 0) return { assertions: [], heads: [], verdicts: [] };
  const [heads, verdicts] = await Promise.all([
    loadHeads(db, modelId, controlIds),
    loadVerdicts(db, modelId, controlIds),
  ]);
  return { assertions: assertionRows, heads, verdicts };
}

/** Heads of a model (or of the assertions of some controls). */
export async function loadHeads(db: DbOrTx, modelId: string, controlIds?: readonly string[]): Promise<HeadFacts[]> {
  const rows = await db
    .select()
    .from(verificationHeads)
    .where(
      and(
        eq(verificationHeads.modelId, modelId),
        controlIds
          ? inArray(
              verificationHeads.assertionId,
              db
                .select({ id: assertions.id })
                .from(assertions)
                .where(and(eq(assertions.modelId, modelId), inArray(assertions.controlId, [...controlIds]))),
            )
          : undefined,
      ),
    );
  // bigint columns arrive as numbers from both drivers in mode 'number'; keep the shape narrow
  return rows.map((h) => ({
    assertionId: h.assertionId,
    tier: h.tier,
    repo: h.repo,
    contentHash: h.contentHash,
    latestSeq: Number(h.latestSeq),
    latestResult: h.latestResult,
    latestRunId: h.latestRunId,
    latestCommitSha: h.latestCommitSha,
    latestAt: h.latestAt,
    prevSeq: h.prevSeq === null ? null : Number(h.prevSeq),
    prevResult: h.prevResult,
    prevRunId: h.prevRunId,
    prevCommitSha: h.prevCommitSha,
  }));
}

/** The newest verdict per (control, assertion set), newest first; callers pick the one matching the current set. */
export async function loadVerdicts(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<VerdictFacts[]> {
  return db
    .selectDistinctOn([sufficiencyVerdicts.controlId, sufficiencyVerdicts.assertionSetHash], {
      controlId: sufficiencyVerdicts.controlId,
      assertionSetHash: sufficiencyVerdicts.assertionSetHash,
      status: sufficiencyVerdicts.status,
      gaps: sufficiencyVerdicts.gaps,
      reasoning: sufficiencyVerdicts.reasoning,
      evaluator: sufficiencyVerdicts.evaluator,
    })
    .from(sufficiencyVerdicts)
    .where(
      and(
        eq(sufficiencyVerdicts.modelId, modelId),
        controlIds ? inArray(sufficiencyVerdicts.controlId, [...controlIds]) : undefined,
      ),
    )
    .orderBy(
      asc(sufficiencyVerdicts.controlId),
      asc(sufficiencyVerdicts.assertionSetHash),
      desc(sufficiencyVerdicts.createdAt),
      desc(sufficiencyVerdicts.id),
    );
}

/** Computed status of every control of a model (or of the given controls). */
export async function verifyControls(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<Map<string, ControlVerification>> {
  const ids =
    controlIds ??
    (
      await db
        .select({ id: controls.id })
        .from(controls)
        .where(eq(controls.modelId, modelId))
        .orderBy(asc(controls.position))
    ).map((c) => c.id);
  const facts = await loadFacts(db, modelId, controlIds);
  return computeModel(ids, facts.assertions, facts.heads, facts.verdicts);
}

/** Just the status per control, for control and model outputs. */
export async function verificationStatuses(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<Map<string, VerificationStatus>> {
  const computed = await verifyControls(db, modelId, controlIds);
  return new Map([...computed].map(([id, c]) => [id, c.status]));
}

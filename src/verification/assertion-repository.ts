import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { assertionHistory, assertions, controls, verificationHeads } from '../db/schema/index.js';
import { newId } from '../ids.js';
import type { AssertionOut } from './schemas.js';

export type AssertionRow = typeof assertions.$inferSelect;
export type NewAssertion = typeof assertions.$inferInsert;

export const assertionOut = (a: AssertionRow): AssertionOut => ({
  id: a.id,
  model_id: a.modelId,
  control_id: a.controlId,
  type: a.type,
  params: a.params,
  description: a.description,
  repo: a.repo,
  content_hash: a.contentHash,
  coherence: { status: a.coherenceStatus, reason: a.coherenceReason, evaluator: a.coherenceEvaluator },
  created_at: a.createdAt.toISOString(),
  updated_at: a.updatedAt.toISOString(),
});

/** What the history keeps of an assertion: everything that decides what it proves, and the verdict it got. */
function snapshot(a: Pick<AssertionRow, keyof NewAssertion> | NewAssertion) {
  return {
    control_id: a.controlId,
    type: a.type,
    params: a.params,
    description: a.description ?? '',
    repo: a.repo ?? null,
    content_hash: a.contentHash,
    coherence_status: a.coherenceStatus ?? 'unchecked',
    coherence_reason: a.coherenceReason ?? '',
  };
}

export async function loadControlRef(db: DbOrTx, modelId: string, controlId: string) {
  const [row] = await db
    .select({ id: controls.id, description: controls.description })
    .from(controls)
    .where(and(eq(controls.modelId, modelId), eq(controls.id, controlId)));
  return row ?? null;
}

export async function controlAssertions(db: DbOrTx, modelId: string, controlId: string): Promise<AssertionRow[]> {
  return db
    .select()
    .from(assertions)
    .where(and(eq(assertions.modelId, modelId), eq(assertions.controlId, controlId)))
    .orderBy(asc(assertions.seq));
}

export async function findAssertion(db: DbOrTx, modelId: string, assertionId: string, forUpdate = false) {
  const q = db
    .select()
    .from(assertions)
    .where(and(eq(assertions.modelId, modelId), eq(assertions.id, assertionId)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

/** Inserts new assertions with a `created` history entry each, in the caller's transaction. */
export async function insertAssertions(tx: DbOrTx, rows: NewAssertion[], actor: string, at: Date) {
  const inserted = await tx
    .insert(assertions)
    .values(rows.map((r) => ({ ...r, createdAt: at, updatedAt: at })))
    .returning();
  await tx.insert(assertionHistory).values(
    rows.map((r) => ({
      id: newId('ahis'),
      assertionId: r.id,
      modelId: r.modelId,
      action: 'created' as const,
      actor,
      before: null,
      after: snapshot(r),
      at,
    })),
  );
  return inserted;
}

export async function updateAssertion(
  tx: DbOrTx,
  before: AssertionRow,
  change: Partial<NewAssertion>,
  actor: string,
  at: Date,
): Promise<AssertionRow> {
  const [after] = await tx
    .update(assertions)
    .set({ ...change, updatedAt: at })
    .where(eq(assertions.id, before.id))
    .returning();
  if (!after) throw new Error('assertion vanished inside its transaction');
  await tx.insert(assertionHistory).values({
    id: newId('ahis'),
    assertionId: before.id,
    modelId: before.modelId,
    action: 'updated',
    actor,
    before: snapshot(before),
    after: snapshot(after),
    at,
  });
  return after;
}

/** Deletes an assertion; its results stay (they are evidence of what was verified), its heads go. */
export async function deleteAssertion(tx: DbOrTx, before: AssertionRow, actor: string, at: Date) {
  await tx.delete(assertions).where(eq(assertions.id, before.id));
  await tx.delete(verificationHeads).where(eq(verificationHeads.assertionId, before.id));
  await tx.insert(assertionHistory).values({
    id: newId('ahis'),
    assertionId: before.id,
    modelId: before.modelId,
    action: 'deleted',
    actor,
    before: snapshot(before),
    after: null,
    at,
  });
}

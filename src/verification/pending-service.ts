import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { assertions, controlObjectives, controls } from '../db/schema/index.js';
import { objectiveLinks } from '../models/repository.js';
import { assertionSetHash } from './hashing.js';
import { sufficiencyPrompt, tier2Prompt } from './prompts.js';
import { assertionState, groupBy } from './status.js';
import { loadCurrentHeads, loadCurrentVerdicts } from './status-repository.js';

type AssertionRow = typeof assertions.$inferSelect;

const pendingOut = (a: AssertionRow) => ({
  id: a.id,
  control_id: a.controlId,
  type: a.type,
  params: a.params,
  description: a.description,
  repo: a.repo,
  content_hash: a.contentHash,
});

async function controlDescriptions(db: DbOrTx, modelId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: controls.id, description: controls.description })
    .from(controls)
    .where(eq(controls.modelId, modelId));
  return new Map(rows.map((c) => [c.id, c.description]));
}

/** Each assertion with the tier-2 prompt the server hands to CI for it. */
async function withTier2Prompts(db: DbOrTx, modelId: string, rows: AssertionRow[]) {
  if (rows.length === 0) return [];
  const descriptions = await controlDescriptions(db, modelId);
  return rows.map((a) => ({
    ...pendingOut(a),
    tier2_prompt: tier2Prompt({
      controlDescription: descriptions.get(a.controlId) ?? '',
      assertionDescription: a.description,
      type: a.type,
      params: a.params,
    }),
  }));
}

/** A model's assertions in submission order; with `repo`, those of that repo and those naming none. */
async function assertionsOfRepo(db: DbOrTx, modelId: string, repo?: string) {
  return db
    .select()
    .from(assertions)
    .where(
      and(eq(assertions.modelId, modelId), repo ? or(eq(assertions.repo, repo), isNull(assertions.repo)) : undefined),
    )
    .orderBy(asc(assertions.seq));
}

/**
 * Every assertion a run of `repo` should verify, each with its tier-2 prompt: CI re-verifies all of them on each
 * run (tier 1 is cheap and deterministic), which is what makes a code change that breaks a passing assertion show as
 * drift. The tier-2 prompt comes along so CI can review the assertions that pass tier 1 in the same run.
 */
export async function allForVerification(db: DbOrTx, modelId: string, repo?: string) {
  return withTier2Prompts(db, modelId, await assertionsOfRepo(db, modelId, repo));
}

/**
 * Assertions awaiting a result of one tier (the same rule status uses; see status.ts for repos). With `repo`, only
 * what a run of that repo can settle: assertions of that repo, assertions naming none, and for tier 2 only those
 * whose passing tier-1 result came from that repo.
 */
export async function pendingTier(db: DbOrTx, modelId: string, tier: 1 | 2, repo?: string) {
  const rows = await assertionsOfRepo(db, modelId, repo);
  if (rows.length === 0) return [];
  const heads = groupBy(await loadCurrentHeads(db, modelId), (h) => h.assertionId);
  const pending = rows.filter((a) => {
    const state = assertionState(heads.get(a.id) ?? []);
    if (tier === 1) return state.tier1 === 'pending';
    if (state.tier2 !== 'pending') return false;
    return !repo || a.repo !== null || state.tier1Head?.repo === repo;
  });
  if (tier === 1) return pending.map(pendingOut);
  return withTier2Prompts(db, modelId, pending);
}

/** Controls with assertions and no verdict for their current assertion set, each with its prompt. */
export async function pendingSufficiency(db: DbOrTx, modelId: string) {
  const rows = await db.select().from(assertions).where(eq(assertions.modelId, modelId)).orderBy(asc(assertions.seq));
  if (rows.length === 0) return [];
  const byControl = groupBy(rows, (a) => a.controlId);
  const decided = new Set(
    (await loadCurrentVerdicts(db, modelId)).filter((v) => v.status !== 'pending').map((v) => v.controlId),
  );
  const awaiting = [...byControl].filter(([controlId]) => !decided.has(controlId));
  if (awaiting.length === 0) return [];
  const [controlRows, objectives, links] = await Promise.all([
    db
      .select({ id: controls.id, description: controls.description, position: controls.position })
      .from(controls)
      .where(eq(controls.modelId, modelId)),
    db
      .select({ id: controlObjectives.id, description: controlObjectives.description })
      .from(controlObjectives)
      .where(eq(controlObjectives.modelId, modelId)),
    objectiveLinks(db, modelId),
  ]);
  const controlById = new Map(controlRows.map((c) => [c.id, c]));
  const objectiveById = new Map(objectives.map((o) => [o.id, o.description]));
  return awaiting
    .sort(([a], [b]) => (controlById.get(a)?.position ?? 0) - (controlById.get(b)?.position ?? 0))
    .map(([controlId, own]) => {
      const objectiveIds = links.get(controlId) ?? [];
      const description = controlById.get(controlId)?.description ?? '';
      return {
        control_id: controlId,
        description,
        objective_ids: objectiveIds,
        assertion_set_hash: assertionSetHash(own.map((a) => a.contentHash)),
        assertions: own.map(pendingOut),
        prompt: sufficiencyPrompt({
          controlDescription: description,
          objectives: objectiveIds.map((id) => ({ id, description: objectiveById.get(id) ?? '' })),
          assertions: own,
        }),
      };
    });
}

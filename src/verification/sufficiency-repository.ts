import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { assertions, controls, sufficiencyVerdicts } from '../db/schema/index.js';
import { newId } from '../ids.js';
import { assertionSetHash } from './hashing.js';
import { currentSufficiency, type SufficiencyState } from './status.js';
import { loadCurrentVerdicts } from './status-repository.js';

/** The verdict that counts for a control now, from what is stored (no evaluation). */
export async function storedSufficiency(db: DbOrTx, modelId: string, controlId: string): Promise<SufficiencyState> {
  const rows = await db
    .select({ id: assertions.id })
    .from(assertions)
    .where(and(eq(assertions.modelId, modelId), eq(assertions.controlId, controlId)));
  const [verdict] = await loadCurrentVerdicts(db, modelId, [controlId]);
  return currentSufficiency(rows.length, verdict);
}

/** The current assertion-set hash of each control that has assertions. */
export async function currentSetHashes(
  db: DbOrTx,
  modelId: string,
  controlIds: string[],
): Promise<Map<string, string>> {
  if (controlIds.length === 0) return new Map();
  const rows = await db
    .select({ controlId: assertions.controlId, contentHash: assertions.contentHash })
    .from(assertions)
    .where(and(eq(assertions.modelId, modelId), inArray(assertions.controlId, controlIds)));
  const byControl = new Map<string, string[]>();
  for (const r of rows) byControl.set(r.controlId, [...(byControl.get(r.controlId) ?? []), r.contentHash]);
  return new Map([...byControl].map(([id, hashes]) => [id, assertionSetHash(hashes)]));
}

export async function existingControls(db: DbOrTx, modelId: string, controlIds: string[]): Promise<Set<string>> {
  if (controlIds.length === 0) return new Set();
  const rows = await db
    .select({ id: controls.id })
    .from(controls)
    .where(and(eq(controls.modelId, modelId), inArray(controls.id, controlIds)));
  return new Set(rows.map((r) => r.id));
}

export interface VerdictInput {
  controlId: string;
  status: 'sufficient' | 'insufficient';
  gaps: string[];
  reasoning: string;
  assertionSetHash: string;
}

export async function insertVerdicts(db: DbOrTx, modelId: string, evaluator: string, verdicts: VerdictInput[]) {
  if (verdicts.length === 0) return;
  await db.insert(sufficiencyVerdicts).values(
    verdicts.map((v) => ({
      id: newId('suf'),
      modelId,
      controlId: v.controlId,
      status: v.status,
      gaps: v.gaps,
      reasoning: v.reasoning,
      evaluator,
      assertionSetHash: v.assertionSetHash,
    })),
  );
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { controlObjectiveLinks, controlObjectives, controls, threatModels } from '../db/schema/index.js';
import { verificationStatuses } from '../verification/status-repository.js';
import type { ControlOut } from './schemas.js';

type ModelRow = typeof threatModels.$inferSelect;
type ControlRow = typeof controls.$inferSelect;

export const modelSummaryOut = (m: ModelRow) => ({
  id: m.id,
  workspace_id: m.workspaceId,
  title: m.title,
  description: m.description,
  created_at: m.createdAt.toISOString(),
  updated_at: m.updatedAt.toISOString(),
});

export const controlOut = (
  c: ControlRow,
  objectiveIds: string[],
  verificationStatus: ControlOut['verification_status'],
): ControlOut => ({
  id: c.id,
  description: c.description,
  objective_ids: objectiveIds,
  implementation_status: c.implementationStatus,
  implementation_notes: c.implementationNotes,
  verification_status: verificationStatus,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

/** objective ids per control of a model (or of some controls), in objective order. */
export async function objectiveLinks(
  db: DbOrTx,
  modelId: string,
  controlIds?: string[],
): Promise<Map<string, string[]>> {
  const where = controlIds
    ? and(eq(controlObjectiveLinks.modelId, modelId), inArray(controlObjectiveLinks.controlId, controlIds))
    : eq(controlObjectiveLinks.modelId, modelId);
  const rows = await db
    .select({ controlId: controlObjectiveLinks.controlId, objectiveId: controlObjectiveLinks.objectiveId })
    .from(controlObjectiveLinks)
    .innerJoin(
      controlObjectives,
      and(
        eq(controlObjectives.modelId, controlObjectiveLinks.modelId),
        eq(controlObjectives.id, controlObjectiveLinks.objectiveId),
      ),
    )
    .where(where)
    .orderBy(asc(controlObjectives.position));
  const map = new Map<string, string[]>();
  for (const r of rows) {
    const list = map.get(r.controlId) ?? [];
    list.push(r.objectiveId);
    map.set(r.controlId, list);
  }
  return map;
}

export async function loadModel(db: DbOrTx, modelId: string) {
  const [model] = await db.select().from(threatModels).where(eq(threatModels.id, modelId));
  if (!model) return null;
  const objectives = await db
    .select()
    .from(controlObjectives)
    .where(eq(controlObjectives.modelId, modelId))
    .orderBy(asc(controlObjectives.position));
  const controlRows = await db
    .select()
    .from(controls)
    .where(eq(controls.modelId, modelId))
    .orderBy(asc(controls.position));
  const links = await objectiveLinks(db, modelId);
  const statuses = await verificationStatuses(db, modelId);
  return {
    ...modelSummaryOut(model),
    control_objectives: objectives.map((o) => ({ id: o.id, description: o.description })),
    controls: controlRows.map((c) => controlOut(c, links.get(c.id) ?? [], statuses.get(c.id) ?? 'unverified')),
  };
}

/** The next position for a new row of a model (controls or objectives keep their insertion order). */
export async function nextPosition(db: DbOrTx, table: typeof controls | typeof controlObjectives, modelId: string) {
  const [row] = await db
    .select({ max: sql<number | null>`max(${table.position})` })
    .from(table)
    .where(eq(table.modelId, modelId));
  return (row?.max ?? -1) + 1;
}

/** The next free `CTRL-NN` id of a model, when a control is created without one. */
export async function nextControlId(db: DbOrTx, modelId: string): Promise<string> {
  const rows = await db.select({ id: controls.id }).from(controls).where(eq(controls.modelId, modelId));
  let max = 0;
  for (const { id } of rows) {
    const m = /^CTRL-(\d+)$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `CTRL-${String(max + 1).padStart(2, '0')}`;
}

/** Objective ids that do not exist in the model. */
export async function missingObjectives(db: DbOrTx, modelId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: controlObjectives.id })
    .from(controlObjectives)
    .where(and(eq(controlObjectives.modelId, modelId), inArray(controlObjectives.id, ids)));
  const found = new Set(rows.map((r) => r.id));
  return [...new Set(ids)].filter((id) => !found.has(id));
}

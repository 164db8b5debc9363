import type { Db } from '../../src/db/client.js';
import { assertions, controls, threatModels, workspaces } from '../../src/db/schema/index.js';
import { newId } from '../../src/ids.js';
import { contentHash } from '../../src/llm/hashes.js';

/** Rows straight into the database for the LLM tests: a workspace with one model and a control. */
export async function seedControl(db: Db, description: string, controlId = 'CTRL-1') {
  const workspaceId = newId('ws');
  const modelId = newId('mdl');
  await db.insert(workspaces).values({ id: workspaceId, name: 'LLM tests' });
  await db.insert(threatModels).values({ id: modelId, workspaceId, title: 'Model' });
  await db.insert(controls).values({ modelId, id: controlId, description, position: 0 });
  return { workspaceId, modelId, controlId };
}

export async function seedAssertion(
  db: Db,
  at: { modelId: string; controlId: string },
  type: string,
  params: Record<string, unknown>,
  description = '',
): Promise<string> {
  const id = newId('asrt');
  await db.insert(assertions).values({
    id,
    modelId: at.modelId,
    controlId: at.controlId,
    type,
    params,
    description,
    contentHash: contentHash(type, params),
  });
  return id;
}

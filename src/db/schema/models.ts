import { foreignKey, index, integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { users, workspaces } from './identity.js';

export const implementationStatusEnum = pgEnum('implementation_status', ['not_implemented', 'implemented']);

export const threatModels = pgTable(
  'threat_models',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // GET /api/models lists a workspace's models
    index('threat_models_workspace_idx').on(t.workspaceId),
  ],
);

/** Control objectives keep the id the user gave (CO-1), unique within their model. */
export const controlObjectives = pgTable(
  'control_objectives',
  {
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    id: text('objective_id').notNull(),
    description: text('description').notNull(),
    /** Insertion order, so lists read in the order the model was written. */
    position: integer('position').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.id] })],
);

export const controls = pgTable(
  'controls',
  {
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    id: text('control_id').notNull(),
    description: text('description').notNull(),
    implementationStatus: implementationStatusEnum('implementation_status').notNull().default('not_implemented'),
    implementationNotes: text('implementation_notes').notNull().default(''),
    position: integer('position').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.id] }),
    // ?status= filter on the control list
    index('controls_status_idx').on(t.modelId, t.implementationStatus),
  ],
);

export const controlObjectiveLinks = pgTable(
  'control_objective_links',
  {
    modelId: text('model_id').notNull(),
    controlId: text('control_id').notNull(),
    objectiveId: text('objective_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.controlId, t.objectiveId] }),
    foreignKey({ columns: [t.modelId, t.controlId], foreignColumns: [controls.modelId, controls.id] })
      .onDelete('cascade')
      .onUpdate('cascade'),
    foreignKey({
      columns: [t.modelId, t.objectiveId],
      foreignColumns: [controlObjectives.modelId, controlObjectives.id],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
    // ?objective_id= filter on the control list
    index('control_objective_links_objective_idx').on(t.modelId, t.objectiveId),
  ],
);

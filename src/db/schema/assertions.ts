import { bigint, foreignKey, index, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from './columns.js';
import { controls, threatModels } from './models.js';

export const coherenceStatusEnum = pgEnum('coherence_status', ['coherent', 'incoherent', 'unchecked']);

export const assertions = pgTable(
  'assertions',
  {
    id: text('id').primaryKey(),
    /** Submission order (a batch shares one timestamp), so lists read in the order the assertions were given. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    controlId: text('control_id').notNull(),
    type: text('type').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    description: text('description').notNull().default(''),
    /** `org/name`, or null for "every repo". */
    repo: text('repo'),
    /** sha256 over the canonical JSON of {type, params}: results apply to the content they were verified against. */
    contentHash: text('content_hash').notNull(),
    coherenceStatus: coherenceStatusEnum('coherence_status').notNull().default('unchecked'),
    coherenceReason: text('coherence_reason').notNull().default(''),
    coherenceEvaluator: text('coherence_evaluator'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ columns: [t.modelId, t.controlId], foreignColumns: [controls.modelId, controls.id] })
      .onDelete('cascade')
      .onUpdate('cascade'),
    // assertions of one control (control page, "no_assertions" rule, sufficiency)
    index('assertions_control_idx').on(t.modelId, t.controlId),
  ],
);

/** Every change to an assertion, so an auditor can see that evidence was not swapped after the fact. */
export const assertionHistory = pgTable(
  'assertion_history',
  {
    id: text('id').primaryKey(),
    /** The order changes happened in (several can share a millisecond). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    assertionId: text('assertion_id').notNull(),
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    action: text('action').$type<'created' | 'updated' | 'deleted'>().notNull(),
    actor: text('actor').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    // GET …/assertions/:aid/history, in order
    index('assertion_history_assertion_idx').on(t.assertionId, t.seq),
  ],
);

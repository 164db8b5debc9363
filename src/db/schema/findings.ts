import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from './columns.js';
import { threatModels } from './models.js';

export const findings = pgTable(
  'findings',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    controlId: text('control_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    severity: text('severity').$type<'critical' | 'high' | 'medium' | 'low' | 'info'>().notNull(),
    status: text('status').$type<'discovered' | 'acknowledged' | 'remediated' | 'verified'>().notNull(),
    checkedLocations: jsonb('checked_locations').notNull().default([]),
    checkedPatterns: jsonb('checked_patterns').notNull().default([]),
    expectedEvidence: text('expected_evidence').notNull().default(''),
    notes: text('notes').notNull().default(''),
    remediationAssertionIds: jsonb('remediation_assertion_ids').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('findings_model_idx').on(t.modelId, t.controlId)],
);

export const findingTransitions = pgTable(
  'finding_transitions',
  {
    id: text('id').primaryKey(),
    findingId: text('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull().default(''),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('finding_transitions_finding_idx').on(t.findingId)],
);

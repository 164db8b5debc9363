import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt } from './columns.js';

/** Durable background work (LLM evaluations that failed and must be retried), safe across several instances. */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').$type<'queued' | 'running' | 'done' | 'failed'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    runAfter: at('run_after').notNull().defaultNow(),
    lockedUntil: at('locked_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    // the poller claims the oldest due queued job
    index('jobs_due_idx').on(t.status, t.runAfter),
  ],
);

/** LLM calls and tokens per workspace and day. */
export const llmUsage = pgTable(
  'llm_usage',
  {
    workspaceId: text('workspace_id').notNull(),
    day: text('day').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    calls: integer('calls').notNull().default(0),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
  },
  (t) => [index('llm_usage_workspace_idx').on(t.workspaceId, t.day)],
);

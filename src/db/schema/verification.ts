import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, createdAt } from './columns.js';
import { workspaces } from './identity.js';
import { threatModels } from './models.js';

/** One CI submission of results for one model. */
export const verificationRuns = pgTable(
  'verification_runs',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    pipelineRunId: text('pipeline_run_id').notNull(),
    runUrl: text('run_url'),
    repo: text('repo'),
    commitSha: text('commit_sha'),
    branch: text('branch'),
    /** What CI sent (pipeline, results …) exactly as received; what was *verified* lives in attestation. */
    received: jsonb('received').notNull(),
    attestationMethod: text('attestation_method').$type<'oidc' | 'ecdsa' | 'none'>().notNull().default('none'),
    attestation: jsonb('attestation').notNull().default({}),
    notarization: jsonb('notarization'),
    receivedAt: at('received_at').notNull().defaultNow(),
  },
  (t) => [
    // a replayed run id from the same pipeline is idempotent
    uniqueIndex('verification_runs_pipeline_key').on(t.modelId, t.provider, t.pipelineRunId),
    // run history of a model, newest first
    index('verification_runs_model_idx').on(t.modelId, t.receivedAt),
    // the workspace's notarization chain: its head is read per run, and two records can never share a position
    uniqueIndex('verification_runs_chain_key').on(t.workspaceId, sql`((${t.notarization}->>'seq')::bigint)`),
  ],
);

export const verificationResults = pgTable(
  'verification_results',
  {
    id: text('id').primaryKey(),
    /** Receive order across all runs: "newest" and "previous" mean by this, never by a clock. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    runId: text('run_id')
      .notNull()
      .references(() => verificationRuns.id, { onDelete: 'cascade' }),
    modelId: text('model_id').notNull(),
    assertionId: text('assertion_id').notNull(),
    /** The assertion content this result was verified against. */
    contentHash: text('content_hash').notNull(),
    repo: text('repo'),
    tier: integer('tier').notNull(),
    result: text('result').$type<'pass' | 'fail' | 'error' | 'skipped'>().notNull(),
    details: text('details').notNull().default(''),
    evidence: jsonb('evidence'),
    reviewer: text('reviewer'),
    createdAt: createdAt(),
  },
  (t) => [
    // one assertion's result history in receive order (audit; rebuilding verification_heads)
    index('verification_results_assertion_idx').on(t.assertionId, t.seq),
    index('verification_results_run_idx').on(t.runId),
  ],
);

/**
 * The newest two results per (assertion, tier, repo, content), maintained in the same transaction as each run's
 * results (src/verification/result-repository.ts). It is an index over verification_results, not a status: status,
 * tier-2 staleness and drift are computed from it on read, so a report reads one row per assertion and tier instead
 * of the whole result history.
 */
export const verificationHeads = pgTable(
  'verification_heads',
  {
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    assertionId: text('assertion_id').notNull(),
    tier: integer('tier').notNull(),
    /** The run's repo, '' when the run named none (a primary key column cannot be null). */
    repo: text('repo').notNull(),
    contentHash: text('content_hash').notNull(),
    latestSeq: bigint('latest_seq', { mode: 'number' }).notNull(),
    latestResult: text('latest_result').$type<'pass' | 'fail' | 'error' | 'skipped'>().notNull(),
    latestRunId: text('latest_run_id').notNull(),
    latestCommitSha: text('latest_commit_sha'),
    latestAt: at('latest_at').notNull(),
    prevSeq: bigint('prev_seq', { mode: 'number' }),
    prevResult: text('prev_result').$type<'pass' | 'fail' | 'error' | 'skipped'>(),
    prevRunId: text('prev_run_id'),
    prevCommitSha: text('prev_commit_sha'),
  },
  (t) => [
    primaryKey({ columns: [t.assertionId, t.tier, t.repo, t.contentHash] }),
    // status, pending lists and the report read every head of one model
    index('verification_heads_model_idx').on(t.modelId),
  ],
);

/** Collective sufficiency verdicts per control; the newest one that matches the control's assertion set counts. */
export const sufficiencyVerdicts = pgTable(
  'sufficiency_verdicts',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id')
      .notNull()
      .references(() => threatModels.id, { onDelete: 'cascade' }),
    controlId: text('control_id').notNull(),
    status: text('status').$type<'sufficient' | 'insufficient' | 'pending'>().notNull(),
    gaps: jsonb('gaps').$type<string[]>().notNull().default([]),
    reasoning: text('reasoning').notNull().default(''),
    evaluator: text('evaluator').notNull(),
    /** Hash of the sorted content hashes of the control's assertions when the verdict was given. */
    assertionSetHash: text('assertion_set_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sufficiency_verdicts_control_idx').on(t.modelId, t.controlId, t.createdAt)],
);

/** OIDC tokens already used, shared by every server instance on one database. */
export const oidcReplays = pgTable('oidc_replays', {
  replayKey: text('replay_key').primaryKey(),
  workspaceId: text('workspace_id').notNull(),
  runId: text('run_id'),
  expiresAt: at('expires_at').notNull(),
  createdAt: createdAt(),
});

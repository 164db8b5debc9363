import { z } from 'zod';
import { description, modelParams } from '../models/schemas.js';

/** Most assertions one submission may carry; a bigger batch is refused whole (split it). */
export const ASSERTION_BATCH_LIMIT = 500;
/** Most results one run may carry. */
export const RESULT_BATCH_LIMIT = 5000;

/**
 * `org/name` (GitLab subgroups: `group/sub/name`), stored lower-case: GitHub and GitLab paths are case-insensitive,
 * and results only count for the repo they name, so `Org/API` and `org/api` must be the same repo.
 */
export const repoSchema = z
  .string({ error: 'repo must be a string like "org/name"' })
  .trim()
  .max(200)
  .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){1,4}$/, 'repo must look like "org/name"')
  .transform((r) => r.toLowerCase());

export const assertionInput = z.strictObject({
  type: z.string({ error: 'type must be a string' }).min(1).max(64),
  params: z.record(z.string(), z.unknown(), { error: 'params must be an object' }),
  description,
  repo: repoSchema.nullish(),
});

export const assertionBatch = z.strictObject({
  assertions: z
    .array(assertionInput, { error: 'assertions must be an array' })
    .min(1, 'assertions must not be empty')
    .max(ASSERTION_BATCH_LIMIT, `at most ${ASSERTION_BATCH_LIMIT} assertions per request; split the batch`),
});

export const assertionPatch = z
  .strictObject({
    params: z.record(z.string(), z.unknown(), { error: 'params must be an object' }),
    description,
    repo: repoSchema.nullable(),
  })
  .partial();

export const coherenceSchema = z.object({
  status: z.enum(['coherent', 'incoherent', 'unchecked']),
  reason: z.string(),
  evaluator: z.string().nullable(),
});

export const sufficiencySchema = z.object({
  status: z.enum(['sufficient', 'insufficient', 'pending']),
  gaps: z.array(z.string()),
  reasoning: z.string(),
  evaluator: z.string().nullable(),
});

export const assertionSchema = z.object({
  id: z.string(),
  model_id: z.string(),
  control_id: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  description: z.string(),
  repo: z.string().nullable(),
  content_hash: z.string(),
  coherence: coherenceSchema,
  created_at: z.string(),
  updated_at: z.string(),
});

export const historyEntrySchema = z.object({
  id: z.string(),
  assertion_id: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  actor: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  at: z.string(),
});

export const assertionParams = modelParams.extend({ aid: z.string().max(64) });
export const runParams = modelParams.extend({ rid: z.string().max(64) });

export const tierState = z.enum(['pass', 'fail', 'error', 'skipped', 'pending', 'not_applicable']);
export const verificationStatus = z.enum(['unverified', 'pending', 'verified', 'partially_verified']);

export const driftSchema = z.object({
  assertion_id: z.string(),
  control_id: z.string(),
  objective_ids: z.array(z.string()),
  tier: z.number().int(),
  repo: z.string().nullable(),
  previous: z.object({ run_id: z.string(), commit_sha: z.string().nullable(), result: z.string() }),
  current: z.object({ run_id: z.string(), commit_sha: z.string().nullable(), result: z.string() }),
});

export type AssertionOut = z.infer<typeof assertionSchema>;
export type DriftItem = z.infer<typeof driftSchema>;
export type TierState = z.infer<typeof tierState>;
export type VerificationStatus = z.infer<typeof verificationStatus>;

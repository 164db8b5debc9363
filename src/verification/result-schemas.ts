import { z } from 'zod';
import type { verificationRuns } from '../db/schema/index.js';
import { driftSchema, RESULT_BATCH_LIMIT, repoSchema } from './schemas.js';

const shortText = (what: string, max = 200) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max);

/**
 * Where the results come from. Extra provider-specific fields (run_attempt, workflow, actor …) are kept in the run's
 * `received` copy. The repo decides which assertions the results may speak for (see status.ts).
 */
export const pipelineSchema = z.looseObject({
  provider: shortText('provider', 64),
  run_id: shortText('run_id'),
  run_url: z.url({ error: 'run_url must be a URL' }).max(2000).nullish(),
  repo: repoSchema.nullish(),
  commit_sha: z
    .string({ error: 'commit_sha must be a string' })
    .regex(/^[0-9a-fA-F]{4,64}$/, 'commit_sha must be a hexadecimal commit id (4–64 digits)')
    .transform((s) => s.toLowerCase()),
  branch: z.string().max(500).nullish(),
});

export const resultInput = z.strictObject({
  assertion_id: shortText('assertion_id', 64),
  tier: z.union([z.literal(1), z.literal(2)], { error: 'tier must be 1 or 2' }),
  result: z.enum(['pass', 'fail', 'error', 'skipped'], { error: 'result must be pass, fail, error or skipped' }),
  details: z.string({ error: 'details must be a string' }).max(10_000),
  reviewer: z.string().max(200).nullish(),
  evidence: z
    .looseObject({ file: z.string().max(1000), line: z.number().int().min(0), end_line: z.number().int().min(0) })
    .partial()
    .nullish(),
  /** The content the CI verified (from the pending list); a result for older content never counts for newer. */
  content_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'content_hash must be a sha256 hex digest')
    .optional(),
});

export const submissionBody = z.strictObject({
  pipeline: pipelineSchema,
  results: z
    .array(resultInput, { error: 'results must be an array' })
    .max(RESULT_BATCH_LIMIT, `at most ${RESULT_BATCH_LIMIT} results per run; split the run`),
  signature: z.string().max(10_000).optional(),
  signed_hash: z.string().max(200).optional(),
  oidc_token: z.string().max(20_000).optional(),
});

export const submissionResponse = z.object({
  run_id: z.string(),
  /** true when this pipeline run was already stored: nothing new was written. */
  replayed: z.boolean(),
  accepted: z.number().int(),
  attestation: z.looseObject({ method: z.enum(['oidc', 'ecdsa', 'none']) }),
  drift: z.array(driftSchema),
});

export const runSchema = z.object({
  id: z.string(),
  provider: z.string(),
  pipeline_run_id: z.string(),
  run_url: z.string().nullable(),
  repo: z.string().nullable(),
  commit_sha: z.string().nullable(),
  branch: z.string().nullable(),
  attestation_method: z.enum(['oidc', 'ecdsa', 'none']),
  received_at: z.string(),
  counts: z.object({ pass: z.number(), fail: z.number(), error: z.number(), skipped: z.number() }),
});

export function runOut(
  r: typeof verificationRuns.$inferSelect,
  counts: { runId: string; result: string; n: number }[],
): z.infer<typeof runSchema> {
  const tally = { pass: 0, fail: 0, error: 0, skipped: 0 };
  for (const c of counts)
    if (c.runId === r.id && c.result in tally) tally[c.result as keyof typeof tally] += Number(c.n);
  return {
    id: r.id,
    provider: r.provider,
    pipeline_run_id: r.pipelineRunId,
    run_url: r.runUrl,
    repo: r.repo,
    commit_sha: r.commitSha,
    branch: r.branch,
    attestation_method: r.attestationMethod,
    received_at: r.receivedAt.toISOString(),
    counts: tally,
  };
}

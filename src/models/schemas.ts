import { z } from 'zod';

/** Control and objective ids are the ones people write (CTRL-07, CO-1), unique within their model. */
export const userIdSchema = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, `${what} must be 1–64 letters, digits, ".", "_" or "-"`);

export const description = z.string().trim().min(1, 'description must not be empty').max(10_000);

export const objectiveInput = z.strictObject({ id: userIdSchema('objective id'), description });
export const controlInput = z.strictObject({
  id: userIdSchema('control id').optional(),
  description,
  objective_ids: z.array(userIdSchema('objective id')).max(100).default([]),
});

export const modelInput = z.strictObject({
  workspace_id: z.string().max(64),
  title: z.string().trim().min(1, 'title must not be empty').max(500),
  description: z.string().max(20_000).default(''),
  control_objectives: z.array(objectiveInput).max(1000).default([]),
  controls: z.array(controlInput).max(5000).default([]),
});

export const objectiveSchema = z.object({ id: z.string(), description: z.string() });
export const controlSchema = z.object({
  id: z.string(),
  description: z.string(),
  objective_ids: z.array(z.string()),
  implementation_status: z.enum(['implemented', 'not_implemented']),
  implementation_notes: z.string(),
  /** Computed from stored results on every read (api.md, "Computed verification status"); never settable. */
  verification_status: z.enum(['unverified', 'pending', 'verified', 'partially_verified']),
  created_at: z.string(),
  updated_at: z.string(),
});
export const modelSummarySchema = z.object({
  id: z.string(),
  workspace_id: z.string(),
  title: z.string(),
  description: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const modelSchema = modelSummarySchema.extend({
  control_objectives: z.array(objectiveSchema),
  controls: z.array(controlSchema),
});

export const modelParams = z.object({ mid: z.string().max(64) });
export const controlParams = modelParams.extend({ cid: z.string().max(64) });
export const objectiveParams = modelParams.extend({ oid: z.string().max(64) });

export type ControlOut = z.infer<typeof controlSchema>;

import { z } from 'zod';
import { guard, modelParam } from '../auth/guard.js';
import { errorBodySchema, errorResponses } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { modelParams } from '../models/schemas.js';
import { buildReport } from './report-service.js';
import { driftSchema, sufficiencySchema, tierState, verificationStatus } from './schemas.js';

const reportSchema = z.object({
  model_id: z.string(),
  summary: z.object({
    verified: z.number().int(),
    partially_verified: z.number().int(),
    pending: z.number().int(),
    unverified: z.number().int(),
  }),
  controls: z.array(
    z.object({
      control_id: z.string(),
      implementation_status: z.enum(['implemented', 'not_implemented']),
      verification_status: verificationStatus,
      objective_ids: z.array(z.string()),
      assertions: z.array(
        z.object({
          id: z.string(),
          type: z.string(),
          repo: z.string().nullable(),
          tier1: tierState,
          tier2: tierState,
          coherence: z.enum(['coherent', 'incoherent', 'unchecked']),
        }),
      ),
      sufficiency: sufficiencySchema,
      drift: z.array(driftSchema),
    }),
  ),
  drift_items: z.array(driftSchema),
  /** How many assertions the evaluator judged incoherent. */
  coherence_warnings: z.number().int(),
  /** The newest run per repo. */
  repos: z.array(z.object({ repo: z.string().nullable(), commit_sha: z.string().nullable(), verified_at: z.string() })),
});

export const reportRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/models/:mid/verification/report',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['verification'],
        summary:
          'Computed verification status of every control (from stored results, never settable), with drift, sufficiency and the newest run per repo',
        params: modelParams,
        response: { 200: reportSchema, ...errorResponses },
      },
      // The schema documents the report and types the handler; re-validating a 10,000-assertion report built by
      // this code on every response would double its cost, so the 200 is written as plain JSON.
      serializerCompiler:
        ({ httpStatus }) =>
        (data) =>
          httpStatus === '200' ? JSON.stringify(data) : JSON.stringify(errorBodySchema.parse(data)),
    },
    async (request) => buildReport(ctx.db, request.params.mid),
  );
};

import { z } from 'zod';
import { attest, attestationSettings } from '../attestation/attest.js';
import { currentWorkspaceKey } from '../attestation/keys.js';
import { spendReplayClaim } from '../attestation/oidc.js';
import { keepRawBody } from '../attestation/raw-body.js';
import { guard, modelParam } from '../auth/guard.js';
import { errorResponses, unprocessable } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { modelParams, userIdSchema } from '../models/schemas.js';
import { allForVerification, pendingSufficiency, pendingTier } from './pending-service.js';
import { RESULT_BATCH_LIMIT, repoSchema } from './schemas.js';
import { currentSetHashes, existingControls, insertVerdicts } from './sufficiency-repository.js';

const pendingAssertionSchema = z.object({
  id: z.string(),
  control_id: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  description: z.string(),
  repo: z.string().nullable(),
  content_hash: z.string(),
  tier2_prompt: z.string().optional(),
});

const pendingControlSchema = z.object({
  control_id: z.string(),
  description: z.string(),
  objective_ids: z.array(z.string()),
  assertion_set_hash: z.string(),
  assertions: z.array(pendingAssertionSchema.omit({ tier2_prompt: true })),
  prompt: z.string(),
});

export const pendingRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/models/:mid/verification/pending',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['verification'],
        summary:
          'What CI should verify next: assertions without a current tier-1 (tier=1) or tier-2 (tier=2, with its prompt) result, or controls awaiting a sufficiency verdict (tier=sufficiency, with their prompt)',
        params: modelParams,
        querystring: z.object({
          tier: z.enum(['1', '2', 'sufficiency'], { error: 'tier must be 1, 2 or sufficiency' }),
          repo: repoSchema.optional(),
        }),
        response: {
          200: z.object({
            model_id: z.string(),
            tier: z.enum(['1', '2', 'sufficiency']),
            assertions: z.array(pendingAssertionSchema).optional(),
            controls: z.array(pendingControlSchema).optional(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { mid } = request.params;
      const { tier, repo } = request.query;
      if (tier === 'sufficiency') {
        return { model_id: mid, tier, controls: await pendingSufficiency(ctx.db, mid) };
      }
      return { model_id: mid, tier, assertions: await pendingTier(ctx.db, mid, tier === '1' ? 1 : 2, repo) };
    },
  );

  app.get(
    '/api/models/:mid/verification/assertions',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['verification'],
        summary:
          'Every assertion CI should verify on each run (with repo, those of that repo and those naming none), each with its tier-2 prompt, and what CI needs to attest its results',
        params: modelParams,
        querystring: z.object({ repo: repoSchema.optional() }),
        response: {
          200: z.object({
            model_id: z.string(),
            workspace_id: z.string(),
            attestation: z.object({
              /** The workspace refuses unattested results (require_ci_attestation). */
              required: z.boolean(),
              /** The audience an OIDC token must carry. */
              oidc_audience: z.string(),
              /** SHA-256 of the current ECDSA public key (DER SPKI), or null when none is configured. */
              signing_key_fingerprint: z.string().nullable(),
            }),
            assertions: z.array(pendingAssertionSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { mid } = request.params;
      const workspaceId = request.access!.workspaceId;
      const [list, settings, key] = await Promise.all([
        allForVerification(ctx.db, mid, request.query.repo),
        attestationSettings(ctx.db, workspaceId),
        currentWorkspaceKey(ctx.db, workspaceId),
      ]);
      return {
        model_id: mid,
        workspace_id: workspaceId,
        attestation: {
          required: settings.requireCiAttestation,
          oidc_audience: settings.oidcAudience,
          signing_key_fingerprint: key?.fingerprint ?? null,
        },
        assertions: list,
      };
    },
  );

  app.post(
    '/api/models/:mid/verification/sufficiency',
    {
      onRequest: guard(ctx, 'results:submit', modelParam()),
      // a signed_hash may cover the exact bytes of `results`
      preParsing: keepRawBody(ctx.config.bodyLimitBytes),
      schema: {
        tags: ['verification'],
        summary:
          'Submit sufficiency verdicts reached in CI, attested like results when the workspace requires it; each counts while the control’s assertions are still the set it judged',
        params: modelParams,
        body: z.strictObject({
          /** Who judged, e.g. `openai:gpt-4o-mini`; recorded as `ci:<evaluator>` (or `ci`). */
          evaluator: z.string().trim().min(1).max(200).optional(),
          results: z
            .array(
              z.strictObject({
                control_id: userIdSchema('control_id'),
                status: z.enum(['sufficient', 'insufficient'], { error: 'status must be sufficient or insufficient' }),
                gaps: z.array(z.string().max(2000)).max(100),
                reasoning: z.string().max(20_000),
                /** The set the verdict judged (from the pending list); without it, the control's current set. */
                assertion_set_hash: z
                  .string()
                  .regex(/^[0-9a-f]{64}$/, 'assertion_set_hash must be a sha256 hex digest')
                  .optional(),
              }),
            )
            .min(1, 'results must not be empty')
            .max(RESULT_BATCH_LIMIT),
          /** As for results (attestation.md): a signature over `results`, or a CI OIDC token. */
          signature: z.string().max(10_000).optional(),
          signed_hash: z.string().max(200).optional(),
          oidc_token: z.string().max(20_000).optional(),
        }),
        response: {
          201: z.object({
            accepted: z.number().int(),
            attestation: z.looseObject({ method: z.enum(['oidc', 'ecdsa', 'none']) }),
            verdicts: z.array(
              z.object({
                control_id: z.string(),
                status: z.enum(['sufficient', 'insufficient']),
                evaluator: z.string(),
                /** false when the control's assertions changed since the verdict's set: stored, but not counted. */
                current: z.boolean(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { mid } = request.params;
      const { results, signature, signed_hash, oidc_token } = request.body;
      const evaluator = request.body.evaluator ? `ci:${request.body.evaluator}` : 'ci';
      const ids = [...new Set(results.map((r) => r.control_id))];
      const known = await existingControls(ctx.db, mid, ids);
      const unknown = results
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => !known.has(r.control_id))
        .map(({ r, i }) => ({ path: `body.results.${i}.control_id`, message: `unknown control ${r.control_id}` }));
      if (unknown.length)
        throw unprocessable('unknown_controls', 'Some verdicts name controls this model does not have.', unknown);
      const current = await currentSetHashes(ctx.db, mid, ids);
      const verdicts = results.map((r) => ({
        controlId: r.control_id,
        status: r.status,
        gaps: r.gaps,
        reasoning: r.reasoning,
        assertionSetHash: r.assertion_set_hash ?? current.get(r.control_id) ?? '',
      }));
      const { verified, replay } = await attest(ctx, request, {
        workspaceId: request.access!.workspaceId,
        modelId: mid,
        purpose: 'sufficiency',
        signature,
        signedHash: signed_hash,
        oidcToken: oidc_token,
        results,
      });
      await ctx.db.transaction(async (tx) => {
        if (replay) await spendReplayClaim(tx, replay, ctx.now());
        await insertVerdicts(tx, mid, evaluator, verdicts);
      });
      return reply.status(201).send({
        accepted: verdicts.length,
        attestation: { method: verified.method },
        verdicts: verdicts.map((v) => ({
          control_id: v.controlId,
          status: v.status,
          evaluator,
          current: v.assertionSetHash !== '' && v.assertionSetHash === current.get(v.controlId),
        })),
      });
    },
  );
};

import { and, asc, count, desc, eq, inArray, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { spendReplayClaim } from '../attestation/oidc.js';
import { keepRawBody } from '../attestation/raw-body.js';
import { instanceSigner } from '../audit/instance-key.js';
import { guard, modelParam } from '../auth/guard.js';
import { assertions, verificationResults, verificationRuns } from '../db/schema/index.js';
import { badRequest, errorResponses, notFound, unprocessable } from '../http/errors.js';
import { decodeCursor, pageOf, pageQuery } from '../http/pagination.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { modelParams } from '../models/schemas.js';
import { attestSubmission } from './attestation.js';
import { describeDrift, driftOfRun, findRunByPipeline, type RunRow, storeRun } from './result-repository.js';
import { runOut, runSchema, submissionBody, submissionResponse } from './result-schemas.js';
import { type DriftItem, runParams } from './schemas.js';

type Issue = { path: string; message: string };

export const resultRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/api/models/:mid/verification/results',
    {
      onRequest: guard(ctx, 'results:submit', modelParam()),
      // a signed_hash may cover the exact bytes of `results` as sent
      preParsing: keepRawBody(ctx.config.bodyLimitBytes),
      schema: {
        tags: ['verification'],
        summary:
          'Submit a CI run’s results in one transaction; a replayed run id from the same pipeline returns the original run',
        params: modelParams,
        body: submissionBody,
        response: { 201: submissionResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { mid } = request.params;
      const { pipeline, results, signature, signed_hash, oidc_token } = request.body;
      /** The answer for a stored run; for a replay, what the original run counted and the drift it still shows. */
      const respond = async (run: RunRow, fresh?: { accepted: number; drift: DriftItem[] }) =>
        reply.status(201).send({
          run_id: run.id,
          replayed: fresh === undefined,
          accepted: fresh?.accepted ?? (await countResults(run.id)),
          attestation: { method: run.attestationMethod, ...(run.attestation as object) },
          drift: fresh?.drift ?? (await describeDrift(ctx.db, mid, await driftOfRun(ctx.db, mid, run.id))),
        });

      const existing = await findRunByPipeline(ctx.db, mid, pipeline.provider, pipeline.run_id);
      if (existing) return respond(existing);

      const duplicates: Issue[] = [];
      const seen = new Set<string>();
      results.forEach((r, i) => {
        const key = `${r.assertion_id}\u0000${r.tier}`;
        if (seen.has(key))
          duplicates.push({
            path: `body.results.${i}`,
            message: `a second tier-${r.tier} result for ${r.assertion_id}`,
          });
        seen.add(key);
      });
      if (duplicates.length) throw badRequest('validation_error', 'The request is not valid.', duplicates);

      const ids = [...new Set(results.map((r) => r.assertion_id))];
      const owned = ids.length
        ? await ctx.db
            .select({ id: assertions.id, contentHash: assertions.contentHash, repo: assertions.repo })
            .from(assertions)
            .where(and(eq(assertions.modelId, mid), inArray(assertions.id, ids)))
        : [];
      const byId = new Map(owned.map((a) => [a.id, a]));
      // another model's or workspace's assertion is "unknown": its existence is not revealed
      const unknown: Issue[] = [];
      const mismatched: Issue[] = [];
      const repo = pipeline.repo ?? null;
      results.forEach((r, i) => {
        const a = byId.get(r.assertion_id);
        if (!a)
          unknown.push({ path: `body.results.${i}.assertion_id`, message: `unknown assertion ${r.assertion_id}` });
        else if (a.repo !== null && a.repo !== repo)
          mismatched.push({
            path: `body.results.${i}.assertion_id`,
            message: `assertion ${r.assertion_id} belongs to repo ${a.repo}, not ${repo ?? '(none)'}`,
          });
      });
      if (unknown.length) {
        throw unprocessable('unknown_assertions', 'Some results name assertions this model does not have.', unknown);
      }
      if (mismatched.length) {
        throw unprocessable('repo_mismatch', 'Some results are for assertions of another repo.', mismatched);
      }

      const { verified, replay } = await attestSubmission(ctx, request, {
        workspaceId: request.access!.workspaceId,
        modelId: mid,
        signature,
        signedHash: signed_hash,
        oidcToken: oidc_token,
        results,
      });
      const { method, ...claims } = verified;
      const stored = await storeRun(
        ctx.db,
        {
          workspaceId: request.access!.workspaceId,
          modelId: mid,
          provider: pipeline.provider,
          pipelineRunId: pipeline.run_id,
          runUrl: pipeline.run_url ?? null,
          repo,
          commitSha: pipeline.commit_sha,
          branch: pipeline.branch ?? null,
          received: request.body,
          attestationMethod: method,
          attestation: claims,
          receivedAt: ctx.now(),
        },
        results.map((r) => ({
          assertionId: r.assertion_id,
          // a result applies to the content the CI verified; without a hash, to the content current on receipt
          contentHash: r.content_hash ?? byId.get(r.assertion_id)!.contentHash,
          tier: r.tier,
          result: r.result,
          details: r.details,
          evidence: r.evidence,
          reviewer: r.reviewer ?? null,
        })),
        await instanceSigner(ctx.config, ctx.db),
        // the token is spent with the run it attests: a run that fails to store leaves it usable for a retry
        replay ? (tx) => spendReplayClaim(tx, replay, ctx.now()) : undefined,
      );
      if (stored.replayed) return respond(stored.run);
      return respond(stored.run, { accepted: results.length, drift: await describeDrift(ctx.db, mid, stored.drift) });
    },
  );

  async function countResults(runId: string): Promise<number> {
    const [row] = await ctx.db
      .select({ n: count() })
      .from(verificationResults)
      .where(eq(verificationResults.runId, runId));
    return Number(row?.n ?? 0);
  }

  app.get(
    '/api/models/:mid/verification/runs',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['verification'],
        summary: 'Verification runs of a model, newest first, with result counts',
        params: modelParams,
        querystring: pageQuery,
        response: {
          200: z.object({ items: z.array(runSchema), next_cursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { mid } = request.params;
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor, 2);
      const rows = await ctx.db
        .select()
        .from(verificationRuns)
        .where(
          and(
            eq(verificationRuns.modelId, mid),
            after
              ? or(
                  lt(verificationRuns.receivedAt, new Date(String(after[0]))),
                  and(
                    eq(verificationRuns.receivedAt, new Date(String(after[0]))),
                    lt(verificationRuns.id, String(after[1])),
                  ),
                )
              : undefined,
          ),
        )
        .orderBy(desc(verificationRuns.receivedAt), desc(verificationRuns.id))
        .limit(limit + 1);
      const page = pageOf(rows, limit, (r) => [r.receivedAt.toISOString(), r.id]);
      const counts = page.items.length
        ? await ctx.db
            .select({ runId: verificationResults.runId, result: verificationResults.result, n: count() })
            .from(verificationResults)
            .where(
              inArray(
                verificationResults.runId,
                page.items.map((r) => r.id),
              ),
            )
            .groupBy(verificationResults.runId, verificationResults.result)
        : [];
      return { items: page.items.map((r) => runOut(r, counts)), next_cursor: page.next_cursor };
    },
  );

  app.get(
    '/api/models/:mid/verification/runs/:rid',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['verification'],
        summary:
          'One verification run with all its results, what the server verified about its origin (attestation) and its notarization record',
        params: runParams,
        response: {
          200: runSchema.extend({
            /** The verified facts: OIDC issuer and claims, or the ECDSA key fingerprint and signed hash. */
            attestation: z.looseObject({ method: z.enum(['oidc', 'ecdsa', 'none']) }),
            /** The instance's signature over the run and its link in the workspace's hash chain. */
            notarization: z.record(z.string(), z.unknown()).nullable(),
            results: z.array(
              z.object({
                assertion_id: z.string(),
                tier: z.number().int(),
                result: z.string(),
                details: z.string(),
                evidence: z.unknown().nullable(),
                reviewer: z.string().nullable(),
                content_hash: z.string(),
                repo: z.string().nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { mid, rid } = request.params;
      const [run] = await ctx.db
        .select()
        .from(verificationRuns)
        .where(and(eq(verificationRuns.modelId, mid), eq(verificationRuns.id, rid)));
      if (!run) throw notFound('Run');
      const results = await ctx.db
        .select()
        .from(verificationResults)
        .where(eq(verificationResults.runId, rid))
        .orderBy(asc(verificationResults.seq));
      const counts = Object.entries(
        results.reduce<Record<string, number>>((acc, r) => {
          acc[r.result] = (acc[r.result] ?? 0) + 1;
          return acc;
        }, {}),
      ).map(([result, n]) => ({ runId: rid, result, n }));
      return {
        ...runOut(run, counts),
        attestation: { ...(run.attestation as Record<string, unknown>), method: run.attestationMethod },
        notarization: (run.notarization as Record<string, unknown> | null) ?? null,
        results: results.map((r) => ({
          assertion_id: r.assertionId,
          tier: r.tier,
          result: r.result,
          details: r.details,
          evidence: r.evidence ?? null,
          reviewer: r.reviewer,
          content_hash: r.contentHash,
          repo: r.repo,
        })),
      };
    },
  );
};

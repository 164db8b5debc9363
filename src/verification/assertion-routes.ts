import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { actorOf, guard, modelParam } from '../auth/guard.js';
import { assertionHistory, assertions } from '../db/schema/index.js';
import { errorResponses, notFound } from '../http/errors.js';
import { decodeCursor, pageOf, pageQuery } from '../http/pagination.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { newId } from '../ids.js';
import { controlParams } from '../models/schemas.js';
import {
  assertionOut,
  deleteAssertion,
  findAssertion,
  insertAssertions,
  loadControlRef,
  updateAssertion,
} from './assertion-repository.js';
import {
  enqueueCoherenceRetries,
  evaluateSufficiency,
  judgeCoherence,
  prepareBatch,
  prepareParams,
} from './assertion-service.js';
import {
  ASSERTION_BATCH_LIMIT,
  assertionBatch,
  assertionParams,
  assertionPatch,
  assertionSchema,
  historyEntrySchema,
  sufficiencySchema,
} from './schemas.js';
import { storedSufficiency } from './sufficiency-repository.js';

export const assertionRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/api/models/:mid/controls/:cid/assertions',
    {
      onRequest: guard(ctx, 'assertions:write', modelParam()),
      schema: {
        tags: ['assertions'],
        summary: `Submit assertions for a control (at most ${ASSERTION_BATCH_LIMIT} per request; one invalid item refuses the whole batch, with every problem listed)`,
        params: controlParams,
        body: assertionBatch,
        response: {
          201: z.object({
            assertions: z.array(assertionSchema),
            coherence_warnings: z.array(z.object({ assertion_id: z.string(), reason: z.string() })),
            sufficiency: sufficiencySchema,
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { mid, cid } = request.params;
      const prepared = prepareBatch(request.body.assertions);
      const control = await loadControlRef(ctx.db, mid, cid);
      if (!control) throw notFound('Control');
      const workspaceId = request.access!.workspaceId;
      const coherence = await judgeCoherence(ctx, control, prepared, workspaceId);
      const rows = prepared.map((p, i) => ({
        id: newId('asrt'),
        modelId: mid,
        controlId: cid,
        type: p.type,
        params: p.params,
        description: p.description,
        repo: p.repo,
        contentHash: p.contentHash,
        coherenceStatus: coherence[i]!.status,
        coherenceReason: coherence[i]!.reason,
        coherenceEvaluator: coherence[i]!.evaluator,
        createdBy: actorOf(request.principal!),
      }));
      const inserted = await ctx.db.transaction((tx) =>
        insertAssertions(tx, rows, actorOf(request.principal!), ctx.now()),
      );
      await enqueueCoherenceRetries(
        ctx,
        rows.map((r, i) => ({ assertionId: r.id, retry: coherence[i]!.retry })),
      );
      const byId = new Map(inserted.map((a) => [a.id, a]));
      const out = rows.map((r) => assertionOut(byId.get(r.id)!));
      const sufficiency = await evaluateSufficiency(ctx, mid, cid, workspaceId);
      return reply.status(201).send({
        assertions: out,
        coherence_warnings: out
          .filter((a) => a.coherence.status === 'incoherent')
          .map((a) => ({ assertion_id: a.id, reason: a.coherence.reason })),
        sufficiency,
      });
    },
  );

  app.get(
    '/api/models/:mid/controls/:cid/assertions',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['assertions'],
        summary: 'Assertions of a control, in submission order',
        params: controlParams,
        querystring: pageQuery,
        response: {
          200: z.object({ items: z.array(assertionSchema), next_cursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { mid, cid } = request.params;
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor, 1);
      if (!(await loadControlRef(ctx.db, mid, cid))) throw notFound('Control');
      const rows = await ctx.db
        .select()
        .from(assertions)
        .where(
          and(
            eq(assertions.modelId, mid),
            eq(assertions.controlId, cid),
            after ? gt(assertions.seq, Number(after[0])) : undefined,
          ),
        )
        .orderBy(asc(assertions.seq))
        .limit(limit + 1);
      const page = pageOf(rows, limit, (a) => [a.seq]);
      return { items: page.items.map(assertionOut), next_cursor: page.next_cursor };
    },
  );

  app.patch(
    '/api/models/:mid/assertions/:aid',
    {
      onRequest: guard(ctx, 'assertions:write', modelParam()),
      schema: {
        tags: ['assertions'],
        summary:
          'Change an assertion’s params, description or repo; a content change makes it pending again (results apply to the content they verified)',
        params: assertionParams,
        body: assertionPatch,
        response: { 200: assertionSchema.extend({ sufficiency: sufficiencySchema }), ...errorResponses },
      },
    },
    async (request) => {
      const { mid, aid } = request.params;
      const body = request.body;
      const before = await findAssertion(ctx.db, mid, aid);
      if (!before) throw notFound('Assertion');
      const change: Partial<typeof assertions.$inferInsert> = {};
      if (body.params !== undefined) {
        const next = prepareParams(before.type, body.params);
        if (next.contentHash !== before.contentHash) Object.assign(change, next);
      }
      if (body.description !== undefined && body.description !== before.description)
        change.description = body.description;
      if (body.repo !== undefined && body.repo !== before.repo) change.repo = body.repo;
      if (Object.keys(change).length === 0) {
        return { ...assertionOut(before), sufficiency: await storedSufficiency(ctx.db, mid, before.controlId) };
      }
      let retryCoherence = false;
      if (change.params !== undefined || change.description !== undefined) {
        const control = await loadControlRef(ctx.db, mid, before.controlId);
        const [verdict] = await judgeCoherence(
          ctx,
          control ?? { id: before.controlId, description: '' },
          [
            {
              type: before.type,
              params: change.params ?? before.params,
              description: change.description ?? before.description,
            },
          ],
          request.access!.workspaceId,
        );
        retryCoherence = verdict!.retry;
        change.coherenceStatus = verdict!.status;
        change.coherenceReason = verdict!.reason;
        change.coherenceEvaluator = verdict!.evaluator;
      }
      const after = await ctx.db.transaction(async (tx) => {
        const locked = await findAssertion(tx, mid, aid, true);
        if (!locked) throw notFound('Assertion');
        return updateAssertion(tx, locked, change, actorOf(request.principal!), ctx.now());
      });
      await enqueueCoherenceRetries(ctx, [{ assertionId: after.id, retry: retryCoherence }]);
      const sufficiency =
        change.contentHash !== undefined || change.description !== undefined
          ? await evaluateSufficiency(ctx, mid, after.controlId, request.access!.workspaceId)
          : await storedSufficiency(ctx.db, mid, after.controlId);
      return { ...assertionOut(after), sufficiency };
    },
  );

  app.delete(
    '/api/models/:mid/assertions/:aid',
    {
      onRequest: guard(ctx, 'assertions:write', modelParam()),
      schema: {
        tags: ['assertions'],
        summary: 'Delete an assertion (its history and past results stay, for the audit trail)',
        params: assertionParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { mid, aid } = request.params;
      const controlId = await ctx.db.transaction(async (tx) => {
        const before = await findAssertion(tx, mid, aid, true);
        if (!before) throw notFound('Assertion');
        await deleteAssertion(tx, before, actorOf(request.principal!), ctx.now());
        return before.controlId;
      });
      await evaluateSufficiency(ctx, mid, controlId, request.access!.workspaceId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/models/:mid/assertions/:aid/history',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['assertions'],
        summary: 'Every change to an assertion, oldest first: who, when, before and after (also after deletion)',
        params: assertionParams,
        querystring: pageQuery,
        response: {
          200: z.object({ items: z.array(historyEntrySchema), next_cursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { mid, aid } = request.params;
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor, 1);
      const rows = await ctx.db
        .select()
        .from(assertionHistory)
        .where(
          and(
            eq(assertionHistory.modelId, mid),
            eq(assertionHistory.assertionId, aid),
            after ? gt(assertionHistory.seq, Number(after[0])) : undefined,
          ),
        )
        .orderBy(asc(assertionHistory.seq))
        .limit(limit + 1);
      if (rows.length === 0 && !after) throw notFound('Assertion');
      const page = pageOf(rows, limit, (h) => [h.seq]);
      return {
        items: page.items.map((h) => ({
          id: h.id,
          assertion_id: h.assertionId,
          action: h.action,
          actor: h.actor,
          before: h.before ?? null,
          after: h.after ?? null,
          at: h.at.toISOString(),
        })),
        next_cursor: page.next_cursor,
      };
    },
  );
};

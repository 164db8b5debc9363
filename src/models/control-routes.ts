import { and, asc, eq, exists, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { guard, modelParam, permits } from '../auth/guard.js';
import { assertions, controlObjectiveLinks, controls, threatModels } from '../db/schema/index.js';
import { badRequest, conflict, errorResponses, forbidden, notFound } from '../http/errors.js';
import { decodeCursor, pageOf, pageQuery } from '../http/pagination.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { verificationStatuses } from '../verification/status-repository.js';
import { controlOut, missingObjectives, nextControlId, nextPosition, objectiveLinks } from './repository.js';
import { controlInput, controlParams, controlSchema, description, modelParams, userIdSchema } from './schemas.js';

async function loadControl(ctx: Parameters<RoutePlugin>[1]['ctx'], modelId: string, controlId: string) {
  const [row] = await ctx.db
    .select()
    .from(controls)
    .where(and(eq(controls.modelId, modelId), eq(controls.id, controlId)));
  if (!row) return null;
  const links = await objectiveLinks(ctx.db, modelId, [controlId]);
  const statuses = await verificationStatuses(ctx.db, modelId, [controlId]);
  return controlOut(row, links.get(controlId) ?? [], statuses.get(controlId) ?? 'unverified');
}

export const controlRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/models/:mid/controls',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['controls'],
        summary: 'Controls of a model, filtered by implementation status or objective',
        params: modelParams,
        querystring: pageQuery.extend({
          status: z.enum(['implemented', 'not_implemented']).optional(),
          objective_id: z.string().max(64).optional(),
        }),
        response: {
          200: z.object({ items: z.array(controlSchema), next_cursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { mid } = request.params;
      const { status, objective_id, limit, cursor } = request.query;
      const after = decodeCursor(cursor, 1);
      const rows = await ctx.db
        .select()
        .from(controls)
        .where(
          and(
            eq(controls.modelId, mid),
            status ? eq(controls.implementationStatus, status) : undefined,
            objective_id
              ? exists(
                  ctx.db
                    .select({ one: sql`1` })
                    .from(controlObjectiveLinks)
                    .where(
                      and(
                        eq(controlObjectiveLinks.modelId, controls.modelId),
                        eq(controlObjectiveLinks.controlId, controls.id),
                        eq(controlObjectiveLinks.objectiveId, objective_id),
                      ),
                    ),
                )
              : undefined,
            after ? gt(controls.position, Number(after[0])) : undefined,
          ),
        )
        .orderBy(asc(controls.position))
        .limit(limit + 1);
      const page = pageOf(rows, limit, (c) => [c.position]);
      const links = await objectiveLinks(
        ctx.db,
        mid,
        page.items.map((c) => c.id),
      );
      const statuses = await verificationStatuses(
        ctx.db,
        mid,
        page.items.map((c) => c.id),
      );
      return {
        items: page.items.map((c) => controlOut(c, links.get(c.id) ?? [], statuses.get(c.id) ?? 'unverified')),
        next_cursor: page.next_cursor,
      };
    },
  );

  app.post(
    '/api/models/:mid/controls',
    {
      onRequest: guard(ctx, 'models:write', modelParam()),
      schema: {
        tags: ['controls'],
        summary: 'Add a control (id optional: the next free CTRL-NN)',
        params: modelParams,
        body: controlInput,
        response: { 201: controlSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { mid } = request.params;
      const body = request.body;
      const missing = await missingObjectives(ctx.db, mid, body.objective_ids);
      if (missing.length) {
        throw badRequest(
          'validation_error',
          'The request is not valid.',
          missing.map((id) => ({ path: 'body.objective_ids', message: `unknown objective id ${id}` })),
        );
      }
      const id = await ctx.db.transaction(async (tx) => {
        const controlId = body.id ?? (await nextControlId(tx, mid));
        const position = await nextPosition(tx, controls, mid);
        const inserted = await tx
          .insert(controls)
          .values({ modelId: mid, id: controlId, description: body.description, position })
          .onConflictDoNothing()
          .returning({ id: controls.id });
        if (inserted.length === 0) throw conflict('duplicate_id', `Control ${controlId} already exists in this model.`);
        const objectiveIds = [...new Set(body.objective_ids)];
        if (objectiveIds.length) {
          await tx
            .insert(controlObjectiveLinks)
            .values(objectiveIds.map((objectiveId) => ({ modelId: mid, controlId, objectiveId })));
        }
        await tx.update(threatModels).set({ updatedAt: ctx.now() }).where(eq(threatModels.id, mid));
        return controlId;
      });
      return reply.status(201).send((await loadControl(ctx, mid, id))!);
    },
  );

  app.get(
    '/api/models/:mid/controls/:cid',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['controls'],
        summary: 'One control',
        params: controlParams,
        response: { 200: controlSchema, ...errorResponses },
      },
    },
    async (request) => {
      const control = await loadControl(ctx, request.params.mid, request.params.cid);
      if (!control) throw notFound('Control');
      return control;
    },
  );

  app.patch(
    '/api/models/:mid/controls/:cid',
    {
      onRequest: guard(ctx, 'controls:status', modelParam()),
      schema: {
        tags: ['controls'],
        summary:
          'Set a control’s implementation status and notes (marking it implemented needs at least one assertion: 409 no_assertions); members may also change its description and objectives',
        params: controlParams,
        body: z
          .strictObject({
            status: z.enum(['implemented', 'not_implemented'], {
              error: 'status must be "implemented" or "not_implemented"',
            }),
            implementation_notes: z.string().max(20_000),
            description,
            objective_ids: z.array(userIdSchema('objective id')).max(100),
          })
          .partial(),
        response: { 200: controlSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { mid, cid } = request.params;
      const body = request.body;
      if (
        (body.description !== undefined || body.objective_ids !== undefined) &&
        !permits(request.access!, 'models:write')
      ) {
        throw forbidden(
          'Changing a control’s description or objectives needs the "models:write" permission; use refine.',
        );
      }
      if (body.objective_ids) {
        const missing = await missingObjectives(ctx.db, mid, body.objective_ids);
        if (missing.length) {
          throw badRequest(
            'validation_error',
            'The request is not valid.',
            missing.map((id) => ({ path: 'body.objective_ids', message: `unknown objective id ${id}` })),
          );
        }
      }
      await ctx.db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(controls)
          .where(and(eq(controls.modelId, mid), eq(controls.id, cid)))
          .for('update');
        if (!current) throw notFound('Control');
        if (body.status === 'implemented') {
          const [row] = await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(assertions)
            .where(and(eq(assertions.modelId, mid), eq(assertions.controlId, cid)));
          if (!row || row.n === 0) {
            throw conflict(
              'no_assertions',
              `Control ${cid} has no assertions; submit evidence before marking it implemented.`,
            );
          }
        }
        await tx
          .update(controls)
          .set({
            ...(body.status === undefined ? {} : { implementationStatus: body.status }),
            ...(body.implementation_notes === undefined ? {} : { implementationNotes: body.implementation_notes }),
            ...(body.description === undefined ? {} : { description: body.description }),
            updatedAt: ctx.now(),
          })
          .where(and(eq(controls.modelId, mid), eq(controls.id, cid)));
        if (body.objective_ids) {
          await tx
            .delete(controlObjectiveLinks)
            .where(and(eq(controlObjectiveLinks.modelId, mid), eq(controlObjectiveLinks.controlId, cid)));
          const ids = [...new Set(body.objective_ids)];
          if (ids.length) {
            await tx
              .insert(controlObjectiveLinks)
              .values(ids.map((objectiveId) => ({ modelId: mid, controlId: cid, objectiveId })));
          }
        }
      });
      return (await loadControl(ctx, mid, cid))!;
    },
  );

  app.delete(
    '/api/models/:mid/controls/:cid',
    {
      onRequest: guard(ctx, 'models:write', modelParam()),
      schema: {
        tags: ['controls'],
        summary: 'Delete a control with its assertions',
        params: controlParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const deleted = await ctx.db
        .delete(controls)
        .where(and(eq(controls.modelId, request.params.mid), eq(controls.id, request.params.cid)))
        .returning({ id: controls.id });
      if (deleted.length === 0) throw notFound('Control');
      return reply.status(204).send(null);
    },
  );
};

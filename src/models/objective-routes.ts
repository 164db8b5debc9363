import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { guard, modelParam } from '../auth/guard.js';
import { controlObjectives } from '../db/schema/index.js';
import { conflict, errorResponses, notFound } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { nextPosition } from './repository.js';
import { description, modelParams, objectiveInput, objectiveParams, objectiveSchema } from './schemas.js';

export const objectiveRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/models/:mid/objectives',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['objectives'],
        summary: 'Control objectives of a model',
        params: modelParams,
        response: { 200: z.object({ items: z.array(objectiveSchema), next_cursor: z.null() }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await ctx.db
        .select()
        .from(controlObjectives)
        .where(eq(controlObjectives.modelId, request.params.mid))
        .orderBy(asc(controlObjectives.position));
      return { items: rows.map((o) => ({ id: o.id, description: o.description })), next_cursor: null };
    },
  );

  app.post(
    '/api/models/:mid/objectives',
    {
      onRequest: guard(ctx, 'models:write', modelParam()),
      schema: {
        tags: ['objectives'],
        summary: 'Add a control objective',
        params: modelParams,
        body: objectiveInput,
        response: { 201: objectiveSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { mid } = request.params;
      const inserted = await ctx.db.transaction(async (tx) => {
        const position = await nextPosition(tx, controlObjectives, mid);
        return tx
          .insert(controlObjectives)
          .values({ modelId: mid, id: request.body.id, description: request.body.description, position })
          .onConflictDoNothing()
          .returning();
      });
      if (inserted.length === 0)
        throw conflict('duplicate_id', `Objective ${request.body.id} already exists in this model.`);
      return reply.status(201).send({ id: inserted[0]!.id, description: inserted[0]!.description });
    },
  );

  app.get(
    '/api/models/:mid/objectives/:oid',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['objectives'],
        summary: 'One control objective',
        params: objectiveParams,
        response: { 200: objectiveSchema, ...errorResponses },
      },
    },
    async (request) => {
      const [row] = await ctx.db
        .select()
        .from(controlObjectives)
        .where(and(eq(controlObjectives.modelId, request.params.mid), eq(controlObjectives.id, request.params.oid)));
      if (!row) throw notFound('Objective');
      return { id: row.id, description: row.description };
    },
  );

  app.patch(
    '/api/models/:mid/objectives/:oid',
    {
      onRequest: guard(ctx, 'models:write', modelParam()),
      schema: {
        tags: ['objectives'],
        summary: 'Change a control objective’s description',
        params: objectiveParams,
        body: z.strictObject({ description }),
        response: { 200: objectiveSchema, ...errorResponses },
      },
    },
    async (request) => {
      const [row] = await ctx.db
        .update(controlObjectives)
        .set({ description: request.body.description, updatedAt: ctx.now() })
        .where(and(eq(controlObjectives.modelId, request.params.mid), eq(controlObjectives.id, request.params.oid)))
        .returning();
      if (!row) throw notFound('Objective');
      return { id: row.id, description: row.description };
    },
  );

  app.delete(
    '/api/models/:mid/objectives/:oid',
    {
      onRequest: guard(ctx, 'models:write', modelParam()),
      schema: {
        tags: ['objectives'],
        summary: 'Delete a control objective (controls stay; their link to it goes)',
        params: objectiveParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const deleted = await ctx.db
        .delete(controlObjectives)
        .where(and(eq(controlObjectives.modelId, request.params.mid), eq(controlObjectives.id, request.params.oid)))
        .returning({ id: controlObjectives.id });
      if (deleted.length === 0) throw notFound('Objective');
      return reply.status(204).send(null);
    },
  );
};

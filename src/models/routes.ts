import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { authenticate, authenticated, guard, modelParam, requireWorkspaceAccess } from '../auth/guard.js';
import { controlObjectiveLinks, controlObjectives, controls, memberships, threatModels } from '../db/schema/index.js';
import { badRequest, errorResponses, notFound } from '../http/errors.js';
import { decodeCursor, pageOf, pageQuery } from '../http/pagination.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { newId } from '../ids.js';
import { objectiveRoutes } from './objective-routes.js';
import { loadModel, modelSummaryOut } from './repository.js';
import { modelInput, modelParams, modelSchema, modelSummarySchema } from './schemas.js';

/** Ids must be unique and references must resolve; every problem is reported at once with its path. */
function validateImport(body: z.infer<typeof modelInput>) {
  const problems: { path: string; message: string }[] = [];
  const objectiveIds = new Set<string>();
  body.control_objectives.forEach((o, i) => {
    if (objectiveIds.has(o.id))
      problems.push({ path: `body.control_objectives.${i}.id`, message: `duplicate objective id ${o.id}` });
    objectiveIds.add(o.id);
  });
  const controlIds = new Set<string>();
  body.controls.forEach((c, i) => {
    if (c.id !== undefined) {
      if (controlIds.has(c.id))
        problems.push({ path: `body.controls.${i}.id`, message: `duplicate control id ${c.id}` });
      controlIds.add(c.id);
    }
    c.objective_ids.forEach((oid, j) => {
      if (!objectiveIds.has(oid)) {
        problems.push({ path: `body.controls.${i}.objective_ids.${j}`, message: `unknown objective id ${oid}` });
      }
    });
  });
  if (problems.length) throw badRequest('validation_error', 'The request is not valid.', problems);
  // controls without an id get the next free CTRL-NN
  let n = 0;
  return body.controls.map((c) => {
    if (c.id !== undefined) return { ...c, id: c.id };
    let id: string;
    do id = `CTRL-${String(++n).padStart(2, '0')}`;
    while (controlIds.has(id));
    controlIds.add(id);
    return { ...c, id };
  });
}

export const modelRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/api/models',
    {
      onRequest: authenticated(ctx),
      schema: {
        tags: ['models'],
        summary: 'Create a threat model, with its control objectives and controls, in one request',
        body: modelInput,
        response: { 201: modelSchema, ...errorResponses },
      },
      preHandler: async (request) => {
        await requireWorkspaceAccess(ctx, request, request.body.workspace_id, 'models:write');
      },
    },
    async (request, reply) => {
      const body = request.body;
      const controlsWithIds = validateImport(body);
      const id = newId('mdl');
      const createdBy = request.principal?.kind === 'user' ? request.principal.userId : null;
      await ctx.db.transaction(async (tx) => {
        await tx
          .insert(threatModels)
          .values({ id, workspaceId: body.workspace_id, title: body.title, description: body.description, createdBy });
        if (body.control_objectives.length) {
          await tx.insert(controlObjectives).values(
            body.control_objectives.map((o, position) => ({
              modelId: id,
              id: o.id,
              description: o.description,
              position,
            })),
          );
        }
        if (controlsWithIds.length) {
          await tx
            .insert(controls)
            .values(
              controlsWithIds.map((c, position) => ({ modelId: id, id: c.id, description: c.description, position })),
            );
          const links = controlsWithIds.flatMap((c) =>
            [...new Set(c.objective_ids)].map((objectiveId) => ({ modelId: id, controlId: c.id, objectiveId })),
          );
          if (links.length) await tx.insert(controlObjectiveLinks).values(links);
        }
      });
      return reply.status(201).send((await loadModel(ctx.db, id))!);
    },
  );

  app.get(
    '/api/models',
    {
      onRequest: authenticated(ctx),
      schema: {
        tags: ['models'],
        summary: 'Models the caller can read, optionally in one workspace',
        querystring: pageQuery.extend({ workspace_id: z.string().max(64).optional() }),
        response: {
          200: z.object({ items: z.array(modelSummarySchema), next_cursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { workspace_id, limit, cursor } = request.query;
      const principal = await authenticate(ctx, request);
      let workspaceIds: string[];
      if (workspace_id) {
        await requireWorkspaceAccess(ctx, request, workspace_id, 'models:read');
        workspaceIds = [workspace_id];
      } else if (principal.kind !== 'user') {
        workspaceIds = [principal.workspaceId];
      } else {
        const rows = await ctx.db
          .select({ id: memberships.workspaceId })
          .from(memberships)
          .where(eq(memberships.userId, principal.userId));
        workspaceIds = rows.map((r) => r.id);
      }
      if (workspaceIds.length === 0) return { items: [], next_cursor: null };
      const after = decodeCursor(cursor, 2);
      const rows = await ctx.db
        .select()
        .from(threatModels)
        .where(
          and(
            inArray(threatModels.workspaceId, workspaceIds),
            after
              ? or(
                  gt(threatModels.createdAt, new Date(String(after[0]))),
                  and(eq(threatModels.createdAt, new Date(String(after[0]))), gt(threatModels.id, String(after[1]))),
                )
              : undefined,
          ),
        )
        .orderBy(asc(threatModels.createdAt), asc(threatModels.id))
        .limit(limit + 1);
      const page = pageOf(rows, limit, (m) => [m.createdAt.toISOString(), m.id]);
      return { items: page.items.map(modelSummaryOut), next_cursor: page.next_cursor };
    },
  );

  app.get(
    '/api/models/:mid',
    {
      onRequest: guard(ctx, 'models:read', modelParam()),
      schema: {
        tags: ['models'],
        summary: 'A model with its objectives and controls',
        params: modelParams,
        response: { 200: modelSchema, ...errorResponses },
      },
    },
    async (request) => {
      const model = await loadModel(ctx.db, request.params.mid);
      if (!model) throw notFound('Model');
      return model;
    },
  );

  app.patch(
    '/api/models/:mid',
    {
      onRequest: guard(ctx, 'models:write', modelParam()),
      schema: {
        tags: ['models'],
        summary: 'Change a model’s title or description',
        params: modelParams,
        body: z
          .strictObject({
            title: z.string().trim().min(1, 'title must not be empty').max(500),
            description: z.string().max(20_000),
          })
          .partial(),
        response: { 200: modelSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { title, description } = request.body;
      await ctx.db
        .update(threatModels)
        .set({
          ...(title === undefined ? {} : { title }),
          ...(description === undefined ? {} : { description }),
          updatedAt: ctx.now(),
        })
        .where(eq(threatModels.id, request.params.mid));
      return (await loadModel(ctx.db, request.params.mid))!;
    },
  );

  app.delete(
    '/api/models/:mid',
    {
      onRequest: guard(ctx, 'models:write', modelParam()),
      schema: {
        tags: ['models'],
        summary: 'Delete a model with everything in it',
        params: modelParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await ctx.db.delete(threatModels).where(eq(threatModels.id, request.params.mid));
      return reply.status(204).send(null);
    },
  );

  await app.register(objectiveRoutes, { ctx });
};

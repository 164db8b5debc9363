import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { generateApiKey } from '../auth/api-keys.js';
import { guard, userGuard, workspaceParam } from '../auth/guard.js';
import { apiKeys, memberships, workspaceSettings, workspaces } from '../db/schema/index.js';
import { errorResponses, notFound } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { newId } from '../ids.js';
import { memberRoutes } from './members.js';
import { settingsRoutes } from './settings.js';

const workspaceSchema = z.object({ id: z.string(), name: z.string(), role: z.string(), created_at: z.string() });
const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['developer', 'verifier']),
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});
const wid = z.object({ wid: z.string().max(64) });

export const workspaceRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/workspaces',
    {
      onRequest: userGuard(ctx),
      schema: {
        tags: ['workspaces'],
        summary: 'Workspaces the signed-in user belongs to',
        response: { 200: z.object({ items: z.array(workspaceSchema), next_cursor: z.null() }), ...errorResponses },
      },
    },
    async (request) => {
      const userId = request.principal?.kind === 'user' ? request.principal.userId : '';
      const rows = await ctx.db
        .select({ id: workspaces.id, name: workspaces.name, role: memberships.role, createdAt: workspaces.createdAt })
        .from(memberships)
        .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(workspaces.createdAt), asc(workspaces.id));
      return {
        items: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, created_at: r.createdAt.toISOString() })),
        next_cursor: null,
      };
    },
  );

  app.post(
    '/api/workspaces',
    {
      onRequest: userGuard(ctx),
      schema: {
        tags: ['workspaces'],
        summary: 'Create a workspace; the caller becomes its owner',
        body: z.strictObject({ name: z.string().trim().min(1, 'name must not be empty').max(200) }),
        response: { 201: workspaceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const userId = request.principal?.kind === 'user' ? request.principal.userId : '';
      const id = newId('ws');
      const row = await ctx.db.transaction(async (tx) => {
        const [ws] = await tx.insert(workspaces).values({ id, name: request.body.name }).returning();
        await tx.insert(workspaceSettings).values({ workspaceId: id });
        await tx.insert(memberships).values({ workspaceId: id, userId, role: 'owner' });
        return ws!;
      });
      return reply
        .status(201)
        .send({ id: row.id, name: row.name, role: 'owner', created_at: row.createdAt.toISOString() });
    },
  );

  app.get(
    '/api/workspaces/:wid/api-keys',
    {
      onRequest: guard(ctx, 'keys:manage', workspaceParam()),
      schema: {
        tags: ['api-keys'],
        summary: 'Active API keys of a workspace (never the keys themselves)',
        params: wid,
        response: { 200: z.object({ items: z.array(apiKeySchema), next_cursor: z.null() }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await ctx.db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.workspaceId, request.params.wid), isNull(apiKeys.revokedAt)))
        .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
      return {
        items: rows.map((k) => ({
          id: k.id,
          name: k.name,
          scope: k.scope,
          prefix: k.prefix,
          created_at: k.createdAt.toISOString(),
          last_used_at: k.lastUsedAt?.toISOString() ?? null,
        })),
        next_cursor: null,
      };
    },
  );

  app.post(
    '/api/workspaces/:wid/api-keys',
    {
      onRequest: guard(ctx, 'keys:manage', workspaceParam()),
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key: developer (mk_) or verifier (mv_). The key is shown once.',
        params: wid,
        body: z.strictObject({
          name: z.string().trim().min(1, 'name must not be empty').max(200),
          scope: z.enum(['developer', 'verifier'], { error: 'scope must be "developer" or "verifier"' }),
        }),
        response: { 201: apiKeySchema.extend({ key: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { key, prefix, hash } = generateApiKey(request.body.scope);
      const createdBy = request.principal?.kind === 'user' ? request.principal.userId : null;
      const [row] = await ctx.db
        .insert(apiKeys)
        .values({
          id: newId('key'),
          workspaceId: request.params.wid,
          name: request.body.name,
          scope: request.body.scope,
          prefix,
          keyHash: hash,
          createdBy,
        })
        .returning();
      return reply.status(201).send({
        id: row!.id,
        name: row!.name,
        scope: row!.scope,
        prefix,
        key,
        created_at: row!.createdAt.toISOString(),
        last_used_at: null,
      });
    },
  );

  app.delete(
    '/api/workspaces/:wid/api-keys/:kid',
    {
      onRequest: guard(ctx, 'keys:manage', workspaceParam()),
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key (it stops working at once)',
        params: wid.extend({ kid: z.string().max(64) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const revoked = await ctx.db
        .update(apiKeys)
        .set({ revokedAt: ctx.now() })
        .where(
          and(
            eq(apiKeys.id, request.params.kid),
            eq(apiKeys.workspaceId, request.params.wid),
            isNull(apiKeys.revokedAt),
          ),
        )
        .returning({ id: apiKeys.id });
      if (revoked.length === 0) throw notFound('API key');
      return reply.status(204).send(null);
    },
  );

  await app.register(memberRoutes, { ctx });
  await app.register(settingsRoutes, { ctx });
};

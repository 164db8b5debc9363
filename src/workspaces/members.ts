import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashApiKey } from '../auth/api-keys.js';
import { guard, workspaceParam } from '../auth/guard.js';
import type { Role } from '../auth/permissions.js';
import type { DbOrTx } from '../db/client.js';
import { invitations, memberships, users } from '../db/schema/index.js';
import { conflict, errorResponses, forbidden, notFound } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { newId } from '../ids.js';

const INVITE_TTL_DAYS = 7;
const role = z.enum(['owner', 'admin', 'member', 'auditor'], {
  error: 'role must be one of owner, admin, member, auditor',
});
const memberSchema = z.object({
  user_id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  created_at: z.string(),
});
const params = z.object({ wid: z.string().max(64) });
const memberParams = params.extend({ uid: z.string().max(64) });

async function ownerCount(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

/** Only an owner may make or unmake an owner; admins manage everyone else. */
function assertMayAssign(callerRole: Role | null, from: Role | null, to: Role | null): void {
  if ((from === 'owner' || to === 'owner') && callerRole !== 'owner') {
    throw forbidden('Only an owner can grant or remove the owner role.', 'owner_required');
  }
}

export const memberRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/workspaces/:wid/members',
    {
      onRequest: guard(ctx, 'members:read', workspaceParam()),
      schema: {
        tags: ['members'],
        summary: 'Members of a workspace',
        params,
        response: { 200: z.object({ items: z.array(memberSchema), next_cursor: z.null() }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await ctx.db
        .select({
          user_id: users.id,
          email: users.email,
          name: users.name,
          role: memberships.role,
          createdAt: memberships.createdAt,
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.workspaceId, request.params.wid))
        .orderBy(asc(memberships.createdAt), asc(users.id));
      return {
        items: rows.map(({ createdAt, ...r }) => ({ ...r, created_at: createdAt.toISOString() })),
        next_cursor: null,
      };
    },
  );

  app.post(
    '/api/workspaces/:wid/members',
    {
      onRequest: guard(ctx, 'members:manage', workspaceParam()),
      schema: {
        tags: ['members'],
        summary:
          'Add a member by email. An existing account joins at once; otherwise an invitation token is returned (shown once) for POST /api/auth/accept-invite.',
        params,
        body: z.strictObject({ email: z.string().trim().toLowerCase().pipe(z.email()), role }),
        response: {
          201: z.union([
            memberSchema.extend({ status: z.literal('added') }),
            z.object({
              status: z.literal('invited'),
              email: z.string(),
              role,
              invite_token: z.string(),
              expires_at: z.string(),
            }),
          ]),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { wid } = request.params;
      assertMayAssign(request.access?.role ?? null, null, request.body.role);
      const [user] = await ctx.db.select().from(users).where(eq(users.email, request.body.email)).limit(1);
      if (user) {
        const inserted = await ctx.db
          .insert(memberships)
          .values({ workspaceId: wid, userId: user.id, role: request.body.role })
          .onConflictDoNothing()
          .returning();
        if (inserted.length === 0) throw conflict('already_member', 'That person is already a member.');
        return reply.status(201).send({
          status: 'added' as const,
          user_id: user.id,
          email: user.email,
          name: user.name,
          role: request.body.role,
          created_at: inserted[0]!.createdAt.toISOString(),
        });
      }
      const token = `inv_${randomBytes(24).toString('base64url')}`;
      const expiresAt = new Date(ctx.now().getTime() + INVITE_TTL_DAYS * 86_400_000);
      await ctx.db.insert(invitations).values({
        id: newId('inv'),
        workspaceId: wid,
        email: request.body.email,
        role: request.body.role,
        tokenHash: hashApiKey(token),
        invitedBy: request.principal?.kind === 'user' ? request.principal.userId : null,
        expiresAt,
      });
      return reply.status(201).send({
        status: 'invited' as const,
        email: request.body.email,
        role: request.body.role,
        invite_token: token,
        expires_at: expiresAt.toISOString(),
      });
    },
  );

  app.patch(
    '/api/workspaces/:wid/members/:uid',
    {
      onRequest: guard(ctx, 'members:manage', workspaceParam()),
      schema: {
        tags: ['members'],
        summary: 'Change a member’s role',
        params: memberParams,
        body: z.strictObject({ role }),
        response: { 200: memberSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { wid, uid } = request.params;
      const updated = await ctx.db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(memberships)
          .where(and(eq(memberships.workspaceId, wid), eq(memberships.userId, uid)))
          .for('update');
        if (!current) throw notFound('Member');
        assertMayAssign(request.access?.role ?? null, current.role, request.body.role);
        if (current.role === 'owner' && request.body.role !== 'owner' && (await ownerCount(tx, wid)) <= 1) {
          throw conflict('last_owner', 'A workspace needs at least one owner.');
        }
        const [row] = await tx
          .update(memberships)
          .set({ role: request.body.role })
          .where(and(eq(memberships.workspaceId, wid), eq(memberships.userId, uid)))
          .returning();
        const [user] = await tx.select().from(users).where(eq(users.id, uid));
        return { row: row!, user: user! };
      });
      return {
        user_id: updated.user.id,
        email: updated.user.email,
        name: updated.user.name,
        role: updated.row.role,
        created_at: updated.row.createdAt.toISOString(),
      };
    },
  );

  app.delete(
    '/api/workspaces/:wid/members/:uid',
    {
      onRequest: guard(ctx, 'members:manage', workspaceParam()),
      schema: {
        tags: ['members'],
        summary: 'Remove a member from the workspace',
        params: memberParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { wid, uid } = request.params;
      await ctx.db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(memberships)
          .where(and(eq(memberships.workspaceId, wid), eq(memberships.userId, uid)))
          .for('update');
        if (!current) throw notFound('Member');
        assertMayAssign(request.access?.role ?? null, current.role, null);
        if (current.role === 'owner' && (await ownerCount(tx, wid)) <= 1) {
          throw conflict('last_owner', 'A workspace needs at least one owner.');
        }
        await tx.delete(memberships).where(and(eq(memberships.workspaceId, wid), eq(memberships.userId, uid)));
      });
      return reply.status(204).send(null);
    },
  );
};

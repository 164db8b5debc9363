import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { invitations, memberships, sessions, users, workspaceSettings, workspaces } from '../db/schema/index.js';
import { conflict, errorResponses, unauthorized } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { newId } from '../ids.js';
import { hashApiKey } from './api-keys.js';
import { authenticate, SESSION_COOKIE, userGuard } from './guard.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'email must be a valid email address' }))
  .describe('Email address (case-insensitive)');
const password = z
  .string()
  .min(12, 'password must be at least 12 characters')
  .max(256, 'password must be at most 256 characters');
const personName = z.string().trim().min(1, 'name must not be empty').max(200);

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  is_instance_admin: z.boolean(),
  created_at: z.string(),
});

type UserRow = typeof users.$inferSelect;
export const userOut = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  is_instance_admin: u.isInstanceAdmin,
  created_at: u.createdAt.toISOString(),
});

const workspaceOut = z.object({ id: z.string(), name: z.string(), role: z.string() });

async function startSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, userId: string) {
  const sid = newId('ses', 24);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlSeconds * 1000);
  await ctx.db.insert(sessions).values({ id: sid, userId, createdAt: now, expiresAt });
  const token = request.server.jwt.sign({ sid }, { expiresIn: ctx.config.sessionTtlSeconds });
  const secure = ctx.config.secureCookies === 'auto' ? request.protocol === 'https' : ctx.config.secureCookies;
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: ctx.config.sessionTtlSeconds,
  });
}

export const authRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/auth/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether first-run setup is still open (no user exists yet)',
        security: [],
        response: { 200: z.object({ setup_required: z.boolean() }) },
      },
    },
    async () => {
      const [existing] = await ctx.db.select({ id: users.id }).from(users).limit(1);
      return { setup_required: !existing };
    },
  );

  app.post(
    '/api/auth/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create the first user and their workspace (only while no user exists)',
        security: [],
        body: z.strictObject({ email, password, name: personName, workspace_name: personName.optional() }),
        response: { 201: z.object({ user: userSchema, workspace: workspaceOut }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const passwordHash = await hashPassword(body.password);
      const created = await ctx.db.transaction(async (tx) => {
        // one setup at a time, even with several instances on one PostgreSQL
        await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
        const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
        if (existing) return null;
        const [user] = await tx
          .insert(users)
          .values({ id: newId('usr'), email: body.email, name: body.name, passwordHash, isInstanceAdmin: true })
          .returning();
        const workspaceId = newId('ws');
        const workspaceName = body.workspace_name ?? `${body.name}'s workspace`;
        await tx.insert(workspaces).values({ id: workspaceId, name: workspaceName });
        await tx.insert(workspaceSettings).values({ workspaceId });
        await tx.insert(memberships).values({ workspaceId, userId: user!.id, role: 'owner' });
        return { user: user!, workspace: { id: workspaceId, name: workspaceName, role: 'owner' } };
      });
      if (!created) throw conflict('setup_done', 'Setup is already complete; log in instead.');
      await startSession(ctx, request, reply, created.user.id);
      return reply.status(201).send({ user: userOut(created.user), workspace: created.workspace });
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets an httpOnly SameSite=Strict session cookie',
        security: [],
        body: z.strictObject({ email, password: z.string().min(1).max(256) }),
        response: { 200: z.object({ user: userSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const [user] = await ctx.db.select().from(users).where(eq(users.email, request.body.email)).limit(1);
      // Compare against a decoy when there is no such user, so response time does not reveal registered emails.
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? (await decoyHash()));
      if (!user?.passwordHash || !ok) throw unauthorized('Wrong email or password.', 'invalid_login');
      await startSession(ctx, request, reply, user.id);
      return { user: userOut(user) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      let principal: Awaited<ReturnType<typeof authenticate>> | undefined;
      try {
        principal = await authenticate(ctx, request);
      } catch {
        // logging out without a valid session still clears the cookie
      }
      if (principal?.kind === 'user') {
        await ctx.db.update(sessions).set({ revokedAt: ctx.now() }).where(eq(sessions.id, principal.sessionId));
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      onRequest: userGuard(ctx),
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and their workspaces',
        response: { 200: z.object({ user: userSchema, workspaces: z.array(workspaceOut) }), ...errorResponses },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') throw unauthorized();
      const [user] = await ctx.db.select().from(users).where(eq(users.id, principal.userId));
      const rows = await ctx.db
        .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
        .from(memberships)
        .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
        .where(eq(memberships.userId, principal.userId))
        .orderBy(workspaces.createdAt, workspaces.id);
      return { user: userOut(user!), workspaces: rows };
    },
  );

  app.post(
    '/api/auth/accept-invite',
    {
      config: { rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Create an account from an invitation token and join its workspace',
        security: [],
        body: z.strictObject({ token: z.string().min(1).max(200), name: personName, password }),
        response: { 201: z.object({ user: userSchema, workspace: workspaceOut }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const passwordHash = await hashPassword(request.body.password);
      const result = await ctx.db.transaction(async (tx) => {
        const [invite] = await tx
          .select()
          .from(invitations)
          .where(
            and(
              eq(invitations.tokenHash, hashApiKey(request.body.token)),
              isNull(invitations.acceptedAt),
              gt(invitations.expiresAt, ctx.now()),
            ),
          )
          .limit(1);
        if (!invite) return null;
        const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invite.email));
        if (existing) return 'exists' as const;
        const [user] = await tx
          .insert(users)
          .values({ id: newId('usr'), email: invite.email, name: request.body.name, passwordHash })
          .returning();
        await tx.insert(memberships).values({ workspaceId: invite.workspaceId, userId: user!.id, role: invite.role });
        await tx.update(invitations).set({ acceptedAt: ctx.now() }).where(eq(invitations.id, invite.id));
        const [ws] = await tx.select().from(workspaces).where(eq(workspaces.id, invite.workspaceId));
        return { user: user!, workspace: { id: ws!.id, name: ws!.name, role: invite.role } };
      });
      if (result === null) throw unauthorized('The invitation is not valid or has expired.', 'invalid_invitation');
      if (result === 'exists') throw conflict('account_exists', 'An account with this email exists; log in instead.');
      await startSession(ctx, request, reply, result.user.id);
      return reply.status(201).send({ user: userOut(result.user), workspace: result.workspace });
    },
  );
};

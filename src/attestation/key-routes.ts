import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { guard, workspaceParam } from '../auth/guard.js';
import { signingKeys, workspaces } from '../db/schema/index.js';
import { errorResponses } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { newId } from '../ids.js';
import { parseWorkspacePublicKey } from './keys.js';

const params = z.object({ wid: z.string().max(64) });

/** The workspace's CI signing key (api.md): upload rotates, the history is kept forever so old runs stay verifiable. */
export const signingKeyRoutes: RoutePlugin = async (app, { ctx }) => {
  app.put(
    '/api/workspaces/:wid/signing-key',
    {
      onRequest: guard(ctx, 'settings:write', workspaceParam()),
      schema: {
        tags: ['settings'],
        summary: 'Upload the workspace’s ECDSA P-256 public key (PEM SPKI) for CI; the previous key is revoked',
        params,
        body: z.strictObject({ public_key_pem: z.string().min(1).max(10_000) }),
        response: {
          200: z.object({ fingerprint: z.string(), status: z.literal('configured') }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { wid } = request.params;
      const parsed = parseWorkspacePublicKey(request.body.public_key_pem);
      await ctx.db.transaction(async (tx) => {
        // one upload at a time per workspace, so exactly one key is ever current
        await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, wid)).for('update');
        const now = ctx.now();
        await tx
          .update(signingKeys)
          .set({ revokedAt: now })
          .where(and(eq(signingKeys.workspaceId, wid), isNull(signingKeys.revokedAt)));
        await tx.insert(signingKeys).values({
          id: newId('sk'),
          workspaceId: wid,
          fingerprint: parsed.fingerprint,
          publicKeyPem: parsed.pem,
          createdAt: now,
        });
      });
      return { fingerprint: parsed.fingerprint, status: 'configured' as const };
    },
  );

  app.get(
    '/api/workspaces/:wid/signing-keys',
    {
      onRequest: guard(ctx, 'settings:read', workspaceParam()),
      schema: {
        tags: ['settings'],
        summary: 'The workspace’s CI signing keys, oldest first, with their validity windows',
        params,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                fingerprint: z.string(),
                pem: z.string(),
                created_at: z.string(),
                revoked_at: z.string().nullable(),
                current: z.boolean(),
              }),
            ),
            /** The history is short (one key per rotation), so it is always one page. */
            next_cursor: z.null(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const rows = await ctx.db
        .select()
        .from(signingKeys)
        .where(eq(signingKeys.workspaceId, request.params.wid))
        .orderBy(asc(signingKeys.createdAt), asc(signingKeys.id));
      return {
        items: rows.map((r) => ({
          fingerprint: r.fingerprint,
          pem: r.publicKeyPem,
          created_at: r.createdAt.toISOString(),
          revoked_at: r.revokedAt?.toISOString() ?? null,
          current: r.revokedAt === null,
        })),
        next_cursor: null,
      };
    },
  );
};

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isAllowedAudienceSetting } from '../attestation/audience.js';
import { guard, workspaceParam } from '../auth/guard.js';
import { workspaceSettings } from '../db/schema/index.js';
import { badRequest, errorResponses } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';

const settingsSchema = z.object({
  require_ci_attestation: z.boolean(),
  trusted_oidc_issuers: z.array(z.string()),
  required_oidc_claims: z.record(z.string(), z.string()),
  oidc_audience: z.string(),
  review_after_days: z.number().int(),
  updated_at: z.string(),
});

const patchSchema = z
  .strictObject({
    require_ci_attestation: z.boolean(),
    trusted_oidc_issuers: z.array(z.string().url('each trusted OIDC issuer must be a URL').max(500)).max(20),
    required_oidc_claims: z
      .record(z.string().min(1).max(100), z.string().max(500))
      .refine((r) => Object.keys(r).length <= 20, 'at most 20 required claims'),
    oidc_audience: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine(
        isAllowedAudienceSetting,
        'oidc_audience must be "assay", "assay" plus a suffix ("assay-prod"), or the URL of this server',
      ),
    review_after_days: z.number().int().min(1).max(3650),
  })
  .partial();

type Row = typeof workspaceSettings.$inferSelect;
const out = (s: Row) => ({
  require_ci_attestation: s.requireCiAttestation,
  trusted_oidc_issuers: s.trustedOidcIssuers,
  required_oidc_claims: s.requiredOidcClaims,
  oidc_audience: s.oidcAudience,
  review_after_days: s.reviewAfterDays,
  updated_at: s.updatedAt.toISOString(),
});

/**
 * An issuer is trusted only over https with no path tricks; plain http to loopback is allowed only when the server
 * runs with ASSAY_ALLOW_INSECURE_ISSUERS=1 (tests with an issuer they serve themselves).
 */
export function validateIssuer(issuer: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return `${issuer} is not a URL`;
  }
  if (url.username || url.password || url.search || url.hash)
    return `${issuer} must not contain credentials, a query or a fragment`;
  if (url.protocol === 'https:') return null;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'http:' && loopback && allowInsecure) return null;
  return `${issuer} must use https`;
}

export const settingsRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/workspaces/:wid/settings',
    {
      onRequest: guard(ctx, 'settings:read', workspaceParam()),
      schema: {
        tags: ['settings'],
        summary: 'Workspace settings (attestation, review cadence)',
        params: z.object({ wid: z.string().max(64) }),
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const [row] = await ctx.db
        .select()
        .from(workspaceSettings)
        .where(eq(workspaceSettings.workspaceId, request.params.wid));
      if (row) return out(row);
      const [created] = await ctx.db
        .insert(workspaceSettings)
        .values({ workspaceId: request.params.wid })
        .onConflictDoNothing()
        .returning();
      return out(created!);
    },
  );

  app.patch(
    '/api/workspaces/:wid/settings',
    {
      onRequest: guard(ctx, 'settings:write', workspaceParam()),
      schema: {
        tags: ['settings'],
        summary: 'Change workspace settings (only the fields sent)',
        params: z.object({ wid: z.string().max(64) }),
        body: patchSchema,
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      if (b.trusted_oidc_issuers) {
        const problems = b.trusted_oidc_issuers
          .map((i, n) => ({
            path: `body.trusted_oidc_issuers.${n}`,
            message: validateIssuer(i, ctx.config.allowInsecureIssuers),
          }))
          .filter((p): p is { path: string; message: string } => p.message !== null);
        if (problems.length) throw badRequest('validation_error', 'The request is not valid.', problems);
      }
      const values = {
        ...(b.require_ci_attestation === undefined ? {} : { requireCiAttestation: b.require_ci_attestation }),
        ...(b.trusted_oidc_issuers === undefined
          ? {}
          : { trustedOidcIssuers: [...new Set(b.trusted_oidc_issuers.map((i) => i.replace(/\/$/, '')))] }),
        ...(b.required_oidc_claims === undefined ? {} : { requiredOidcClaims: b.required_oidc_claims }),
        ...(b.oidc_audience === undefined ? {} : { oidcAudience: b.oidc_audience }),
        ...(b.review_after_days === undefined ? {} : { reviewAfterDays: b.review_after_days }),
        updatedAt: ctx.now(),
      };
      const [row] = await ctx.db
        .insert(workspaceSettings)
        .values({ workspaceId: request.params.wid, ...values })
        .onConflictDoUpdate({ target: workspaceSettings.workspaceId, set: values })
        .returning();
      return out(row!);
    },
  );
};

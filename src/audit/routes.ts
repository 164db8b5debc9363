import { z } from 'zod';
import { authenticate, guard, modelParam } from '../auth/guard.js';
import { errorResponses, forbidden } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { modelParams } from '../models/schemas.js';
import { buildAuditBundle } from './bundle.js';
import { publicJwk } from './crypto.js';
import { instanceSigner, listInstanceKeys } from './instance-key.js';

const jwk = z.object({
  kty: z.string(),
  crv: z.string(),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});

const keyOut = z.object({
  kid: z.string(),
  public_key_pem: z.string(),
  created_at: z.string(),
  retired_at: z.string().nullable(),
  current: z.boolean(),
});

export const auditRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['audit'],
        summary: 'The instance’s notarization public keys, current and past (ES256)',
        security: [],
        response: { 200: z.object({ keys: z.array(jwk) }) },
      },
    },
    async (_request, reply) => {
      await instanceSigner(ctx.config, ctx.db);
      const keys = await listInstanceKeys(ctx.db);
      reply.header('Cache-Control', 'public, max-age=300');
      // newest first: the current key leads
      return { keys: keys.reverse().map((k) => publicJwk(k.publicKeyPem, k.kid) as z.infer<typeof jwk>) };
    },
  );

  app.get(
    '/api/admin/signing-key',
    {
      onRequest: async (request) => {
        const principal = await authenticate(ctx, request);
        if (principal.kind !== 'user' || !principal.isInstanceAdmin)
          throw forbidden('Only an instance administrator may see the signing key.', 'instance_admin_required');
      },
      schema: {
        tags: ['audit'],
        summary: 'The instance notarization key (public half) and its history; instance administrators only',
        response: { 200: z.object({ current: keyOut, history: z.array(keyOut) }), ...errorResponses },
      },
    },
    async () => {
      const signer = await instanceSigner(ctx.config, ctx.db);
      const rows = await listInstanceKeys(ctx.db);
      const history = rows.map((k) => ({
        kid: k.kid,
        public_key_pem: k.publicKeyPem,
        created_at: k.createdAt.toISOString(),
        retired_at: k.retiredAt?.toISOString() ?? null,
        current: k.kid === signer.kid,
      }));
      return { current: history.find((k) => k.current)!, history };
    },
  );

  app.get(
    '/api/models/:mid/audit-bundle',
    {
      onRequest: guard(ctx, 'audit:read', modelParam()),
      schema: {
        tags: ['audit'],
        summary: 'A self-contained, signed audit bundle of the model (assay.audit-bundle/v1), verifiable offline',
        params: modelParams,
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { mid } = request.params;
      const bundle = await buildAuditBundle(ctx, mid);
      reply.header('Content-Disposition', `attachment; filename="assay-audit-${mid}.json"`);
      reply.header('Cache-Control', 'no-store');
      return bundle;
    },
  );
};

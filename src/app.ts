import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { assertionTypeRoutes } from './assertions/routes.js';
import { signingKeyRoutes } from './attestation/key-routes.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import type { AppContext } from './context.js';
import { registerErrorHandling } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { registerNulGuard } from './http/nul-guard.js';
import { controlRoutes } from './models/control-routes.js';
import { modelRoutes } from './models/routes.js';
import { assertionRoutes } from './verification/assertion-routes.js';
import { pendingRoutes } from './verification/pending-routes.js';
import { reportRoutes } from './verification/report-routes.js';
import { resultRoutes } from './verification/result-routes.js';
import { workspaceRoutes } from './workspaces/routes.js';

export interface BuildAppOptions {
  /** Pino logger options; false in tests. */
  logger?: boolean | object;
}

/** Builds the Fastify app (no listen): routes, schemas, security headers, errors, the SPA. Tests build it too. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    genReqId: () => `req_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`,
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerNulGuard(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(jwt, {
    secret: ctx.config.sessionSecret,
    sign: { algorithm: 'HS256' },
    verify: { algorithms: ['HS256'] },
  });
  await app.register(rateLimit, { global: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Assay API',
        version: '1',
        description: 'Typed, machine-verified evidence that security controls are implemented.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          session: { type: 'apiKey', in: 'cookie', name: 'assay_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const routeContext = { ctx };
  await app.register(healthRoutes, routeContext);
  await app.register(authRoutes, routeContext);
  await app.register(workspaceRoutes, routeContext);
  await app.register(signingKeyRoutes, routeContext);
  await app.register(modelRoutes, routeContext);
  await app.register(controlRoutes, routeContext);
  await app.register(assertionTypeRoutes, routeContext);
  await app.register(assertionRoutes, routeContext);
  await app.register(resultRoutes, routeContext);
  await app.register(pendingRoutes, routeContext);
  await app.register(reportRoutes, routeContext);
  await app.register(auditRoutes, routeContext);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerSpa(app, ctx.config.webDir);
  return app;
}

/**
 * Serves the built SPA: hashed assets immutable, index.html never cached, client-side routes fall back to
 * index.html. Unknown /api/* paths are JSON 404s, never HTML.
 */
async function registerSpa(app: FastifyInstance, webDir: string): Promise<void> {
  const hasSpa = existsSync(path.join(webDir, 'index.html'));
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders(res, file) {
        res.setHeader(
          'Cache-Control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const isApi = url === '/api' || url.startsWith('/api/') || url === '/mcp' || url.startsWith('/.well-known/');
    if (isApi || !hasSpa || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply
        .status(404)
        .send({ error: { code: 'not_found', message: `No route ${request.method} ${url}.`, request_id: request.id } });
    }
    reply.header('Cache-Control', 'no-cache');
    return reply.sendFile('index.html');
  });
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';

/** Every feature registers its routes as one of these, receiving the app context explicitly. */
export type RoutePlugin = FastifyPluginAsyncZod<{ ctx: AppContext }>;

import { z } from 'zod';
import { authenticated } from '../auth/guard.js';
import { errorResponses } from '../http/errors.js';
import type { RoutePlugin } from '../http/route-plugin.js';
import { assertionTypes, paramSchemas, typeInfo } from './catalogue.js';

/** The catalogue as JSON: computed once, the same for every caller. */
const catalogueJson = assertionTypes.map((type) => ({
  type,
  family: typeInfo[type].family,
  description: typeInfo[type].description,
  example: typeInfo[type].example,
  tier2_criterion: typeInfo[type].criterion,
  params_schema: z.toJSONSchema(paramSchemas[type], { unrepresentable: 'any' }) as Record<string, unknown>,
}));

export const assertionTypeRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/assertion-types',
    {
      onRequest: authenticated(ctx),
      schema: {
        tags: ['assertions'],
        summary: 'The assertion catalogue: each type’s description, example, tier-2 criterion and params JSON Schema',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                type: z.string(),
                family: z.string(),
                description: z.string(),
                example: z.object({ params: z.record(z.string(), z.unknown()), description: z.string() }),
                tier2_criterion: z.string(),
                params_schema: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: catalogueJson }),
  );
};

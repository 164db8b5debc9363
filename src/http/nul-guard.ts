import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.js';

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in a stored string (JSON allows `\u0000`) would fail deep in a
 * query as a 500. Every request's params, query and body are checked before validation instead, so such input is a
 * 400 naming the place and nothing is written.
 */

const NUL = '\u0000';

/** The path of the first string (value or key) holding a NUL, or null. */
export function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}.${i}`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return `${path}.${key.replaceAll(NUL, '\\u0000')}`;
      const hit = findNul(item, `${path}.${key}`);
      if (hit) return hit;
    }
  }
  return null;
}

const refuse = (path: string) =>
  badRequest('validation_error', 'The request is not valid.', [
    { path, message: 'must not contain NUL characters (U+0000)' },
  ]);

export function registerNulGuard(app: FastifyInstance): void {
  // params and query before any route guard looks an id up; the body once it is parsed
  app.addHook('onRequest', async (request) => {
    const hit = findNul(request.params, 'params') ?? findNul(request.query, 'querystring');
    if (hit) throw refuse(hit);
  });
  app.addHook('preValidation', async (request) => {
    const hit = findNul(request.body, 'body');
    if (hit) throw refuse(hit);
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertionTypes } from '../../src/assertions/catalogue.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.app);
}, 120_000);
afterAll(async () => t?.close());

describe('platform routes', () => {
  it('reports health with the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and the docs UI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const createModel = doc.paths['/api/models'].post;
    expect(createModel.requestBody.content['application/json'].schema.properties).toHaveProperty('control_objectives');
    expect(createModel.responses['201']).toBeDefined();
    expect(createModel.responses['400']).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers unknown API paths with a JSON 404, never the SPA', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('serves the SPA with index.html uncached and client routes falling back to it', async () => {
    const index = await t.app.inject({ method: 'GET', url: '/assurance/mdl_x' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(asset).toBeDefined();
    const js = await t.app.inject({ method: 'GET', url: asset! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('publishes the assertion catalogue with JSON Schema params to any credential', async () => {
    const body = await json<{
      items: {
        type: string;
        params_schema: { properties: Record<string, unknown>; required: string[] };
        tier2_criterion: string;
      }[];
    }>(t.app.inject({ method: 'GET', url: '/api/assertion-types', ...w.verifierKey }), 200);
    expect(body.items.map((i) => i.type)).toEqual(assertionTypes);
    expect(body.items).toHaveLength(21);
    const fn = body.items.find((i) => i.type === 'function_exists')!;
    expect(fn.params_schema.required.sort()).toEqual(['file', 'name']);
    expect(fn.tier2_criterion.length).toBeGreaterThan(20);
  });
});

describe('configuration', () => {
  it('stops on a bad value with one line naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, { ensureDataDir: false })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' }, { ensureDataDir: false })).toThrow(/^invalid PORT: /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' }, { ensureDataDir: false })).toThrow(
      /^invalid DATABASE_URL: /,
    );
    expect(() => loadConfig({ ASSAY_SESSION_SECRET: 'short' }, { ensureDataDir: false })).toThrow(
      /^invalid ASSAY_SESSION_SECRET: /,
    );
  });

  it('applies the documented defaults', () => {
    const c = loadConfig({}, { ensureDataDir: false });
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, bodyLimitBytes: 1024 * 1024 });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });
});

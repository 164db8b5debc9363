import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnExists, newModel, submitAssertions } from '../../../test/api/verification-fixtures.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../../../test/helpers/app.js';
import { UsageError } from '../errors.js';
import { ApiError, type Credential, createApiClient, keyScope } from './api-client.js';
import { mintCiToken } from './attest.js';

// ---------------------------------------------------------------- a scriptable HTTP server

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
interface Fake {
  url: string;
  hits: Hit[];
  handle: (req: Hit, res: ServerResponse) => void;
  close(): Promise<void>;
}

async function fakeServer(): Promise<Fake> {
  const fake = {
    url: '',
    hits: [] as Hit[],
    handle: (_req: Hit, res: ServerResponse) => {
      res.writeHead(404).end();
    },
    close: async () => {},
  } as Fake;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const hit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      fake.hits.push(hit);
      fake.handle(hit, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const KEY = 'mv_SECRETSECRETSECRETSECRETSECRET01';
const apiKey = (key = KEY): Credential => ({ kind: 'api_key', key });

// ---------------------------------------------------------------- unit-level

describe('keyScope', () => {
  it.each([
    ['mk_abc', 'developer'],
    ['mv_abc', 'verifier'],
    ['MK_abc', 'unknown'],
    ['sk-abc', 'unknown'],
    ['', 'unknown'],
  ] as const)('%j → %s', (key, scope) => {
    expect(keyScope(key)).toBe(scope);
  });
});

describe('createApiClient: the base URL', () => {
  it('strips trailing slashes and keeps a path prefix', () => {
    expect(createApiClient({ url: 'http://127.0.0.1:3000/', credential: apiKey() }).url).toBe('http://127.0.0.1:3000');
    expect(createApiClient({ url: 'https://assay.example/sub//', credential: apiKey() }).url).toBe(
      'https://assay.example/sub',
    );
  });

  it.each(['not a url', 'ftp://example.com', 'https://user:pw@assay.example', 'https://assay.example/?x=1'])(
    '%j is a UsageError',
    (url) => {
      expect(() => createApiClient({ url, credential: apiKey() })).toThrow(UsageError);
    },
  );
});

// ---------------------------------------------------------------- against a scripted server

describe('against a scripted server', () => {
  let fake: Fake;
  beforeAll(async () => {
    fake = await fakeServer();
  });
  afterAll(() => fake.close());
  const client = (extra: Partial<Parameters<typeof createApiClient>[0]> = {}) =>
    createApiClient({ url: fake.url, credential: apiKey(), ...extra });

  it('sends the key as X-API-Key, a User-Agent and Accept; follows every page of /api/models', async () => {
    fake.hits.length = 0;
    const pages: Record<string, { items: unknown[]; next_cursor: string | null }> = {
      '': { items: [{ id: 'm1', workspace_id: 'w', title: 'A', extra: 1 }], next_cursor: 'c1' },
      c1: { items: [{ id: 'm2', workspace_id: 'w', title: 'B' }], next_cursor: 'c/2+' },
      'c/2+': { items: [{ id: 'm3', workspace_id: 'w', title: 'C' }], next_cursor: null },
    };
    fake.handle = (req, res) => {
      const cursor = new URL(req.url, 'http://x').searchParams.get('cursor') ?? '';
      sendJson(res, 200, pages[cursor]);
    };
    const models = await client().listModels();
    expect(models).toEqual([
      { id: 'm1', workspace_id: 'w', title: 'A' },
      { id: 'm2', workspace_id: 'w', title: 'B' },
      { id: 'm3', workspace_id: 'w', title: 'C' },
    ]);
    expect(fake.hits.map((h) => h.url)).toEqual([
      '/api/models?limit=1000',
      '/api/models?limit=1000&cursor=c1',
      '/api/models?limit=1000&cursor=c%2F2%2B',
    ]);
    const h = fake.hits[0]!.headers;
    expect(h['x-api-key']).toBe(KEY);
    expect(h.authorization).toBeUndefined();
    expect(h['user-agent']).toMatch(/^assay-cli\/\d+\.\d+\.\d+/);
    expect(h.accept).toBe('application/json');
  });

  it('a cursor that repeats is an error, not an endless loop', async () => {
    fake.handle = (_req, res) => sendJson(res, 200, { items: [], next_cursor: 'same' });
    const err = await failure(client().listModels());
    expect(err.message).toMatch(/repeated a page cursor/);
  });

  it('a model id cannot inject a path; "." and ".." are refused before any request', async () => {
    fake.hits.length = 0;
    fake.handle = (_req, res) => sendJson(res, 200, { id: 'x', workspace_id: 'w', title: 't' });
    await client().model('../../admin?x=1#f');
    expect(fake.hits[0]!.url).toBe('/api/models/..%2F..%2Fadmin%3Fx%3D1%23f');
    for (const mid of ['..', '.', '']) await expect(client().model(mid)).rejects.toThrow(UsageError);
    expect(fake.hits).toHaveLength(1);
  });

  it('the repo goes in the query, encoded; POST bodies are JSON', async () => {
    fake.hits.length = 0;
    fake.handle = (req, res) => {
      if (req.url.includes('/pending')) return sendJson(res, 200, { model_id: 'm', tier: '2', assertions: [] });
      return sendJson(res, 201, { accepted: 2, verdicts: [] });
    };
    await client().pending('m', '2', 'acme/api');
    await client().pending('m', '1', null);
    const verdict = { control_id: 'CTRL-01', status: 'sufficient' as const, gaps: [], reasoning: 'ok' };
    expect(await client().submitSufficiency('m', 'openai:gpt-4o-mini', [verdict])).toEqual({ accepted: 2 });
    await client().submitSufficiency('m', '', [verdict]);
    expect(fake.hits.map((h) => `${h.method} ${h.url}`)).toEqual([
      'GET /api/models/m/verification/pending?tier=2&repo=acme%2Fapi',
      'GET /api/models/m/verification/pending?tier=1',
      'POST /api/models/m/verification/sufficiency',
      'POST /api/models/m/verification/sufficiency',
    ]);
    expect(fake.hits[2]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(fake.hits[2]!.body)).toEqual({ evaluator: 'openai:gpt-4o-mini', results: [verdict] });
    expect(JSON.parse(fake.hits[3]!.body)).toEqual({ results: [verdict] });
  });

  it('a 5xx with the error body names the call, the status, the code and the message', async () => {
    fake.handle = (_req, res) =>
      sendJson(res, 503, { error: { code: 'unavailable', message: 'Down for maintenance.', request_id: 'r1' } });
    const err = await failure(client().report('mdl_1'));
    expect(err.status).toBe(503);
    expect(err.code).toBe('unavailable');
    expect(err.message).toBe(
      'GET /api/models/mdl_1/verification/report failed: HTTP 503 unavailable: Down for maintenance.',
    );
  });

  it('a 502 from a proxy (HTML) still names the status', async () => {
    fake.handle = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    const err = await failure(client().model('m'));
    expect(err.status).toBe(502);
    expect(err.code).toBeUndefined();
    expect(err.message).toBe('GET /api/models/m failed: HTTP 502 Bad Gateway');
  });

  it('shows the first three details and how many more', async () => {
    fake.handle = (_req, res) =>
      sendJson(res, 400, {
        error: {
          code: 'validation_error',
          message: 'The request is not valid.',
          details: [1, 2, 3, 4, 5].map((i) => ({ path: `body.results.${i}.tier`, message: 'tier must be 1 or 2' })),
        },
      });
    const err = await failure(
      client().submitResults('m', { pipeline: { provider: 'x', run_id: 'r', commit_sha: 'abcd' }, results: [] }),
    );
    expect(err.message).toBe(
      'POST /api/models/m/verification/results failed: HTTP 400 validation_error: The request is not valid. ' +
        '(body.results.1.tier: tier must be 1 or 2; body.results.2.tier: tier must be 1 or 2; ' +
        'body.results.3.tier: tier must be 1 or 2; and 2 more)',
    );
  });

  it('never puts the key in a message, even when the server echoes it', async () => {
    fake.handle = (req, res) =>
      sendJson(res, 401, {
        error: { code: 'unauthorized', message: `The key ${req.headers['x-api-key']} is revoked.` },
      });
    const err = await failure(client().model('m'));
    expect(err.message).not.toContain(KEY);
    expect(err.message).toContain('[redacted]');
    expect(err.status).toBe(401);
  });

  it('an answer larger than the cap is refused before it is all read, with or without a content-length', async () => {
    const big = 'x'.repeat(4096);
    fake.handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`"${big}"`);
    const sized = await failure(client({ maxResponseBytes: 1024 }).report('m'));
    expect(sized.message).toMatch(/verification\/report: the server's answer is larger than 1024 bytes/);
    fake.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 8; i++) res.write(big);
      res.end();
    };
    const streamed = await failure(client({ maxResponseBytes: 1024 }).model('m'));
    expect(streamed.message).toMatch(/larger than 1024 bytes/);
    expect(streamed.status).toBe(200);
  });

  it('a 2xx that is not JSON, or not the expected shape, is an ApiError', async () => {
    fake.handle = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>welcome</html>');
    const notJson = await failure(client().report('m'));
    expect(notJson.message).toMatch(
      /GET \/api\/models\/m\/verification\/report: the server answered HTTP 200 but not with JSON/,
    );
    fake.handle = (_req, res) => sendJson(res, 200, { model_id: 'm', summary: {} });
    const wrong = await failure(client().report('m'));
    expect(wrong.message).toMatch(/does not have the expected shape \(summary\.verified: /);
    fake.handle = (_req, res) => sendJson(res, 200, { items: 'no', next_cursor: null });
    expect((await failure(client().listModels())).message).toMatch(/items/);
  });

  it('a redirect is not followed (it would carry the key elsewhere)', async () => {
    const elsewhere = await fakeServer();
    try {
      fake.handle = (_req, res) => res.writeHead(301, { location: `${elsewhere.url}/api/models/m?token=1` }).end();
      const err = await failure(client().model('m'));
      expect(err.status).toBe(301);
      expect(err.message).toContain(`a redirect to ${elsewhere.url}/api/models/m;`);
      expect(elsewhere.hits).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('a server that does not answer in time: "cannot reach" with the timeout, no status', async () => {
    fake.handle = () => {
      // never answers
    };
    const err = await failure(client({ timeoutMs: 300 }).model('m'));
    expect(err.message).toBe(`cannot reach ${fake.url}: no answer within 300 ms`);
    expect(err.status).toBeUndefined();
  });

  it('a CI token is minted afresh for every request and sent as Bearer', async () => {
    fake.hits.length = 0;
    let n = 0;
    fake.handle = (_req, res) => sendJson(res, 200, { id: 'm', workspace_id: 'w', title: 't' });
    const c = client({ credential: { kind: 'ci_token', mint: async () => `tok-${++n}` } });
    await c.model('m');
    await c.model('m');
    expect(fake.hits.map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(fake.hits[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('a CI token is never echoed in a message either; a failing mint is an ApiError', async () => {
    fake.handle = (req, res) =>
      sendJson(res, 401, { error: { code: 'invalid_ci_token', message: `bad: ${req.headers.authorization}` } });
    const err = await failure(
      client({ credential: { kind: 'ci_token', mint: async () => 'eyJhbGciOi.SECRETPAYLOAD.SIG' } }).model('m'),
    );
    expect(err.message).not.toContain('SECRETPAYLOAD');
    const mintErr = await failure(
      client({
        credential: {
          kind: 'ci_token',
          mint: async () => {
            throw new Error('no key');
          },
        },
      }).model('m'),
    );
    expect(mintErr.message).toBe('GET /api/models/m: cannot mint the CI token: no key');
  });
});

it('a closed port: "cannot reach <url>: … ECONNREFUSED", no status, no key', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const err = await failure(createApiClient({ url: `http://127.0.0.1:${port}/`, credential: apiKey() }).listModels());
  expect(err.message).toMatch(new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  expect(err.message).not.toContain(KEY);
  expect(err.status).toBeUndefined();
});

it('a host that does not resolve: "cannot reach" with the DNS reason', async () => {
  const err = await failure(
    createApiClient({ url: 'http://assay.invalid', credential: apiKey(), timeoutMs: 10_000 }).model('m'),
  );
  expect(err.message).toMatch(/^cannot reach http:\/\/assay\.invalid: .*(ENOTFOUND|EAI_AGAIN)/);
});

// ---------------------------------------------------------------- against the real server

describe('against the real server on 127.0.0.1', () => {
  let t: TestApp;
  let w: World;
  let mid: string;
  let aid: string;
  let url: string;
  const key = (cred: { headers: Record<string, string> }) => cred.headers['x-api-key']!;
  const ecKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  beforeAll(async () => {
    t = await createTestApp();
    w = await createWorld(t.app);
    mid = await newModel(t.app, w);
    aid = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')])).assertions[0]!.id;
    await json(
      t.app.inject({
        method: 'PUT',
        url: `/api/workspaces/${w.workspaceId}/signing-key`,
        ...w.owner,
        payload: { public_key_pem: ecKey.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      }),
      200,
    );
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const verifier = () => createApiClient({ url, credential: apiKey(key(w.verifierKey)) });
  const developer = () => createApiClient({ url, credential: apiKey(key(w.developerKey)) });

  it('reads models, the model, assertions with attestation settings, pending lists and the report', async () => {
    const c = developer();
    const models = await c.listModels();
    expect(models).toEqual([{ id: mid, workspace_id: w.workspaceId, title: 'Payments' }]);
    expect(await c.model(mid)).toEqual({ id: mid, workspace_id: w.workspaceId, title: 'Payments' });
    const list = await c.assertions(mid, 'acme/api');
    expect(list.model_id).toBe(mid);
    expect(list.workspace_id).toBe(w.workspaceId);
    expect(list.attestation).toMatchObject({ required: false, oidc_audience: 'assay' });
    expect(list.assertions.map((a) => a.id)).toEqual([aid]);
    expect((await c.pending(mid, '1', 'acme/api')).map((a) => a.id)).toEqual([aid]);
    expect(await c.pending(mid, '2')).toEqual([]);
    expect(Array.isArray(await c.pendingSufficiency(mid))).toBe(true);
    const report = await c.report(mid);
    expect(report.model_id).toBe(mid);
    expect(report.controls.map((x) => x.control_id)).toEqual(['CTRL-01']);
  });

  it('submits results with a verifier key; the same run id again is a replay', async () => {
    const body = {
      pipeline: { provider: 'github', run_id: 'api-client-1', repo: 'acme/api', commit_sha: 'a1b2c3d4' },
      results: [{ assertion_id: aid, tier: 1 as const, result: 'pass' as const, details: 'found at a.py:1' }],
    };
    const first = await verifier().submitResults(mid, body);
    expect(first).toMatchObject({ replayed: false, accepted: 1, attestation: { method: 'none' } });
    const again = await verifier().submitResults(mid, body);
    expect(again).toMatchObject({ run_id: first.run_id, replayed: true });
  });

  it('a CI token minted from the workspace key is a working credential', async () => {
    const c = createApiClient({
      url,
      credential: { kind: 'ci_token', mint: () => mintCiToken(ecKey.privateKey, w.workspaceId) },
    });
    expect((await c.model(mid)).id).toBe(mid);
  });

  it('a 422 names the call, status, code, message and the details; no key in it', async () => {
    const err = await failure(
      verifier().submitResults(mid, {
        pipeline: { provider: 'github', run_id: 'api-client-2', repo: 'acme/api', commit_sha: 'a1b2c3d4' },
        results: [{ assertion_id: 'asrt_nope', tier: 1, result: 'pass', details: '' }],
      }),
    );
    expect(err.status).toBe(422);
    expect(err.code).toBe('unknown_assertions');
    expect(err.message).toBe(
      `POST /api/models/${mid}/verification/results failed: HTTP 422 unknown_assertions: ` +
        'Some results name assertions this model does not have. (body.results.0.assertion_id: unknown assertion asrt_nope)',
    );
    expect(err.message).not.toContain(key(w.verifierKey));
  });

  it('a developer key may not submit: 403 with the server message', async () => {
    const err = await failure(
      developer().submitResults(mid, {
        pipeline: { provider: 'github', run_id: 'api-client-3', commit_sha: 'a1b2c3d4' },
        results: [],
      }),
    );
    expect(err.status).toBe(403);
    expect(err.message).toMatch(new RegExp(`^POST /api/models/${mid}/verification/results failed: HTTP 403 \\w+: `));
    expect(err.message).not.toContain(key(w.developerKey));
  });

  it('an unknown model: 404 not_found; a wrong key: 401', async () => {
    const notFound = await failure(developer().report('mdl_does_not_exist'));
    expect(notFound.status).toBe(404);
    expect(notFound.code).toBe('not_found');
    const wrongKey = 'mk_00000000000000000000000000000000';
    const unauthorized = await failure(createApiClient({ url, credential: apiKey(wrongKey) }).listModels());
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.message).toMatch(/^GET \/api\/models failed: HTTP 401 /);
    expect(unauthorized.message).not.toContain(wrongKey);
  });

  it('a bad repo is refused by the server with its validation details', async () => {
    const err = await failure(developer().assertions(mid, 'not a repo'));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/HTTP 400 validation_error: The request is not valid\. \(querystring\.repo: /);
  });
});

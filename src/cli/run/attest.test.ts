import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnExists, newModel, submitAssertions } from '../../../test/api/verification-fixtures.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../../../test/helpers/app.js';
import { recipe, sha256Tag, shell } from '../../../test/helpers/attestation.js';
import { startTestIssuer, type TestIssuer } from '../../../test/helpers/oidc-issuer.js';
import { verifyCiToken } from '../../attestation/ci-token.js';
import { matchSignedHash, verifyEcdsaSignature } from '../../attestation/ecdsa.js';
import { UsageError } from '../errors.js';
import {
  createAttestor,
  keyFingerprint,
  loadSigningKey,
  mintCiToken,
  requestGithubOidcToken,
  signResults,
} from './attest.js';
import type { WireResult } from './types.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-attest-cli-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text, { mode: 0o600 });
  return p;
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (k: KeyObject, type: 'pkcs8' | 'sec1' | 'spki') => k.export({ type, format: 'pem' } as never).toString();
/** The DER of the prime256v1 OID, as `openssl ecparam -genkey` writes it before the key. */
const EC_PARAMETERS = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';

const RESULTS: WireResult[] = [
  {
    assertion_id: 'asrt_1',
    tier: 1,
    result: 'pass',
    details: 'require_auth at auth/middleware.py:3 — ✓ "quoted" \\ back',
    evidence: { file: 'auth/middleware.py', line: 3, end_line: 9 },
    content_hash: 'a'.repeat(64),
  },
  { assertion_id: 'asrt_2', tier: 2, result: 'fail', details: 'NO', reviewer: 'openai:gpt-4o-mini', evidence: null },
];

describe('loadSigningKey', () => {
  const { privateKey, publicKey } = p256();

  it('refuses the PEM contents given instead of a path without printing any of them', () => {
    for (const value of [pem(privateKey, 'sec1'), pem(privateKey, 'pkcs8').replaceAll('\n', ' ')]) {
      let err: unknown;
      try {
        loadSigningKey(value);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      const message = (err as Error).message;
      expect(message).toMatch(/takes the path of a PEM file, not the key itself/);
      expect(message).not.toContain('BEGIN');
      expect(message).not.toMatch(/MI[GH][A-Za-z0-9+/]{8}/);
    }
  });

  it('reads PKCS#8, SEC1, and SEC1 after an EC PARAMETERS block; all the same key', () => {
    const fp = keyFingerprint(publicKey);
    for (const text of [pem(privateKey, 'pkcs8'), pem(privateKey, 'sec1'), EC_PARAMETERS + pem(privateKey, 'sec1')]) {
      const key = loadSigningKey(file('k.pem', text));
      expect(key.type).toBe('private');
      expect(keyFingerprint(key)).toBe(fp);
    }
  });

  const refusals: [string, () => string, RegExp][] = [
    ['a missing file', () => path.join(dir, 'nope.pem'), /no such file/],
    ['a directory', () => dir, /is a directory/],
    ['a file that is not PEM', () => file('garbage.pem', 'hello world\n'), /not a PEM file/],
    ['a public key', () => file('pub.pem', pem(publicKey, 'spki')), /public key.*needs the private key/],
    [
      'an RSA key',
      () => file('rsa.pem', pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey as KeyObject, 'pkcs8')),
      /RSA key; an ECDSA P-256/,
    ],
    [
      'a P-384 key',
      () => file('p384.pem', pem(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey, 'pkcs8')),
      /curve secp384r1/,
    ],
    [
      'an encrypted key',
      () =>
        file(
          'enc.pem',
          privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(),
        ),
      /encrypted with a passphrase/,
    ],
    [
      'a damaged key',
      () => file('bad.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      /not a readable private key/,
    ],
  ];
  it.each(refusals)('refuses %s with one clear line, exit-2 UsageError', (_name, make, why) => {
    const f = make();
    let err: unknown;
    try {
      loadSigningKey(f);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).toMatch(why);
    expect(message).toContain(f);
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/MI[GH][A-Za-z0-9+/]{8}|AAAA/); // no key material
  });
});

describe('signResults: interoperable with the server (src/attestation/ecdsa.ts)', () => {
  const { privateKey, publicKey } = p256();
  const privatePem = pem(privateKey, 'pkcs8');

  it('the signature verifies and the signed hash matches the canonical JSON of the results', () => {
    const { signed_hash, signature } = signResults(privateKey, RESULTS);
    expect(signed_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verifyEcdsaSignature(publicKey, signed_hash, signature)).toBe(true);
    expect(matchSignedHash(signed_hash, undefined, RESULTS)).toBe('canonical');
    // DER (as openssl writes), base64
    expect(Buffer.from(signature, 'base64')[0]).toBe(0x30);
  });

  it('the hash still matches after the results went through JSON with another key order and whitespace', () => {
    const { signed_hash } = signResults(privateKey, RESULTS);
    const reordered = JSON.stringify(
      RESULTS.map((r) => Object.fromEntries(Object.entries(r).reverse())),
      null,
      3,
    );
    expect(reordered).not.toBe(JSON.stringify(RESULTS));
    const body = Buffer.from(`{"results": ${reordered}}`);
    expect(matchSignedHash(signed_hash, body, JSON.parse(reordered))).toBe('canonical');
    // and the signature is over the results, not anything else: a changed result no longer matches
    const changed = JSON.parse(reordered);
    changed[1].result = 'pass';
    expect(matchSignedHash(signed_hash, undefined, changed)).toBeNull();
  });

  it('signed_hash equals the recipe of attestation.md (sha256sum of the canonical JSON) and openssl verifies ours', () => {
    const canonical =
      '[{"assertion_id":"asrt_1","content_hash":"' +
      'a'.repeat(64) +
      '","details":"require_auth at auth/middleware.py:3 — ✓ \\"quoted\\" \\\\ back","evidence":{"end_line":9,"file":"auth/middleware.py","line":3},"result":"pass","tier":1},' +
      '{"assertion_id":"asrt_2","details":"NO","evidence":null,"result":"fail","reviewer":"openai:gpt-4o-mini","tier":2}]';
    const ours = signResults(privateKey, RESULTS);
    expect(ours.signed_hash).toBe(sha256Tag(canonical));
    expect(recipe(privatePem, canonical).signed_hash).toBe(ours.signed_hash);
    const verified = shell(
      privatePem,
      `openssl ec -in private.pem -pubout -out pub.pem 2>/dev/null
printf '%s' "$SIGNED_HASH" > msg
printf '%s' "$SIGNATURE" | base64 -d > sig.der
openssl dgst -sha256 -verify pub.pem -signature sig.der msg`,
      { SIGNED_HASH: ours.signed_hash, SIGNATURE: ours.signature },
    );
    expect(verified.trim()).toBe('Verified OK');
  });

  it('a different key does not verify', () => {
    const { signed_hash, signature } = signResults(privateKey, RESULTS);
    expect(verifyEcdsaSignature(p256().publicKey, signed_hash, signature)).toBe(false);
  });
});

// ---------------------------------------------------------------- a tiny GitHub OIDC token endpoint

interface Seen {
  url: string;
  authorization: string | undefined;
}
let tokenServer: Server;
let tokenUrl = '';
const seen: Seen[] = [];
/** What the endpoint answers: a status and body per call, or a function of the request. */
let answer: (req: IncomingMessage, audience: string | null) => Promise<{ status: number; body: string }> =
  async () => ({
    status: 200,
    body: JSON.stringify({ value: 'the.oidc.token' }),
  });
const REQUEST_TOKEN = 'ghs_request_token_SECRET_42';

beforeAll(async () => {
  tokenServer = createServer(async (req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const audience = new URL(req.url ?? '/', 'http://x').searchParams.get('audience');
    const { status, body } = await answer(req, audience);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => tokenServer.close(() => resolve())));

describe('requestGithubOidcToken', () => {
  it('appends the audience to a URL with a query, sends the request token as bearer, returns value', async () => {
    seen.length = 0;
    const token = await requestGithubOidcToken(`${tokenUrl}/idtoken?api-version=2.0`, REQUEST_TOKEN, 'my aud/&x');
    expect(token).toBe('the.oidc.token');
    expect(seen).toEqual([
      { url: '/idtoken?api-version=2.0&audience=my%20aud%2F%26x', authorization: `bearer ${REQUEST_TOKEN}` },
    ]);
  });

  it('handles a URL without a query', async () => {
    seen.length = 0;
    await requestGithubOidcToken(`${tokenUrl}/idtoken`, REQUEST_TOKEN, 'assay');
    expect(seen[0]!.url).toBe('/idtoken?audience=assay');
  });

  it('an HTTP error names the status and never the request token, even when the endpoint echoes it', async () => {
    answer = async (req) => ({
      status: 403,
      body: JSON.stringify({ message: `token ${req.headers.authorization} may not request an id token` }),
    });
    try {
      const err = await requestGithubOidcToken(`${tokenUrl}/idtoken`, REQUEST_TOKEN, 'assay').catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toMatch(/HTTP 403/);
      expect(err.message).toMatch(/id-token: write/);
      expect(err.message).not.toContain(REQUEST_TOKEN);
      expect(err.message).not.toContain('idtoken?');
    } finally {
      answer = async () => ({ status: 200, body: JSON.stringify({ value: 'the.oidc.token' }) });
    }
  });

  it('a 200 without a token, or not JSON, is an error', async () => {
    for (const body of ['{"count":1}', '<html>', '{"value":""}']) {
      answer = async () => ({ status: 200, body });
      await expect(requestGithubOidcToken(`${tokenUrl}/idtoken`, REQUEST_TOKEN, 'assay')).rejects.toThrow(
        /GitHub OIDC token endpoint/,
      );
    }
    answer = async () => ({ status: 200, body: JSON.stringify({ value: 'the.oidc.token' }) });
  });

  it('an unreachable endpoint is an error naming the host, without the tokens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await requestGithubOidcToken(`http://127.0.0.1:${port}/idtoken?x=1`, REQUEST_TOKEN, 'assay').catch(
      (e) => e,
    );
    expect(err.message).toMatch(new RegExp(`cannot reach the GitHub OIDC token endpoint http://127.0.0.1:${port}`));
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.message).not.toContain(REQUEST_TOKEN);
  });
});

// ---------------------------------------------------------------- against a real server

describe('against the server: CI token, ECDSA submission, OIDC submission', () => {
  let t: TestApp;
  let w: World;
  let mid: string;
  let aid: string;
  let issuer: TestIssuer;
  const key = p256();
  let runSeq = 0;

  beforeAll(async () => {
    t = await createTestApp({ ASSAY_ALLOW_INSECURE_ISSUERS: '1' });
    w = await createWorld(t.app);
    mid = await newModel(t.app, w);
    aid = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')])).assertions[0]!.id;
    await json(
      t.app.inject({
        method: 'PUT',
        url: `/api/workspaces/${w.workspaceId}/signing-key`,
        ...w.owner,
        payload: { public_key_pem: pem(key.publicKey, 'spki') },
      }),
      200,
    );
    issuer = await startTestIssuer();
    await json(
      t.app.inject({
        method: 'PATCH',
        url: `/api/workspaces/${w.workspaceId}/settings`,
        ...w.owner,
        payload: { trusted_oidc_issuers: [issuer.url], oidc_audience: 'assay-test-aud' },
      }),
      200,
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const results = (): WireResult[] => [
    {
      assertion_id: aid,
      tier: 1,
      result: 'pass',
      details: 'require_auth at auth/middleware.py:3',
      evidence: { file: 'auth/middleware.py', line: 3, end_line: 5 },
    },
  ];
  const submit = (headers: Record<string, string>, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/models/${mid}/verification/results`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const pipeline = () => ({
    provider: 'github',
    run_id: `cli-${++runSeq}`,
    repo: 'acme/api',
    commit_sha: 'a1b2c3d4',
  });

  it('a token from mintCiToken passes verifyCiToken and authenticates a request as the workspace', async () => {
    const token = await mintCiToken(key.privateKey, w.workspaceId);
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims.sub).toBe(w.workspaceId);
    expect(claims.exp - claims.iat).toBe(120);
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(5);
    expect(await verifyCiToken(t.ctx, token)).toMatchObject({
      workspaceId: w.workspaceId,
      fingerprint: keyFingerprint(key.publicKey),
    });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/models/${mid}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('a CI token minted 10 minutes ago, or with another key, is refused', async () => {
    const old = await mintCiToken(key.privateKey, w.workspaceId, new Date(Date.now() - 10 * 60_000));
    const other = await mintCiToken(p256().privateKey, w.workspaceId);
    for (const token of [old, other]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/models/${mid}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().error.code).toBe('invalid_ci_token');
    }
  });

  it('mintCiToken refuses an empty workspace id', async () => {
    await expect(mintCiToken(key.privateKey, '')).rejects.toThrow(UsageError);
  });

  it('an ECDSA-attested submission with the CI token as credential is accepted as ecdsa', async () => {
    const attestor = createAttestor({
      oidc: null,
      signingKey: loadSigningKey(file('ci.pem', pem(key.privateKey, 'sec1'))),
    });
    expect(attestor.methods).toEqual(['ecdsa']);
    const r = results();
    const fields = await attestor.attest(r, 'assay-test-aud');
    expect(Object.keys(fields).sort()).toEqual(['signature', 'signed_hash']);
    const token = await mintCiToken(key.privateKey, w.workspaceId);
    // the body as JSON.stringify writes it, results first: its raw bytes differ from the canonical form
    const res = await submit({ authorization: `Bearer ${token}` }, { results: r, pipeline: pipeline(), ...fields });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attestation.method).toBe('ecdsa');
  });

  it('a signature over other results is refused by the server', async () => {
    const attestor = createAttestor({ oidc: null, signingKey: key.privateKey });
    const fields = await attestor.attest(results(), 'assay-test-aud');
    const tampered = results();
    tampered[0]!.result = 'fail';
    const res = await submit(w.verifierKey.headers, { pipeline: pipeline(), results: tampered, ...fields });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('signed_hash_mismatch');
  });

  it('GitHub OIDC: a fresh token per submission with the workspace audience, accepted as oidc', async () => {
    seen.length = 0;
    answer = async (req, audience) => {
      if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}`) return { status: 401, body: '{}' };
      const now = Math.floor(Date.now() / 1000);
      const value = await issuer.token({ aud: audience, iat: now, exp: now + 300, repository: 'acme/api' });
      return { status: 200, body: JSON.stringify({ value }) };
    };
    try {
      const attestor = createAttestor({
        oidc: { kind: 'github', requestUrl: `${tokenUrl}/idtoken?api-version=2.0`, requestToken: REQUEST_TOKEN },
        signingKey: key.privateKey,
      });
      expect(attestor.methods).toEqual(['oidc', 'ecdsa']);
      for (let i = 0; i < 2; i++) {
        const r = results();
        const fields = await attestor.attest(r, 'assay-test-aud');
        expect(fields.oidc_token).toBeTruthy();
        const res = await submit(w.verifierKey.headers, { pipeline: pipeline(), results: r, ...fields });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().attestation.method).toBe('oidc');
      }
      expect(seen.map((s) => new URL(s.url, 'http://x').searchParams.get('audience'))).toEqual([
        'assay-test-aud',
        'assay-test-aud',
      ]);
    } finally {
      answer = async () => ({ status: 200, body: JSON.stringify({ value: 'the.oidc.token' }) });
    }
  });

  it("GitHub OIDC: never asks for a token with an audience that is not Assay's (a cloud role could accept it)", async () => {
    seen.length = 0;
    const attestor = createAttestor({
      oidc: { kind: 'github', requestUrl: `${tokenUrl}/idtoken?api-version=2.0`, requestToken: REQUEST_TOKEN },
      serverUrl: 'https://assay.example.com/base',
    });
    for (const audience of ['sts.amazonaws.com', 'api://AzureADTokenExchange', 'https://evil.example.com', 'assayx']) {
      const err = await attestor.attest(results(), audience).catch((e: unknown) => e);
      expect(err, audience).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/is not an Assay audience/);
    }
    expect(seen).toEqual([]);
    for (const audience of [
      'assay',
      'assay-prod',
      'assay:ws_1',
      'https://assay.example.com',
      'https://assay.example.com/base',
    ]) {
      await expect(attestor.attest(results(), audience), audience).resolves.toHaveProperty('oidc_token');
    }
    expect(seen).toHaveLength(5);
  });

  it('an OIDC token from an environment variable (GitLab id_tokens) is passed through as is', async () => {
    const token = await issuer.token({ aud: 'assay-test-aud', project_path: 'acme/api' }, { alg: 'ES256' });
    const attestor = createAttestor({ oidc: { kind: 'env', variable: 'ASSAY_OIDC_TOKEN', token } });
    expect(attestor.methods).toEqual(['oidc']);
    const r = results();
    const fields = await attestor.attest(r, 'ignored-for-env-tokens');
    expect(fields).toEqual({ oidc_token: token });
    const res = await submit(w.verifierKey.headers, { pipeline: pipeline(), results: r, ...fields });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attestation.method).toBe('oidc');
  });

  it('no OIDC and no key: no methods, nothing added', async () => {
    const attestor = createAttestor({ oidc: null });
    expect(attestor.methods).toEqual([]);
    expect(await attestor.attest(results(), 'assay')).toEqual({});
  });
});

it('keyFingerprint of a private key equals the fingerprint of its public key', () => {
  const { privateKey } = p256();
  expect(keyFingerprint(privateKey)).toBe(keyFingerprint(createPublicKey(privateKey)));
});

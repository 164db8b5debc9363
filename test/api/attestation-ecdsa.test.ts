import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credential, createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import {
  bearer,
  ciToken,
  countRows,
  derEs256,
  type EcKey,
  ecKey,
  hs256,
  RECIPE,
  rawJwt,
  recipe,
  runAttestation,
  sha256Tag,
  signHash,
} from '../helpers/attestation.js';
import { fnExists, newModel, submitAssertions } from './verification-fixtures.js';

/**
 * ECDSA attestation (attestation.md): the workspace key, the ES256 CI token as a credential, and signatures over
 * results. Every refusal is checked for its status and code, and for having stored no run.
 */

let t: TestApp;
let w: World;
let mid: string;
let aid: string;
let key: EcKey;
let otherKey: EcKey;
let runSeq = 0;

async function upload(pem: string, who: Credential = w.owner, wid = w.workspaceId) {
  return t.app.inject({
    method: 'PUT',
    url: `/api/workspaces/${wid}/signing-key`,
    ...who,
    payload: { public_key_pem: pem },
  });
}

/** A results body as text, so its bytes are exactly what the test chose (whitespace, key order). */
function bodyText(resultsJson: string, extra: Record<string, string> = {}, runId = `run-${++runSeq}`) {
  const fields = Object.entries(extra)
    .map(([k, v]) => `, ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join('');
  return `{"pipeline": {"provider": "github", "run_id": "${runId}", "repo": "acme/api", "commit_sha": "a1b2c3d4"},\n  "results":${resultsJson}${fields}}`;
}

const resultsJson = () =>
  `[ {"assertion_id": "${aid}", "tier": 1, "result": "pass",\n "details": "require_auth at auth/middleware.py:3 — ✓"} ]`;

async function submit(body: string, cred: Credential = w.verifierKey) {
  return t.app.inject({
    method: 'POST',
    url: `/api/models/${mid}/verification/results`,
    headers: { ...cred.headers, 'content-type': 'application/json' },
    payload: body,
  });
}

/** Expects a refusal with this status and code, and that no run was stored. */
async function refused(
  res: Promise<{ statusCode: number; body: string; json(): unknown }>,
  status: number,
  code: string,
) {
  const before = await countRows(t, 'verification_runs');
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  expect((r.json() as { error: { code: string } }).error.code).toBe(code);
  expect(await countRows(t, 'verification_runs')).toBe(before);
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.app);
  mid = await newModel(t.app, w);
  aid = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')])).assertions[0]!.id;
  key = ecKey();
  otherKey = ecKey();
  expect((await upload(key.publicPem)).statusCode).toBe(200);
  expect((await upload(otherKey.publicPem, w.other.owner, w.other.workspaceId)).statusCode).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

describe('the workspace signing key', () => {
  it('accepts a P-256 public key and names it by the SHA-256 of its DER SPKI', async () => {
    const k = ecKey();
    const res = await upload(k.publicPem, w.roles.admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ fingerprint: k.fingerprint, status: 'configured' });
    expect(k.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // back to the key the other tests use
    expect((await upload(key.publicPem)).json().fingerprint).toBe(key.fingerprint);
  });

  const refusedKey = async (pem: string, code: string) => {
    const before = await json<{ items: unknown[] }>(
      t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/signing-keys`, ...w.owner }),
      200,
    );
    const res = await upload(pem);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe(code);
    const after = await json<{ items: unknown[] }>(
      t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/signing-keys`, ...w.owner }),
      200,
    );
    expect(after.items).toEqual(before.items);
  };

  it('refuses a private key uploaded as "public" (PKCS#8 and SEC1)', async () => {
    await refusedKey(key.privatePem, 'private_key_uploaded');
    await refusedKey(key.privateKey.export({ type: 'sec1', format: 'pem' }).toString(), 'private_key_uploaded');
  });

  it('refuses RSA and P-384 keys, certificates-in-disguise and junk', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });
    await refusedKey(rsa.toString(), 'unsupported_key_type');
    await refusedKey(ecKey('secp384r1').publicPem, 'unsupported_curve');
    await refusedKey('hello', 'invalid_public_key');
    await refusedKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'invalid_public_key');
    await refusedKey(`${key.publicPem}${otherKey.publicPem}`, 'invalid_public_key');
  });

  it('keeps the key history with validity windows; members read it, members cannot change it', async () => {
    const res = await json<{
      items: { fingerprint: string; pem: string; created_at: string; revoked_at: string | null }[];
    }>(t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/signing-keys`, ...w.roles.member }), 200);
    expect(res.items.length).toBeGreaterThanOrEqual(3);
    expect(res.items.filter((k) => k.revoked_at === null).map((k) => k.fingerprint)).toEqual([key.fingerprint]);
    expect(res.items.at(-1)!.pem).toBe(key.publicPem);
    expect((await upload(ecKey().publicPem, w.roles.member)).statusCode).toBe(403);
  });
});

describe('the ES256 CI token', () => {
  const submitWith = async (token: string) => submit(bodyText(resultsJson()), bearer(token));

  it('acts as a verifier for its workspace', async () => {
    const token = await ciToken(key, w.workspaceId);
    const res = await submitWith(token);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attestation).toEqual({ method: 'none' });
    expect((await t.app.inject({ method: 'GET', url: `/api/models/${mid}`, ...bearer(token) })).statusCode).toBe(200);
    const settings = await t.app.inject({
      method: 'PATCH',
      url: `/api/workspaces/${w.workspaceId}/settings`,
      ...bearer(token),
      payload: { review_after_days: 10 },
    });
    expect(settings.statusCode).toBe(403);
    // nothing a verifier key could not do
    for (const [method, url, payload] of [
      ['GET', `/api/workspaces/${w.workspaceId}/api-keys`, undefined],
      ['PUT', `/api/workspaces/${w.workspaceId}/signing-key`, { public_key_pem: ecKey().publicPem }],
      ['POST', `/api/models/${mid}/controls/CTRL-01/assertions`, { assertions: [fnExists('x')] }],
      ['GET', '/api/workspaces', undefined],
    ] as const) {
      const res = await t.app.inject({ method, url, ...bearer(token), ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
    }
  });

  it("is routed by sub only after the signature verifies: another workspace's model is a 404", async () => {
    const foreign = await ciToken(otherKey, w.other.workspaceId);
    await refused(submitWith(foreign), 404, 'not_found');
  });

  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => Promise<string> | string][] = [
    ['alg none', () => rawJwt({ alg: 'none' }, { sub: w.workspaceId, iat: now(), exp: now() + 60 }, () => '')],
    [
      'HS256 signed with the public key',
      () =>
        rawJwt({ alg: 'HS256', typ: 'JWT' }, { sub: w.workspaceId, iat: now(), exp: now() + 60 }, hs256(key.publicPem)),
    ],
    ['a key from another workspace', () => ciToken(otherKey, w.workspaceId)],
    ['an expired token', () => ciToken(key, w.workspaceId, { iat: now() - 600, exp: now() - 400 })],
    ['iat in the future', () => ciToken(key, w.workspaceId, { iat: now() + 200, exp: now() + 300 })],
    ['a lifetime over 300 s', () => ciToken(key, w.workspaceId, { iat: now(), exp: now() + 301 })],
    [
      'an ES256 JWT with a DER signature',
      () =>
        rawJwt(
          { alg: 'ES256', typ: 'JWT' },
          { sub: w.workspaceId, iat: now(), exp: now() + 60 },
          derEs256(key.privateKey),
        ),
    ],
    ['no exp', () => rawJwt({ alg: 'ES256' }, { sub: w.workspaceId, iat: now() }, derEs256(key.privateKey))],
    ['a sub naming no workspace', () => ciToken(key, 'ws_nope')],
  ];
  it.each(cases)('refuses %s (401 invalid_ci_token, nothing stored)', async (_name, make) => {
    await refused(submitWith(await make()), 401, 'invalid_ci_token');
  });

  it('refuses a token signed by a revoked key', async () => {
    const old = ecKey();
    expect((await upload(old.publicPem)).statusCode).toBe(200);
    const token = await ciToken(old, w.workspaceId);
    expect((await upload(key.publicPem)).statusCode).toBe(200);
    await refused(submitWith(token), 401, 'invalid_ci_token');
  });
});

describe('results signatures', () => {
  it('accepts the shell recipe from attestation.md verbatim (openssl, sha256sum), hashing the bytes as sent', async () => {
    const rj = resultsJson();
    const { signed_hash, signature } = recipe(key.privatePem, rj);
    const res = await submit(bodyText(rj, { signed_hash, signature }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attestation).toMatchObject({
      method: 'ecdsa',
      key_fingerprint: key.fingerprint,
      signed_hash,
      hash_of: 'raw',
    });
    const stored = await runAttestation(t, res.json().run_id);
    expect(stored.attestation_method).toBe('ecdsa');
    expect(stored.attestation).toMatchObject({ key_fingerprint: key.fingerprint, signed_hash, signature });
  });

  it('accepts the RFC 8785 canonical JSON form and the 64-byte r‖s signature', async () => {
    const results = [{ assertion_id: aid, tier: 1, result: 'pass', details: 'ok' }];
    const signed_hash = sha256Tag(`[{"assertion_id":"${aid}","details":"ok","result":"pass","tier":1}]`);
    for (const form of ['der', 'p1363'] as const) {
      const body = JSON.stringify(
        {
          pipeline: { provider: 'github', run_id: `canon-${form}`, commit_sha: 'abcd', repo: 'acme/api' },
          signature: signHash(key.privateKey, signed_hash, form),
          signed_hash,
          results,
        },
        null,
        3,
      );
      const res = await submit(body);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().attestation).toMatchObject({ method: 'ecdsa', hash_of: 'canonical' });
    }
  });

  it('signing the same results twice (malleable signatures) is never deduplicated', async () => {
    const rj = resultsJson();
    const { signed_hash, signature } = recipe(key.privatePem, rj);
    expect((await submit(bodyText(rj, { signed_hash, signature }))).statusCode).toBe(201);
    expect((await submit(bodyText(rj, { signed_hash, signature }))).statusCode).toBe(201);
  });

  it('refuses a signature over the wrong string (401 bad_signature)', async () => {
    const rj = resultsJson();
    const signed_hash = sha256Tag(rj);
    await refused(
      submit(bodyText(rj, { signed_hash, signature: signHash(key.privateKey, signed_hash.slice(7)) })),
      401,
      'bad_signature',
    );
    await refused(
      submit(bodyText(rj, { signed_hash, signature: signHash(otherKey.privateKey, signed_hash) })),
      401,
      'bad_signature',
    );
  });

  it('refuses `echo` instead of `printf` (a trailing newline) in either step', async () => {
    const rj = resultsJson();
    const echoHash = recipe(key.privatePem, rj, RECIPE.replace(`printf '%s' "$RESULTS_JSON"`, `echo "$RESULTS_JSON"`));
    await refused(submit(bodyText(rj, echoHash)), 422, 'signed_hash_mismatch');
    const echoSign = recipe(
      key.privatePem,
      rj,
      RECIPE.replace(`printf '%s' "$SIGNED_HASH" |`, `echo "$SIGNED_HASH" |`),
    );
    await refused(submit(bodyText(rj, echoSign)), 401, 'bad_signature');
  });

  it('refuses upper-case hex (422 signed_hash_mismatch)', async () => {
    const rj = resultsJson();
    const upper = `sha256:${sha256Tag(rj).slice(7).toUpperCase()}`;
    await refused(
      submit(bodyText(rj, { signed_hash: upper, signature: signHash(key.privateKey, upper) })),
      422,
      'signed_hash_mismatch',
    );
  });

  it('refuses results changed by one byte after signing (422 signed_hash_mismatch)', async () => {
    const rj = resultsJson();
    const signed = recipe(key.privatePem, rj);
    const changed = rj.replace('"pass"', '"fail"');
    await refused(submit(bodyText(changed, signed)), 422, 'signed_hash_mismatch');
    await refused(submit(bodyText(rj.replace(':3', ':4'), signed)), 422, 'signed_hash_mismatch');
  });

  it('refuses r = s = 0 and out-of-range r, in both encodings (401 bad_signature)', async () => {
    const rj = resultsJson();
    const signed_hash = sha256Tag(rj);
    const n = 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551';
    const good = Buffer.from(signHash(key.privateKey, signed_hash, 'p1363'), 'base64');
    const sigs = [
      Buffer.from('3006020100020100', 'hex'),
      Buffer.alloc(64),
      Buffer.concat([Buffer.from(n, 'hex'), good.subarray(32)]),
      Buffer.concat([good.subarray(0, 32), Buffer.from(n, 'hex')]),
      Buffer.from('not base64!'),
    ];
    for (const sig of sigs) {
      await refused(submit(bodyText(rj, { signed_hash, signature: sig.toString('base64') })), 401, 'bad_signature');
    }
  });

  it('refuses a signature without signed_hash (400)', async () => {
    const rj = resultsJson();
    await refused(
      submit(bodyText(rj, { signature: signHash(key.privateKey, sha256Tag(rj)) })),
      400,
      'signature_incomplete',
    );
  });
});

describe('enforcement and key rotation', () => {
  const setRequired = async (on: boolean) =>
    json(
      t.app.inject({
        method: 'PATCH',
        url: `/api/workspaces/${w.workspaceId}/settings`,
        ...w.owner,
        payload: { require_ci_attestation: on },
      }),
      200,
    );

  it('require_ci_attestation refuses unattested results (403) and accepts signed ones; off stores them as none', async () => {
    await setRequired(true);
    try {
      await refused(submit(bodyText(resultsJson())), 403, 'attestation_required');
      await refused(
        submit(bodyText(resultsJson()), bearer(await ciToken(key, w.workspaceId))),
        403,
        'attestation_required',
      );
      const rj = resultsJson();
      const res = await submit(bodyText(rj, recipe(key.privatePem, rj)));
      expect(res.statusCode, res.body).toBe(201);
    } finally {
      await setRequired(false);
    }
    const res = await submit(bodyText(resultsJson()));
    expect(res.statusCode).toBe(201);
    expect((await runAttestation(t, res.json().run_id)).attestation_method).toBe('none');
  });

  it('after rotation the old key no longer signs, and old runs keep their fingerprint', async () => {
    const rj = resultsJson();
    const before = await submit(bodyText(rj, recipe(key.privatePem, rj)));
    expect(before.statusCode).toBe(201);
    const next = ecKey();
    expect((await upload(next.publicPem)).statusCode).toBe(200);
    try {
      await refused(submit(bodyText(rj, recipe(key.privatePem, rj))), 401, 'bad_signature');
      const after = await submit(bodyText(rj, recipe(next.privatePem, rj)));
      expect(after.statusCode, after.body).toBe(201);
      expect((await runAttestation(t, after.json().run_id)).attestation.key_fingerprint).toBe(next.fingerprint);
      expect((await runAttestation(t, before.json().run_id)).attestation.key_fingerprint).toBe(key.fingerprint);
      const history = await json<{ items: { fingerprint: string; revoked_at: string | null }[] }>(
        t.app.inject({ method: 'GET', url: `/api/workspaces/${w.workspaceId}/signing-keys`, ...w.owner }),
        200,
      );
      expect(history.items.find((k) => k.fingerprint === key.fingerprint && k.revoked_at !== null)).toBeTruthy();
    } finally {
      expect((await upload(key.publicPem)).statusCode).toBe(200);
    }
  });
});

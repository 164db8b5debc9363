import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateInstanceKey } from '../../src/audit/instance-key.js';
import { verifyBundle } from '../../src/audit/verify.js';
import { canonicalJson } from '../../src/verification/hashing.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import { type EcKey, ecKey, sha256Tag, signHash } from '../helpers/attestation.js';
import { fnExists, newModel, pass, runBody, submitAssertions, submitRun } from './verification-fixtures.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

let t: TestApp;
let w: World;
let mid: string;
let dir: string;
let bundle: Record<string, unknown>;
let jwks: { keys: { kid: string }[] };
const kids: string[] = [];

async function signingKey() {
  return json<{ current: { kid: string }; history: { kid: string; retired_at: string | null }[] }>(
    t.app.inject({ method: 'GET', url: '/api/admin/signing-key', ...w.owner }),
    200,
  );
}

async function signedRun(key: EcKey, body: ReturnType<typeof runBody>, form: 'canonical' | 'raw') {
  const signed_hash = sha256Tag(form === 'raw' ? JSON.stringify(body.results) : canonicalJson(body.results));
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/models/${mid}/verification/results`,
    ...w.verifierKey,
    headers: { ...w.verifierKey.headers, 'content-type': 'application/json' },
    payload: JSON.stringify({ ...body, signed_hash, signature: signHash(key.privateKey, signed_hash) }),
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().attestation.method).toBe('ecdsa');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'assay-audit-'));
  t = await createTestApp();
  // this app's key lives in a real file, so that it can be rotated
  t.ctx.config.instanceKey = { file: path.join(dir, 'instance-key.pem'), given: false, persist: true };
  w = await createWorld(t.app);
  mid = await newModel(t.app, w, [
    { id: 'CTRL-01', description: 'Enforce authentication on all API endpoints' },
    { id: 'CTRL-02', description: 'Encrypt data at rest' },
  ]);
  const api = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')])).assertions;
  const web = (
    await submitAssertions(t.app, w.developerKey, mid, 'CTRL-02', [fnExists('encrypt', { repo: 'acme/web' })])
  ).assertions;
  const apiIds = api.map((a) => a.id);
  const webIds = web.map((a) => a.id);
  await submitRun(t.app, w.verifierKey, mid, { run_id: 'r1', commit: 'aaaa111', results: pass(apiIds, 1) });
  // r2 is ECDSA-signed over the canonical results, r4 over the results' bytes as sent
  const ci = ecKey();
  await json(
    t.app.inject({
      method: 'PUT',
      url: `/api/workspaces/${w.workspaceId}/signing-key`,
      ...w.owner,
      payload: { public_key_pem: ci.publicPem },
    }),
    200,
  );
  await signedRun(
    ci,
    runBody({ run_id: 'r2', repo: 'acme/web', commit: 'bbbb222', results: pass(webIds, 1) }),
    'canonical',
  );
  kids.push((await signingKey()).current.kid);
  // a run of another model in the same workspace sits in the chain between ours
  const other = await newModel(t.app, w);
  const o = (await submitAssertions(t.app, w.developerKey, other, 'CTRL-01', [fnExists('x')])).assertions;
  await submitRun(t.app, w.verifierKey, other, {
    run_id: 'o1',
    results: pass(
      o.map((a) => a.id),
      1,
    ),
  });
  kids.push((await rotateInstanceKey(t.ctx.config, t.ctx.db)).current);
  await submitRun(t.app, w.verifierKey, mid, {
    run_id: 'r3',
    commit: 'cccc333',
    results: [{ assertion_id: apiIds[0]!, tier: 1, result: 'fail', details: 'require_auth removed' }],
  });
  await signedRun(ci, runBody({ run_id: 'r4', repo: 'acme/web', commit: 'dddd444', results: pass(webIds, 2) }), 'raw');
  const res = await t.app.inject({ method: 'GET', url: `/api/models/${mid}/audit-bundle`, ...w.roles.auditor });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="assay-audit-.*\.json"$/);
  bundle = res.json();
  jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('instance key', () => {
  it('is written to the data directory with mode 0600', () => {
    expect(statSync(path.join(dir, 'instance-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('jwks serves the current and the retired key; the admin page shows the history', async () => {
    expect(kids[0]).not.toBe(kids[1]);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([...kids].sort());
    expect(jwks.keys[0]).toMatchObject({ kid: kids[1], alg: 'ES256', use: 'sig', kty: 'EC', crv: 'P-256' });
    const sk = await signingKey();
    expect(sk.current.kid).toBe(kids[1]);
    expect(sk.history.find((k) => k.kid === kids[0])?.retired_at).toBeTruthy();
  });

  it('the signing-key page is for instance administrators only', async () => {
    for (const cred of [w.roles.admin, w.roles.auditor, w.developerKey]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/admin/signing-key', ...cred });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('audit bundle', () => {
  it('holds the runs the statuses rest on, the chain, keys and a signed manifest', () => {
    expect(bundle.format).toBe('assay.audit-bundle/v1');
    const runs = bundle.runs as { pipeline: { run_id: string } }[];
    expect(runs.map((r) => r.pipeline.run_id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect((bundle.chain as unknown[]).length).toBe(5); // r1 … r4 and the other model's run between
    expect(bundle.repos).toEqual([
      expect.objectContaining({ repo: 'acme/api', commit_sha: 'cccc333' }),
      expect.objectContaining({ repo: 'acme/web', commit_sha: 'dddd444' }),
    ]);
  });

  it('verifies offline with the library, against the bundle keys and against the JWKS', () => {
    const self = verifyBundle(bundle);
    expect(self.failures).toEqual([]);
    expect(self.ok).toBe(true);
    expect(self.trust).toBe('self');
    expect(self.runs.map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(self.runs.map((r) => r.method)).toEqual(['none', 'ecdsa', 'none', 'ecdsa']);
  });

  const flipB64 = (s: string) => {
    const b = Buffer.from(s, 'base64');
    b[10] = (b[10] ?? 0) ^ 1;
    return b.toString('base64');
  };
  const otherPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
  // biome-ignore lint/suspicious/noExplicitAny: mutation targets
  type Any = Record<string, any>;
  const mutations: [string, (b: Any) => void, RegExp][] = [
    [
      'a result',
      (b) => {
        b.runs[0].results[0].result = 'fail';
      },
      /^runs\[0\]/,
    ],
    [
      'result details',
      (b) => {
        b.runs[2].results[0].details += '.';
      },
      /^runs\[2\]/,
    ],
    [
      'a commit',
      (b) => {
        b.runs[1].pipeline.commit_sha = 'eeee555';
      },
      /^runs\[1\]/,
    ],
    [
      'an attestation claim',
      (b) => {
        b.runs[0].attestation.method = 'oidc';
      },
      /^runs\[0\]/,
    ],
    [
      'a status',
      (b) => {
        b.report.controls[0].verification_status = 'verified';
      },
      /^report$/,
    ],
    [
      'a summary count',
      (b) => {
        b.report.summary.verified += 1;
      },
      /^report$/,
    ],
    [
      'an assertion hash',
      (b) => {
        b.model.assertions[0].content_hash = '0'.repeat(64);
      },
      /^model$/,
    ],
    [
      'a notarization signature byte',
      (b) => {
        b.runs[3].notarization.signature = flipB64(b.runs[3].notarization.signature);
      },
      /^runs\[3\]\.notarization\.signature$/,
    ],
    [
      'a chain link',
      (b) => {
        b.chain[2].prev_hash = b.chain[0].record_hash;
      },
      /^chain\[2\]\.prev_hash$/,
    ],
    ['a removed chain record', (b) => void b.chain.splice(2, 1), /^chain\[2\]/],
    ['a reordered run', (b) => void b.runs.reverse(), /^runs$/],
    [
      'a record signature byte',
      (b) => {
        b.chain[1].record_signature = flipB64(b.chain[1].record_signature);
      },
      /^chain\[1\]\.record_signature$/,
    ],
    [
      'an instance key',
      (b) => {
        b.keys.instance[0].public_key_pem = otherPem;
      },
      /^keys\.instance\[0\]/,
    ],
    [
      'a key validity window',
      (b) => {
        b.keys.instance[0].retired_at = b.keys.instance[0].created_at;
      },
      /^chain\[0\]\.kid$|^runs\[0\]\.notarization\.kid$/,
    ],
    [
      'the manifest signature',
      (b) => {
        b.manifest.signature = flipB64(b.manifest.signature);
      },
      /^manifest\.signature$/,
    ],
    [
      'generated_at',
      (b) => {
        b.generated_at = '2020-01-01T00:00:00.000Z';
      },
      /^manifest\.hash$/,
    ],
    [
      'a latest commit',
      (b) => {
        b.repos[0].commit_sha = 'ffff666';
      },
      /^repos\[0\]\.commit_sha$/,
    ],
    [
      'the format',
      (b) => {
        b.format = 'assay.audit-bundle/v0';
      },
      /^format$/,
    ],
  ];
  mutations.push(
    [
      'a CI signature byte',
      (b) => {
        b.runs[1].attestation.signature = flipB64(b.runs[1].attestation.signature);
      },
      /^runs\[1\]\.attestation\.signature$/,
    ],
    [
      'a workspace key',
      (b) => {
        b.keys.workspace[0].public_key_pem = otherPem;
      },
      /^keys\.workspace\[0\]/,
    ],
    [
      'a workspace key window',
      (b) => {
        b.keys.workspace[0].created_at = b.generated_at;
      },
      /^runs\[1\]\.attestation\.key_fingerprint$/,
    ],
  );
  it.each(mutations)('changing %s makes verification fail and name the place', (_what, mutate, where) => {
    const copy = structuredClone(bundle) as Any;
    mutate(copy);
    const v = verifyBundle(copy);
    expect(v.ok).toBe(false);
    expect(
      v.failures.map((f) => f.where),
      JSON.stringify(v.failures),
    ).toContainEqual(expect.stringMatching(where));
  });

  it('an auditor trusting the JWKS rejects a bundle re-signed with another key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    void privateKey;
    const v = verifyBundle(bundle, { trusted: [] });
    expect(v.ok).toBe(false);
    expect(v.failures.map((f) => f.where)).toContain('manifest.kid');
  });
});

describe('assay audit verify (built CLI)', () => {
  const cli = (...args: string[]) =>
    run(process.execPath, [path.join(ROOT, 'bin', 'assay.js'), ...args]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  let good: string;
  let bad: string;
  let jwksFile: string;
  beforeAll(() => {
    good = path.join(dir, 'bundle.json');
    bad = path.join(dir, 'tampered.json');
    jwksFile = path.join(dir, 'jwks.json');
    writeFileSync(good, JSON.stringify(bundle));
    const copy = structuredClone(bundle) as { runs: { results: { result: string }[] }[] };
    copy.runs[1]!.results[0]!.result = 'fail';
    writeFileSync(bad, JSON.stringify(copy));
    writeFileSync(jwksFile, JSON.stringify(jwks));
  });

  it('exits 0 for an intact bundle, with a per-run table', async () => {
    const r = await cli('audit', 'verify', good, '--jwks', jwksFile);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/RUN\s+REPO\s+COMMIT\s+METHOD\s+SIGNER\s+VERDICT/);
    expect(r.stdout).toContain('VERIFIED');
    expect(r.stderr).not.toContain('warning');
  });

  it('without trusted keys it still verifies but warns that this is only self-consistency', async () => {
    const r = await cli('audit', 'verify', good, '--output', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, trust: 'self' });
    expect(r.stderr).toContain('self-consistency');
  });

  it('exits 1 for a tampered bundle and says where', async () => {
    const r = await cli('audit', 'verify', bad, '--jwks', jwksFile);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL runs[1].notarization.hash');
    expect(r.stdout).toContain('NOT VERIFIED');
  });

  it('exits 2 for usage errors', async () => {
    for (const args of [
      ['audit', 'verify'],
      ['audit', 'verify', path.join(dir, 'missing.json')],
      ['audit', 'verify', good, '--output', 'xml'],
      ['audit', 'verify', good, '--jwks', good],
      ['audit', 'verify', good, '--instance-key', good],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcReplays } from '../../src/db/schema/index.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import { countRows, hs256, rawJwt, runAttestation } from '../helpers/attestation.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { fnExists, newModel, runBody, submitAssertions } from './verification-fixtures.js';

/**
 * OIDC attestation (attestation.md) against issuers the test serves on 127.0.0.1. Every refusal is checked for its
 * status and code and for having stored no run; unlisted issuers are checked for never having been contacted.
 */

let t: TestApp;
let w: World;
let mid: string;
let aid: string;
let issuer: TestIssuer;
const bad: Record<string, TestIssuer> = {};
let seq = 0;

const GITHUB = {
  sub: 'repo:acme/api:environment:attestation',
  repository: 'acme/api',
  repository_owner: 'acme',
  ref: 'refs/heads/main',
  environment: 'attestation',
  workflow: 'ci',
  sha: 'a1b2c3d4e5f6',
};
const GITLAB = {
  sub: 'project_path:acme/api:ref_type:branch:ref:main',
  project_path: 'acme/api',
  ref_path: 'refs/heads/main',
  ref: 'main',
  ref_type: 'branch',
  pipeline_id: '4242',
};

async function settings(patch: Record<string, unknown>) {
  await json(
    t.app.inject({ method: 'PATCH', url: `/api/workspaces/${w.workspaceId}/settings`, ...w.owner, payload: patch }),
    200,
  );
}

const githubRun = () => ({ run_id: String(1000 + ++seq), run_attempt: '1' });

function submit(oidc_token: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/models/${mid}/verification/results`,
    ...w.verifierKey,
    payload: {
      ...runBody({ run_id: `oidc-${++seq}`, results: [{ assertion_id: aid, tier: 1, result: 'pass' }] }),
      oidc_token,
    },
  });
}

async function refused(token: string | Promise<string>, code: string, status = 401) {
  const before = await countRows(t, 'verification_runs');
  const res = await submit(await token);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(await countRows(t, 'verification_runs')).toBe(before);
}

beforeAll(async () => {
  t = await createTestApp({ ASSAY_ALLOW_INSECURE_ISSUERS: '1' });
  w = await createWorld(t.app);
  mid = await newModel(t.app, w);
  aid = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')])).assertions[0]!.id;
  issuer = await startTestIssuer();
  for (const name of ['unlisted', 'liar', 'redirector', 'offhost', 'fat']) bad[name] = await startTestIssuer();
  bad.liar!.behaviour.discoveryIssuer = 'https://token.actions.githubusercontent.com';
  // same machine, other host name: a redirect or jwks_uri there leaves the issuer's origin
  bad.redirector!.behaviour.jwksRedirect = `${issuer.url.replace('127.0.0.1', 'localhost')}/jwks`;
  bad.offhost!.behaviour.jwksUri = `${issuer.url.replace('127.0.0.1', 'localhost')}/jwks`;
  bad.fat!.behaviour.jwksPadding = 70 * 1024;
  await settings({
    trusted_oidc_issuers: [issuer.url, bad.liar!.url, bad.redirector!.url, bad.offhost!.url, bad.fat!.url],
    required_oidc_claims: { repository: 'acme/api', environment: 'attestation' },
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await issuer?.close();
  for (const i of Object.values(bad)) await i.close();
});

describe('accepted tokens', () => {
  it('a GitHub-shaped token (RS256) from a custom issuer is verified and its verified claims stored', async () => {
    const res = await submit(await issuer.token({ ...GITHUB, ...githubRun() }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attestation).toMatchObject({ method: 'oidc', issuer: issuer.url });
    const stored = await runAttestation(t, res.json().run_id);
    expect(stored.attestation_method).toBe('oidc');
    expect(stored.attestation).toMatchObject({
      issuer: issuer.url,
      claims: { repository: 'acme/api', environment: 'attestation', aud: 'assay' },
    });
    // the run's page shows what was verified about its origin, and its notarization
    const run = await json<{
      attestation: { method: string; issuer: string; claims: Record<string, unknown> };
      notarization: { hash: string; signature: string } | null;
    }>(
      t.app.inject({
        method: 'GET',
        url: `/api/models/${mid}/verification/runs/${res.json().run_id}`,
        ...w.roles.auditor,
      }),
      200,
    );
    expect(run.attestation).toMatchObject({ method: 'oidc', issuer: issuer.url, claims: { repository: 'acme/api' } });
    expect(run.notarization).toMatchObject({ hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });

  it('expired replay records are purged when the next token is checked; live ones stay', async () => {
    await t.ctx.db.insert(oidcReplays).values({
      replayKey: `sha256:${'0'.repeat(64)}`,
      workspaceId: w.workspaceId,
      expiresAt: new Date(Date.now() - 1000),
    });
    const before = await countRows(t, 'oidc_replays');
    expect((await submit(await issuer.token({ ...GITHUB, ...githubRun() }))).statusCode).toBe(201);
    // the expired record went, the new token's two records (jti, run) came
    expect(await countRows(t, 'oidc_replays')).toBe(before - 1 + 2);
  });

  it('a GitLab-shaped token (ES256) with project_path + ref_path required', async () => {
    await settings({ required_oidc_claims: { project_path: 'acme/api', ref_path: 'refs/heads/main' } });
    try {
      const res = await submit(await issuer.token(GITLAB, { alg: 'ES256' }));
      expect(res.statusCode, res.body).toBe(201);
      expect((await runAttestation(t, res.json().run_id)).attestation).toMatchObject({
        claims: { project_path: 'acme/api', ref_path: 'refs/heads/main' },
      });
      await refused(
        issuer.token({ ...GITLAB, ref_path: 'refs/heads/feature' }, { alg: 'ES256' }),
        'oidc_claim_mismatch',
      );
    } finally {
      await settings({ required_oidc_claims: { repository: 'acme/api', environment: 'attestation' } });
    }
  });

  it('an audience array holding only the audience is accepted; require_ci_attestation accepts OIDC', async () => {
    await settings({ require_ci_attestation: true });
    try {
      const res = await submit(await issuer.token({ ...GITHUB, ...githubRun(), aud: ['assay'] }));
      expect(res.statusCode, res.body).toBe(201);
    } finally {
      await settings({ require_ci_attestation: false });
    }
  });

  it('the issuer rotates its keys: an unknown kid refetches the key set, at most once per interval', async () => {
    await submit(await issuer.token({ ...GITHUB, ...githubRun() }));
    issuer.rotate();
    const fetches = () => issuer.hits.filter((h) => h === '/jwks').length;
    const before = fetches();
    // within the rate-limit window a new kid is not refetched
    await refused(issuer.token({ ...GITHUB, ...githubRun() }), 'invalid_oidc_token');
    expect(fetches()).toBe(before);
    const realNow = t.ctx.now;
    t.ctx.now = () => new Date(Date.now() + 31_000);
    try {
      const res = await submit(await issuer.token({ ...GITHUB, ...githubRun() }));
      expect(res.statusCode, res.body).toBe(201);
      expect(fetches()).toBe(before + 1);
      // an unknown kid right after the refetch does not fetch again
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      await refused(
        issuer.token({ ...GITHUB, ...githubRun() }, { kid: 'unknown', key: stranger }),
        'invalid_oidc_token',
      );
      expect(fetches()).toBe(before + 1);
    } finally {
      t.ctx.now = realNow;
    }
  });
});

describe('refused tokens store no run', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const gh = (extra: Record<string, unknown> = {}, opts = {}) =>
    issuer.token({ ...GITHUB, ...githubRun(), ...extra }, opts);

  it('wrong audience, and an audience array with extras', async () => {
    await refused(gh({ aud: 'someone-else' }), 'invalid_oidc_token');
    await refused(gh({ aud: ['assay', 'someone-else'] }), 'invalid_oidc_token');
  });

  it('expired, issued in the future, without exp or iat', async () => {
    await refused(gh({ iat: now() - 900, exp: now() - 300 }), 'invalid_oidc_token');
    await refused(gh({ iat: now() + 300, exp: now() + 600 }), 'invalid_oidc_token');
    await refused(gh({ exp: undefined }), 'invalid_oidc_token');
    await refused(gh({ iat: undefined }), 'invalid_oidc_token');
  });

  it('alg none, HS256 signed with a public key, a key the issuer does not publish', async () => {
    const claims = { ...GITHUB, ...githubRun(), iss: issuer.url, aud: 'assay', iat: now(), exp: now() + 60, jti: 'x' };
    await refused(
      rawJwt({ alg: 'none' }, claims, () => ''),
      'invalid_oidc_token',
    );
    await refused(rawJwt({ alg: 'HS256', kid: 'k' }, claims, hs256('public')), 'invalid_oidc_token');
    const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    await refused(gh({}, { alg: 'ES256', key: stranger }), 'invalid_oidc_token');
  });

  it('an unlisted or mis-spelt issuer is refused without fetching anything', async () => {
    const hitsBefore = issuer.hits.length;
    await refused(bad.unlisted!.token({ ...GITHUB, ...githubRun() }), 'untrusted_issuer');
    await refused(gh({ iss: `${issuer.url}/` }), 'untrusted_issuer');
    await refused(gh({ iss: issuer.url.replace('127.0.0.1', 'localhost') }), 'untrusted_issuer');
    expect(bad.unlisted!.hits).toEqual([]);
    expect(issuer.hits.length).toBe(hitsBefore);
  });

  it('an issuer whose discovery names another issuer', async () => {
    await refused(bad.liar!.token({ ...GITHUB, ...githubRun() }), 'oidc_discovery_failed');
    expect(bad.liar!.hits).toEqual(['/.well-known/openid-configuration']);
  });

  it('a JWKS redirect or jwks_uri to another host', async () => {
    const before = issuer.hits.length;
    await refused(bad.redirector!.token({ ...GITHUB, ...githubRun() }), 'oidc_discovery_failed');
    await refused(bad.offhost!.token({ ...GITHUB, ...githubRun() }), 'oidc_discovery_failed');
    // the other host was never contacted
    expect(issuer.hits.length).toBe(before);
  });

  it('an oversized JWKS', async () => {
    await refused(bad.fat!.token({ ...GITHUB, ...githubRun() }), 'oidc_discovery_failed');
  });

  it.each([
    ['repository', { repository: 'acme/other' }],
    ['repository', { repository: undefined }],
    ['environment', { environment: 'production' }],
    ['environment', { environment: undefined }],
  ])('a required claim (%s) wrong or missing', async (_claim, extra) => {
    await refused(gh(extra), 'oidc_claim_mismatch');
  });

  it('a replayed jti, and a replayed GitHub run (run_id + run_attempt)', async () => {
    const token = await gh();
    expect((await submit(token)).statusCode).toBe(201);
    await refused(token, 'replay');
    const run = githubRun();
    expect((await submit(await issuer.token({ ...GITHUB, ...run }))).statusCode).toBe(201);
    await refused(issuer.token({ ...GITHUB, ...run }), 'replay');
    // the next attempt of the same run is a new token
    expect((await submit(await issuer.token({ ...GITHUB, ...run, run_attempt: '2' }))).statusCode).toBe(201);
  });

  it('one token attests one run per model: another model of the workspace may use it, the same model may not', async () => {
    const other = await newModel(t.app, w);
    const otherAid = (await submitAssertions(t.app, w.developerKey, other, 'CTRL-01', [fnExists('require_auth')]))
      .assertions[0]!.id;
    const submitTo = (model: string, assertionId: string, token: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/models/${model}/verification/results`,
        ...w.verifierKey,
        payload: {
          ...runBody({ run_id: `oidc-${++seq}`, results: [{ assertion_id: assertionId, tier: 1, result: 'pass' }] }),
          oidc_token: token,
        },
      });
    // GitLab gives a job one token; `assay run --all` submits one run per model with it
    const token = await gh();
    expect((await submitTo(mid, aid, token)).statusCode).toBe(201);
    const second = await submitTo(other, otherAid, token);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().attestation.method).toBe('oidc');
    const again = await submitTo(other, otherAid, token);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('replay');
  });

  it('a token is spent only with a stored run: when storing fails, the same token attests the retry', async () => {
    await t.ctx.db.execute(
      sql.raw(`create or replace function assay_test_fail_store() returns trigger language plpgsql as $$
        begin if new.details = 'fail-store' then raise exception 'storage failed'; end if; return new; end $$`),
    );
    await t.ctx.db.execute(
      sql.raw(`create trigger assay_test_fail_store before insert on verification_results
        for each row execute function assay_test_fail_store()`),
    );
    try {
      const token = await gh();
      const body = (details: string) => ({
        ...runBody({ run_id: `oidc-${++seq}`, results: [{ assertion_id: aid, tier: 1, result: 'pass', details }] }),
        oidc_token: token,
      });
      const before = await countRows(t, 'oidc_replays');
      const broken = await t.app.inject({
        method: 'POST',
        url: `/api/models/${mid}/verification/results`,
        ...w.verifierKey,
        payload: body('fail-store'),
      });
      expect(broken.statusCode).toBe(500);
      expect(await countRows(t, 'oidc_replays')).toBe(before);
      const retry = await t.app.inject({
        method: 'POST',
        url: `/api/models/${mid}/verification/results`,
        ...w.verifierKey,
        payload: body('pass at auth/middleware.py:3'),
      });
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.json().attestation.method).toBe('oidc');
    } finally {
      await t.ctx.db.execute(sql.raw('drop trigger assay_test_fail_store on verification_results'));
    }
  });

  it('concurrent submissions of one token: exactly one is accepted', async () => {
    const token = await gh();
    const results = await Promise.all([submit(token), submit(token), submit(token)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 401, 401]);
  });

  it('an http issuer is refused when the server does not allow insecure issuers', async () => {
    const strict = await createTestApp();
    try {
      const sw = await createWorld(strict.app);
      const res = await strict.app.inject({
        method: 'PATCH',
        url: `/api/workspaces/${sw.workspaceId}/settings`,
        ...sw.owner,
        payload: { trusted_oidc_issuers: [issuer.url] },
      });
      expect(res.statusCode).toBe(400);
    } finally {
      await strict.close();
    }
  });
});

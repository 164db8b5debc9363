// The CI integrations end to end, as far as this machine allows: the GitHub Action's entrypoint and the GitLab
// template's script run with bash, with the environment each CI gives a job, the built CLI (dist/, as the action
// builds it) and a real server on 127.0.0.1 that trusts an OIDC issuer the test serves. GitHub's token endpoint
// (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN) is a small server here that mints tokens with the claims GitHub would put in.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newModel, report, submitAssertions } from '../api/verification-fixtures.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import { ecKey, runAttestation, uploadSigningKey } from '../helpers/attestation.js';
import { git, keyOf, runCollect, runsOf } from '../helpers/cli.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const REPO = 'acme/api';
const AUTH_PY = `def require_auth(request):
    """Rejects requests without a valid session token."""
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        raise PermissionError(401)
    return request
`;

let t: TestApp;
let w: World;
let url: string;
let issuer: TestIssuer;
let tokenServer: Server;
let tokenUrl: string;
const REQUEST_TOKEN = `request-${randomUUID()}`;
/** What GitHub's token endpoint was asked: the audience of each request, or why it refused. */
const tokenRequests: { audience: string | null; refused?: string }[] = [];
/** The claims GitHub puts in the next tokens (per job). */
let githubClaims: Record<string, unknown> = {};
let dir: string;
let checkout: string;
let headSha: string;
let seq = 0;

async function settings(patch: Record<string, unknown>) {
  await json(
    t.app.inject({ method: 'PATCH', url: `/api/workspaces/${w.workspaceId}/settings`, ...w.owner, payload: patch }),
    200,
  );
}

/** A model whose CTRL-01 the checkout proves and whose CTRL-02 it does not. */
async function scenario(): Promise<string> {
  const mid = await newModel(t.app, w, [
    { id: 'CTRL-01', description: 'Enforce authentication on all API endpoints' },
    { id: 'CTRL-02', description: 'Rotate signing keys every 90 days' },
  ]);
  await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [
    {
      type: 'function_exists',
      params: { file: 'auth/middleware.py', name: 'require_auth' },
      description: 'require_auth checks the session',
      repo: REPO,
    },
  ]);
  await submitAssertions(t.app, w.developerKey, mid, 'CTRL-02', [
    {
      type: 'function_exists',
      params: { file: 'auth/middleware.py', name: 'rotate_signing_keys' },
      description: 'the rotation job exists',
      repo: REPO,
    },
  ]);
  return mid;
}

const runsOfModel = (mid: string) => runsOf(t.app, w.owner, mid);

/** bash running a script file with exactly this environment (nothing of the machine's own CI leaks in). */
const bash = (script: string, env: Record<string, string>, cwd = checkout) =>
  runCollect('bash', [script], { cwd, env: { HOME: dir, ...env } });

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/run.js'))) throw new Error('dist/ is missing: run `npm run build`');
  t = await createTestApp({ ASSAY_ALLOW_INSECURE_ISSUERS: '1' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  w = await createWorld(t.app);
  issuer = await startTestIssuer();

  // GitHub's OIDC token endpoint: the request token as a bearer, the audience as a query parameter
  tokenServer = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const audience = u.searchParams.get('audience');
    if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}` || u.pathname !== '/token') {
      tokenRequests.push({ audience, refused: 'bad request token or path' });
      res.statusCode = 401;
      res.end(JSON.stringify({ message: 'Unauthorized' }));
      return;
    }
    tokenRequests.push({ audience });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: await issuer.token({ ...githubClaims, aud: audience ?? 'none' }) }));
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}`;

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-ci-e2e-'));
  checkout = path.join(dir, 'checkout');
  fs.mkdirSync(path.join(checkout, 'auth'), { recursive: true });
  fs.writeFileSync(path.join(checkout, 'auth/middleware.py'), AUTH_PY);
  git(checkout, 'init', '-q', '-b', 'main');
  git(checkout, 'add', '.');
  git(checkout, 'commit', '-q', '-m', 'initial');
  headSha = git(checkout, 'rev-parse', 'HEAD');

  // the secure setup of docs/ci.md: attestation required, this issuer trusted, the claims pinned
  await settings({ trusted_oidc_issuers: [issuer.url], require_ci_attestation: true });
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (tokenServer ? tokenServer.close(() => resolve()) : resolve()));
  await issuer?.close();
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- GitHub Actions

/** Runs ci/github/entrypoint.sh as the action's last step would, with these inputs. */
async function action(inputs: Record<string, string>, extra: Record<string, string> = {}) {
  const n = ++seq;
  const runnerTemp = path.join(dir, `runner-temp-${n}`);
  fs.mkdirSync(runnerTemp);
  const summary = path.join(dir, `step-summary-${n}.md`);
  const output = path.join(dir, `github-output-${n}`);
  fs.writeFileSync(summary, '');
  fs.writeFileSync(output, '');
  const runId = String(9000 + n);
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: REPO,
    GITHUB_SHA: headSha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'assay',
    GITHUB_WORKSPACE: checkout,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_ACTION_PATH: ROOT,
    RUNNER_TEMP: runnerTemp,
    ACTIONS_ID_TOKEN_REQUEST_URL: `${tokenUrl}/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    // the action's defaults
    INPUT_ALL: 'false',
    INPUT_REQUIRE_ATTESTATION: 'true',
    INPUT_DRY_RUN: 'false',
    INPUT_NO_EXEC: 'false',
    INPUT_OUTPUT: 'github',
    INPUT_URL: url,
    ...inputs,
    ...extra,
  };
  githubClaims = {
    repository: REPO,
    repository_owner: 'acme',
    ref: 'refs/heads/main',
    ref_protected: 'true',
    environment: 'attestation',
    workflow: 'assay',
    sha: headSha,
    run_id: runId,
    run_attempt: '1',
  };
  const ran = await bash(path.join(ROOT, 'ci/github/entrypoint.sh'), env);
  const outputs = Object.fromEntries(
    fs
      .readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...ran, summary: fs.readFileSync(summary, 'utf8'), outputs, runnerTemp, runId };
}

describe('the GitHub Action entrypoint against a real server', () => {
  it('verifies, submits with a GitHub OIDC token, annotates the failure and writes the job summary', async () => {
    await settings({
      required_oidc_claims: { repository: REPO, ref: 'refs/heads/main', environment: 'attestation' },
    });
    const mid = await scenario();
    const apiKey = keyOf(w.verifierKey);
    const before = tokenRequests.length;
    const out = await action({ INPUT_MODEL_ID: mid, INPUT_API_KEY: apiKey });
    expect(out.code, out.stderr).toBe(1); // CTRL-02's function does not exist

    // one token request, with the workspace's audience
    expect(tokenRequests.slice(before)).toEqual([{ audience: 'assay' }]);
    // the run is stored, attested by OIDC with the claims the workspace requires
    const runs = await runsOfModel(mid);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ attestation_method: 'oidc', repo: REPO, commit_sha: headSha });
    const stored = await runAttestation(t, runs[0]!.id);
    expect(stored.attestation).toMatchObject({
      issuer: issuer.url,
      claims: { repository: REPO, ref: 'refs/heads/main', environment: 'attestation', aud: 'assay' },
    });
    const statuses = Object.fromEntries(
      (await report(t.app, w.owner, mid)).controls.map((c) => [c.control_id, c.verification_status]),
    );
    expect(statuses).toEqual({ 'CTRL-01': 'pending', 'CTRL-02': 'partially_verified' });

    // annotations: the failed check placed on its file (a missing function has no line), tier 2 skipped as a warning
    expect(out.stdout).toMatch(
      /^::error file=auth\/middleware\.py,title=Assay tier 1 failure%3A function_exists \(CTRL-02\)::.*no function or method named rotate_signing_keys/m,
    );
    expect(out.stdout).toMatch(/^::warning::.*TIER 2 SKIPPED/m);
    expect(out.stdout).not.toContain('::warning title=assay::no OIDC token');
    // the job summary
    expect(out.summary).toMatch(/^## Assay run: /);
    expect(out.summary).toContain('**Attestation:** oidc');
    expect(out.summary).toContain('**Exit code:** 1');
    expect(out.summary).toMatch(/\| CTRL-02 \| .*partially\\_verified/);
    // step outputs: the exit code, and stdout kept in the report file
    expect(out.outputs['exit-code']).toBe('1');
    expect(fs.readFileSync(out.outputs['report-file']!, 'utf8')).toBe(out.stdout.replace(/^::add-mask::.*\n/, ''));
    // the key is masked for the log, and appears nowhere else
    expect(out.stdout.split('\n')[0]).toBe(`::add-mask::${apiKey}`);
    expect(out.stdout.split('\n').slice(1).join('\n') + out.stderr + out.summary).not.toContain(apiKey);
  });

  it('a token whose claims the workspace does not require is refused: the run fails and nothing is stored', async () => {
    await settings({ required_oidc_claims: { repository: REPO, environment: 'production' } });
    try {
      const mid = await scenario();
      const out = await action({ INPUT_MODEL_ID: mid, INPUT_API_KEY: keyOf(w.verifierKey), INPUT_OUTPUT: 'json' });
      expect(out.code).toBe(1);
      const doc = JSON.parse(fs.readFileSync(out.outputs['report-file']!, 'utf8'));
      expect(doc.models[0].submission.state).toBe('failed');
      expect(doc.models[0].submission.error).toMatch(/401.*required claims: environment/);
      expect(await runsOfModel(mid)).toHaveLength(0);
    } finally {
      await settings({ required_oidc_claims: {} });
    }
  });

  it('signs with the signing-key input (PEM contents) and no API key: ECDSA attested, the key file removed', async () => {
    const key = ecKey();
    await uploadSigningKey(t.app, w.owner, w.workspaceId, key.publicPem);
    const mid = await scenario();
    const out = await action(
      { INPUT_MODEL_ID: mid, INPUT_SIGNING_KEY: key.privatePem, INPUT_WORKSPACE: w.workspaceId, INPUT_OUTPUT: 'json' },
      // no OIDC request variables: the signature is the only attestation
      { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
    );
    expect(out.code, out.stderr).toBe(1);
    expect(out.stdout).toContain(
      "::warning title=assay::no OIDC token available: give the job 'permissions: id-token: write'",
    );
    const runs = await runsOfModel(mid);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.attestation_method).toBe('ecdsa');
    expect((await runAttestation(t, runs[0]!.id)).attestation).toMatchObject({ key_fingerprint: key.fingerprint });
    // the private key was written for the run only
    const left = fs.readdirSync(out.runnerTemp, { recursive: true }).map(String);
    expect(left.some((f) => f.endsWith('signing-key.pem'))).toBe(false);
    expect(left.some((f) => f.endsWith('report.json'))).toBe(true);
    expect(out.stdout + out.stderr).not.toContain('PRIVATE KEY');
  });

  it('with nothing to attest and require-attestation on: exit 2, one line, nothing submitted', async () => {
    const mid = await scenario();
    const out = await action(
      { INPUT_MODEL_ID: mid, INPUT_API_KEY: keyOf(w.verifierKey) },
      { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
    );
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^assay: --require-attestation: /)]);
    expect(out.outputs['exit-code']).toBe('2');
    expect(await runsOfModel(mid)).toHaveLength(0);
  });
});

// ---------------------------------------------------------------- GitLab CI

const template = parse(fs.readFileSync(path.join(ROOT, 'ci/gitlab/assay.gitlab-ci.yml'), 'utf8')) as Record<
  string,
  { script: string[] }
>;

/** Runs the template's `script:` as a GitLab runner would (bash, errexit), with Assay installed at ROOT. */
async function gitlabJob(env: Record<string, string>) {
  const n = ++seq;
  const script = path.join(dir, `gitlab-script-${n}.sh`);
  fs.writeFileSync(script, `set -eo pipefail\n${template['.assay-verify']!.script.join('\n')}\n`);
  const job = path.join(dir, `gitlab-job-${n}`);
  fs.cpSync(checkout, job, { recursive: true });
  const ran = await bash(
    script,
    {
      CI: 'true',
      GITLAB_CI: 'true',
      CI_PROJECT_PATH: REPO,
      CI_COMMIT_SHA: headSha,
      CI_COMMIT_REF_NAME: 'main',
      CI_COMMIT_BRANCH: 'main',
      CI_COMMIT_REF_PROTECTED: 'true',
      CI_PIPELINE_ID: String(5000 + n),
      CI_JOB_ID: String(6000 + n),
      CI_JOB_URL: `https://gitlab.example.com/acme/api/-/jobs/${6000 + n}`,
      ASSAY_HOME: ROOT,
      ASSAY_URL: url,
      ASSAY_RUN_ARGS: '',
      ...env,
    },
    job,
  );
  const reportFile = path.join(job, 'assay-report.json');
  return { ...ran, report: fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : null };
}

const gitlabClaims = (extra: Record<string, unknown> = {}) => ({
  project_path: REPO,
  ref: 'main',
  ref_type: 'branch',
  ref_path: 'refs/heads/main',
  ref_protected: 'true',
  environment: 'assay-attestation',
  pipeline_id: '5000',
  jti: randomUUID(),
  ...extra,
});

describe('the GitLab template script against a real server', () => {
  it('submits every model with the id token, the JSON report kept for the artifact', async () => {
    await settings({
      required_oidc_claims: {
        project_path: REPO,
        ref: 'main',
        ref_protected: 'true',
        environment: 'assay-attestation',
      },
    });
    const mid = await scenario();
    const out = await gitlabJob({
      ASSAY_API_KEY: keyOf(w.verifierKey),
      ASSAY_OIDC_TOKEN: await issuer.token(gitlabClaims(), { alg: 'ES256' }),
    });
    expect(out.code, out.stderr).toBe(1); // CTRL-02 fails: the job fails, the artifact is still written
    const doc = JSON.parse(out.report!);
    const ours = doc.models.find((m: { model_id: string }) => m.model_id === mid);
    expect(ours.submission).toMatchObject({ state: 'submitted', attestation: 'oidc' });
    const runs = await runsOfModel(mid);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ attestation_method: 'oidc', repo: REPO, commit_sha: headSha });
    expect((await runAttestation(t, runs[0]!.id)).attestation).toMatchObject({
      claims: { project_path: REPO, ref: 'main', ref_protected: 'true', environment: 'assay-attestation' },
    });
    // stdout went to the artifact only; the log (stderr) never shows the token or the key
    expect(out.stdout).toBe('');
    expect(out.stderr).not.toContain(keyOf(w.verifierKey));
  });

  it('a token from an unprotected branch is refused by the workspace: exit 1, nothing stored', async () => {
    const mid = await scenario();
    const out = await gitlabJob({
      ASSAY_API_KEY: keyOf(w.verifierKey),
      ASSAY_OIDC_TOKEN: await issuer.token(gitlabClaims({ ref: 'feature', ref_protected: 'false' })),
    });
    expect(out.code).toBe(1);
    const ours = JSON.parse(out.report!).models.find((m: { model_id: string }) => m.model_id === mid);
    expect(ours.submission.state).toBe('failed');
    expect(ours.submission.error).toMatch(/required claims: ref, ref_protected/);
    expect(await runsOfModel(mid)).toHaveLength(0);
  });

  it('signs when ASSAY_SIGNING_KEY (a File variable) is set, and passes ASSAY_RUN_ARGS through', async () => {
    await settings({ required_oidc_claims: {} });
    const key = ecKey();
    await uploadSigningKey(t.app, w.owner, w.workspaceId, key.publicPem);
    const keyFile = path.join(dir, `ASSAY_SIGNING_KEY-${++seq}`);
    fs.writeFileSync(keyFile, key.privatePem, { mode: 0o600 });
    const mid = await scenario();
    const job = { ASSAY_API_KEY: keyOf(w.verifierKey), ASSAY_SIGNING_KEY: keyFile, ASSAY_OIDC_TOKEN: '' };
    const model = (r: string | null) => JSON.parse(r!).models.find((m: { model_id: string }) => m.model_id === mid);
    const dry = await gitlabJob({ ...job, ASSAY_RUN_ARGS: '--dry-run' });
    expect(dry.code, dry.stderr).toBe(1);
    expect(model(dry.report).submission.state).toBe('dry_run');
    expect(await runsOfModel(mid)).toHaveLength(0);

    const out = await gitlabJob(job);
    expect(out.code, out.stderr).toBe(1);
    expect(model(out.report).submission).toMatchObject({ state: 'submitted', attestation: 'ecdsa' });
    const runs = await runsOfModel(mid);
    expect(runs).toHaveLength(1);
    expect((await runAttestation(t, runs[0]!.id)).attestation).toMatchObject({ key_fingerprint: key.fingerprint });
  });

  it('refuses ASSAY_SIGNING_KEY holding the key itself (not a File variable) without printing it (exit 2)', async () => {
    const key = ecKey();
    const mid = await scenario();
    const out = await gitlabJob({ ASSAY_API_KEY: keyOf(w.verifierKey), ASSAY_SIGNING_KEY: key.privatePem });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/ASSAY_SIGNING_KEY must be a File variable/);
    const body = key.privatePem.split('\n')[1]!;
    expect(out.stdout + out.stderr).not.toContain(body);
    expect(out.report).toBeNull();
    expect(await runsOfModel(mid)).toHaveLength(0);
  });

  it('without an id token or a key the template refuses to run unattested (exit 2)', async () => {
    const mid = await scenario();
    const out = await gitlabJob({ ASSAY_API_KEY: keyOf(w.verifierKey), ASSAY_OIDC_TOKEN: '' });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^assay: --require-attestation: /m);
    expect(await runsOfModel(mid)).toHaveLength(0);
  });
});

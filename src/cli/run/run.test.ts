import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.js';
import { createAttestor } from './attest.js';
import type { CiEnvironment } from './ci-env.js';
import { executeRun, type RunOptions } from './run.js';
import type { WireAssertion, WireReport, WireSubmission } from './types.js';

/**
 * executeRun with the real engine on a small checkout and a recording stand-in for the server: what a run checks and
 * what it sends for the assertions the server lists.
 */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-run-unit-'));
fs.mkdirSync(path.join(root, 'auth'));
fs.writeFileSync(path.join(root, 'auth/middleware.py'), 'def require_auth(request):\n    return request\n');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

function assertion(id: string, repo: string | null, name = 'require_auth'): WireAssertion {
  return {
    id,
    control_id: 'CTRL-01',
    type: 'function_exists',
    params: { file: 'auth/middleware.py', name },
    description: `${name} exists`,
    repo,
    content_hash: hash(id),
    tier2_prompt: 'Does the code show this?',
  };
}

const emptyReport = (mid: string): WireReport => ({
  model_id: mid,
  summary: { verified: 0, partially_verified: 0, pending: 0, unverified: 0 },
  controls: [],
  drift_items: [],
  coherence_warnings: 0,
  repos: [],
});

/** A server that lists `assertions` and records every submission. */
function fakeServer(assertions: WireAssertion[]) {
  const submissions: WireSubmission[] = [];
  const queried: (string | null | undefined)[] = [];
  const client: ApiClient = {
    url: 'http://127.0.0.1:1',
    listModels: async () => [],
    model: async (mid) => ({ id: mid, workspace_id: 'ws', title: mid }),
    assertions: async (mid, repo) => {
      queried.push(repo);
      return {
        model_id: mid,
        workspace_id: 'ws',
        attestation: { required: false, oidc_audience: 'assay', signing_key_fingerprint: null },
        assertions,
      };
    },
    pending: async () => [],
    pendingSufficiency: async () => [],
    submitResults: async (_mid, body) => {
      submissions.push(body);
      return {
        run_id: 'r1',
        replayed: false,
        accepted: body.results.length,
        attestation: { method: 'none' },
        drift: [],
      };
    },
    submitSufficiency: async () => ({ accepted: 0 }),
    report: async (mid) => emptyReport(mid),
  };
  return { client, submissions, queried };
}

function ci(repo: string | null): CiEnvironment {
  return {
    provider: 'local',
    runId: 'local-1',
    runUrl: null,
    repo,
    commitSha: 'a'.repeat(40),
    branch: 'main',
    extra: {},
    oidc: null,
  };
}

const options = (client: ApiClient, repo: string | null): RunOptions => ({
  client,
  models: [{ id: 'm1', title: 'Model' }],
  scope: 'verifier',
  projectRoot: root,
  ci: ci(repo),
  attestor: createAttestor({ oidc: null }),
  provider: null,
  concurrency: 2,
  dryRun: false,
  allowExec: false,
  progress: { phase: () => undefined, finish: () => undefined },
});

describe('executeRun: which assertions a checkout speaks for', () => {
  it('without a repo, verifies and submits only the assertions that name none, and says why the rest were left', async () => {
    const server = fakeServer([assertion('a-any', null), assertion('a-other', 'acme/other')]);
    const outcome = await executeRun(options(server.client, null));
    const model = outcome.models[0]!;
    expect(model.tier1.map((r) => r.assertionId)).toEqual(['a-any']);
    expect(server.submissions).toHaveLength(1);
    expect(server.submissions[0]!.results.map((r) => r.assertion_id)).toEqual(['a-any']);
    expect(model.warnings.join('\n')).toMatch(/1 assertion names a repository.*give --repo/);
    expect(outcome.exitCode).toBe(0);
  });

  it('with a repo, leaves out what the server lists for another repo', async () => {
    const server = fakeServer([assertion('a-ours', 'acme/api'), assertion('a-other', 'acme/other')]);
    const outcome = await executeRun(options(server.client, 'acme/api'));
    expect(server.queried).toEqual(['acme/api']);
    expect(outcome.models[0]!.tier1.map((r) => r.assertionId)).toEqual(['a-ours']);
    expect(server.submissions[0]!.results.map((r) => r.assertion_id)).toEqual(['a-ours']);
    expect(outcome.exitCode).toBe(0);
  });
});

describe('executeRun: the server takes at most 5000 results per submission', () => {
  it('refuses clearly, sends nothing and exits 1 when a model has more', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => assertion(`a${i}`, null, `fn_${i % 7}`));
    const server = fakeServer(many);
    const outcome = await executeRun({ ...options(server.client, null), models: [{ id: 'm1', title: 'Big' }] });
    const model = outcome.models[0]!;
    expect(model.tier1).toHaveLength(5001);
    expect(server.submissions).toHaveLength(0);
    expect(model.submission.state).toBe('failed');
    expect(model.submission.error).toMatch(/5001 results exceed the server's limit of 5000 per submission/);
    expect(outcome.exitCode).toBe(1);
  }, 120_000);
});

describe('executeRun: a CI gate never passes by checking nothing', () => {
  it('no assertion for this repo: exit 1 with a NOTHING VERIFIED warning, nothing sent', async () => {
    const server = fakeServer([assertion('a-other', 'acme/other')]);
    const outcome = await executeRun(options(server.client, 'acme/api'));
    expect(outcome.models[0]!.tier1).toEqual([]);
    expect(server.submissions).toHaveLength(0);
    expect(outcome.warnings.join('\n')).toMatch(/NOTHING VERIFIED: no assertion of this model is for repo acme\/api/);
    expect(outcome.exitCode).toBe(1);
  });

  it('no model at all (--all with a credential that reads none): exit 1', async () => {
    const server = fakeServer([]);
    const outcome = await executeRun({ ...options(server.client, 'acme/api'), models: [] });
    expect(outcome.warnings.join('\n')).toMatch(/NOTHING VERIFIED: the credential can read no model/);
    expect(outcome.exitCode).toBe(1);
  });
});

describe('executeRun: a local checkout with uncommitted changes', () => {
  it('is said to differ from the commit its results are submitted for', async () => {
    const server = fakeServer([assertion('a-ours', 'acme/api')]);
    const base = options(server.client, 'acme/api');
    const outcome = await executeRun({ ...base, ci: { ...base.ci, uncommittedChanges: true } });
    expect(outcome.warnings.join('\n')).toMatch(/uncommitted changes.*submitted for commit aaaaaaaaaaaa/);
    const clean = await executeRun(options(fakeServer([assertion('a-ours', 'acme/api')]).client, 'acme/api'));
    expect(clean.warnings.join('\n')).not.toMatch(/uncommitted/);
  });
});

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARKER, recreateDemoDataDir } from '../../src/demo/data-dir.js';
import {
  DEMO_APP_DIR,
  DEMO_ASSERTIONS_FILE,
  DEMO_CONTROLS,
  DEMO_MODEL,
  DEMO_REPO,
  demoAssertionsFile,
} from '../../src/demo/model.js';
import { type DemoSeed, DemoSeedError, seedDemo } from '../../src/demo/seed.js';
import { runAssertions } from '../../src/verifier/engine.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { answer, type FakeLlmServer, startFakeLlmServer } from '../helpers/fake-llm-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP = path.join(ROOT, DEMO_APP_DIR);
const allAssertions = DEMO_CONTROLS.flatMap((c) => c.assertions.map((a) => ({ ...a, control: c.id })));

describe('the demo app and its assertions', () => {
  it('ships the assertions file generated from the demo model', () => {
    const file = JSON.parse(readFileSync(path.join(APP, DEMO_ASSERTIONS_FILE), 'utf8'));
    expect(file).toEqual(demoAssertionsFile());
  });

  it('has the shape the demo promises: 3 objectives, 5 controls, one false assertion, one insufficient control', () => {
    expect(DEMO_MODEL.control_objectives).toHaveLength(3);
    expect(DEMO_CONTROLS).toHaveLength(5);
    expect(allAssertions.filter((a) => a.expected === 'fail').map((a) => a.id)).toEqual(['header-csp']);
    expect(DEMO_CONTROLS.filter((c) => c.expectedSufficiency === 'insufficient').map((c) => c.id)).toEqual(['CTRL-05']);
  });

  it('gives the expected tier-1 results with the real engine: everything passes but the missing CSP header', async () => {
    const run = await runAssertions(allAssertions, { projectRoot: APP });
    const got = Object.fromEntries(run.results.map((r) => [r.id, r.result]));
    expect(got).toEqual(Object.fromEntries(allAssertions.map((a) => [a.id, a.expected])));
    const csp = run.results.find((r) => r.id === 'header-csp');
    expect(csp?.details).toContain('does not set the Content-Security-Policy header');
    // the test_passes assertions really ran the demo app's node --test suite
    const expiry = run.results.find((r) => r.id === 'session-expiry-test-passes');
    expect(expiry?.details).toMatch(/1 matching test ran and passed.*node --test/);
  }, 120_000);
});

describe('seedDemo against a server on 127.0.0.1', () => {
  let t: TestApp;
  let baseUrl: string;
  let seed: DemoSeed;
  const get = async <T>(p: string, key: string): Promise<T> => {
    const res = await fetch(baseUrl + p, { headers: { 'x-api-key': key } });
    expect(res.status, `${p}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    seed = await seedDemo(baseUrl);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates the owner, the Demo workspace, both keys and the model', async () => {
    expect(seed.ownerEmail).toBe('demo@assay.local');
    expect(seed.ownerPassword.length).toBeGreaterThanOrEqual(20);
    expect(seed.developerKey).toMatch(/^mk_/);
    expect(seed.verifierKey).toMatch(/^mv_/);
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seed.ownerEmail, password: seed.ownerPassword }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const workspaces = (await (await fetch(`${baseUrl}/api/workspaces`, { headers: { cookie } })).json()) as {
      items: { id: string; name: string }[];
    };
    expect(workspaces.items).toEqual([expect.objectContaining({ id: seed.workspaceId, name: 'Demo' })]);

    const model = await get<{ workspace_id: string; title: string; control_objectives: unknown[] }>(
      `/api/models/${seed.modelId}`,
      seed.verifierKey,
    );
    expect(model.workspace_id).toBe(seed.workspaceId);
    expect(model.title).toBe(DEMO_MODEL.title);
    const controls = await get<{ items: { id: string; description: string; objective_ids: string[] }[] }>(
      `/api/models/${seed.modelId}/controls`,
      seed.developerKey,
    );
    expect(controls.items.map(({ id, description, objective_ids }) => ({ id, description, objective_ids }))).toEqual(
      DEMO_CONTROLS.map(({ id, description, objective_ids }) => ({ id, description, objective_ids })),
    );
  });

  it('stores every assertion for the demo repo, all judged coherent by the rules evaluator', async () => {
    for (const control of DEMO_CONTROLS) {
      const list = await get<{
        items: { type: string; params: unknown; repo: string; coherence: { status: string } }[];
      }>(`/api/models/${seed.modelId}/controls/${control.id}/assertions`, seed.developerKey);
      expect(list.items.map((a) => [a.type, a.params, a.repo, a.coherence.status])).toEqual(
        control.assertions.map((a) => [a.type, a.params, DEMO_REPO, 'coherent']),
      );
    }
  });

  it('has every control sufficient but CTRL-05, whose gap is the password hashing', async () => {
    const report = await get<{ controls: { control_id: string; sufficiency: { status: string; gaps: string[] } }[] }>(
      `/api/models/${seed.modelId}/verification/report`,
      seed.developerKey,
    );
    const verdicts = Object.fromEntries(report.controls.map((c) => [c.control_id, c.sufficiency.status]));
    expect(verdicts).toEqual({
      'CTRL-01': 'sufficient',
      'CTRL-02': 'sufficient',
      'CTRL-03': 'sufficient',
      'CTRL-04': 'sufficient',
      'CTRL-05': 'insufficient',
    });
    expect(report.controls.find((c) => c.control_id === 'CTRL-05')?.sufficiency.gaps).toEqual([
      expect.stringContaining('hash passwords with scrypt'),
    ]);
    expect(seed.controls.map((c) => c.sufficiency.status)).toEqual(Object.values(verdicts));
  });

  it('the fix the demo README suggests for CTRL-05 makes it sufficient', async () => {
    const res = await fetch(`${baseUrl}/api/models/${seed.modelId}/controls/CTRL-05/assertions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': seed.developerKey },
      body: JSON.stringify({
        assertions: [
          {
            type: 'function_calls',
            params: { file: 'src/passwords.js', caller: 'hashPassword', callee: 'scryptAsync' },
            description: 'Passwords are hashed with scrypt',
            repo: DEMO_REPO,
          },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { sufficiency: { status: string } };
    expect(body.sufficiency.status).toBe('sufficient');
    const readme = readFileSync(path.join(APP, 'README.md'), 'utf8');
    expect(readme).toContain('"caller":\n  "hashPassword", "callee": "scryptAsync"');
  });

  it('lists all demo assertions for the verifier of the demo repo', async () => {
    const list = await get<{ assertions: { control_id: string }[] }>(
      `/api/models/${seed.modelId}/verification/assertions?repo=${DEMO_REPO}`,
      seed.verifierKey,
    );
    expect(list.assertions.length).toBe(allAssertions.length + 1);
  });

  it('prints the assay run command with the verifier key, model, url, project root and repo', () => {
    expect(seed.command).toBe(
      `ASSAY_API_KEY=${seed.verifierKey} node bin/assay.js run ${seed.modelId} --url ${baseUrl} ` +
        `--project-root examples/demo-app --repo ${DEMO_REPO}`,
    );
    expect(seed.providerCommands.ollama).toBe(`${seed.command} --tier2-provider ollama --tier2-model llama3.1`);
    expect(seed.providerCommands.openai).toBe(`${seed.command} --tier2-provider openai`);
  });

  it('refuses a server that already has users, saying why', async () => {
    await expect(seedDemo(baseUrl)).rejects.toThrow(DemoSeedError);
    await expect(seedDemo(baseUrl)).rejects.toThrow(/already has users/);
  });
});

describe('the demo data directory', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'assay-demo-dir-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('creates it with a marker and recreates it empty on the next run', () => {
    const dir = path.join(tmp, 'repo', 'data', 'demo');
    recreateDemoDataDir(dir, path.join(tmp, 'repo'));
    writeFileSync(path.join(dir, 'old-state'), 'x');
    recreateDemoDataDir(dir, path.join(tmp, 'repo'));
    expect(readFileSync(path.join(dir, DEMO_MARKER), 'utf8')).toContain('npm run demo');
    expect(() => readFileSync(path.join(dir, 'old-state'))).toThrow();
  });

  it('never deletes the real data directory or a directory the demo did not create', () => {
    const repo = path.join(tmp, 'repo2');
    mkdirSync(path.join(repo, 'data'), { recursive: true });
    writeFileSync(path.join(repo, 'data', 'keep'), 'x');
    expect(() => recreateDemoDataDir(path.join(repo, 'data'), repo)).toThrow(/non-demo data/);
    expect(() => recreateDemoDataDir(repo, repo)).toThrow(/non-demo data/);
    const foreign = path.join(tmp, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'important'), 'x');
    expect(() => recreateDemoDataDir(foreign, repo)).toThrow(/was not created by the demo/);
    expect(readFileSync(path.join(foreign, 'important'), 'utf8')).toBe('x');
    expect(readFileSync(path.join(repo, 'data', 'keep'), 'utf8')).toBe('x');
  });
});

/** Runs scripts/demo.mjs (from dist/: `npm run build` first) and collects its output. */
function startDemo(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['scripts/demo.mjs'], {
    cwd: ROOT,
    env: { ...process.env, ASSAY_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = async (text: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!stdout.includes(text)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`demo did not print "${text}" (exit ${child.exitCode})\nstdout: ${stdout}\nstderr: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return stdout;
  };
  return { child, exited, output, out: () => ({ stdout, stderr }) };
}

describe('scripts/demo.mjs', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-demo-run-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds a server, prints the login and the exact command, and stops cleanly on SIGTERM', async () => {
    const demo = startDemo({ PORT: '0', ASSAY_DEMO_DATA_DIR: dataDir });
    try {
      const stdout = await demo.output('Serving until Ctrl-C.');
      const url = /Assay demo running on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      expect(stdout).toMatch(/log in as demo@assay\.local with the password \S{20}/);
      expect(stdout).toContain('CTRL-05  2 assertions, insufficient');
      const command = stdout.split('\n').find((l) => l.trim().startsWith('ASSAY_API_KEY=mv_'));
      expect(command?.trim()).toMatch(
        new RegExp(
          `^ASSAY_API_KEY=mv_\\S+ node bin/assay\\.js run mdl_\\S+ --url ${url} --project-root examples/demo-app --repo assay-demo/demo-app$`,
        ),
      );
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      demo.child.kill('SIGTERM');
      expect(await demo.exited).toBe(0);
      expect(demo.out().stdout).toContain('demo: server stopped');
    } finally {
      demo.child.kill('SIGKILL');
    }
  }, 120_000);

  it('says to set PORT when the port is busy', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const demo = startDemo({ PORT: String(port), ASSAY_DEMO_DATA_DIR: dataDir });
      expect(await demo.exited).toBe(1);
      expect(demo.out().stderr).toContain(`port ${port} is already in use: set PORT`);
    } finally {
      blocker.close();
    }
  }, 120_000);
});

/** The printed command, run as printed by a shell from the Assay checkout, outside any CI. */
function runPrinted(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(ASSAY_|GITHUB_|GITLAB_|CI_|ACTIONS_)|^CI$|^OLLAMA_HOST$|^OPENAI_/.test(name)) delete env[name];
  }
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', command], { cwd: ROOT, env, timeout: 180_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the printed assay run command on the seeded demo', () => {
  let t: TestApp;
  let seed: DemoSeed;
  let llm: FakeLlmServer;
  const statuses = async () => {
    const res = await fetch(`${seed.baseUrl}/api/models/${seed.modelId}/verification/report`, {
      headers: { 'x-api-key': seed.developerKey },
    });
    const report = (await res.json()) as { controls: { control_id: string; verification_status: string }[] };
    return Object.fromEntries(report.controls.map((c) => [c.control_id, c.verification_status]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    seed = await seedDemo(await t.app.listen({ port: 0, host: '127.0.0.1' }));
    llm = await startFakeLlmServer();
    // a reviewer that confirms every tier-2 claim
    llm.fallback = () => answer('openai', 'YES');
  });
  afterAll(async () => {
    await llm?.close();
    await t?.close();
  });

  it('without a provider: tier 1 submitted, the CSP assertion fails, tier 2 skipped loudly, exit 1', async () => {
    const run = await runPrinted(seed.command);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('TIER 2 SKIPPED');
    expect(run.stdout).toMatch(/FAIL .*Content-Security-Policy/);
    expect(run.stdout).toContain('tier 1: 14 passed, 1 failed');
    expect(await statuses()).toEqual({
      'CTRL-01': 'pending',
      'CTRL-02': 'pending',
      'CTRL-03': 'pending',
      'CTRL-04': 'partially_verified',
      'CTRL-05': 'partially_verified',
    });
  }, 200_000);

  it('with a tier-2 provider: three controls verified, the false header and the insufficient control are not', async () => {
    const run = await runPrinted(`${seed.providerCommands.ollama} --ollama-url ${llm.url}`);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toContain('TIER 2 SKIPPED');
    expect(llm.requests.length).toBe(14);
    expect(await statuses()).toEqual({
      'CTRL-01': 'verified',
      'CTRL-02': 'verified',
      'CTRL-03': 'verified',
      'CTRL-04': 'partially_verified',
      'CTRL-05': 'partially_verified',
    });
  }, 200_000);
});

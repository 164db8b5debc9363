// The GitHub Action (action.yml + ci/github/entrypoint.sh): the definition is checked statically (inputs reach the
// script only through env, every `uses:` pinned to a commit, inputs cover the flags of `assay run`), then the
// entrypoint runs with bash against a recording stand-in for bin/assay.js, so the mapping of every input to flags and
// environment, the handling of the signing key and the step outputs are seen exactly as `assay run` would see them.
// test/ci/action.e2e.test.ts runs the same entrypoint against a real server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { OUTPUT_FORMATS, RUN_FLAGS } from './run-flags.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENTRYPOINT = path.join(ROOT, 'ci/github/entrypoint.sh');
const SHA_PIN = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionYml {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const actionText = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const action = parse(actionText) as ActionYml;
/** A GitHub expression as it appears in YAML: `${{ inner }}`. */
const expr = (inner: string) => `$\{{ ${inner} }}`;
const envName = (input: string) => `INPUT_${input.toUpperCase().replaceAll('-', '_')}`;

/** Every `uses:` line of a YAML file, with its trailing comment. */
const usesLines = (text: string) =>
  [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const);

describe('action.yml', () => {
  it('is a composite action whose steps run with bash', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) if (step.run) expect(step.shell).toBe('bash');
  });

  it('pastes no expression into any script: inputs reach the scripts only through env', () => {
    const scripts = action.runs.steps.filter((s) => s.run !== undefined);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const step of scripts) {
      expect(step.run).not.toContain('${{');
    }
    // the raw text too (a block scalar the parser might have read differently)
    const runBlocks = actionText.split(/^\s+run:/m).slice(1);
    for (const block of runBlocks) {
      const body = block.split(/^\s{4}- /m)[0]!;
      expect(body).not.toMatch(/\$\{\{\s*inputs/);
    }
  });

  it('hands every input to the entrypoint as INPUT_<NAME>, and the entrypoint reads each one', () => {
    const step = action.runs.steps.find((s) => s.id === 'run')!;
    expect(step.run).toBe('bash "$GITHUB_ACTION_PATH/ci/github/entrypoint.sh"');
    const script = fs.readFileSync(ENTRYPOINT, 'utf8');
    const names = Object.keys(action.inputs);
    expect(Object.keys(step.env!).sort()).toEqual(names.map(envName).sort());
    for (const name of names) {
      expect(step.env![envName(name)]).toBe(expr(`inputs.${name}`));
      expect(script).toContain(envName(name));
    }
  });

  it('knows the flags `assay run` really has', () => {
    const run = buildProgram().commands.find((c) => c.name() === 'run')!;
    expect(run.options.map((o) => o.long).sort()).toEqual([...RUN_FLAGS].sort());
    expect(run.options.find((o) => o.long === '--output')!.argChoices).toEqual([...OUTPUT_FORMATS]);
  });

  it('has an input for every flag of `assay run`, plus model-id', () => {
    const names = Object.keys(action.inputs);
    for (const flag of RUN_FLAGS) expect(names).toContain(flag.slice(2));
    expect(names.sort()).toEqual([...RUN_FLAGS.map((f) => f.slice(2)), 'model-id'].sort());
    expect(action.inputs.output!.default).toBe('github');
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
  });

  it('pins every action it uses to a full commit SHA with the version in a comment', () => {
    const uses = action.runs.steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses).toEqual([expect.stringMatching(/^actions\/setup-node@/)]);
    for (const u of uses) expect(u).toMatch(SHA_PIN);
    const lines = usesLines(actionText);
    expect(lines).toHaveLength(uses.length);
    for (const [, comment] of lines) expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    expect(action.runs.steps[0]!.with!['node-version']).toBe('20');
  });

  it('installs from its own commit without install scripts, then builds the CLI', () => {
    const install = action.runs.steps[1]!.run!;
    expect(install).toContain('cd "$GITHUB_ACTION_PATH"');
    expect(install).toContain('npm ci --no-audit --no-fund --ignore-scripts --include=dev');
    expect(install).toContain('npx --no-install tsc -p tsconfig.build.json');
  });

  it('documents id-token: write and exposes the exit code and the report file', () => {
    expect(actionText).toContain('id-token: write');
    expect(action.outputs['exit-code']!.value).toBe(expr('steps.run.outputs.exit-code'));
    expect(action.outputs['report-file']!.value).toBe(expr('steps.run.outputs.report-file'));
  });

  it('the example workflow grants only contents: read and id-token: write, runs in an environment, pins every action', () => {
    const text = fs.readFileSync(path.join(ROOT, 'ci/github/example-workflow.yml'), 'utf8');
    const wf = parse(text) as {
      permissions: unknown;
      jobs: Record<string, { environment: string; permissions: Record<string, string>; steps: Step[] }>;
    };
    expect(wf.permissions).toEqual({});
    const job = wf.jobs.verify!;
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(job.environment).toBe('attestation');
    const assay = job.steps.find((s) => s.id === 'assay')!;
    expect(assay.uses).toBe('OWNER/assay@<ASSAY_COMMIT_SHA>');
    for (const key of Object.keys(assay.with!)) expect(action.inputs).toHaveProperty(key);
    expect(assay.with!['api-key']).toBe(expr('secrets.ASSAY_VERIFIER_KEY'));
    for (const [ref, comment] of usesLines(text)) {
      if (ref.startsWith('OWNER/assay@')) continue; // the placeholder the reader fills in
      expect(ref).toMatch(SHA_PIN);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });
});

// ---------------------------------------------------------------- the entrypoint, against a recording bin/assay.js

const RECORDER = `'use strict';
const fs = require('node:fs');
const argv = process.argv.slice(2);
const k = argv.indexOf('--signing-key');
const key = k < 0 ? null : { path: argv[k + 1], mode: fs.statSync(argv[k + 1]).mode & 0o777, pem: fs.readFileSync(argv[k + 1], 'utf8') };
const env = Object.fromEntries(Object.entries(process.env).filter(([n]) => /^(ASSAY_|OPENAI_|ANTHROPIC_|INPUT_)/.test(n)));
fs.writeFileSync(process.env.RECORD_TO, JSON.stringify({ argv, env, key, cwd: process.cwd() }));
process.stdout.write('::error file=app.py,line=3::a failure\\n{"recorded": true}\\n');
process.exitCode = Number(process.env.RECORD_EXIT || 0);
`;

const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';

let dir: string;
let actionPath: string;
let seq = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-action-'));
  actionPath = path.join(dir, 'action');
  fs.mkdirSync(path.join(actionPath, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(actionPath, 'bin/assay.js'), RECORDER);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Recorded {
  argv: string[];
  env: Record<string, string>;
  key: { path: string; mode: number; pem: string } | null;
  cwd: string;
}

function entrypoint(inputs: Record<string, string>, extra: Record<string, string> = {}) {
  const n = ++seq;
  const runnerTemp = path.join(dir, `runner-temp-${n}`);
  fs.mkdirSync(runnerTemp);
  const record = path.join(dir, `record-${n}.json`);
  const githubOutput = path.join(dir, `output-${n}`);
  fs.writeFileSync(githubOutput, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH!,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: actionPath,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: githubOutput,
    RECORD_TO: record,
    ...extra,
  };
  for (const [name, value] of Object.entries(inputs)) env[envName(name)] = value;
  const run = spawnSync('bash', [ENTRYPOINT], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  const recorded = fs.existsSync(record) ? (JSON.parse(fs.readFileSync(record, 'utf8')) as Recorded) : null;
  const outputs = Object.fromEntries(
    fs
      .readFileSync(githubOutput, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, recorded, outputs, runnerTemp };
}

/** The action's defaults, as GitHub passes them when the workflow sets nothing. */
const defaults = () =>
  Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']));

describe('ci/github/entrypoint.sh', () => {
  it('with the defaults: one model, annotations output, attestation required, no secrets anywhere', () => {
    const out = entrypoint({ ...defaults(), 'model-id': 'mdl_123' });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.recorded!.argv).toEqual(['run', 'mdl_123', '--output', 'github', '--require-attestation']);
    expect(out.recorded!.cwd).toBe(fs.realpathSync(dir));
    // no OIDC request variables: a warning saying how to get them
    expect(out.stdout).toContain(
      "::warning title=assay::no OIDC token available: give the job 'permissions: id-token: write'",
    );
  });

  it('maps every input to its flag, and secrets to the environment, never to argv', () => {
    const out = entrypoint(
      {
        ...defaults(),
        all: 'true',
        'api-key': 'mv_secret_verifier_key',
        url: 'https://assay.example.com',
        'project-root': 'services/api',
        repo: 'acme/api',
        workspace: 'ws_1',
        'tier2-provider': 'openai',
        'tier2-model': 'gpt-4o-mini',
        'tier2-api-key': 'sk-secret-llm-key',
        'ollama-url': 'http://127.0.0.1:11434',
        concurrency: '8',
        'signing-key': PEM,
        'oidc-token-env': 'MY_TOKEN',
        'require-attestation': 'false',
        'dry-run': 'true',
        'no-exec': 'true',
        output: 'sarif',
      },
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://example.invalid/token?x=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' },
    );
    expect(out.code).toBe(0);
    const r = out.recorded!;
    expect(r.argv).toEqual([
      'run',
      '--all',
      '--url',
      'https://assay.example.com',
      '--project-root',
      'services/api',
      '--repo',
      'acme/api',
      '--workspace',
      'ws_1',
      '--tier2-provider',
      'openai',
      '--tier2-model',
      'gpt-4o-mini',
      '--ollama-url',
      'http://127.0.0.1:11434',
      '--concurrency',
      '8',
      '--oidc-token-env',
      'MY_TOKEN',
      '--output',
      'sarif',
      '--dry-run',
      '--no-exec',
      '--signing-key',
      r.key!.path,
    ]);
    for (const flag of r.argv.filter((a) => a.startsWith('--'))) expect(RUN_FLAGS).toContain(flag);
    expect(r.env.ASSAY_API_KEY).toBe('mv_secret_verifier_key');
    expect(r.env.OPENAI_API_KEY).toBe('sk-secret-llm-key');
    expect(r.env).not.toHaveProperty('INPUT_API_KEY');
    expect(r.env).not.toHaveProperty('INPUT_TIER2_API_KEY');
    expect(r.env).not.toHaveProperty('INPUT_SIGNING_KEY');
    expect(JSON.stringify(r.argv)).not.toMatch(/secret|PRIVATE KEY/);
    // the signing key: a 0600 file in a 0700 directory under RUNNER_TEMP while the run lasts, gone afterwards
    expect(r.key!.pem).toBe(`${PEM}\n`);
    expect(r.key!.mode).toBe(0o600);
    expect(path.dirname(path.dirname(r.key!.path))).toBe(out.runnerTemp);
    expect(fs.statSync(path.dirname(r.key!.path)).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(r.key!.path)).toBe(false);
    // secrets are masked for the log before anything else is printed; the OIDC variables are present: no warning
    expect(out.stdout.split('\n').slice(0, 2)).toEqual([
      '::add-mask::mv_secret_verifier_key',
      '::add-mask::sk-secret-llm-key',
    ]);
    expect(out.stdout).not.toContain('::warning');
    expect(out.stdout.replace(/^::add-mask::.*$/gm, '')).not.toMatch(/secret/);
  });

  it('passes the tier-2 key of anthropic as ANTHROPIC_API_KEY', () => {
    const out = entrypoint({
      ...defaults(),
      'model-id': 'm',
      'tier2-provider': 'anthropic',
      'tier2-api-key': 'sk-ant-key',
    });
    expect(out.code).toBe(0);
    expect(out.recorded!.env.ANTHROPIC_API_KEY).toBe('sk-ant-key');
    expect(out.recorded!.env).not.toHaveProperty('OPENAI_API_KEY');
  });

  it('keeps stdout in report-file, sets exit-code, and fails the step with the exit code of `assay run`', () => {
    const out = entrypoint({ ...defaults(), 'model-id': 'm', output: 'json' }, { RECORD_EXIT: '1' });
    expect(out.code).toBe(1);
    expect(out.outputs['exit-code']).toBe('1');
    expect(out.outputs['report-file']).toMatch(/\/report\.json$/);
    expect(out.outputs['report-file']!.startsWith(out.runnerTemp)).toBe(true);
    // annotations go to stdout (the runner reads them there) and the same bytes to the file
    expect(out.stdout).toContain('::error file=app.py,line=3::a failure\n{"recorded": true}\n');
    expect(fs.readFileSync(out.outputs['report-file']!, 'utf8')).toBe(
      '::error file=app.py,line=3::a failure\n{"recorded": true}\n',
    );
  });

  it('passes a model id with spaces or shell characters as one argument, unexpanded', () => {
    const out = entrypoint({ ...defaults(), 'model-id': '$(touch pwned) `id` ;x', repo: 'a b' });
    expect(out.code).toBe(0);
    expect(out.recorded!.argv.slice(0, 2)).toEqual(['run', '$(touch pwned) `id` ;x']);
    expect(out.recorded!.argv).toContain('a b');
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('escapes an input quoted in an error, so a value with a newline cannot start a workflow command', () => {
    const out = entrypoint({ ...defaults(), 'model-id': '-x\n::add-mask::oops\r\n::stop-commands::t 100%' });
    expect(out.code).toBe(2);
    expect(out.recorded).toBeNull();
    const lines = `${out.stdout}${out.stderr}`.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.startsWith('::'))).toEqual([
      '::error title=assay::model-id must not start with \'-\': "-x%0A::add-mask::oops%0D%0A::stop-commands::t 100%25"',
    ]);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each(OUTPUT_FORMATS)('accepts --output %s', (format) => {
    const out = entrypoint({ ...defaults(), 'model-id': 'm', output: format });
    expect(out.code).toBe(0);
    expect(out.recorded!.argv).toContain(format);
  });

  it.each([
    ['neither model-id nor all', { 'model-id': '' }, 'set model-id (the threat model to verify) or all: true'],
    ['both model-id and all', { 'model-id': 'm', all: 'true' }, 'set either model-id or all: true, not both'],
    ['a model id that looks like a flag', { 'model-id': '--dry-run' }, "model-id must not start with '-'"],
    [
      'a boolean that is not one',
      { 'model-id': 'm', 'dry-run': 'yes' },
      'input dry-run must be true or false, got "yes"',
    ],
    ['an unknown output', { 'model-id': 'm', output: 'xml' }, 'input output must be text, json, github or sarif'],
    [
      'a tier-2 key without a provider that takes one',
      { 'model-id': 'm', 'tier2-api-key': 'k', 'tier2-provider': 'ollama' },
      'tier2-api-key is set but tier2-provider is not openai or anthropic',
    ],
    [
      'a signing key that is a path, not PEM contents',
      { 'model-id': 'm', 'signing-key': './private.pem' },
      'signing-key must be the PEM contents',
    ],
  ])('exits 2 on %s, with an annotation and one line on stderr, and runs nothing', (_name, inputs, message) => {
    const out = entrypoint({ ...defaults(), ...inputs });
    expect(out.code).toBe(2);
    expect(out.recorded).toBeNull();
    expect(out.stdout).toContain(`::error title=assay::${message}`);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain(`assay action: ${message}`);
    expect(out.stderr).not.toContain('./private.pem');
    expect(fs.readdirSync(out.runnerTemp)).toEqual([]);
  });
});

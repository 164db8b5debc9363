// The GitLab CI template (ci/gitlab/assay.gitlab-ci.yml) and its example: parsed and checked for what makes the
// setup secure (OIDC id token with the Assay audience, a pinned image, protected branches only, an environment, a
// pinned Assay), then its before_script runs with bash the way a runner would: it must refuse unpinned versions and
// fetch exactly the pinned commit. test/ci/gitlab.e2e.test.ts runs its script against a real server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RUN_FLAGS } from './run-flags.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Job {
  stage?: string;
  image?: string;
  extends?: string;
  variables?: Record<string, string>;
  id_tokens?: Record<string, { aud: string | string[] }>;
  environment?: { name: string; action?: string };
  rules?: { if?: string; when?: string }[];
  before_script?: string[];
  script?: string[];
  artifacts?: { when?: string; paths?: string[]; expire_in?: string };
}

const template = parse(fs.readFileSync(path.join(ROOT, 'ci/gitlab/assay.gitlab-ci.yml'), 'utf8')) as Record<
  string,
  Job
>;
const job = template['.assay-verify']!;

/** The `--flags` the job's script passes to `assay run`. */
function scriptFlags(script: string[]): string[] {
  return [...script.join('\n').matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((m) => m[0]);
}

describe('ci/gitlab/assay.gitlab-ci.yml', () => {
  it('defines only the hidden job .assay-verify, for users to extend', () => {
    expect(Object.keys(template)).toEqual(['.assay-verify']);
  });

  it('asks GitLab for an id token with audience assay in ASSAY_OIDC_TOKEN (the --oidc-token-env default)', () => {
    expect(job.id_tokens).toEqual({ ASSAY_OIDC_TOKEN: { aud: 'assay' } });
  });

  it('pins the image to an exact Node 20 release (or a digest)', () => {
    expect(job.image).toMatch(/^node:20\.\d+\.\d+(-[a-z]+)?(@sha256:[0-9a-f]{64})?$/);
  });

  it('runs for branch pipelines of protected branches only, never for merge requests', () => {
    expect(job.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: 'never' },
      { if: '$CI_COMMIT_BRANCH && $CI_COMMIT_REF_PROTECTED == "true"' },
    ]);
  });

  it('runs in an environment (protected environments restrict who runs it and scope its variables)', () => {
    expect(job.environment).toEqual({ name: 'assay-attestation' });
  });

  it('runs `assay run --all --require-attestation --output json` with flags that exist, JSON kept as an artifact', () => {
    const script = job.script!.join('\n');
    expect(script).toContain('set -- --all --require-attestation --output json');
    expect(script).toMatch(/node "\$ASSAY_HOME\/bin\/assay\.js" run "\$@" \$ASSAY_RUN_ARGS > assay-report\.json$/m);
    const flags = scriptFlags(job.script!);
    expect(flags).toEqual(['--all', '--require-attestation', '--output', '--signing-key']);
    for (const flag of flags) expect(RUN_FLAGS).toContain(flag);
    expect(job.artifacts).toMatchObject({ when: 'always', paths: ['assay-report.json'] });
  });

  it('leaves ASSAY_GIT_URL and ASSAY_VERSION for the user to pin', () => {
    expect(job.variables).toEqual({ ASSAY_GIT_URL: '', ASSAY_VERSION: '', ASSAY_RUN_ARGS: '' });
  });
});

describe('ci/gitlab/example.gitlab-ci.yml', () => {
  const example = parse(fs.readFileSync(path.join(ROOT, 'ci/gitlab/example.gitlab-ci.yml'), 'utf8')) as Record<
    string,
    unknown
  >;

  it('includes the template at the same commit it runs, and extends .assay-verify', () => {
    expect(example.include).toEqual([
      { project: 'security/assay', ref: '<ASSAY_COMMIT_SHA>', file: 'ci/gitlab/assay.gitlab-ci.yml' },
    ]);
    const assay = example.assay as Job;
    expect(assay.extends).toBe('.assay-verify');
    expect(assay.variables!.ASSAY_VERSION).toBe('<ASSAY_COMMIT_SHA>');
    expect(assay.variables!.ASSAY_GIT_URL).toMatch(/^https:\/\//);
    for (const flag of scriptFlags([assay.variables!.ASSAY_RUN_ARGS!])) expect(RUN_FLAGS).toContain(flag);
    expect(example.stages).toContain(assay.stage);
  });
});

// ---------------------------------------------------------------- the before_script, run by bash

let dir: string;
let bin: string;
let upstream: string;
let head: string;

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-gitlab-'));
  // a small "Assay" repository to fetch from: two commits, a tag on the first
  upstream = path.join(dir, 'upstream');
  fs.mkdirSync(upstream);
  git(upstream, 'init', '-q', '-b', 'main');
  for (const [n, msg] of [
    ['1', 'first'],
    ['2', 'second'],
  ]) {
    fs.writeFileSync(path.join(upstream, 'VERSION'), n!);
    git(upstream, 'add', 'VERSION');
    git(upstream, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', msg!);
    if (n === '1') git(upstream, 'tag', 'v1.2.3');
  }
  head = git(upstream, 'rev-parse', 'HEAD');
  // npm and npx that record their arguments and working directory (the real install is `npm ci` + `tsc`)
  bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const tool of ['npm', 'npx']) {
    fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\nprintf '%s|%s|%s\\n' ${tool} "$PWD" "$*" >> "$TOOL_LOG"\n`, {
      mode: 0o755,
    });
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function beforeScript(variables: Record<string, string>) {
  const log = path.join(dir, `tools-${Math.random().toString(36).slice(2)}.log`);
  const script = `set -eo pipefail\n${job.before_script!.join('\n')}\necho "ASSAY_HOME=$ASSAY_HOME"\n`;
  const run = spawnSync('bash', ['-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: dir,
      TMPDIR: dir,
      TOOL_LOG: log,
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...variables,
    },
    timeout: 30_000,
  });
  const home = /^ASSAY_HOME=(.*)$/m.exec(run.stdout)?.[1];
  return {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    home,
    tools: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [],
  };
}

describe('the template before_script', () => {
  const base = () => ({ ASSAY_URL: 'https://assay.example.com', ASSAY_GIT_URL: `file://${upstream}` });

  it('fetches exactly the pinned commit, then installs with npm ci --ignore-scripts and builds', () => {
    const out = beforeScript({ ...base(), ASSAY_VERSION: head });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Assay ${head} (${head})`);
    expect(git(out.home!, 'rev-parse', 'HEAD')).toBe(head);
    expect(fs.readFileSync(path.join(out.home!, 'VERSION'), 'utf8')).toBe('2');
    expect(out.tools).toEqual([
      `npm|${out.home}|ci --no-audit --no-fund --ignore-scripts --include=dev`,
      `npx|${out.home}|--no-install tsc -p tsconfig.build.json`,
    ]);
  });

  it('fetches a release tag', () => {
    const out = beforeScript({ ...base(), ASSAY_VERSION: 'v1.2.3' });
    expect(out.code).toBe(0);
    expect(fs.readFileSync(path.join(out.home!, 'VERSION'), 'utf8')).toBe('1');
  });

  it.each([
    [
      'a branch name',
      { ASSAY_VERSION: 'main' },
      'ASSAY_VERSION must be a full 40-hex commit SHA or a tag vX.Y.Z, got "main"',
    ],
    ['an abbreviated SHA', { ASSAY_VERSION: 'abc1234' }, 'ASSAY_VERSION must be a full 40-hex commit SHA'],
    ['no version', { ASSAY_VERSION: '' }, 'ASSAY_VERSION must be a full 40-hex commit SHA'],
    ['the placeholder of the example', { ASSAY_VERSION: '<ASSAY_COMMIT_SHA>' }, 'ASSAY_VERSION must be a full'],
    ['no source', { ASSAY_VERSION: 'v1.2.3', ASSAY_GIT_URL: '' }, 'set ASSAY_GIT_URL (where to fetch Assay from)'],
    ['no server', { ASSAY_VERSION: 'v1.2.3', ASSAY_URL: '' }, 'set ASSAY_URL (the Assay server)'],
  ])('refuses %s (exit 2) before fetching or installing anything', (_name, variables, message) => {
    const out = beforeScript({ ...base(), ...variables });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`assay: ${message}`);
    expect(out.home).toBeUndefined();
    expect(out.tools).toEqual([]);
  });

  it('fails when the pinned commit does not exist upstream', () => {
    const out = beforeScript({ ...base(), ASSAY_VERSION: 'f'.repeat(40) });
    expect(out.code).not.toBe(0);
    expect(out.tools).toEqual([]);
  });
});

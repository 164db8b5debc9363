import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { detectCiEnvironment, repoFromRemoteUrl } from './ci-env.js';

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-ci-empty-'));
const repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-ci-git-'));
let headSha = '';

const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  }).trim();

beforeAll(() => {
  gitIn(repoDir, 'init', '-q', '-b', 'feature/login');
  gitIn(repoDir, 'remote', 'add', 'origin', 'git@github.com:Org/Repo.git');
  fs.writeFileSync(path.join(repoDir, 'a.txt'), 'a\n');
  gitIn(repoDir, 'add', 'a.txt');
  gitIn(repoDir, 'commit', '-q', '-m', 'first');
  headSha = gitIn(repoDir, 'rev-parse', 'HEAD');
});
afterAll(() => {
  fs.rmSync(repoDir, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
});

const OIDC = 'ASSAY_OIDC_TOKEN';

describe('repoFromRemoteUrl', () => {
  it.each([
    ['https://github.com/Org/Repo.git', 'org/repo'],
    ['https://github.com/org/repo', 'org/repo'],
    ['https://github.com/org/repo/', 'org/repo'],
    ['http://git.internal:8080/team/service.git', 'team/service'],
    ['https://x-access-token:ghs_SECRET123@github.com/Org/Repo.git', 'org/repo'],
    ['https://oauth2:glpat-secret@gitlab.com/group/sub/name.git', 'group/sub/name'],
    ['ssh://git@github.com/org/repo.git', 'org/repo'],
    ['ssh://git@gitlab.example.com:2222/group/sub/deeper/name.git', 'group/sub/deeper/name'],
    ['git://github.com/org/repo.git', 'org/repo'],
    ['git@github.com:Org/Repo.git', 'org/repo'],
    ['git@gitlab.com:group/subgroup/project.git', 'group/subgroup/project'],
    ['github.com:org/my.repo_1', 'org/my.repo_1'],
    ['  git@github.com:org/repo.git\n', 'org/repo'],
  ])('%s → %s', (url, repo) => {
    expect(repoFromRemoteUrl(url)).toBe(repo);
  });

  it.each([
    '',
    'garbage',
    'not a url at all',
    '/srv/git/org/repo.git',
    '../sibling/repo',
    'file:///srv/git/org/repo.git',
    'https://github.com/',
    'https://github.com/onlyorg',
    'git@github.com:/abs/path.git',
    'https://github.com/a/b/c/d/e/f/g',
    'https://github.com/org/re po',
    'ftp://example.com/org/repo',
    'C:\\Users\\me\\repo',
  ])('%j → null', (url) => {
    expect(repoFromRemoteUrl(url)).toBeNull();
  });

  it('never returns the credentials of an https remote', () => {
    const repo = repoFromRemoteUrl('https://user:hunter2@example.com/org/repo.git');
    expect(repo).toBe('org/repo');
    expect(JSON.stringify(repo)).not.toContain('hunter2');
  });
});

describe('detectCiEnvironment', () => {
  it('GitHub Actions: run id with attempt, run URL, repo, sha, PR branch, OIDC request', async () => {
    const ci = await detectCiEnvironment({
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_RUN_ID: '987654',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'Acme/API',
        GITHUB_SHA: 'ABCDEF0123456789abcdef0123456789abcdef01',
        GITHUB_REF_NAME: '42/merge',
        GITHUB_HEAD_REF: 'feature/x',
        GITHUB_WORKFLOW: 'ci',
        GITHUB_ACTOR: 'octocat',
        GITHUB_JOB: 'verify',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/idtoken?api-version=2.0',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token',
        // set too, but the GitHub request wins
        ASSAY_OIDC_TOKEN: 'env-token',
      },
      projectRoot: repoDir,
      oidcTokenEnv: OIDC,
    });
    expect(ci).toEqual({
      provider: 'github',
      runId: '987654-2',
      runUrl: 'https://github.com/Acme/API/actions/runs/987654/attempts/2',
      repo: 'acme/api',
      commitSha: 'abcdef0123456789abcdef0123456789abcdef01',
      branch: 'feature/x',
      extra: { run_attempt: '2', workflow: 'ci', job: 'verify', actor: 'octocat' },
      oidc: { kind: 'github', requestUrl: 'https://token.example/idtoken?api-version=2.0', requestToken: 'req-token' },
    });
  });

  it('GitHub push: branch from GITHUB_REF_NAME, attempt defaults to 1, no OIDC without both variables', async () => {
    const ci = await detectCiEnvironment({
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_RUN_ID: '5',
        GITHUB_REPOSITORY: 'acme/api',
        GITHUB_SHA: 'a1b2c3d4',
        GITHUB_REF_NAME: 'main',
        GITHUB_HEAD_REF: '',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/idtoken',
      },
      projectRoot: empty,
      oidcTokenEnv: OIDC,
    });
    expect(ci.runId).toBe('5-1');
    expect(ci.runUrl).toBe('https://github.com/acme/api/actions/runs/5/attempts/1');
    expect(ci.branch).toBe('main');
    expect(ci.oidc).toBeNull();
  });

  it('GitLab CI: pipeline-job run id, job URL, project path with subgroups, the id_tokens variable', async () => {
    const ci = await detectCiEnvironment({
      env: {
        GITLAB_CI: 'true',
        CI_PIPELINE_ID: '1001',
        CI_JOB_ID: '2002',
        CI_JOB_URL: 'https://gitlab.com/group/sub/app/-/jobs/2002',
        CI_PROJECT_PATH: 'Group/Sub/App',
        CI_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567',
        CI_COMMIT_REF_NAME: 'release',
        CI_JOB_NAME: 'assay',
        GITLAB_USER_LOGIN: 'dev',
        MY_ID_TOKEN: 'gitlab.jwt.token',
      },
      projectRoot: empty,
      oidcTokenEnv: 'MY_ID_TOKEN',
    });
    expect(ci).toEqual({
      provider: 'gitlab',
      runId: '1001-2002',
      runUrl: 'https://gitlab.com/group/sub/app/-/jobs/2002',
      repo: 'group/sub/app',
      commitSha: '0123456789abcdef0123456789abcdef01234567',
      branch: 'release',
      extra: { pipeline_id: '1001', job_id: '2002', job: 'assay', actor: 'dev' },
      oidc: { kind: 'env', variable: 'MY_ID_TOKEN', token: 'gitlab.jwt.token' },
    });
  });

  it('locally: a random run id, and repo, commit and branch from git', async () => {
    const a = await detectCiEnvironment({ env: {}, projectRoot: repoDir, oidcTokenEnv: OIDC });
    const b = await detectCiEnvironment({ env: {}, projectRoot: repoDir, oidcTokenEnv: OIDC });
    expect(a.provider).toBe('local');
    expect(a.runId).toMatch(/^local-[0-9a-f-]{36}$/);
    expect(b.runId).not.toBe(a.runId);
    expect(a.runUrl).toBeNull();
    expect(a.repo).toBe('org/repo');
    expect(a.commitSha).toBe(headSha);
    expect(a.commitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(a.branch).toBe('feature/login');
    expect(a.extra).toEqual({});
    expect(a.oidc).toBeNull();
  });

  it('locally: edited tracked files are reported (untracked files are not); a commit from CI is not checked', async () => {
    expect((await detectCiEnvironment({ env: {}, projectRoot: repoDir, oidcTokenEnv: OIDC })).uncommittedChanges).toBe(
      undefined,
    );
    fs.writeFileSync(path.join(repoDir, 'untracked.txt'), 'new\n');
    expect((await detectCiEnvironment({ env: {}, projectRoot: repoDir, oidcTokenEnv: OIDC })).uncommittedChanges).toBe(
      undefined,
    );
    fs.writeFileSync(path.join(repoDir, 'a.txt'), 'edited\n');
    try {
      const dirty = await detectCiEnvironment({ env: {}, projectRoot: repoDir, oidcTokenEnv: OIDC });
      expect(dirty.uncommittedChanges).toBe(true);
      const ci = await detectCiEnvironment({
        env: { GITHUB_SHA: headSha },
        projectRoot: repoDir,
        oidcTokenEnv: OIDC,
      });
      expect(ci.uncommittedChanges).toBe(undefined);
    } finally {
      fs.writeFileSync(path.join(repoDir, 'a.txt'), 'a\n');
      fs.rmSync(path.join(repoDir, 'untracked.txt'));
    }
  });

  it('a detached HEAD has no branch', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-ci-detached-'));
    try {
      gitIn(dir, 'init', '-q');
      fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n');
      gitIn(dir, 'add', 'b.txt');
      gitIn(dir, 'commit', '-q', '-m', 'b');
      gitIn(dir, 'checkout', '-q', '--detach');
      const ci = await detectCiEnvironment({ env: {}, projectRoot: dir, oidcTokenEnv: OIDC });
      expect(ci.branch).toBeNull();
      expect(ci.repo).toBeNull(); // no origin
      expect(ci.commitSha).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('outside a git repository and CI: repo, commit and branch are null', async () => {
    const ci = await detectCiEnvironment({ env: {}, projectRoot: empty, oidcTokenEnv: OIDC });
    expect(ci).toMatchObject({ provider: 'local', repo: null, commitSha: null, branch: null, oidc: null });
  });

  it('--repo wins over the environment and git, lower-cased', async () => {
    const ci = await detectCiEnvironment({
      env: { GITHUB_REPOSITORY: 'other/one' },
      projectRoot: repoDir,
      repo: 'My-Org/Sub/Service.API',
      oidcTokenEnv: OIDC,
    });
    expect(ci.repo).toBe('my-org/sub/service.api');
  });

  it.each(['noslash', 'a/b/c/d/e/f', 'org/re po', 'org//repo', 'org/repo;rm', ''])(
    'a --repo of %j is a UsageError',
    async (repo) => {
      await expect(detectCiEnvironment({ env: {}, projectRoot: empty, repo, oidcTokenEnv: OIDC })).rejects.toThrow(
        UsageError,
      );
    },
  );

  it('a malformed --oidc-token-env is a UsageError', async () => {
    await expect(detectCiEnvironment({ env: {}, projectRoot: empty, oidcTokenEnv: 'A-B' })).rejects.toThrow(
      /--oidc-token-env/,
    );
  });

  it('an OIDC token in the default variable works in any CI; an empty one is ignored', async () => {
    const withToken = await detectCiEnvironment({ env: { [OIDC]: 'a.b.c' }, projectRoot: empty, oidcTokenEnv: OIDC });
    expect(withToken.oidc).toEqual({ kind: 'env', variable: OIDC, token: 'a.b.c' });
    const emptyToken = await detectCiEnvironment({ env: { [OIDC]: '  ' }, projectRoot: empty, oidcTokenEnv: OIDC });
    expect(emptyToken.oidc).toBeNull();
  });

  it('refuses a token variable that holds no JWT (a key named by mistake) without echoing its value', async () => {
    const secret = 'sk-proj-0123456789abcdefSECRET';
    const error = await detectCiEnvironment({
      env: { DEPLOY_SECRET: secret },
      projectRoot: empty,
      oidcTokenEnv: 'DEPLOY_SECRET',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/DEPLOY_SECRET does not hold an OIDC id token/);
    expect((error as Error).message).not.toContain(secret);
  });

  it.each(['ACTIONS_RUNTIME_TOKEN', 'GITHUB_TOKEN', 'CI_JOB_TOKEN', 'ASSAY_API_KEY', 'ANTHROPIC_API_KEY'])(
    'refuses --oidc-token-env %s: a credential variable, even one holding a JWT, is never sent as the id token',
    async (name) => {
      const error = await detectCiEnvironment({
        env: { [name]: 'eyJh.eyJz.c2ln' },
        projectRoot: empty,
        oidcTokenEnv: name,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/holds a credential, not an OIDC id token/);
    },
  );

  it('ignores environment values the server would refuse (repo format, non-hex sha) and falls back to git', async () => {
    const ci = await detectCiEnvironment({
      env: { GITHUB_REPOSITORY: 'not a repo', GITHUB_SHA: 'zzzz' },
      projectRoot: repoDir,
      oidcTokenEnv: OIDC,
    });
    expect(ci.repo).toBe('org/repo');
    expect(ci.commitSha).toBe(headSha);
  });
});

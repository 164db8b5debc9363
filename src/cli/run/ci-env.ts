import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { UsageError } from '../errors.js';

/**
 * Where an `assay run` happens: the CI provider and run, the repository and commit the results speak for, and how
 * the submission can be attested (an OIDC token the CI hands out). Read from the CI's environment variables, else
 * from git in the project root; nothing here is secret except `oidc`, which is never printed.
 */
export interface CiEnvironment {
  /** `pipeline.provider`: github, gitlab or local. */
  provider: 'github' | 'gitlab' | 'local' | string;
  /** The same for every model of one `assay run`; a replay of it is idempotent on the server. */
  runId: string;
  runUrl: string | null;
  /** `org/name` (or `group/sub/name`), lower-cased; null when it cannot be told. */
  repo: string | null;
  commitSha: string | null;
  branch: string | null;
  /** Non-secret context stored with the run (run_attempt, workflow, actor, job …). */
  extra: Record<string, string>;
  /** A local run whose tracked files differ from its commit: the results then speak for the working tree. */
  uncommittedChanges?: boolean;
  oidc:
    | { kind: 'github'; requestUrl: string; requestToken: string }
    | { kind: 'env'; variable: string; token: string }
    | null;
}

/** The server's repo format (src/verification/schemas.ts, repoSchema). */
const REPO_FORMAT = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){1,4}$/;
const REPO_MAX = 200;
const SHA_FORMAT = /^[0-9a-fA-F]{4,64}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const GIT_TIMEOUT_MS = 10_000;
/** Variables that hold a CI's or a provider's credential, never an id token meant for Assay (some are JWTs too). */
const NOT_ID_TOKENS =
  /^(ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|GITHUB_TOKEN|GH_TOKEN|CI_JOB_TOKEN|CI_REGISTRY_PASSWORD|.*_API_KEY)$/;
/** header.payload.signature, each base64url (a JWS in compact form, as every CI's id token is). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const validRepo = (repo: string): string | null => {
  const r = repo.trim();
  return r.length <= REPO_MAX && REPO_FORMAT.test(r) ? r.toLowerCase() : null;
};

/**
 * `org/name` from a git remote URL: https (credentials dropped), ssh://, git://, or scp-like `git@host:org/name.git`;
 * `.git` and trailing slashes stripped, GitLab subgroups kept, lower-cased. Null for local paths and anything else.
 */
export function repoFromRemoteUrl(url: string): string | null {
  const text = url.trim();
  if (text.length === 0 || text.length > 2000) return null;
  let path: string;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return null;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return null;
    if (!parsed.hostname) return null;
    try {
      path = decodeURIComponent(parsed.pathname);
    } catch {
      return null;
    }
  } else {
    // scp-like: [user@]host:path — a host without slashes, and a path that is not absolute
    const m = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/)(\S+)$/.exec(text);
    if (!m) return null;
    path = m[2]!;
  }
  path = path
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/^~[^/]*\//, '');
  return validRepo(path);
}

/** Runs git in the project root without a shell; the trimmed stdout, or null when git fails or is missing. */
function git(projectRoot: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd: projectRoot,
        timeout: GIT_TIMEOUT_MS,
        windowsHide: true,
        maxBuffer: 64 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      },
      (err, stdout) => {
        const out = String(stdout ?? '').trim();
        resolve(err || out.length === 0 ? null : out);
      },
    );
  });
}

const nonEmpty = (v: string | undefined): string | null => (v !== undefined && v.trim() !== '' ? v.trim() : null);

function pick(extra: Record<string, string>, env: NodeJS.ProcessEnv, names: Record<string, string>) {
  for (const [key, variable] of Object.entries(names)) {
    const v = nonEmpty(env[variable]);
    if (v !== null) extra[key] = v.slice(0, 500);
  }
}

/**
 * Detects the CI environment. `repo` (from --repo) wins over everything and must match the server's format, else a
 * UsageError. `oidcTokenEnv` names the variable holding a CI-issued OIDC token (GitLab `id_tokens`).
 */
export async function detectCiEnvironment(opts: {
  env: NodeJS.ProcessEnv;
  projectRoot: string;
  repo?: string;
  oidcTokenEnv: string;
}): Promise<CiEnvironment> {
  const { env, projectRoot } = opts;
  if (!ENV_NAME.test(opts.oidcTokenEnv)) {
    throw new UsageError(
      `--oidc-token-env must name an environment variable (letters, digits, _), not "${opts.oidcTokenEnv}"`,
    );
  }
  if (NOT_ID_TOKENS.test(opts.oidcTokenEnv)) {
    throw new UsageError(
      `--oidc-token-env ${opts.oidcTokenEnv} holds a credential, not an OIDC id token for Assay; it is never sent`,
    );
  }
  let explicitRepo: string | null = null;
  if (opts.repo !== undefined) {
    explicitRepo = validRepo(opts.repo);
    if (explicitRepo === null)
      throw new UsageError(
        `--repo must look like "org/name" (up to 5 segments of A-Z a-z 0-9 _ . -), not "${opts.repo}"`,
      );
  }

  const github = env.GITHUB_ACTIONS === 'true';
  const gitlab = !github && env.GITLAB_CI === 'true';
  const extra: Record<string, string> = {};
  let provider: string;
  let runId: string;
  let runUrl: string | null = null;
  if (github && nonEmpty(env.GITHUB_RUN_ID)) {
    provider = 'github';
    const attempt = nonEmpty(env.GITHUB_RUN_ATTEMPT) ?? '1';
    runId = `${nonEmpty(env.GITHUB_RUN_ID)}-${attempt}`;
    const server = (nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
    const repository = nonEmpty(env.GITHUB_REPOSITORY);
    if (repository)
      runUrl = `${server}/${repository}/actions/runs/${encodeURIComponent(nonEmpty(env.GITHUB_RUN_ID)!)}/attempts/${encodeURIComponent(attempt)}`;
    extra.run_attempt = attempt;
    pick(extra, env, {
      workflow: 'GITHUB_WORKFLOW',
      job: 'GITHUB_JOB',
      actor: 'GITHUB_ACTOR',
      event: 'GITHUB_EVENT_NAME',
      ref: 'GITHUB_REF',
    });
  } else if (gitlab && nonEmpty(env.CI_PIPELINE_ID) && nonEmpty(env.CI_JOB_ID)) {
    provider = 'gitlab';
    runId = `${nonEmpty(env.CI_PIPELINE_ID)}-${nonEmpty(env.CI_JOB_ID)}`;
    runUrl = nonEmpty(env.CI_JOB_URL);
    pick(extra, env, {
      pipeline_id: 'CI_PIPELINE_ID',
      job_id: 'CI_JOB_ID',
      job: 'CI_JOB_NAME',
      pipeline_source: 'CI_PIPELINE_SOURCE',
      actor: 'GITLAB_USER_LOGIN',
      pipeline_url: 'CI_PIPELINE_URL',
    });
  } else {
    provider = 'local';
    runId = `local-${randomUUID()}`;
  }

  const fromEnv = (...names: string[]) => {
    for (const n of names) {
      const v = nonEmpty(env[n]);
      if (v !== null) return v;
    }
    return null;
  };

  let repo = explicitRepo;
  for (const variable of ['GITHUB_REPOSITORY', 'CI_PROJECT_PATH']) {
    if (repo !== null) break;
    const v = nonEmpty(env[variable]);
    if (v !== null) repo = validRepo(v);
  }
  if (repo === null) {
    const remote = await git(projectRoot, ['remote', 'get-url', 'origin']);
    if (remote !== null) repo = repoFromRemoteUrl(remote);
  }

  let commitSha = fromEnv('GITHUB_SHA', 'CI_COMMIT_SHA');
  if (commitSha !== null && !SHA_FORMAT.test(commitSha)) commitSha = null;
  let uncommittedChanges = false;
  if (commitSha === null) {
    const head = await git(projectRoot, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    commitSha = head !== null && SHA_FORMAT.test(head) ? head.toLowerCase() : null;
    // the commit comes from the checkout itself: say so when its tracked files were edited since
    if (commitSha !== null) {
      const status = await git(projectRoot, ['status', '--porcelain', '--untracked-files=no']);
      uncommittedChanges = status !== null && status.length > 0;
    }
  } else commitSha = commitSha.toLowerCase();

  // for a pull request GITHUB_HEAD_REF is the source branch (GITHUB_REF_NAME would be "<n>/merge")
  let branch = fromEnv('GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME');
  if (branch === null) {
    const head = await git(projectRoot, ['rev-parse', '--abbrev-ref', 'HEAD']);
    branch = head !== null && head !== 'HEAD' ? head : null;
  }
  if (branch !== null) branch = branch.slice(0, 500);

  let oidc: CiEnvironment['oidc'] = null;
  const requestUrl = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  const requestToken = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const envToken = nonEmpty(env[opts.oidcTokenEnv]);
  if (requestUrl !== null && requestToken !== null) oidc = { kind: 'github', requestUrl, requestToken };
  else if (envToken !== null) {
    // the value is sent to the Assay server as oidc_token: a variable that holds anything else (a key named by
    // mistake) must not travel, nor be echoed
    if (!JWT_SHAPE.test(envToken)) {
      throw new UsageError(
        `${opts.oidcTokenEnv} does not hold an OIDC id token (a JWT: three base64url parts); it was not sent (check --oidc-token-env)`,
      );
    }
    oidc = { kind: 'env', variable: opts.oidcTokenEnv, token: envToken };
  }

  return {
    provider,
    runId,
    runUrl,
    repo,
    commitSha,
    branch,
    extra,
    ...(uncommittedChanges ? { uncommittedChanges } : {}),
    oidc,
  };
}

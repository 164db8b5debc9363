import type { KeyObject } from 'node:crypto';
import type { Command } from 'commander';
import { FailureError, UsageError } from './errors.js';
import {
  type ApiClient,
  ApiError,
  type Credential,
  createApiClient,
  keyScope,
  normalizeBaseUrl,
} from './run/api-client.js';
import { loadSigningKey, mintCiToken } from './run/attest.js';
import type { CredentialScope } from './run/run.js';

/**
 * What every command that talks to a server shares: where (--url / ASSAY_URL) and as whom — an API key
 * (--api-key / ASSAY_API_KEY) or, for CI systems with only an ECDSA key, a CI token minted per request from
 * --signing-key for the workspace named by --workspace / ASSAY_WORKSPACE_ID.
 */

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export interface RemoteOptions {
  apiKey?: string;
  url?: string;
  workspace?: string;
  signingKey?: string;
}

export function addRemoteOptions(command: Command): Command {
  return command
    .option('--api-key <key>', 'API key: mv_… (verifier) submits, mk_… (developer) only runs (env ASSAY_API_KEY)')
    .option('--url <url>', `Assay server (env ASSAY_URL, default ${DEFAULT_URL})`)
    .option('--workspace <id>', 'workspace id, for --signing-key without an API key (env ASSAY_WORKSPACE_ID)')
    .option(
      '--signing-key <private.pem>',
      'ECDSA P-256 private key: signs the results (and authenticates when no API key is given)',
    );
}

/** An environment variable, with an empty value counted as unset (CI systems pass `VAR=` for absent secrets). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export interface Remote {
  client: ApiClient;
  scope: CredentialScope;
  signingKey?: KeyObject;
  url: string;
  /** Set when the credential would travel unencrypted (plain http to another machine): every output shows it. */
  warning?: string;
}

/** Plain http to a host other than this machine: the key (and an OIDC token) could be read or changed on the way. */
export function cleartextWarning(url: string): string | undefined {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:') return undefined;
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  return `the server URL is plain http to ${host}: the credential and any OIDC token travel unencrypted; use https`;
}

const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Resolves the server and the credential from flags and environment; every problem is a UsageError (exit 2). */
export function connect(options: RemoteOptions, env: NodeJS.ProcessEnv = process.env): Remote {
  const url = normalizeBaseUrl(options.url ?? envValue(env, 'ASSAY_URL') ?? DEFAULT_URL);
  const warning = cleartextWarning(url);
  const signingKey = options.signingKey !== undefined ? loadSigningKey(options.signingKey) : undefined;
  const apiKey = options.apiKey ?? envValue(env, 'ASSAY_API_KEY');
  if (apiKey !== undefined) {
    const scope = keyScope(apiKey);
    if (scope === 'unknown') throw new UsageError('the API key must start with mk_ (developer) or mv_ (verifier)');
    const credential: Credential = { kind: 'api_key', key: apiKey };
    return {
      client: createApiClient({ url, credential }),
      scope,
      url,
      ...(signingKey ? { signingKey } : {}),
      ...(warning ? { warning } : {}),
    };
  }
  if (signingKey) {
    const workspace = options.workspace ?? envValue(env, 'ASSAY_WORKSPACE_ID');
    if (!workspace) {
      throw new UsageError(
        '--signing-key without an API key needs the workspace id: --workspace or ASSAY_WORKSPACE_ID',
      );
    }
    if (!WORKSPACE_ID.test(workspace)) throw new UsageError(`--workspace ${workspace} is not a workspace id`);
    const credential: Credential = { kind: 'ci_token', mint: () => mintCiToken(signingKey, workspace) };
    return {
      client: createApiClient({ url, credential }),
      scope: 'ci_token',
      url,
      signingKey,
      ...(warning ? { warning } : {}),
    };
  }
  throw new UsageError(
    'no credential: give --api-key (or ASSAY_API_KEY), or --signing-key with --workspace (or ASSAY_WORKSPACE_ID)',
  );
}

/**
 * A failure to read what the command needs before anything ran. A refused credential or an unknown model is a
 * configuration problem (exit 2); anything else (unreachable server, 5xx) is a failure of the run (exit 1).
 */
export function setupError(e: unknown): Error {
  if (e instanceof ApiError && (e.status === 400 || e.status === 401 || e.status === 403 || e.status === 404)) {
    return new UsageError(e.message);
  }
  return new FailureError(e instanceof Error ? e.message : String(e));
}

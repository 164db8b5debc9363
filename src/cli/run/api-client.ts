import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type {
  WireAssertion,
  WireAssertionList,
  WireModelSummary,
  WirePendingControl,
  WireReport,
  WireSubmission,
  WireSubmissionResponse,
  WireSufficiencyVerdict,
} from './types.js';

/**
 * The REST client of `assay run`: every call the CLI makes to an Assay server. Errors are ApiErrors whose message is
 * what the user sees: the call, the HTTP status, and the server's error code and message — never the API key or
 * token.
 */

/** A failed call. `status` is absent when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Credential = { kind: 'api_key'; key: string } | { kind: 'ci_token'; mint: () => Promise<string> };

export interface ApiClient {
  readonly url: string;
  /** Every model the credential can read (all pages). */
  listModels(): Promise<WireModelSummary[]>;
  model(mid: string): Promise<WireModelSummary>;
  assertions(mid: string, repo?: string | null): Promise<WireAssertionList>;
  pending(mid: string, tier: '1' | '2', repo?: string | null): Promise<WireAssertion[]>;
  pendingSufficiency(mid: string): Promise<WirePendingControl[]>;
  submitResults(mid: string, body: WireSubmission): Promise<WireSubmissionResponse>;
  submitSufficiency(
    mid: string,
    evaluator: string,
    verdicts: WireSufficiencyVerdict[],
    attestation?: Pick<WireSubmission, 'oidc_token' | 'signature' | 'signed_hash'>,
  ): Promise<{ accepted: number }>;
  report(mid: string): Promise<WireReport>;
}

/** What a key's prefix says it may do: `mk_` developer (read, no submissions), `mv_` verifier (submits results). */
export function keyScope(key: string): 'developer' | 'verifier' | 'unknown' {
  if (key.startsWith('mk_')) return 'developer';
  if (key.startsWith('mv_')) return 'verifier';
  return 'unknown';
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** The largest answer read (a report of thousands of assertions is a few MiB); a bigger one is not an Assay server's. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const MAX_PAGES = 10_000;
const DETAILS_SHOWN = 3;

function cliVersion(): string {
  try {
    // src/cli/run and dist/cli/run both sit three levels under the package root.
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
const USER_AGENT = `assay-cli/${cliVersion()}`;

// ---------------------------------------------------------------- response shapes (what run.ts reads)

const modelSummary = z.looseObject({ id: z.string(), workspace_id: z.string(), title: z.string() });
const modelPage = z.looseObject({ items: z.array(modelSummary), next_cursor: z.string().nullable() });
const assertion = z.looseObject({
  id: z.string(),
  control_id: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  description: z.string(),
  repo: z.string().nullable(),
  content_hash: z.string(),
  tier2_prompt: z.string().optional(),
});
const assertionList = z.looseObject({
  model_id: z.string(),
  workspace_id: z.string(),
  attestation: z.looseObject({
    required: z.boolean(),
    oidc_audience: z.string(),
    signing_key_fingerprint: z.string().nullable(),
  }),
  assertions: z.array(assertion),
});
const pendingAssertions = z.looseObject({ assertions: z.array(assertion) });
const pendingControls = z.looseObject({
  controls: z.array(
    z.looseObject({
      control_id: z.string(),
      description: z.string(),
      objective_ids: z.array(z.string()),
      assertion_set_hash: z.string(),
      assertions: z.array(assertion),
      prompt: z.string(),
    }),
  ),
});
const driftSide = z.looseObject({ run_id: z.string(), commit_sha: z.string().nullable(), result: z.string() });
const drift = z.looseObject({
  assertion_id: z.string(),
  control_id: z.string(),
  objective_ids: z.array(z.string()),
  tier: z.number(),
  repo: z.string().nullable(),
  previous: driftSide,
  current: driftSide,
});
const submissionResponse = z.looseObject({
  run_id: z.string(),
  replayed: z.boolean(),
  accepted: z.number(),
  attestation: z.looseObject({ method: z.enum(['oidc', 'ecdsa', 'none']) }),
  drift: z.array(drift),
});
const accepted = z.looseObject({ accepted: z.number() });
const tierState = z.enum(['pass', 'fail', 'error', 'skipped', 'pending', 'not_applicable']);
const report = z.looseObject({
  model_id: z.string(),
  summary: z.looseObject({
    verified: z.number(),
    partially_verified: z.number(),
    pending: z.number(),
    unverified: z.number(),
  }),
  controls: z.array(
    z.looseObject({
      control_id: z.string(),
      verification_status: z.enum(['unverified', 'pending', 'verified', 'partially_verified']),
      objective_ids: z.array(z.string()),
      assertions: z.array(
        z.looseObject({
          id: z.string(),
          type: z.string(),
          repo: z.string().nullable(),
          tier1: tierState,
          tier2: tierState,
        }),
      ),
      sufficiency: z.looseObject({
        status: z.enum(['sufficient', 'insufficient', 'pending']),
        gaps: z.array(z.string()),
      }),
      drift: z.array(drift),
    }),
  ),
  drift_items: z.array(drift),
  repos: z.array(z.looseObject({ repo: z.string().nullable(), commit_sha: z.string().nullable() })),
});
const errorBody = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    request_id: z.string().optional(),
  }),
});

// ---------------------------------------------------------------- helpers

/** One path segment; `.`/`..` would be resolved away by URL parsing, so they are refused. */
function segment(value: string, what: string): string {
  if (value.length === 0 || value.length > 200 || value === '.' || value === '..' || /[\u0000-\u001f]/.test(value))
    throw new UsageError(`${what} "${value.slice(0, 80)}" is not a valid id`);
  return encodeURIComponent(value);
}

/** "GET /api/…" without the query string (a repo name is not secret, but keeps messages short). */
const callName = (method: string, path: string) => `${method} ${path.split('?')[0]}`;

function describeDetails(details: unknown): string {
  if (!Array.isArray(details) || details.length === 0) return '';
  const shown = details.slice(0, DETAILS_SHOWN).map((d) => {
    if (d && typeof d === 'object') {
      const { path, message } = d as { path?: unknown; message?: unknown };
      if (typeof path === 'string' && typeof message === 'string') return `${path}: ${message}`;
      if (typeof message === 'string') return message;
    }
    return JSON.stringify(d)?.slice(0, 200) ?? String(d);
  });
  const more = details.length > DETAILS_SHOWN ? `; and ${details.length - DETAILS_SHOWN} more` : '';
  return ` (${shown.join('; ')}${more})`;
}

function networkReason(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError')
    return `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  const cause = err?.cause;
  if (cause?.code && cause.message)
    return cause.message.includes(cause.code) ? cause.message : `${cause.code}: ${cause.message}`;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return err?.message ?? String(e);
}

class TooLarge extends Error {}

/** The body as text, refusing (and cancelling) one larger than `max` bytes before it is all in memory. */
async function boundedText(res: Response, max: number): Promise<string> {
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The base URL: http(s), no credentials, no query; a path prefix (a reverse proxy's) is kept. UsageError otherwise. */
export function normalizeBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, not "${url.slice(0, 200)}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`--url must be an http(s) URL, not "${parsed.protocol}"`);
  if (parsed.username || parsed.password)
    throw new UsageError('--url must not contain credentials; give the key with --api-key or ASSAY_API_KEY');
  if (parsed.search || parsed.hash) throw new UsageError('--url must not contain a query or fragment');
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

// ---------------------------------------------------------------- the client

export function createApiClient(options: {
  url: string;
  credential: Credential;
  timeoutMs?: number;
  /** Default MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
}): ApiClient {
  const base = normalizeBaseUrl(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const doFetch = options.fetch ?? fetch;
  const { credential } = options;
  /** Secrets that must never appear in a message, even if a server echoes them. */
  const secrets = new Set<string>(credential.kind === 'api_key' && credential.key ? [credential.key] : []);
  const redact = (text: string) => {
    let out = text;
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return out;
  };
  const fail = (message: string, status?: number, code?: string) => new ApiError(redact(message), status, code);

  async function authHeaders(call: string): Promise<Record<string, string>> {
    if (credential.kind === 'api_key') return { 'x-api-key': credential.key };
    let token: string;
    try {
      token = await credential.mint();
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw fail(`${call}: cannot mint the CI token: ${(e as Error).message}`);
    }
    secrets.add(token);
    return { authorization: `Bearer ${token}` };
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const call = callName(method, path);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
      ...(await authHeaders(call)),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // a redirect would carry the key to wherever it points
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await boundedText(res, maxResponseBytes);
    } catch (e) {
      if (e instanceof TooLarge) {
        throw fail(
          `${call}: the server's answer is larger than ${maxResponseBytes} bytes; is ${base} an Assay server?`,
          res!.status,
        );
      }
      throw fail(`cannot reach ${base}: ${networkReason(e, timeoutMs)}`);
    }

    if (res.status >= 300 && res.status < 400) {
      const to = res.headers.get('location');
      throw fail(
        `${call} failed: HTTP ${res.status}, a redirect${to ? ` to ${to.split('?')[0]}` : ''}; give the final address as --url`,
        res.status,
      );
    }
    if (res.status < 200 || res.status >= 300) {
      let parsed: z.infer<typeof errorBody> | null = null;
      try {
        const r = errorBody.safeParse(JSON.parse(text));
        if (r.success) parsed = r.data;
      } catch {
        // not JSON (a proxy's page): the status is all there is
      }
      if (parsed) {
        const { code, message, details } = parsed.error;
        throw fail(
          `${call} failed: HTTP ${res.status} ${code}: ${message}${describeDetails(details)}`,
          res.status,
          code,
        );
      }
      throw fail(`${call} failed: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, res.status);
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw fail(
        `${call}: the server answered HTTP ${res.status} but not with JSON; is ${base} an Assay server?`,
        res.status,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
      throw fail(
        `${call}: the server's answer does not have the expected shape (${where}); is the server current?`,
        res.status,
      );
    }
    return parsed.data;
  }

  const model = (mid: string) => `/api/models/${segment(mid, 'model id')}`;
  const repoQuery = (repo?: string | null) => (repo ? `repo=${encodeURIComponent(repo)}` : '');
  const withQuery = (path: string, ...parts: string[]) => {
    const q = parts.filter(Boolean).join('&');
    return q ? `${path}?${q}` : path;
  };

  return {
    url: base,

    async listModels() {
      const out: WireModelSummary[] = [];
      const seen = new Set<string>();
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const path = withQuery('/api/models', 'limit=1000', cursor ? `cursor=${encodeURIComponent(cursor)}` : '');
        const res = await request('GET', path, modelPage);
        for (const m of res.items) out.push({ id: m.id, workspace_id: m.workspace_id, title: m.title });
        if (res.next_cursor === null) return out;
        if (seen.has(res.next_cursor)) throw fail('GET /api/models: the server repeated a page cursor');
        seen.add(res.next_cursor);
        cursor = res.next_cursor;
      }
      throw fail(`GET /api/models: more than ${MAX_PAGES} pages`);
    },

    async model(mid) {
      const m = await request('GET', model(mid), modelSummary);
      return { id: m.id, workspace_id: m.workspace_id, title: m.title };
    },

    async assertions(mid, repo) {
      return (await request(
        'GET',
        withQuery(`${model(mid)}/verification/assertions`, repoQuery(repo)),
        assertionList,
      )) as WireAssertionList;
    },

    async pending(mid, tier, repo) {
      const res = await request(
        'GET',
        withQuery(`${model(mid)}/verification/pending`, `tier=${tier}`, repoQuery(repo)),
        pendingAssertions,
      );
      return res.assertions as WireAssertion[];
    },

    async pendingSufficiency(mid) {
      const res = await request('GET', `${model(mid)}/verification/pending?tier=sufficiency`, pendingControls);
      return res.controls as WirePendingControl[];
    },

    async submitResults(mid, body) {
      return (await request(
        'POST',
        `${model(mid)}/verification/results`,
        submissionResponse,
        body,
      )) as WireSubmissionResponse;
    },

    async submitSufficiency(mid, evaluator, verdicts, attestation = {}) {
      const res = await request('POST', `${model(mid)}/verification/sufficiency`, accepted, {
        ...(evaluator.trim() ? { evaluator } : {}),
        results: verdicts,
        ...attestation,
      });
      return { accepted: res.accepted };
    },

    async report(mid) {
      return (await request('GET', `${model(mid)}/verification/report`, report)) as unknown as WireReport;
    },
  };
}

import { randomBytes } from 'node:crypto';
import {
  DEMO_APP_DIR,
  DEMO_CONTROLS,
  DEMO_MODEL,
  DEMO_OWNER_EMAIL,
  DEMO_REPO,
  DEMO_WORKSPACE,
  type DemoControl,
} from './model.js';

/**
 * Seeds a fresh Assay server with the demo, over its REST API only (what any client could do): the first-run
 * owner, the "Demo" workspace, the threat model of examples/demo-app, its assertions, and the keys. Every verdict the
 * server gives on the way is checked against what the demo expects (see model.ts); a difference stops the seeding
 * with an error that says which assertion or control and why, so the demo never silently shows something else.
 */

export interface DemoSeed {
  baseUrl: string;
  ownerEmail: string;
  /** Generated for this run; the only place it is shown is the demo's output. */
  ownerPassword: string;
  workspaceId: string;
  modelId: string;
  /** mk_… — the key a developer (or their coding agent) submits assertions with. */
  developerKey: string;
  /** mv_… — the key CI verifies and submits results with. */
  verifierKey: string;
  /** The assay run command that verifies the demo (tier 1 only, tier 2 skipped). */
  command: string;
  /** The same with a tier-2 provider: Ollama on this machine, or OpenAI (with OPENAI_API_KEY set). */
  providerCommands: { ollama: string; openai: string };
  /** What the server answered per control: coherence per assertion and the sufficiency verdict. */
  controls: { id: string; assertionIds: string[]; sufficiency: { status: string; gaps: string[] } }[];
}

export class DemoSeedError extends Error {
  override name = 'DemoSeedError';
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  expect: number;
}

async function call<T>(
  baseUrl: string,
  { method, path, body, headers = {}, expect }: Call,
): Promise<{ data: T; res: Response }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, baseUrl), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new DemoSeedError(`${method} ${path}: cannot reach ${baseUrl} (${(e as Error).message})`);
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.status !== expect) {
    const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    const why = error ? `${error.code}: ${error.message}` : text.slice(0, 200);
    throw new DemoSeedError(`${method} ${path}: expected HTTP ${expect}, got ${res.status} (${why})`);
  }
  return { data: data as T, res };
}

interface AssertionsResponse {
  assertions: { id: string; coherence: { status: string; reason: string } }[];
  sufficiency: { status: string; gaps: string[]; reasoning: string };
}

/** Posts one control's assertions and checks every verdict against the demo's expectations. */
async function seedControl(baseUrl: string, modelId: string, devKey: string, control: DemoControl) {
  const { data } = await call<AssertionsResponse>(baseUrl, {
    method: 'POST',
    path: `/api/models/${modelId}/controls/${control.id}/assertions`,
    headers: { 'x-api-key': devKey },
    body: {
      assertions: control.assertions.map(({ type, params, description }) => ({
        type,
        params,
        description,
        repo: DEMO_REPO,
      })),
    },
    expect: 201,
  });
  const problems: string[] = [];
  data.assertions.forEach((stored, i) => {
    if (stored.coherence.status !== 'coherent') {
      problems.push(`assertion ${control.assertions[i]?.id} is ${stored.coherence.status}: ${stored.coherence.reason}`);
    }
  });
  if (data.sufficiency.status !== control.expectedSufficiency) {
    problems.push(
      `the assertion set is ${data.sufficiency.status}, the demo expects ${control.expectedSufficiency}: ${data.sufficiency.reasoning}`,
    );
  }
  if (problems.length > 0) {
    throw new DemoSeedError(
      `${control.id}: the server's evaluator did not judge the demo as expected (is ASSAY_LLM_PROVIDER=rules?):\n  ${problems.join('\n  ')}`,
    );
  }
  return {
    id: control.id,
    assertionIds: data.assertions.map((a) => a.id),
    sufficiency: { status: data.sufficiency.status, gaps: data.sufficiency.gaps },
  };
}

/** Quotes a shell word when it needs it (paths with spaces). */
const sh = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

export interface SeedOptions {
  /** The project root to print in the command (default examples/demo-app, relative to the Assay checkout). */
  projectRoot?: string;
  /** How the CLI is invoked in the printed command (default `node bin/assay.js`). */
  cli?: string;
}

/** Seeds the demo into a server that has no user yet (first-run setup must still be open). */
export async function seedDemo(baseUrl: string, options: SeedOptions = {}): Promise<DemoSeed> {
  const ownerPassword = randomBytes(15).toString('base64url');
  const { data: setup, res } = await call<{ workspace: { id: string } }>(baseUrl, {
    method: 'POST',
    path: '/api/auth/setup',
    body: { email: DEMO_OWNER_EMAIL, password: ownerPassword, name: 'Demo Owner', workspace_name: DEMO_WORKSPACE },
    expect: 201,
  }).catch((e: unknown) => {
    if (e instanceof DemoSeedError && e.message.includes('setup_done')) {
      throw new DemoSeedError(`${baseUrl} already has users: the demo seeds a fresh server only (${e.message})`);
    }
    throw e;
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('assay_session='));
  if (!cookie) throw new DemoSeedError('POST /api/auth/setup: no session cookie in the answer');
  const owner = { cookie, 'x-requested-with': 'assay' };
  const workspaceId = setup.workspace.id;

  const key = async (scope: 'developer' | 'verifier') =>
    (
      await call<{ key: string }>(baseUrl, {
        method: 'POST',
        path: `/api/workspaces/${workspaceId}/api-keys`,
        headers: owner,
        body: { name: `demo ${scope}`, scope },
        expect: 201,
      })
    ).data.key;
  const developerKey = await key('developer');
  const verifierKey = await key('verifier');

  const { data: model } = await call<{ id: string }>(baseUrl, {
    method: 'POST',
    path: '/api/models',
    headers: owner,
    body: {
      workspace_id: workspaceId,
      ...DEMO_MODEL,
      controls: DEMO_CONTROLS.map(({ id, description, objective_ids }) => ({ id, description, objective_ids })),
    },
    expect: 201,
  });

  const controls = [];
  for (const control of DEMO_CONTROLS) controls.push(await seedControl(baseUrl, model.id, developerKey, control));

  const url = baseUrl.replace(/\/+$/, '');
  const base = [
    `ASSAY_API_KEY=${verifierKey}`,
    options.cli ?? 'node bin/assay.js',
    'run',
    model.id,
    '--url',
    sh(url),
    '--project-root',
    sh(options.projectRoot ?? DEMO_APP_DIR),
    '--repo',
    DEMO_REPO,
  ].join(' ');
  return {
    baseUrl: url,
    ownerEmail: DEMO_OWNER_EMAIL,
    ownerPassword,
    workspaceId,
    modelId: model.id,
    developerKey,
    verifierKey,
    command: base,
    providerCommands: {
      ollama: `${base} --tier2-provider ollama --tier2-model llama3.1`,
      openai: `${base} --tier2-provider openai`,
    },
    controls,
  };
}

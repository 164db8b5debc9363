import type { FastifyInstance } from 'fastify';
import type { CoherenceVerdict, Evaluator, SufficiencyVerdict } from '../../src/llm/evaluator.js';
import { type Credential, json, type World } from '../helpers/app.js';

/**
 * A scripted evaluator: assertions whose description contains INCOHERENT are judged incoherent, THROW makes the call
 * fail; sufficiency answers whatever `judge.sufficiency` says at the time of the call.
 */
export function scriptedEvaluator() {
  const judge: { sufficiency: SufficiencyVerdict['status'] | 'throw'; gaps: string[] } = {
    sufficiency: 'pending',
    gaps: [],
  };
  const calls = { coherence: 0, sufficiency: 0 };
  const evaluator: Evaluator = {
    name: 'scripted',
    async coherence(_control, assertion): Promise<CoherenceVerdict> {
      calls.coherence += 1;
      if (assertion.description.includes('THROW')) throw new Error('provider down');
      if (assertion.description.includes('INCOHERENT')) {
        return { status: 'incoherent', reason: `${assertion.type} cannot prove this control`, evaluator: 'scripted' };
      }
      return { status: 'coherent', reason: 'fits the control', evaluator: 'scripted' };
    },
    async sufficiency(): Promise<SufficiencyVerdict> {
      calls.sufficiency += 1;
      if (judge.sufficiency === 'throw') throw new Error('provider down');
      return {
        status: judge.sufficiency,
        gaps: judge.sufficiency === 'insufficient' ? judge.gaps : [],
        reasoning: `judged ${judge.sufficiency}`,
        evaluator: 'scripted',
      };
    },
  };
  return { evaluator, judge, calls };
}

export const AUTH_CONTROL = 'Enforce authentication on all API endpoints';

export async function newModel(
  app: FastifyInstance,
  w: World,
  controls: { id: string; description: string }[] = [{ id: 'CTRL-01', description: AUTH_CONTROL }],
  owner: { cred: Credential; workspaceId: string } = { cred: w.owner, workspaceId: w.workspaceId },
): Promise<string> {
  const model = await json<{ id: string }>(
    app.inject({
      method: 'POST',
      url: '/api/models',
      ...owner.cred,
      payload: {
        workspace_id: owner.workspaceId,
        title: 'Payments',
        control_objectives: [{ id: 'CO-1', description: 'Only customers see their data' }],
        controls: controls.map((c) => ({ ...c, objective_ids: ['CO-1'] })),
      },
    }),
    201,
  );
  return model.id;
}

export interface AssertionIn {
  type: string;
  params: Record<string, unknown>;
  description: string;
  repo?: string | null;
}

export const fnExists = (name: string, extra: Partial<AssertionIn> = {}): AssertionIn => ({
  type: 'function_exists',
  params: { file: 'auth/middleware.py', name },
  description: `${name} checks the session on every request`,
  ...extra,
});

export interface Submitted {
  assertions: { id: string; content_hash: string; coherence: { status: string; reason: string } }[];
  coherence_warnings: { assertion_id: string; reason: string }[];
  sufficiency: { status: string; gaps: string[]; evaluator: string | null };
}

export async function submitAssertions(
  app: FastifyInstance,
  cred: Credential,
  mid: string,
  cid: string,
  assertions: AssertionIn[],
): Promise<Submitted> {
  return json<Submitted>(
    app.inject({
      method: 'POST',
      url: `/api/models/${mid}/controls/${cid}/assertions`,
      ...cred,
      payload: { assertions },
    }),
    201,
  );
}

export interface RunIn {
  run_id: string;
  repo?: string | null;
  commit?: string;
  results: { assertion_id: string; tier: 1 | 2; result: string; details?: string; content_hash?: string }[];
}

export const runBody = (run: RunIn) => ({
  pipeline: {
    provider: 'github',
    run_id: run.run_id,
    run_url: `https://github.com/acme/api/actions/runs/${run.run_id}`,
    repo: run.repo === undefined ? 'acme/api' : run.repo,
    commit_sha: run.commit ?? 'a1b2c3d4e5f6',
    branch: 'main',
  },
  results: run.results.map((r) => ({ details: `${r.result} at auth/middleware.py:12`, ...r })),
});

export interface RunOut {
  run_id: string;
  replayed: boolean;
  accepted: number;
  attestation: { method: string };
  drift: {
    assertion_id: string;
    control_id: string;
    objective_ids: string[];
    tier: number;
    repo: string | null;
    previous: { run_id: string; commit_sha: string | null };
    current: { run_id: string; commit_sha: string | null; result: string };
  }[];
}

export async function submitRun(app: FastifyInstance, cred: Credential, mid: string, run: RunIn): Promise<RunOut> {
  return json<RunOut>(
    app.inject({ method: 'POST', url: `/api/models/${mid}/verification/results`, ...cred, payload: runBody(run) }),
    201,
  );
}

export const pass = (ids: string[], tier: 1 | 2) => ids.map((assertion_id) => ({ assertion_id, tier, result: 'pass' }));

export interface Report {
  summary: Record<'verified' | 'partially_verified' | 'pending' | 'unverified', number>;
  controls: {
    control_id: string;
    implementation_status: string;
    verification_status: string;
    assertions: { id: string; type: string; tier1: string; tier2: string; coherence: string }[];
    sufficiency: { status: string; gaps: string[]; evaluator: string | null };
    drift: RunOut['drift'];
  }[];
  drift_items: RunOut['drift'];
  coherence_warnings: number;
  repos: { repo: string | null; commit_sha: string | null; verified_at: string }[];
}

export async function report(app: FastifyInstance, cred: Credential, mid: string): Promise<Report> {
  return json<Report>(app.inject({ method: 'GET', url: `/api/models/${mid}/verification/report`, ...cred }), 200);
}

export async function statusOf(app: FastifyInstance, cred: Credential, mid: string, cid: string): Promise<string> {
  const control = await json<{ verification_status: string }>(
    app.inject({ method: 'GET', url: `/api/models/${mid}/controls/${cid}`, ...cred }),
    200,
  );
  return control.verification_status;
}

export interface PendingOut {
  model_id: string;
  assertions?: { id: string; content_hash: string; repo: string | null; tier2_prompt?: string }[];
  controls?: { control_id: string; assertion_set_hash: string; prompt: string; assertions: { id: string }[] }[];
}

export async function pending(app: FastifyInstance, cred: Credential, mid: string, query: string): Promise<PendingOut> {
  return json<PendingOut>(
    app.inject({ method: 'GET', url: `/api/models/${mid}/verification/pending?${query}`, ...cred }),
    200,
  );
}

export async function postSufficiency(
  app: FastifyInstance,
  cred: Credential,
  mid: string,
  results: { control_id: string; status: string; gaps: string[]; reasoning: string; assertion_set_hash?: string }[],
) {
  return json<{ accepted: number; verdicts: { control_id: string; current: boolean; evaluator: string }[] }>(
    app.inject({
      method: 'POST',
      url: `/api/models/${mid}/verification/sufficiency`,
      ...cred,
      payload: { evaluator: 'openai:gpt-4o-mini', results },
    }),
    201,
  );
}

import type { ModelRun, RunOutcome, WireDrift, WireReport } from '../types.js';

/** Hand-built outcomes of `assay run` for the formatter tests (only imported by *.test.ts). */

export const INJECTED_DESCRIPTION = 'sessions expire\n::error::injected';
export const WEIRD_FILE = 'src/we,ird:na%me.ts';

const drift: WireDrift = {
  assertion_id: 'a3',
  control_id: 'AC-2',
  objective_ids: ['O-1', 'O-2'],
  tier: 1,
  repo: 'acme/app',
  previous: { run_id: 'run-41', commit_sha: '1111111111111111111111111111111111111111', result: 'pass' },
  current: { run_id: 'run-42', commit_sha: '2222222222222222222222222222222222222222', result: 'fail' },
};

const report: WireReport = {
  model_id: 'm1',
  summary: { verified: 1, partially_verified: 0, pending: 0, unverified: 2 },
  controls: [
    {
      control_id: 'AC-1',
      implementation_status: 'implemented',
      verification_status: 'verified',
      objective_ids: ['O-1'],
      assertions: [
        { id: 'a1', type: 'function_exists', repo: 'acme/app', tier1: 'pass', tier2: 'pass', coherence: 'coherent' },
      ],
      sufficiency: { status: 'sufficient', gaps: [], reasoning: 'covers login', evaluator: 'openai:gpt-4o-mini' },
      drift: [],
    },
    {
      control_id: 'AC-2',
      implementation_status: 'implemented',
      verification_status: 'unverified',
      objective_ids: ['O-1', 'O-2'],
      assertions: [
        {
          id: 'a2',
          type: 'function_exists',
          repo: 'acme/app',
          tier1: 'fail',
          tier2: 'pending',
          coherence: 'unchecked',
        },
        { id: 'a3', type: 'pattern_absent', repo: 'acme/app', tier1: 'fail', tier2: 'pending', coherence: 'unchecked' },
      ],
      sufficiency: { status: 'pending', gaps: [], reasoning: '', evaluator: null },
      drift: [drift],
    },
    {
      control_id: 'AC-3',
      implementation_status: 'implemented',
      verification_status: 'unverified',
      objective_ids: ['O-3'],
      assertions: [
        { id: 'a4', type: 'config_key_exists', repo: 'acme/app', tier1: 'pass', tier2: 'fail', coherence: 'coherent' },
      ],
      sufficiency: {
        status: 'insufficient',
        gaps: ['no rate limit on /login'],
        reasoning: 'partial',
        evaluator: 'openai:gpt-4o-mini',
      },
      drift: [],
    },
  ],
  drift_items: [drift],
  coherence_warnings: 0,
  repos: [
    { repo: 'acme/app', commit_sha: '2222222222222222222222222222222222222222', verified_at: '2026-12-03T16:00:00Z' },
  ],
};

/** Verified with a provider: failures at both tiers, drift, an insufficient control, submitted with OIDC. */
export function submittedModel(): ModelRun {
  return {
    modelId: 'm1',
    title: 'Payments API',
    tier1: [
      {
        assertionId: 'a1',
        controlId: 'AC-1',
        type: 'function_exists',
        description: 'login exists',
        params: { file: 'src/auth.ts', name: 'login' },
        result: 'pass',
        details: 'src/auth.ts:3 defines login',
        evidence: { file: 'src/auth.ts', line: 3, end_line: 9 },
      },
      {
        assertionId: 'a2',
        controlId: 'AC-2',
        type: 'function_exists',
        description: INJECTED_DESCRIPTION,
        params: { file: 'src/session.ts', name: 'expire' },
        result: 'fail',
        details: 'no function expire in src/session.ts',
        evidence: { file: 'src/session.ts', line: 10, end_line: 12 },
      },
      {
        assertionId: 'a3',
        controlId: 'AC-2',
        type: 'pattern_absent',
        description: 'no eval',
        params: { file: 'src/**/*.ts', pattern: 'eval' },
        result: 'fail',
        details: 'eval found in 2 files',
      },
      {
        assertionId: 'a4',
        controlId: 'AC-3',
        type: 'config_key_exists',
        description: 'rate limit configured',
        params: { file: WEIRD_FILE, key: 'rateLimit' },
        result: 'pass',
        details: 'key rateLimit is set',
      },
      {
        assertionId: 'a5',
        controlId: 'AC-3',
        type: 'test_passes',
        description: 'tests pass',
        params: { file: WEIRD_FILE },
        result: 'error',
        details: 'the test command timed out after 60 s',
      },
    ],
    tier2: [
      {
        assertionId: 'a1',
        controlId: 'AC-1',
        result: 'pass',
        details: 'YES',
        reviewer: 'openai:gpt-4o-mini',
        evidence: { file: 'src/auth.ts', line: 3, end_line: 9 },
      },
      {
        assertionId: 'a4',
        controlId: 'AC-3',
        result: 'fail',
        details: 'the reviewer answered NO: the limit is disabled in production',
        reviewer: 'openai:gpt-4o-mini',
      },
    ],
    sufficiency: [
      {
        controlId: 'AC-3',
        status: 'insufficient',
        gaps: ['no rate limit on /login', 'no lockout after failed logins'],
        reasoning: 'only the API is limited',
        assertionSetHash: 'h3',
      },
    ],
    submission: { state: 'submitted', runId: 'run-42', replayed: false, attestation: 'oidc', drift: [drift] },
    sufficiencySubmission: { state: 'submitted', runId: 'run-42', attestation: 'oidc', drift: [] },
    report,
    warnings: [],
  };
}

/** The server refused the submission and the report could not be fetched afterwards. */
export function failedModel(): ModelRun {
  return {
    modelId: 'm2',
    title: 'Admin | portal *bold*',
    tier1: [
      {
        assertionId: 'b1',
        controlId: 'AD-1',
        type: 'file_exists',
        description: 'csp header file',
        params: { file: 'src/csp.ts' },
        result: 'pass',
        details: 'src/csp.ts exists',
      },
    ],
    tier2: [
      {
        assertionId: 'b1',
        controlId: 'AD-1',
        result: 'error',
        details: 'the reviewer answered "maybe", not YES or NO',
        reviewer: 'openai:gpt-4o-mini',
      },
    ],
    sufficiency: [],
    submission: { state: 'failed', drift: [], error: 'HTTP 403: attestation required for this workspace' },
    reportError: 'HTTP 503: database unavailable',
    warnings: ['2 assertions name another repository and were not verified here'],
  };
}

/** Two models, verified with a provider, one refused by the server. */
export function providerOutcome(): RunOutcome {
  return {
    models: [submittedModel(), failedModel()],
    warnings: ['the run took longer than 5 minutes'],
    pipeline: {
      provider: 'github',
      run_id: '123-1',
      repo: 'acme/app',
      commit_sha: '2222222222222222222222222222222222222222',
      branch: 'main',
    },
    tier2Reviewer: 'openai:gpt-4o-mini',
    attestation: 'oidc',
    projectRoot: '/repo',
    startedAt: new Date('2026-12-03T16:00:00Z'),
    endedAt: new Date('2026-12-03T16:00:05Z'),
    exitCode: 1,
  };
}

/** A developer key, no tier-2 provider: tier 2 skipped, nothing submitted. */
export function developerOutcome(): RunOutcome {
  const model = submittedModel();
  model.tier2 = model.tier1
    .filter((t) => t.result === 'pass')
    .map((t) => ({
      assertionId: t.assertionId,
      controlId: t.controlId,
      result: 'skipped' as const,
      details: 'no tier-2 provider',
      reviewer: null,
    }));
  model.sufficiency = [
    { controlId: 'AC-1', status: 'skipped', gaps: [], reasoning: 'no provider', assertionSetHash: 'h1' },
  ];
  model.submission = { state: 'developer_key', drift: [] };
  delete model.sufficiencySubmission;
  return {
    models: [model],
    warnings: [],
    pipeline: { provider: 'local', run_id: '6f1c0d7e-0000-4000-8000-000000000000', commit_sha: 'abcdef1234567890' },
    tier2Reviewer: null,
    attestation: 'none',
    projectRoot: '/repo',
    startedAt: new Date('2026-12-03T16:00:00Z'),
    endedAt: new Date('2026-12-03T16:00:02Z'),
    exitCode: 1,
  };
}

/** Everything passed, a dry run. */
export function cleanOutcome(): RunOutcome {
  const model = submittedModel();
  model.tier1 = model.tier1.filter((t) => t.result === 'pass');
  model.tier2 = model.tier2.filter((t) => t.result === 'pass');
  model.sufficiency = [];
  model.submission = { state: 'dry_run', drift: [] };
  delete model.sufficiencySubmission;
  delete model.report;
  model.reportError = undefined;
  return { ...providerOutcome(), models: [model], warnings: [], exitCode: 0 };
}

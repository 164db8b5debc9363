import type { Evidence, Outcome } from '../../verifier/types.js';

/**
 * The shapes `assay run` passes between its parts: the API client (api-client.ts), the CI environment and
 * attestation (ci-env.ts, attest.ts), tier 2 and sufficiency (tier2.ts, sufficiency.ts), the orchestration (run.ts)
 * and the formatters (output/*.ts). Wire shapes (snake_case) are what the REST API sends; the rest is camelCase.
 */

export type RunOutputFormat = 'text' | 'json' | 'github' | 'sarif';

// ---------------------------------------------------------------- wire shapes (GET/POST bodies of the REST API)

/** One assertion as `GET /api/models/:mid/verification/assertions` lists it. */
export interface WireAssertion {
  id: string;
  control_id: string;
  type: string;
  params: Record<string, unknown>;
  description: string;
  repo: string | null;
  content_hash: string;
  /** The tier-2 prompt the server rendered for this assertion (template, deterministic). */
  tier2_prompt?: string;
}

/** What the CLI must know to attest a workspace's submissions. */
export interface WireAttestationSettings {
  /** `require_ci_attestation` of the workspace. */
  required: boolean;
  /** The `aud` an OIDC token must carry for this workspace (default `assay`). */
  oidc_audience: string;
  /** SHA-256 hex of the workspace's current ECDSA public key, or null when none is configured. */
  signing_key_fingerprint: string | null;
}

export interface WireAssertionList {
  model_id: string;
  workspace_id: string;
  attestation: WireAttestationSettings;
  assertions: WireAssertion[];
}

/** `GET /api/models/:mid/verification/pending?tier=sufficiency` → controls[] */
export interface WirePendingControl {
  control_id: string;
  description: string;
  objective_ids: string[];
  assertion_set_hash: string;
  assertions: Omit<WireAssertion, 'tier2_prompt'>[];
  /** The sufficiency prompt the server rendered (answer SUFFICIENT/INSUFFICIENT on the first line, gaps as "- "). */
  prompt: string;
}

export interface WireModelSummary {
  id: string;
  workspace_id: string;
  title: string;
}

export interface WireResult {
  assertion_id: string;
  tier: 1 | 2;
  result: Outcome;
  details: string;
  reviewer?: string | null;
  evidence?: Evidence | null;
  content_hash?: string;
}

export interface WirePipeline {
  provider: string;
  run_id: string;
  run_url?: string | null;
  repo?: string | null;
  commit_sha: string;
  branch?: string | null;
  [extra: string]: unknown;
}

export interface WireSubmission {
  pipeline: WirePipeline;
  results: WireResult[];
  signature?: string;
  signed_hash?: string;
  oidc_token?: string;
}

export interface WireDrift {
  assertion_id: string;
  control_id: string;
  objective_ids: string[];
  tier: number;
  repo: string | null;
  previous: { run_id: string; commit_sha: string | null; result: string };
  current: { run_id: string; commit_sha: string | null; result: string };
}

export interface WireSubmissionResponse {
  run_id: string;
  replayed: boolean;
  accepted: number;
  attestation: { method: 'oidc' | 'ecdsa' | 'none'; [k: string]: unknown };
  drift: WireDrift[];
}

export interface WireSufficiencyVerdict {
  control_id: string;
  status: 'sufficient' | 'insufficient';
  gaps: string[];
  reasoning: string;
  assertion_set_hash?: string;
}

export type TierState = 'pass' | 'fail' | 'error' | 'skipped' | 'pending' | 'not_applicable';
export type VerificationStatus = 'unverified' | 'pending' | 'verified' | 'partially_verified';

/** `GET /api/models/:mid/verification/report` */
export interface WireReport {
  model_id: string;
  summary: { verified: number; partially_verified: number; pending: number; unverified: number };
  controls: {
    control_id: string;
    implementation_status: 'implemented' | 'not_implemented';
    verification_status: VerificationStatus;
    objective_ids: string[];
    assertions: {
      id: string;
      type: string;
      repo: string | null;
      tier1: TierState;
      tier2: TierState;
      coherence: 'coherent' | 'incoherent' | 'unchecked';
    }[];
    sufficiency: {
      status: 'sufficient' | 'insufficient' | 'pending';
      gaps: string[];
      reasoning: string;
      evaluator: string | null;
    };
    drift: WireDrift[];
  }[];
  drift_items: WireDrift[];
  coherence_warnings: number;
  repos: { repo: string | null; commit_sha: string | null; verified_at: string }[];
}

// ---------------------------------------------------------------- the outcome of one `assay run`

export interface Tier1Outcome {
  assertionId: string;
  controlId: string;
  type: string;
  description: string;
  params: Record<string, unknown>;
  result: Outcome;
  details: string;
  evidence?: Evidence;
}

export interface Tier2Outcome {
  assertionId: string;
  controlId: string;
  /** `skipped` when no provider was configured (never submitted then: the assertion stays pending at tier 2). */
  result: Outcome;
  details: string;
  /** `openai:gpt-4o-mini` …, null when skipped. */
  reviewer: string | null;
  evidence?: Evidence;
}

export interface SufficiencyOutcome {
  controlId: string;
  /** `error`: the provider gave no usable verdict; `skipped`: no provider. Only the first two are submitted. */
  status: 'sufficient' | 'insufficient' | 'error' | 'skipped';
  gaps: string[];
  reasoning: string;
  assertionSetHash: string;
}

export type SubmissionState =
  /** results stored by the server */
  | 'submitted'
  /** a developer key (mk_): the server's answer to "may I submit" is no, so nothing was sent */
  | 'developer_key'
  /** --dry-run */
  | 'dry_run'
  /** nothing to submit (no assertions for this repo) */
  | 'nothing'
  /** the server refused or could not be reached; `error` says why (HTTP status + server message) */
  | 'failed';

export interface SubmissionOutcome {
  state: SubmissionState;
  runId?: string;
  replayed?: boolean;
  attestation?: 'oidc' | 'ecdsa' | 'none';
  drift: WireDrift[];
  error?: string;
}

export interface ModelRun {
  modelId: string;
  title: string;
  tier1: Tier1Outcome[];
  tier2: Tier2Outcome[];
  sufficiency: SufficiencyOutcome[];
  submission: SubmissionOutcome;
  /** The sufficiency submission (when there were verdicts to send). */
  sufficiencySubmission?: SubmissionOutcome;
  /** The server's report after the run; absent when it could not be fetched (then `reportError`). */
  report?: WireReport;
  reportError?: string;
  /** Things the reader must see (e.g. "tier 2 skipped: no provider"). */
  warnings: string[];
}

export interface RunOutcome {
  models: ModelRun[];
  /** Run-wide warnings, shown in every output format. */
  warnings: string[];
  /** Where the results came from. */
  pipeline: WirePipeline;
  /** `openai:gpt-4o-mini` …, or null when tier 2 was skipped. */
  tier2Reviewer: string | null;
  /** How the submissions were attested (planned; each model's submission says what the server accepted). */
  attestation: 'oidc' | 'ecdsa' | 'none';
  projectRoot: string;
  startedAt: Date;
  endedAt: Date;
  exitCode: 0 | 1;
}

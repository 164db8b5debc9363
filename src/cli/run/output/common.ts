import type { Outcome } from '../../../verifier/types.js';
import { formatLocation, locationOf, type SourceLocation } from '../../output/report.js';
import type {
  ModelRun,
  RunOutcome,
  SubmissionOutcome,
  Tier1Outcome,
  Tier2Outcome,
  VerificationStatus,
  WireDrift,
} from '../types.js';

/**
 * What every `assay run` output format derives from a RunOutcome the same way: counts, the list of things that
 * failed with their place in the code, the warnings, the per-control rows and the submission sentence.
 */

/** The warning every format shows when no tier-2 provider was configured. */
export const TIER2_SKIPPED_WARNING =
  'TIER 2 SKIPPED: no --tier2-provider was given, so no tier-2 review ran; tier-2 results were not submitted and stay pending';

export interface OutcomeCounts {
  pass: number;
  fail: number;
  error: number;
  skipped: number;
}

export interface ControlCounts {
  verified: number;
  partially_verified: number;
  pending: number;
  unverified: number;
}

export interface RunTotals {
  tier1: OutcomeCounts;
  tier2: OutcomeCounts;
  controls: ControlCounts;
  insufficient: number;
  submittedModels: number;
  models: number;
}

export const emptyCounts = (): OutcomeCounts => ({ pass: 0, fail: 0, error: 0, skipped: 0 });

export function countOutcomes(results: { result: Outcome }[]): OutcomeCounts {
  const counts = emptyCounts();
  for (const r of results) counts[r.result]++;
  return counts;
}

export function totalsOf(outcome: RunOutcome): RunTotals {
  const controls: ControlCounts = { verified: 0, partially_verified: 0, pending: 0, unverified: 0 };
  for (const model of outcome.models) {
    if (!model.report) continue;
    for (const key of Object.keys(controls) as (keyof ControlCounts)[]) controls[key] += model.report.summary[key];
  }
  return {
    tier1: countOutcomes(outcome.models.flatMap((m) => m.tier1)),
    tier2: countOutcomes(outcome.models.flatMap((m) => m.tier2)),
    controls,
    insufficient: outcome.models.reduce((n, m) => n + insufficientOf(m).length, 0),
    submittedModels: outcome.models.filter((m) => m.submission.state === 'submitted').length,
    models: outcome.models.length,
  };
}

/**
 * Run-wide warnings, then each model's (prefixed with the model id), without repeats. The tier-2-skipped warning
 * comes first whenever no reviewer was configured, so no format can leave it out.
 */
export function allWarnings(outcome: RunOutcome): string[] {
  const out: string[] = [];
  const add = (w: string) => {
    if (!out.includes(w)) out.push(w);
  };
  if (outcome.tier2Reviewer === null) add(TIER2_SKIPPED_WARNING);
  for (const w of outcome.warnings) add(w);
  for (const m of outcome.models) for (const w of m.warnings) add(`${m.modelId}: ${w}`);
  for (const m of outcome.models) {
    if (m.reportError !== undefined) add(`${m.modelId}: the report could not be fetched: ${m.reportError}`);
  }
  return out;
}

/** One line of text: control characters (newlines, ANSI escapes, …) become spaces, so a value cannot forge lines. */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

export const failed = (r: { result: Outcome }) => r.result === 'fail' || r.result === 'error';

/** Where a tier-1 result points: its evidence, else a plain file param (the same rule as `assay check`). */
export function tier1Location(t: Tier1Outcome): SourceLocation | undefined {
  const asResult = { id: t.assertionId, type: t.type, result: t.result, details: t.details, evidence: t.evidence };
  return locationOf(asResult, t.params);
}

/** A tier-2 result points at its evidence, else at what tier 1 of the same assertion pointed at. */
export function tier2Location(t: Tier2Outcome, tier1: Tier1Outcome | undefined): SourceLocation | undefined {
  if (t.evidence) return { file: t.evidence.file, line: t.evidence.line, endLine: t.evidence.end_line };
  return tier1 ? tier1Location(tier1) : undefined;
}

/** A failed or erroring tier-1/tier-2 check, with what a reader needs to find it. */
export interface Failure {
  modelId: string;
  tier: 1 | 2;
  assertionId: string;
  controlId: string;
  /** The assertion type (for tier 2: the type tier 1 reported for the same assertion, else `unknown`). */
  type: string;
  description: string;
  params: Record<string, unknown>;
  result: 'fail' | 'error';
  details: string;
  reviewer: string | null;
  location: SourceLocation | undefined;
}

export function failuresOf(model: ModelRun): Failure[] {
  const byId = new Map(model.tier1.map((t) => [t.assertionId, t]));
  const out: Failure[] = [];
  for (const t of model.tier1) {
    if (t.result !== 'fail' && t.result !== 'error') continue;
    out.push({
      modelId: model.modelId,
      tier: 1,
      assertionId: t.assertionId,
      controlId: t.controlId,
      type: t.type,
      description: t.description,
      params: t.params,
      result: t.result,
      details: t.details,
      reviewer: null,
      location: tier1Location(t),
    });
  }
  for (const t of model.tier2) {
    if (t.result !== 'fail' && t.result !== 'error') continue;
    const first = byId.get(t.assertionId);
    out.push({
      modelId: model.modelId,
      tier: 2,
      assertionId: t.assertionId,
      controlId: t.controlId,
      type: first?.type ?? 'unknown',
      description: first?.description ?? '',
      params: first?.params ?? {},
      result: t.result,
      details: t.details,
      reviewer: t.reviewer,
      location: tier2Location(t, first),
    });
  }
  return out;
}

/** `FAIL tier 1 a2 (AC-1, function_exists): "description": details` as one line, without the location. */
export function failureMessage(f: Failure): string {
  const what = f.result === 'fail' ? 'failed' : 'could not be checked';
  const by = f.tier === 2 && f.reviewer ? ` by ${f.reviewer}` : '';
  const description = f.description ? ` "${oneLine(f.description)}"` : '';
  return `Tier ${f.tier} ${what}${by}: assertion ${oneLine(f.assertionId)}${description} (control ${oneLine(f.controlId)}, ${oneLine(f.type)}): ${oneLine(f.details)}`;
}

export function locationText(location: SourceLocation | undefined): string | undefined {
  return location ? formatLocation(location) : undefined;
}

/** Drift this run caused (the submission's answer) and drift the report still lists, once each. */
export function driftOf(model: ModelRun): WireDrift[] {
  const seen = new Set<string>();
  const out: WireDrift[] = [];
  const all = [
    ...model.submission.drift,
    ...(model.sufficiencySubmission?.drift ?? []),
    ...(model.report?.drift_items ?? []),
  ];
  for (const d of all) {
    const key = `${d.assertion_id}\u0000${d.tier}\u0000${d.current.run_id}\u0000${d.previous.run_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

const shortSha = (sha: string | null) => (sha ? sha.slice(0, 12) : 'unknown commit');

/** `assertion a3 (control AC-1; objectives O-1, O-2) tier 1: pass at abc123 → fail at def456` */
export function driftText(d: WireDrift): string {
  const objectives = d.objective_ids.length ? `; objectives ${d.objective_ids.map(oneLine).join(', ')}` : '';
  return (
    `assertion ${oneLine(d.assertion_id)} (control ${oneLine(d.control_id)}${objectives}) tier ${d.tier}: ` +
    `${oneLine(d.previous.result)} at ${oneLine(shortSha(d.previous.commit_sha))} → ` +
    `${oneLine(d.current.result)} at ${oneLine(shortSha(d.current.commit_sha))}`
  );
}

/** What happened to a model's submission, in one sentence. */
export function submissionText(s: SubmissionOutcome): string {
  switch (s.state) {
    case 'submitted': {
      const replayed = s.replayed ? ', replayed: the server already had this run' : '';
      return `submitted as run ${oneLine(s.runId ?? '?')} (attestation: ${s.attestation ?? 'none'}${replayed})`;
    }
    case 'developer_key':
      return 'NOT SUBMITTED: developer key (mk_) — results are only shown';
    case 'dry_run':
      return 'NOT SUBMITTED: dry run (--dry-run)';
    case 'nothing':
      return 'nothing to submit: no assertions for this repository';
    case 'failed':
      return `SUBMISSION FAILED: ${oneLine(s.error ?? 'unknown error')}`;
  }
}

/** One row per control of a model: the server's status with what this run found locally. */
export interface ControlRow {
  controlId: string;
  status: VerificationStatus | 'unknown';
  tier1: OutcomeCounts;
  tier2: OutcomeCounts;
  /** This run's verdict when one was given, else the report's, else `skipped` or `—`. */
  sufficiency: string;
  gaps: string[];
}

export function controlRows(model: ModelRun): ControlRow[] {
  const ids: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  for (const c of model.report?.controls ?? []) add(c.control_id);
  for (const t of model.tier1) add(t.controlId);
  for (const t of model.tier2) add(t.controlId);
  for (const s of model.sufficiency) add(s.controlId);
  return ids.map((controlId) => {
    const reported = model.report?.controls.find((c) => c.control_id === controlId);
    const local = model.sufficiency.find((s) => s.controlId === controlId);
    return {
      controlId,
      status: reported?.verification_status ?? 'unknown',
      tier1: countOutcomes(model.tier1.filter((t) => t.controlId === controlId)),
      tier2: countOutcomes(model.tier2.filter((t) => t.controlId === controlId)),
      sufficiency:
        local && local.status !== 'skipped' ? local.status : (reported?.sufficiency.status ?? local?.status ?? '—'),
      gaps: local && local.status !== 'skipped' ? local.gaps : (reported?.sufficiency.gaps ?? []),
    };
  });
}

/** `2 pass, 1 fail` (zero counts left out), or `—` when there is nothing. */
export function countsText(c: OutcomeCounts): string {
  const parts = (['pass', 'fail', 'error', 'skipped'] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  return parts.length ? parts.join(', ') : '—';
}

export function pipelineText(outcome: RunOutcome): string {
  const p = outcome.pipeline;
  const repo = p.repo ? oneLine(p.repo) : 'local checkout';
  const branch = p.branch ? ` (${oneLine(p.branch)})` : '';
  return `${repo}@${oneLine(shortSha(p.commit_sha))}${branch} — ${oneLine(p.provider)} run ${oneLine(p.run_id)}`;
}

export function attestationText(outcome: RunOutcome): string {
  return outcome.attestation === 'none' ? 'none (results are not attested)' : outcome.attestation;
}

/**
 * Insufficient controls of a model with their gaps: this run's verdicts, and the verdicts the server holds for the
 * current assertion sets (e.g. its own evaluator's at submission), which fail the run just the same.
 */
export function insufficientOf(model: ModelRun): { controlId: string; reasoning: string; gaps: string[] }[] {
  const out = model.sufficiency
    .filter((s) => s.status === 'insufficient')
    .map((s) => ({ controlId: s.controlId, reasoning: s.reasoning, gaps: s.gaps }));
  for (const c of model.report?.controls ?? []) {
    if (c.sufficiency.status !== 'insufficient' || out.some((s) => s.controlId === c.control_id)) continue;
    if (model.sufficiency.some((s) => s.controlId === c.control_id && s.status !== 'skipped')) continue;
    const by = c.sufficiency.evaluator ? ` (judged by ${c.sufficiency.evaluator})` : '';
    out.push({ controlId: c.control_id, reasoning: `${c.sufficiency.reasoning}${by}`, gaps: c.sufficiency.gaps });
  }
  return out;
}

export type { SourceLocation };

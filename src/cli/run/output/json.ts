import { toolVersion } from '../../output/sarif.js';
import type { ModelRun, RunOutcome, SubmissionOutcome, Tier1Outcome, Tier2Outcome } from '../types.js';
import { allWarnings, driftOf, type SourceLocation, tier1Location, tier2Location, totalsOf } from './common.js';

/** The version of this document's shape; raise it when a key changes meaning or goes away. */
export const RUN_JSON_VERSION = 1;

const locationJson = (l: SourceLocation | undefined) =>
  l ? { file: l.file, line: l.line ?? null, end_line: l.endLine ?? l.line ?? null } : null;

function submissionJson(s: SubmissionOutcome) {
  return {
    state: s.state,
    run_id: s.runId ?? null,
    replayed: s.replayed ?? null,
    attestation: s.attestation ?? null,
    error: s.error ?? null,
    drift: s.drift,
  };
}

function tier1Json(t: Tier1Outcome) {
  return {
    assertion_id: t.assertionId,
    control_id: t.controlId,
    type: t.type,
    description: t.description,
    result: t.result,
    details: t.details,
    evidence: t.evidence ?? null,
    location: locationJson(tier1Location(t)),
  };
}

function tier2Json(t: Tier2Outcome, tier1: Tier1Outcome | undefined) {
  return {
    assertion_id: t.assertionId,
    control_id: t.controlId,
    type: tier1?.type ?? null,
    result: t.result,
    details: t.details,
    reviewer: t.reviewer,
    evidence: t.evidence ?? null,
    location: locationJson(tier2Location(t, tier1)),
  };
}

function modelJson(m: ModelRun) {
  const byId = new Map(m.tier1.map((t) => [t.assertionId, t]));
  return {
    model_id: m.modelId,
    title: m.title,
    submission: submissionJson(m.submission),
    sufficiency_submission: m.sufficiencySubmission ? submissionJson(m.sufficiencySubmission) : null,
    warnings: m.warnings,
    tier1: m.tier1.map(tier1Json),
    tier2: m.tier2.map((t) => tier2Json(t, byId.get(t.assertionId))),
    sufficiency: m.sufficiency.map((s) => ({
      control_id: s.controlId,
      status: s.status,
      gaps: s.gaps,
      reasoning: s.reasoning,
      assertion_set_hash: s.assertionSetHash,
    })),
    drift: driftOf(m),
    report: m.report ?? null,
    report_error: m.reportError ?? null,
  };
}

/**
 * One JSON document for the whole run (also with several models), snake_case keys like the REST API, every key
 * always present (null when there is no value) so a consumer can rely on the shape.
 */
export function formatRunJson(outcome: RunOutcome): string {
  const totals = totalsOf(outcome);
  const document = {
    version: RUN_JSON_VERSION,
    tool: { name: 'assay', version: toolVersion() },
    pipeline: outcome.pipeline,
    tier2_reviewer: outcome.tier2Reviewer,
    attestation: outcome.attestation,
    started_at: outcome.startedAt.toISOString(),
    ended_at: outcome.endedAt.toISOString(),
    warnings: allWarnings(outcome),
    exit_code: outcome.exitCode,
    summary: {
      tier1: totals.tier1,
      tier2: totals.tier2,
      controls: totals.controls,
      insufficient_controls: totals.insufficient,
      submitted_models: totals.submittedModels,
      models: totals.models,
    },
    models: outcome.models.map(modelJson),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

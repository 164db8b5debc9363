import type { ModelRun, RunOutcome } from '../types.js';
import {
  allWarnings,
  attestationText,
  type ControlRow,
  controlRows,
  countsText,
  driftOf,
  driftText,
  type Failure,
  failureMessage,
  failuresOf,
  insufficientOf,
  locationText,
  oneLine,
  pipelineText,
  submissionText,
  TIER2_SKIPPED_WARNING,
  totalsOf,
} from './common.js';

type Paint = (code: string, text: string) => string;

const plain: Paint = (_code, text) => text;
const ansi: Paint = (code, text) => `\x1b[${code}m${text}\x1b[0m`;
const RED = '31';
const GREEN = '32';
const YELLOW = '33';
const BOLD_YELLOW = '1;33';
const BOLD = '1';

/**
 * The report of one `assay run` for a person: a header, per model a table per control and what failed with its
 * place in the code, drift, what happened to the submission; then the warnings and a line of totals.
 */
export function formatRunText(outcome: RunOutcome, options: { color?: boolean } = {}): string {
  const paint = options.color ? ansi : plain;
  const lines: string[] = [];
  lines.push(paint(BOLD, `assay run: ${pipelineText(outcome)}`));
  if (outcome.tier2Reviewer === null) {
    const bar = '!'.repeat(TIER2_SKIPPED_WARNING.length + 6);
    lines.push(paint(BOLD_YELLOW, bar), paint(BOLD_YELLOW, `!! ${TIER2_SKIPPED_WARNING} !!`), paint(BOLD_YELLOW, bar));
  } else {
    lines.push(`Tier 2 reviewer: ${oneLine(outcome.tier2Reviewer)}`);
  }
  lines.push(`Attestation: ${attestationText(outcome)}`);
  if (outcome.models.length === 0) lines.push('', 'No threat model was verified.');
  for (const model of outcome.models) lines.push('', ...modelLines(model, paint));

  const warnings = allWarnings(outcome);
  lines.push('', paint(YELLOW, `Warnings (${warnings.length}):`));
  if (warnings.length === 0) lines.push('  none');
  for (const w of warnings) lines.push(paint(YELLOW, `  ! ${oneLine(w)}`));

  lines.push('', paint(BOLD, totalsLine(outcome)));
  return `${lines.map(guardLine).join('\n')}\n`;
}

function modelLines(model: ModelRun, paint: Paint): string[] {
  const lines: string[] = [paint(BOLD, `Model ${oneLine(model.modelId)} — ${oneLine(model.title)}`)];
  const rows = controlRows(model);
  if (rows.length === 0) lines.push('  no controls with assertions for this repository');
  else lines.push(...tableLines(rows, paint));

  const failures = failuresOf(model);
  const insufficient = insufficientOf(model);
  const sufficiencyErrors = model.sufficiency.filter((s) => s.status === 'error');
  if (failures.length || insufficient.length || sufficiencyErrors.length) {
    lines.push('', '  Failures:');
    for (const f of failures) lines.push(...failureLines(f, paint));
    for (const s of insufficient) {
      lines.push(`    ${paint(RED, 'INSUFFICIENT')}  control ${oneLine(s.controlId)}: ${oneLine(s.reasoning)}`);
      for (const gap of s.gaps) lines.push(`        - ${oneLine(gap)}`);
    }
    for (const s of sufficiencyErrors) {
      lines.push(`    ${paint(RED, 'ERROR')}  sufficiency of control ${oneLine(s.controlId)}: ${oneLine(s.reasoning)}`);
    }
  }

  const drift = driftOf(model);
  if (drift.length) {
    lines.push('', `  Drift (${drift.length}):`);
    for (const d of drift) lines.push(`    ${paint(YELLOW, 'DRIFT')}  ${driftText(d)}`);
  }

  lines.push('');
  const submission = submissionText(model.submission);
  const submissionColor =
    model.submission.state === 'submitted' ? GREEN : model.submission.state === 'failed' ? RED : YELLOW;
  lines.push(`  Submission: ${paint(submissionColor, submission)}`);
  if (model.sufficiencySubmission && model.sufficiencySubmission.state !== 'nothing') {
    const s = model.sufficiencySubmission;
    lines.push(
      `  Sufficiency verdicts: ${paint(s.state === 'failed' ? RED : s.state === 'submitted' ? GREEN : YELLOW, submissionText(s))}`,
    );
  }
  if (model.reportError !== undefined) {
    lines.push(`  Report: ${paint(RED, `could not be fetched: ${oneLine(model.reportError)}`)} (local results shown)`);
  } else if (model.report) {
    const s = model.report.summary;
    lines.push(
      `  Report: ${s.verified} verified, ${s.partially_verified} partially verified, ${s.pending} pending, ${s.unverified} unverified` +
        (model.report.coherence_warnings ? `, ${model.report.coherence_warnings} coherence warnings` : ''),
    );
  }
  return lines;
}

const STATUS_COLOR: Record<string, string> = {
  verified: GREEN,
  partially_verified: YELLOW,
  pending: YELLOW,
  unverified: RED,
  sufficient: GREEN,
  insufficient: RED,
  error: RED,
};

function tableLines(rows: ControlRow[], paint: Paint): string[] {
  const cells = rows.map((r) => [
    oneLine(r.controlId),
    r.status === 'unknown' ? '—' : r.status,
    countsText(r.tier1),
    countsText(r.tier2),
    r.sufficiency,
  ]);
  const header = ['CONTROL', 'STATUS', 'TIER 1', 'TIER 2', 'SUFFICIENCY'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const render = (c: string[], colorize: boolean) =>
    `  ${c
      .map((cell, i) => {
        const padded = i === c.length - 1 ? cell : cell.padEnd(widths[i] ?? 0);
        const color = colorize && (i === 1 || i === 4) ? STATUS_COLOR[cell] : undefined;
        if (color) return paint(color, cell) + padded.slice(cell.length);
        if (colorize && (i === 2 || i === 3) && /\b(fail|error)\b/.test(cell))
          return paint(RED, cell) + padded.slice(cell.length);
        return padded;
      })
      .join('  ')}`.trimEnd();
  return [render(header, false), ...cells.map((c) => render(c, true))];
}

function failureLines(f: Failure, paint: Paint): string[] {
  const label = f.result === 'fail' ? 'FAIL' : 'ERROR';
  const lines = [`    ${paint(RED, label.padEnd(5))}  ${failureMessage(f)}`];
  const where = locationText(f.location);
  if (where && !f.details.includes(where)) lines.push(`           at ${oneLine(where)}`);
  return lines;
}

function totalsLine(outcome: RunOutcome): string {
  const t = totalsOf(outcome);
  const c = (x: { pass: number; fail: number; error: number; skipped: number }) =>
    `${x.pass} passed, ${x.fail} failed, ${x.error} error${x.error === 1 ? '' : 's'}, ${x.skipped} skipped`;
  const parts = [
    `${t.models} model${t.models === 1 ? '' : 's'}`,
    `tier 1: ${c(t.tier1)}`,
    `tier 2: ${c(t.tier2)}`,
    `controls: ${t.controls.verified} verified, ${t.controls.partially_verified} partially verified, ${t.controls.pending} pending, ${t.controls.unverified} unverified`,
    `${t.insufficient} insufficient`,
    `submitted ${t.submittedModels} of ${t.models}`,
    `exit ${outcome.exitCode}`,
  ];
  return `Totals: ${parts.join(' · ')}`;
}

/**
 * CI runners read a line that starts with `::` as a workflow command. No value here may start a line, but a control
 * id starts a table row, so a row that would begin with `::` gets a visible prefix.
 */
function guardLine(line: string): string {
  return /^\s*::/.test(line) ? `» ${line}` : line;
}

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ModelRun, RunOutcome } from '../types.js';
import {
  allWarnings,
  attestationText,
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
  type SourceLocation,
  submissionText,
  totalsOf,
} from './common.js';
import { formatRunText } from './text.js';

/** A workflow command's message, escaped as @actions/core does (command.ts `escapeData`). */
export function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value, escaped as @actions/core does (command.ts `escapeProperty`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function command(name: string, properties: [string, string | number | undefined][], message: string): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** A location relative to the repository: GitHub resolves annotation paths against GITHUB_WORKSPACE. */
function repoPath(outcome: RunOutcome, file: string, workspace: string | undefined): string {
  if (!workspace) return file;
  const root = path.relative(path.resolve(workspace), path.resolve(outcome.projectRoot));
  if (root === '' || root.startsWith('..') || path.isAbsolute(root)) return file;
  return path.posix.join(root.split(path.sep).join('/'), file);
}

function failureCommand(outcome: RunOutcome, f: Failure, workspace: string | undefined): string {
  const title = `Assay tier ${f.tier} ${f.result === 'fail' ? 'failure' : 'error'}: ${f.type} (${f.controlId})`;
  const l: SourceLocation | undefined = f.location;
  return command(
    'error',
    [
      ['file', l ? repoPath(outcome, l.file, workspace) : undefined],
      ['line', l?.line],
      ['endLine', l?.line !== undefined ? (l.endLine ?? l.line) : undefined],
      ['title', title],
    ],
    failureMessage(f),
  );
}

/**
 * `--output github`: workflow commands on stdout (an error annotation per failed check, insufficient control and
 * refused submission; a warning per warning), then the text report with command processing stopped so no value in
 * it can act as a command; and a Markdown job summary for `$GITHUB_STEP_SUMMARY`.
 */
export function formatRunGithub(
  outcome: RunOutcome,
  options: { workspace?: string } = { workspace: process.env.GITHUB_WORKSPACE },
): { stdout: string; stepSummary: string } {
  const lines: string[] = [];
  for (const model of outcome.models) {
    for (const f of failuresOf(model)) lines.push(failureCommand(outcome, f, options.workspace));
    for (const s of insufficientOf(model)) {
      const gaps = s.gaps.length ? ` Gaps: ${s.gaps.map(oneLine).join('; ')}` : '';
      lines.push(
        command(
          'error',
          [['title', `Assay: control ${s.controlId} is insufficient (${model.modelId})`]],
          `${oneLine(s.reasoning)}${gaps}`,
        ),
      );
    }
    for (const s of model.sufficiency.filter((x) => x.status === 'error')) {
      lines.push(
        command(
          'error',
          [['title', `Assay: no sufficiency verdict for control ${s.controlId} (${model.modelId})`]],
          oneLine(s.reasoning),
        ),
      );
    }
    for (const s of [model.submission, model.sufficiencySubmission]) {
      if (s?.state === 'failed') {
        lines.push(command('error', [['title', `Assay: submission failed (${model.modelId})`]], submissionText(s)));
      }
    }
  }
  for (const w of allWarnings(outcome)) lines.push(command('warning', [], w));
  const token = randomUUID();
  lines.push(`::stop-commands::${token}`);
  const stdout = `${lines.join('\n')}\n${formatRunText(outcome)}::${token}::\n`;
  return { stdout, stepSummary: stepSummary(outcome) };
}

/** Text for Markdown: one line, every character that could format, link, mention or break a table escaped. */
export function md(value: string): string {
  return oneLine(value).replace(/[\\`*_[\]<>#!|~&$@]/g, '\\$&');
}

const STATUS_ICON: Record<string, string> = {
  verified: '✅',
  partially_verified: '🟡',
  pending: '⏳',
  unverified: '❌',
  sufficient: '✅',
  insufficient: '❌',
  error: '❌',
};

const withIcon = (status: string) => (STATUS_ICON[status] ? `${STATUS_ICON[status]} ${md(status)}` : md(status));

function modelMarkdown(model: ModelRun): string[] {
  const lines = [
    `### ${md(model.title)} (${md(model.modelId)})`,
    '',
    `**Submission:** ${md(submissionText(model.submission))}`,
  ];
  if (model.sufficiencySubmission && model.sufficiencySubmission.state !== 'nothing') {
    lines.push('', `**Sufficiency verdicts:** ${md(submissionText(model.sufficiencySubmission))}`);
  }
  if (model.reportError !== undefined) {
    lines.push('', `**Report:** could not be fetched: ${md(model.reportError)} (local results shown)`);
  }
  const rows = controlRows(model);
  lines.push('');
  if (rows.length === 0) lines.push('No controls with assertions for this repository.');
  else {
    lines.push('| Control | Status | Tier 1 | Tier 2 | Sufficiency |', '| --- | --- | --- | --- | --- |');
    for (const r of rows) {
      const status = r.status === 'unknown' ? '—' : withIcon(r.status);
      lines.push(
        `| ${md(r.controlId)} | ${status} | ${md(countsText(r.tier1))} | ${md(countsText(r.tier2))} | ${withIcon(r.sufficiency)} |`,
      );
    }
  }
  const failures = failuresOf(model);
  const insufficient = insufficientOf(model);
  if (failures.length || insufficient.length) {
    lines.push('', '**Failures**', '');
    for (const f of failures) {
      const where = locationText(f.location);
      lines.push(`- **${f.result.toUpperCase()}** ${md(failureMessage(f))}${where ? ` — at ${md(where)}` : ''}`);
    }
    for (const s of insufficient) {
      lines.push(`- **INSUFFICIENT** control ${md(s.controlId)}: ${md(s.reasoning)}`);
      for (const gap of s.gaps) lines.push(`  - ${md(gap)}`);
    }
  }
  const drift = driftOf(model);
  if (drift.length) {
    lines.push('', '**Drift**', '');
    for (const d of drift) lines.push(`- ${md(driftText(d))}`);
  }
  return lines;
}

function stepSummary(outcome: RunOutcome): string {
  const lines = [`## Assay run: ${md(pipelineText(outcome))}`, ''];
  const warnings = allWarnings(outcome);
  if (warnings.length) {
    lines.push('> [!WARNING]');
    warnings.forEach((w, i) => {
      lines.push(`> ${md(w)}${i < warnings.length - 1 ? '<br>' : ''}`);
    });
    lines.push('');
  }
  const reviewer = outcome.tier2Reviewer === null ? '**none — tier 2 skipped**' : md(outcome.tier2Reviewer);
  lines.push(
    `**Tier 2 reviewer:** ${reviewer} · **Attestation:** ${md(attestationText(outcome))} · **Exit code:** ${outcome.exitCode}`,
  );
  for (const model of outcome.models) lines.push('', ...modelMarkdown(model));
  const t = totalsOf(outcome);
  const c = (x: { pass: number; fail: number; error: number; skipped: number }) =>
    `${x.pass} passed, ${x.fail} failed, ${x.error} errors, ${x.skipped} skipped`;
  lines.push(
    '',
    '### Totals',
    '',
    '| | |',
    '| --- | --- |',
    `| Tier 1 | ${c(t.tier1)} |`,
    `| Tier 2 | ${c(t.tier2)} |`,
    `| Controls | ${t.controls.verified} verified, ${t.controls.partially_verified} partially verified, ${t.controls.pending} pending, ${t.controls.unverified} unverified |`,
    `| Insufficient controls | ${t.insufficient} |`,
    `| Submitted | ${t.submittedModels} of ${t.models} models |`,
  );
  return `${lines.join('\n')}\n`;
}

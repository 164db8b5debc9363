import type { AssertionResult } from '../../verifier/engine.js';
import type { Outcome } from '../../verifier/types.js';
import { type CheckReport, formatLocation, locationOf, type Summary } from './report.js';

const LABEL: Record<Outcome, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIP' };

/** A readable table for a person: one line per assertion, the place of each failure, then the counts. */
export function formatCheckText(report: CheckReport): string {
  const idWidth = Math.max(2, ...report.results.map((r) => r.id.length));
  const typeWidth = Math.max(4, ...report.results.map((r) => r.type.length));
  const lines: string[] = [];
  report.results.forEach((result, i) => {
    lines.push(
      `${LABEL[result.result].padEnd(5)}  ${result.id.padEnd(idWidth)}  ${result.type.padEnd(typeWidth)}  ${result.details}`,
    );
    const extra = failureLocation(result, report.assertions[i]?.params ?? {});
    if (extra) lines.push(`${' '.repeat(7 + idWidth + 2 + typeWidth + 2)}at ${extra}`);
  });
  lines.push('', summaryLine(report.summary));
  return `${lines.join('\n')}\n`;
}

/** The single-check output of `assay verify`. */
export function formatVerifyText(result: AssertionResult, params: Record<string, unknown>): string {
  const lines = [`${LABEL[result.result]}  ${result.type}  ${result.details}`];
  const location = locationOf(result, params);
  const text = location && (result.evidence || failed(result)) ? formatLocation(location) : undefined;
  if (text && !result.details.includes(text)) lines.push(`      at ${text}`);
  return `${lines.join('\n')}\n`;
}

/** A failure's file:line, unless the details already say exactly that. */
function failureLocation(result: AssertionResult, params: Record<string, unknown>): string | undefined {
  if (!failed(result)) return undefined;
  const location = locationOf(result, params);
  if (!location) return undefined;
  const text = formatLocation(location);
  return result.details.includes(text) ? undefined : text;
}

const failed = (result: AssertionResult) => result.result === 'fail' || result.result === 'error';

export function summaryLine(s: Summary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(s.total, 'assertion')}: ${s.pass} passed, ${s.fail} failed, ${plural(s.error, 'error')}, ${s.skipped} skipped`;
}

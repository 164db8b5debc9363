import type { AssertionResult } from '../../verifier/engine.js';
import type { CheckReport } from './report.js';

/** A result for machines: `evidence` is present only when the check found a deciding node. */
function resultJson(r: AssertionResult) {
  return {
    id: r.id,
    type: r.type,
    result: r.result,
    details: r.details,
    ...(r.evidence ? { evidence: r.evidence } : {}),
  };
}

export function formatCheckJson(report: CheckReport): string {
  return `${JSON.stringify({ summary: report.summary, results: report.results.map(resultJson) }, null, 2)}\n`;
}

export function formatVerifyJson(result: AssertionResult, params: Record<string, unknown>): string {
  const { id: _id, ...rest } = resultJson(result);
  return `${JSON.stringify({ type: rest.type, params, result: rest.result, details: rest.details, ...(rest.evidence ? { evidence: rest.evidence } : {}) }, null, 2)}\n`;
}

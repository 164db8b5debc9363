import path from 'node:path';
import type { AssertionResult } from '../../verifier/engine.js';
import { isGlob } from '../../verifier/project-files.js';
import type { Outcome } from '../../verifier/types.js';

/** An assertion as read from the assertions file, with its id settled (`local_001`, … when the file gave none). */
export interface LocalAssertion {
  id: string;
  type: string;
  params: Record<string, unknown>;
  description?: string;
}

export interface Summary {
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  total: number;
}

/** Everything a formatter may need about one `assay check` run. */
export interface CheckReport {
  assertions: LocalAssertion[];
  results: AssertionResult[];
  summary: Summary;
  projectRoot: string;
  /** The assertions file as given on the command line. */
  assertionsFile: string;
  startedAt: Date;
  endedAt: Date;
  exitCode: number;
}

export function summarize(results: AssertionResult[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, error: 0, skipped: 0, total: results.length };
  for (const r of results) summary[r.result]++;
  return summary;
}

/** 0 when nothing failed or errored (skipped is allowed), 1 otherwise. */
export function exitCodeOf(results: { result: Outcome }[]): 0 | 1 {
  return results.some((r) => r.result === 'fail' || r.result === 'error') ? 1 : 0;
}

export interface SourceLocation {
  file: string;
  line?: number;
  endLine?: number;
}

/**
 * Where a result points: its evidence, else the assertion's file (or manifest) when that is a plain path inside the
 * root. A glob or an escaping path has no single location.
 */
export function locationOf(result: AssertionResult, params: Record<string, unknown>): SourceLocation | undefined {
  if (result.evidence) {
    return { file: result.evidence.file, line: result.evidence.line, endLine: result.evidence.end_line };
  }
  const named = typeof params.file === 'string' ? params.file : params.manifest;
  if (typeof named !== 'string' || named === '' || isGlob(named)) return undefined;
  const normal = path.posix.normalize(named.replaceAll('\\', '/'));
  if (normal.startsWith('/') || normal === '..' || normal.startsWith('../') || /^[A-Za-z]:\//.test(normal)) {
    return undefined;
  }
  return { file: normal.replace(/^\.\//, '') };
}

export function formatLocation(location: SourceLocation): string {
  if (location.line === undefined) return location.file;
  const end = location.endLine !== undefined && location.endLine !== location.line ? `-${location.endLine}` : '';
  return `${location.file}:${location.line}${end}`;
}

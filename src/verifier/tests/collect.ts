import { failureResult, type ProjectFiles } from '../project-files.js';
import { type CheckResult, error, skipped } from '../types.js';
import type { TestCase, TestIndex } from './model.js';
import { type NameMatcher, nameMatcher, testMatches } from './names.js';
import { testIndexOf } from './test-index.js';

/** The test files a `file` param names, indexed; or the result that ends the check. */
export type Collected = { ok: true; indexes: TestIndex[]; scope: string } | { ok: false; result: CheckResult };

/**
 * Expands `file` (path or glob) and indexes each file's tests. A plain path must be a readable file in a supported
 * language. In a glob, files in other languages and unreadable files are passed over (a glob over `tests/**` also
 * picks up fixtures and data), unless none is left: then the first reason is the answer.
 */
export async function collectIndexes(files: ProjectFiles, file: string): Promise<Collected> {
  const expanded = await files.expand(file);
  if (!expanded.ok) return { ok: false, result: failureResult(expanded.failure) };
  const paths = expanded.value;
  const indexes: TestIndex[] = [];
  let firstFailure: CheckResult | undefined;
  for (const path of paths) {
    const read = await testIndexOf(files, path);
    if (read.ok) indexes.push(read.index);
    else if ('failure' in read) firstFailure ??= failureResult(read.failure);
  }
  if (indexes.length === 0) {
    if (firstFailure) return { ok: false, result: firstFailure };
    return { ok: false, result: skipped(`${file}: language not supported`) };
  }
  const scope = paths.length === 1 ? (paths[0] ?? file) : `${indexes.length} files matching ${file}`;
  return { ok: true, indexes, scope };
}

/** The name matcher for an optional test_name, or the error for an empty one. */
export function matcherFor(
  testName: string | undefined,
): { ok: true; match: NameMatcher | null } | { ok: false; result: CheckResult } {
  if (testName === undefined) return { ok: true, match: null };
  if (testName.trim() === '') return { ok: false, result: error('test_name is empty') };
  return { ok: true, match: nameMatcher(testName) };
}

export interface Located {
  index: TestIndex;
  test: TestCase;
}

/** Tests (and matching groups) across the files, in file then source order. */
export function selectTests(
  indexes: TestIndex[],
  match: NameMatcher | null,
): { active: Located[]; skipped: Located[] } {
  const active: Located[] = [];
  const skippedTests: Located[] = [];
  for (const index of indexes) {
    for (const test of index.tests) {
      if (match ? !testMatches(test, match) : test.kind !== 'test') continue;
      (test.skipped ? skippedTests : active).push({ index, test });
    }
  }
  return { active, skipped: skippedTests };
}

export function where(located: Located): string {
  return `${located.index.file}:${located.test.line}`;
}

export function evidenceOf(located: Located): { file: string; line: number; end_line: number } {
  return { file: located.index.file, line: located.test.line, end_line: located.test.endLine };
}

/** `test `a > b` at f:3 (skipped: xit)` — for the details of a skipped-only match. */
export function describeSkipped(located: Located): string {
  const what = located.test.kind === 'group' ? 'group' : 'test';
  return `${what} \`${located.test.path.join(' > ')}\` at ${where(located)} is skipped (${located.test.skipReason ?? 'disabled'})`;
}

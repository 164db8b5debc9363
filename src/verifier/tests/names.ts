import picomatch from 'picomatch';
import { isGlob } from '../project-files.js';
import type { TestCase } from './model.js';

export type NameMatcher = (candidate: string) => boolean;

/**
 * A matcher for a `test_name`: the exact name, or — when it contains `*`, `?`, `[` or `{` — a glob over the name
 * string. Unlike a path glob, `*` also crosses `/`, `.` and ` > ` (bash mode), and extglob syntax is off so a title
 * with parentheses stays literal. An exact match is always tried first, so a title containing `[x]` matches itself.
 */
export function nameMatcher(testName: string): NameMatcher {
  const wanted = testName.trim();
  if (!isGlob(wanted)) return (candidate) => candidate === wanted;
  const glob = picomatch(wanted, { bash: true, dot: true, noextglob: true, strictBrackets: false });
  return (candidate) => candidate === wanted || glob(candidate);
}

/** True when the test's own name, its ` > ` path or one of its language-specific spellings matches. */
export function testMatches(test: TestCase, match: NameMatcher): boolean {
  return test.matchNames.some(match);
}

/** A short label for details: the full ` > ` path. */
export function label(test: TestCase): string {
  return test.path.join(' > ');
}

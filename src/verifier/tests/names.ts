import { isGlob } from '../project-files.js';
import { compileUserRegex } from '../regex.js';
import type { TestCase } from './model.js';

export type NameMatcher = (candidate: string) => boolean;

/**
 * A matcher for a `test_name`: the exact name, or — when it contains `*`, `?`, `[` or `{` — a glob over the whole
 * name string. Unlike a path glob, `*` also crosses `/`, `.` and ` > `, and `(`, `)`, `!`, `+`, `@` are literal
 * (test titles are prose). An exact match is always tried first, so a title containing `[x]` matches itself.
 * The glob is translated to an RE2 pattern (linear time on any input).
 */
export function nameMatcher(testName: string): NameMatcher {
  const wanted = testName.trim();
  if (!isGlob(wanted)) return (candidate) => candidate === wanted;
  const compiled = compileUserRegex(`^(?:${globToRegex(wanted)})$`, 's');
  if (!compiled.ok) return (candidate) => candidate === wanted;
  const regex = compiled.regex;
  return (candidate) => candidate === wanted || regex.matches(candidate);
}

const REGEX_SPECIAL = /[\\^$.|?*+()[\]{}]/g;

function escapeLiteral(text: string): string {
  return text.replace(REGEX_SPECIAL, '\\$&');
}

/** Glob → regex source: `*` any run, `?` one character, `[abc]`/`[!abc]` classes, `{a,b}` alternatives, `\x` literal. */
export function globToRegex(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '\\' && i + 1 < glob.length) {
      out += escapeLiteral(glob[++i]!);
    } else if (ch === '*') {
      while (glob[i + 1] === '*') i++;
      out += '.*';
    } else if (ch === '?') {
      out += '.';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]^[]/g, '\\$&')}]`;
      i = close;
    } else if (ch === '{' && glob.indexOf('}', i) !== -1) {
      braceDepth++;
      out += '(?:';
    } else if (ch === ',' && braceDepth > 0) {
      out += '|';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else {
      out += escapeLiteral(ch);
    }
  }
  return out + ')'.repeat(braceDepth);
}

/** True when the test's own name, its ` > ` path or one of its language-specific spellings matches. */
export function testMatches(test: TestCase, match: NameMatcher): boolean {
  return test.matchNames.some(match);
}

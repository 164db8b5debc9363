import { RE2JS } from 're2js';

/**
 * Every user-supplied pattern runs here: RE2 semantics (no backreferences, no lookaround), linear time in the input.
 * JavaScript's RegExp is never used on user patterns.
 */
export type UserRegex = RE2JS;

export type CompiledRegex = { ok: true; regex: UserRegex } | { ok: false; message: string };

const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

const cache = new Map<string, CompiledRegex>();

/** Compiles `pattern` with `flags` (a subset of "ims"); the message of a failure is the parser's, for `error` results. */
export function compileUserRegex(pattern: string, flags = ''): CompiledRegex {
  const key = `${flags}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let bits = 0;
  for (const f of flags) {
    const bit = FLAG_BITS[f];
    if (bit === undefined) return { ok: false, message: `unknown regex flag "${f}" (allowed: i, m, s)` };
    bits |= bit;
  }
  let compiled: CompiledRegex;
  try {
    compiled = { ok: true, regex: RE2JS.compile(pattern, bits) };
  } catch (e) {
    compiled = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

export interface RegexMatch {
  start: number;
  end: number;
}

/** The first non-empty match at or after `from`, or null. Empty matches never count (spec: pattern_matches). */
export function findNonEmpty(regex: UserRegex, text: string, from = 0): RegexMatch | null {
  const m = regex.matcher(text);
  let pos = from;
  while (pos <= text.length && m.find(pos)) {
    const start = m.start();
    const end = m.end();
    if (end > start) return { start, end };
    pos = end + 1;
  }
  return null;
}

/** The first match (empty or not) at or after `from`, or null. */
export function findFirst(regex: UserRegex, text: string, from = 0): RegexMatch | null {
  const m = regex.matcher(text);
  return m.find(from) ? { start: m.start(), end: m.end() } : null;
}

/** True when the pattern can match the empty string (such a pattern_absent could never hold). */
export function matchesEmpty(regex: UserRegex): boolean {
  return regex.matcher('').find() || regex.matcher('\n').find();
}

import { type VersionOrder, VersionSet } from './intervals.js';
import { comparatorSet, intervalScheme, type Parsed, parsed, unparsable } from './scheme.js';

/** Gem::Version: numeric and letter segments; any letter makes a prerelease, which sorts before its release. */
export interface GemVersion {
  text: string;
  segments: (number | string)[];
}

export function parseGemVersion(text: string): GemVersion | null {
  const t = text.trim();
  if (!/^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/.test(t)) return null;
  // Gem::Version turns "1.0.0-rc1" into "1.0.0.pre.rc1".
  const normalized = t.replace('-', '.pre.');
  const raw = (normalized.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^\d/.test(s) ? Number(s) : s));
  // Canonical segments: trailing zeros dropped from the release part and from the prerelease part.
  const firstString = raw.findIndex((s) => typeof s === 'string');
  const release = firstString === -1 ? raw : raw.slice(0, firstString);
  const pre = firstString === -1 ? [] : raw.slice(firstString);
  const trim = (xs: (number | string)[]) => {
    const out = [...xs];
    while (out.length > 0 && out[out.length - 1] === 0) out.pop();
    return out;
  };
  return { text: t, segments: [...trim(release), ...trim(pre)] };
}

export const gemOrder: VersionOrder<GemVersion> = {
  compare(a, b) {
    const n = Math.max(a.segments.length, b.segments.length);
    for (let i = 0; i < n; i++) {
      const l = a.segments[i] ?? 0;
      const r = b.segments[i] ?? 0;
      if (l === r) continue;
      if (typeof l === 'string' && typeof r === 'number') return -1;
      if (typeof l === 'number' && typeof r === 'string') return 1;
      return l < r ? -1 : 1;
    }
    return 0;
  },
  format: (v) => v.text,
};

/** `~> 1.2.3` is `>= 1.2.3, < 1.3`; `~> 1.2` is `>= 1.2, < 2` (Gem::Version#bump). */
function pessimistic(v: GemVersion): VersionSet<GemVersion> {
  const numeric = v.text.replace('-', '.pre.').split('.');
  while (numeric.length > 0 && /[a-z]/i.test(numeric[numeric.length - 1] as string)) numeric.pop();
  if (numeric.length > 1) numeric.pop();
  const last = Number.parseInt(numeric[numeric.length - 1] ?? '0', 10);
  numeric[numeric.length - 1] = String(last + 1);
  const bump = parseGemVersion(numeric.join('.')) as GemVersion;
  return VersionSet.above(gemOrder, v, true).intersect(VersionSet.below(gemOrder, bump, false));
}

/** A list of requirements (`~> 1.2`, `>= 1.2.3`, `!= 1.3`), all of which must hold. The default operator is `=`. */
export function parseGemRequirements(requirements: string[]): Parsed<VersionSet<GemVersion>> {
  let set = VersionSet.all(gemOrder);
  for (const requirement of requirements) {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(requirement);
    const v = m ? parseGemVersion(m[2] ?? '') : null;
    if (!m || !v) return unparsable(`${JSON.stringify(requirement)} is not a valid RubyGems requirement`);
    const op = m[1] ?? '=';
    set = set.intersect(op === '~>' ? pessimistic(v) : comparatorSet(gemOrder, op, v));
  }
  return parsed(set);
}

/** A requirement string as a user writes it: `~> 1.2, >= 1.2.3` (commas separate requirements). */
function parseGemExpression(expr: string): Parsed<VersionSet<GemVersion>> {
  const parts = expr.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) return unparsable(`${JSON.stringify(expr)} is not a valid RubyGems requirement`);
  return parseGemRequirements(parts);
}

export const rubygemsScheme = intervalScheme('RubyGems requirement', gemOrder, {
  // A Gemfile declaration's requirements arrive joined by ", ".
  declared: parseGemExpression,
  constraint: parseGemExpression,
  version: parseGemVersion,
});

import { type VersionOrder, VersionSet } from './intervals.js';
import { comparatorSet, intervalScheme, type Parsed, parsed, unparsable } from './scheme.js';

/**
 * A Composer version: up to four numbers and a stability (dev < alpha < beta < RC < stable < patch), as Composer's
 * VersionParser normalizes it (`v1.2` = `1.2.0.0`, `1.0-beta2`, `1.0.0-RC1`, `1.0-pl1`).
 */
export interface ComposerVersion {
  text: string;
  numbers: [number, number, number, number];
  stability: number;
  stabilityNumber: number;
}

const STABILITIES: Record<string, number> = {
  dev: 0,
  a: 1,
  alpha: 1,
  b: 2,
  beta: 2,
  rc: 3,
  stable: 4,
  patch: 5,
  pl: 5,
  p: 5,
};
const STABLE = 4;

export function parseComposerVersion(text: string): ComposerVersion | null {
  const m =
    /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:[.-]?(dev|a|alpha|b|beta|rc|stable|patch|pl|p)[.-]?(\d+)?)?$/i.exec(
      text.trim(),
    );
  if (!m) return null;
  const numbers = [1, 2, 3, 4].map((i) => Number(m[i] ?? 0)) as [number, number, number, number];
  const word = m[5]?.toLowerCase();
  return {
    text: text.trim(),
    numbers,
    stability: word ? (STABILITIES[word] ?? STABLE) : STABLE,
    stabilityNumber: m[6] ? Number(m[6]) : 0,
  };
}

export const composerOrder: VersionOrder<ComposerVersion> = {
  compare(a, b) {
    for (let i = 0; i < 4; i++) {
      const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    if (a.stability !== b.stability) return a.stability < b.stability ? -1 : 1;
    return a.stabilityNumber === b.stabilityNumber ? 0 : a.stabilityNumber < b.stabilityNumber ? -1 : 1;
  },
  format: (v) => v.text,
};

type ComposerSet = VersionSet<ComposerVersion>;

/** The lowest version of a release (below its `-dev`), which is how Composer writes `<2.0` bounds. */
function floor(numbers: number[]): ComposerVersion {
  const n = [0, 1, 2, 3].map((i) => numbers[i] ?? 0) as [number, number, number, number];
  return { text: `${n.join('.')}-dev`, numbers: n, stability: 0, stabilityNumber: -1 };
}

function releaseParts(text: string): number[] {
  return (/^v?(\d+(?:\.\d+){0,3})/i.exec(text)?.[1] ?? '').split('.').filter(Boolean).map(Number);
}

function hasStability(text: string): boolean {
  return /[a-z]/i.test(text.replace(/^v/i, ''));
}

function bump(parts: number[], position: number): number[] {
  const out = parts.slice(0, position + 1);
  while (out.length <= position) out.push(0);
  out[position] = (out[position] ?? 0) + 1;
  return out;
}

function range(low: ComposerVersion, high: number[]): ComposerSet {
  return VersionSet.above(composerOrder, low, true).intersect(VersionSet.below(composerOrder, floor(high), false));
}

/** One Composer constraint clause. A string is a reason for failure. */
function clause(raw: string): ComposerSet | string {
  const text = raw.replace(/@(dev|alpha|beta|rc|stable)$/i, '');
  if (text === '' || text === '*') return VersionSet.all(composerOrder);
  if (/^dev-|\.x-dev$|-dev$/i.test(text) && !parseComposerVersion(text)) return `branch ${text}`;
  const wildcard = /^v?(\d+(?:\.\d+){0,2})\.[*xX]$/.exec(text);
  if (wildcard) {
    const parts = (wildcard[1] ?? '').split('.').map(Number);
    return range(parseComposerVersion(parts.join('.')) as ComposerVersion, bump(parts, parts.length - 1));
  }
  const m = /^(\^|~|>=|<=|!=|==|<>|>|<|=)?(.+)$/.exec(text);
  const op = m?.[1] ?? '=';
  const versionText = m?.[2] ?? '';
  const v = parseComposerVersion(versionText);
  if (!v) return `${JSON.stringify(raw)} is not a valid Composer constraint`;
  const parts = releaseParts(versionText);
  // Lower bounds are the version itself: a constraint `>=2.0` is not met by 2.0.0-RC1 (Composer only admits it
  // through minimum-stability, which a security constraint should not rely on). Upper bounds exclude prereleases.
  const low = v;
  if (op === '^') {
    const position = parts[0] !== 0 || parts.length === 1 ? 0 : parts[1] !== 0 || parts.length === 2 ? 1 : 2;
    return range(low, bump(parts, position));
  }
  if (op === '~') return range(low, bump(parts, Math.max(0, parts.length - 2)));
  if (op === '>=') return VersionSet.above(composerOrder, low, true);
  if (op === '<') return VersionSet.below(composerOrder, hasStability(versionText) ? v : floor(parts), false);
  if (op === '<>') return comparatorSet(composerOrder, '!=', v);
  return comparatorSet(composerOrder, op === '==' ? '=' : op, v);
}

/**
 * A Composer constraint: alternatives joined by `||` (or `|`), clauses joined by commas or spaces, hyphen ranges
 * (`1.0 - 2.0`, a partial upper bound meaning the whole of 2.0.x), `^`, `~`, wildcards, stability flags, `v`
 * prefixes, and inline aliases (`1.2.3 as 1.0.0`, of which the left side counts).
 */
export function parseComposerConstraint(expr: string): Parsed<ComposerSet> {
  const trimmed = expr.trim().replace(/\s+as\s+\S+$/i, '');
  if (trimmed === '') return unparsable('empty Composer constraint');
  let union = VersionSet.none(composerOrder);
  for (const alternative of trimmed.split(/\s*\|\|?\s*/)) {
    if (alternative === '') return unparsable(`${JSON.stringify(expr)} is not a valid Composer constraint`);
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(alternative);
    if (hyphen) {
      const low = parseComposerVersion(hyphen[1] ?? '');
      const highText = hyphen[2] ?? '';
      const high = parseComposerVersion(highText);
      if (!low || !high) return unparsable(`${JSON.stringify(expr)} is not a valid Composer constraint`);
      const highParts = releaseParts(highText);
      const upper =
        highParts.length < 3 && !hasStability(highText)
          ? VersionSet.below(composerOrder, floor(bump(highParts, highParts.length - 1)), false)
          : VersionSet.below(composerOrder, high, true);
      union = union.union(VersionSet.above(composerOrder, low, true).intersect(upper));
      continue;
    }
    let set = VersionSet.all(composerOrder);
    const clauses = alternative.replace(/(\^|~|>=|<=|!=|==|<>|>|<|=)\s+/g, '$1').split(/\s*,\s*|\s+/);
    for (const c of clauses) {
      const part = clause(c);
      if (typeof part === 'string') return unparsable(part);
      set = set.intersect(part);
    }
    union = union.union(set);
  }
  return parsed(union);
}

export const composerScheme = intervalScheme('Composer version constraint', composerOrder, {
  declared: parseComposerConstraint,
  constraint: parseComposerConstraint,
  version: parseComposerVersion,
});

import semver from 'semver';
import { type Parsed, parsed, unparsable, type VersionScheme } from './scheme.js';

/** A semver range, or one concrete version (a pin or a lockfile entry), which is compared by plain ordering. */
export interface SemverRange {
  range: semver.Range;
  point?: string;
  /** The version as written (`v1.2.3+incompatible`), for details. */
  label?: string;
}

const EVERYTHING = new semver.Range('>=0.0.0-0', { includePrerelease: true });
const ANY_RELEASE = new semver.Range('>=0.0.0');

function toRange(expr: string): Parsed<SemverRange> {
  let range: semver.Range;
  try {
    range = new semver.Range(expr);
  } catch {
    return unparsable(`${JSON.stringify(expr)} is not a valid semver range`);
  }
  const exact = semver.valid(expr.trim().replace(/^=\s*/, ''));
  return parsed(exact ? { range, point: exact } : { range });
}

function pointOf(v: string): Parsed<SemverRange> {
  const clean = semver.valid(v.trim().replace(/^v/, ''));
  if (!clean) return unparsable(`${JSON.stringify(v)} is not a valid semver version`);
  return parsed({ range: new semver.Range(clean), point: clean, label: v.trim() });
}

/**
 * npm's own rules decide subsets of ranges (`semver.subset`: a prerelease is admitted only when a comparator names
 * the same major.minor.patch with a prerelease, as npm installs). A single version is compared by ordering, so a
 * pinned `2.0.0-beta.1` does satisfy `>=1.5.0`.
 */
function semverSubset(a: SemverRange, b: SemverRange): boolean {
  if (a.point) return semver.satisfies(a.point, b.range, { includePrerelease: true });
  return semver.subset(a.range, b.range);
}

const semverBase = {
  version: pointOf,
  subset: semverSubset,
  isAll: (r: SemverRange) => !r.point && semver.subset(ANY_RELEASE, r.range),
  isEmpty: (r: SemverRange) => !semver.intersects(r.range, EVERYTHING, { includePrerelease: true }),
  describe: (r: SemverRange) => r.label ?? r.point ?? (r.range.raw.trim() || '*'),
};

export const npmScheme: VersionScheme<SemverRange> = {
  ...semverBase,
  syntax: 'npm semver range',
  declared: toRange,
  constraint: toRange,
};

/**
 * Cargo requirements translate one-to-one into npm ranges: a bare `1.2.3` is `^1.2.3`, comparators are joined by
 * commas, and `^`, `~`, `=`, `*` and partial versions mean the same as in npm (prerelease rules too).
 */
export function cargoToNpm(expr: string): string | null {
  const parts = expr.split(',').map((p) => p.trim());
  const out: string[] = [];
  for (const part of parts) {
    if (part === '') return null;
    const m =
      /^(=|>=|<=|>|<|~|\^)?\s*(\*|\d+(?:\.(?:\d+|\*))?(?:\.(?:\d+|\*))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(
        part,
      );
    if (!m) return null;
    const op = m[1] ?? '';
    const version = m[2] ?? '';
    if (op === '' && !version.includes('*')) out.push(`^${version}`);
    else out.push(`${op}${version}`);
  }
  return out.join(' ');
}

function cargoRange(expr: string): Parsed<SemverRange> {
  const npm = cargoToNpm(expr);
  if (npm === null) return unparsable(`${JSON.stringify(expr)} is not a valid Cargo version requirement`);
  const result = toRange(npm);
  // A Cargo `=1.2.3` is a pin; a bare `1.2.3` (caret) is not.
  if (result.ok && !/^\s*=/.test(expr)) delete result.range.point;
  return result.ok ? result : unparsable(`${JSON.stringify(expr)} is not a valid Cargo version requirement`);
}

export const cargoScheme: VersionScheme<SemverRange> = {
  ...semverBase,
  syntax: 'Cargo version requirement',
  declared: cargoRange,
  constraint: cargoRange,
};

/** Go versions are semver with a `v`; pseudo-versions are prereleases and `+incompatible` is build metadata. */
function goConstraint(expr: string): Parsed<SemverRange> {
  const trimmed = expr.trim();
  // In Go a bare version is a minimum (minimal version selection), so a bare constraint reads as `>=`.
  const bare = semver.valid(trimmed.replace(/^v/, ''));
  const text = bare ? `>=${bare}` : trimmed.replace(/(^|[\s,<>=|])v(?=\d)/g, '$1').replaceAll(',', ' ');
  try {
    return parsed({ range: new semver.Range(text, { includePrerelease: true }) });
  } catch {
    return unparsable(`${JSON.stringify(expr)} is not a valid Go version constraint`);
  }
}

export const goScheme: VersionScheme<SemverRange> = {
  ...semverBase,
  syntax: 'Go module version constraint',
  declared: pointOf,
  constraint: goConstraint,
};

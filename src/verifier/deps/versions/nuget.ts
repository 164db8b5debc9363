import { type VersionOrder, VersionSet } from './intervals.js';
import { firstParse, intervalScheme, type Parsed, parseComparatorList, parsed, unparsable } from './scheme.js';

/** A NuGet version: up to four numbers, prerelease labels compared case-insensitively, build metadata ignored. */
export interface NuGetVersion {
  text: string;
  numbers: [number, number, number, number];
  /** Empty for a release; `floor` marks the synthetic lowest prerelease of a release. */
  pre: (string | number)[];
  floor?: boolean;
}

export function parseNuGetVersion(text: string): NuGetVersion | null {
  const m =
    /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
      text.trim(),
    );
  if (!m) return null;
  return {
    text: text.trim(),
    numbers: [1, 2, 3, 4].map((i) => Number(m[i] ?? 0)) as [number, number, number, number],
    pre: m[5] ? m[5].split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s.toLowerCase())) : [],
  };
}

function floorOf(numbers: number[]): NuGetVersion {
  const n = [0, 1, 2, 3].map((i) => numbers[i] ?? 0) as [number, number, number, number];
  return { text: `${n.slice(0, 3).join('.')}-0`, numbers: n, pre: [], floor: true };
}

export const nugetOrder: VersionOrder<NuGetVersion> = {
  compare(a, b) {
    for (let i = 0; i < 4; i++) {
      const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    if (a.floor || b.floor) return (a.floor ? 0 : 1) - (b.floor ? 0 : 1);
    if (a.pre.length === 0 || b.pre.length === 0) return (a.pre.length === 0 ? 1 : 0) - (b.pre.length === 0 ? 1 : 0);
    for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
      const x = a.pre[i];
      const y = b.pre[i];
      if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
      if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  },
  format: (v) => v.text,
};

type NuGetSet = VersionSet<NuGetVersion>;

/**
 * A NuGet version range: a bare `8.0.2` is a minimum (`>= 8.0.2`); `[1.0]` exact; `[1.0,2.0)`, `(,1.0]`, `(1.0,)`
 * intervals; floating `8.*`, `8.0.*`, `8.*-*` admit every version of that prefix (a float never leaves it), `*`
 * admits every version.
 */
export function parseNuGetRange(spec: string): Parsed<NuGetSet> {
  const text = spec.trim();
  if (text === '*' || text === '*-*') return parsed(VersionSet.all(nugetOrder));
  const floating = /^(\d+(?:\.\d+){0,2})\.\*(-\*)?$/.exec(text);
  if (floating) {
    const parts = (floating[1] ?? '').split('.').map(Number);
    const next = [...parts];
    next[next.length - 1] = (next[next.length - 1] ?? 0) + 1;
    // Without `-*` a float picks releases only; the bound below is the prefix's first release.
    const low = floating[2] ? floorOf(parts) : (parseNuGetVersion(parts.join('.')) as NuGetVersion);
    return parsed(VersionSet.between(nugetOrder, low, true, floorOf(next), false));
  }
  const preFloat = /^(\d+(?:\.\d+){0,3})-(?:[0-9A-Za-z.-]*)\*$/.exec(text);
  if (preFloat) {
    const release = parseNuGetVersion(preFloat[1] ?? '') as NuGetVersion;
    return parsed(VersionSet.between(nugetOrder, floorOf(release.numbers), true, release, true));
  }
  if (!/^[[(]/.test(text)) {
    const v = parseNuGetVersion(text);
    return v
      ? parsed(VersionSet.above(nugetOrder, v, true))
      : unparsable(`${JSON.stringify(spec)} is not a valid NuGet version range`);
  }
  const m = /^([[(])\s*([^,\])]*?)\s*(?:(,)\s*([^\])]*?)\s*)?([\])])$/.exec(text);
  if (!m) return unparsable(`${JSON.stringify(spec)} is not a valid NuGet version range`);
  const [, open, lowText = '', comma, highText = '', close] = m;
  if (!comma) {
    const v = parseNuGetVersion(lowText);
    if (!v || open !== '[' || close !== ']')
      return unparsable(`${JSON.stringify(spec)} is not a valid NuGet version range`);
    return parsed(VersionSet.point(nugetOrder, v));
  }
  const low = lowText === '' ? null : parseNuGetVersion(lowText);
  const high = highText === '' ? null : parseNuGetVersion(highText);
  if ((lowText !== '' && !low) || (highText !== '' && !high) || (!low && !high)) {
    return unparsable(`${JSON.stringify(spec)} is not a valid NuGet version range`);
  }
  let set = VersionSet.all(nugetOrder);
  if (low) set = set.intersect(VersionSet.above(nugetOrder, low, open === '['));
  if (high) set = set.intersect(VersionSet.below(nugetOrder, high, close === ']'));
  return parsed(set);
}

export const nugetScheme = intervalScheme('NuGet version range', nugetOrder, {
  declared: parseNuGetRange,
  constraint: (expr) =>
    firstParse(
      () => parseNuGetRange(expr),
      () => parseComparatorList(expr, nugetOrder, parseNuGetVersion, '>='),
    ),
  version: parseNuGetVersion,
});

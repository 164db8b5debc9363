import { type VersionOrder, VersionSet } from './intervals.js';

export type Parsed<R> = { ok: true; range: R } | { ok: false; reason: string };

export const parsed = <R>(range: R): Parsed<R> => ({ ok: true, range });
export const unparsable = <R>(reason: string): Parsed<R> => ({ ok: false, reason });

/**
 * One ecosystem's version semantics. `R` is the ecosystem's own range representation; the checker only ever asks
 * whether one range is a subset of another, so each ecosystem can use the most faithful implementation it has.
 */
export interface VersionScheme<R = unknown> {
  /** Human name of the syntax, used in error details ("PEP 440 specifier"). */
  readonly syntax: string;
  /** A requirement as a manifest writes it. */
  declared(spec: string): Parsed<R>;
  /** The user's constraint param (the ecosystem's syntax; comparator lists such as `>=1.2, <2` are accepted too). */
  constraint(expr: string): Parsed<R>;
  /** One concrete version (a lockfile entry). */
  version(v: string): Parsed<R>;
  /** Every version `a` admits is admitted by `b`. */
  subset(a: R, b: R): boolean;
  /** Versions admitted by both (interval schemes; used where one file narrows another, pip `-c`). */
  intersect?(a: R, b: R): R;
  /** Admits every version (no bound at all). */
  isAll(r: R): boolean;
  isEmpty(r: R): boolean;
  describe(r: R): string;
}

/** Adapts an interval-set based parser trio to the scheme interface. */
export function intervalScheme<V>(
  syntax: string,
  order: VersionOrder<V>,
  parsers: {
    declared: (spec: string) => Parsed<VersionSet<V>>;
    constraint: (expr: string) => Parsed<VersionSet<V>>;
    version: (v: string) => V | null;
  },
): VersionScheme<VersionSet<V>> {
  return {
    syntax,
    declared: parsers.declared,
    constraint: parsers.constraint,
    version(v) {
      const parsedVersion = parsers.version(v);
      return parsedVersion === null
        ? unparsable(`${JSON.stringify(v)} is not a valid version`)
        : parsed(VersionSet.point(order, parsedVersion));
    },
    subset: (a, b) => a.subsetOf(b),
    intersect: (a, b) => a.intersect(b),
    isAll: (r) => r.isAll(),
    isEmpty: (r) => r.isEmpty(),
    describe: (r) => r.toString(),
  };
}

/**
 * The comparator-list syntax every ecosystem accepts for a constraint, on top of its own: `>=1.2`, `>=1.2 <2`,
 * `>=1.2, <2`, alternatives joined by `||`. Operators: `>=`, `>`, `<=`, `<`, `=`, `==`, `!=`. With `bare`, a version
 * without an operator means what the ecosystem says it means (`=` for most, `>=` for NuGet and Go).
 */
export function parseComparatorList<V>(
  expr: string,
  order: VersionOrder<V>,
  parseVersion: (v: string) => V | null,
  bare: '=' | '>=' | null,
): Parsed<VersionSet<V>> {
  const alternatives = expr.split('||').map((s) => s.trim());
  let union = VersionSet.none(order);
  for (const alternative of alternatives) {
    if (alternative === '') return unparsable('empty alternative');
    const normalized = alternative.replace(/(>=|<=|==|!=|>|<|=)\s+/g, '$1');
    let set = VersionSet.all(order);
    for (const clause of normalized.split(/\s*,\s*|\s+/).filter(Boolean)) {
      const m = /^(>=|<=|==|!=|>|<|=)?(.+)$/.exec(clause);
      const op = m?.[1] ?? bare;
      const text = m?.[2] ?? '';
      if (!op) return unparsable(`${JSON.stringify(clause)} has no operator`);
      const v = parseVersion(text);
      if (v === null) return unparsable(`${JSON.stringify(text)} is not a valid version`);
      set = set.intersect(comparatorSet(order, op, v));
    }
    union = union.union(set);
  }
  return parsed(union);
}

export function comparatorSet<V>(order: VersionOrder<V>, op: string, v: V): VersionSet<V> {
  switch (op) {
    case '>=':
      return VersionSet.above(order, v, true);
    case '>':
      return VersionSet.above(order, v, false);
    case '<=':
      return VersionSet.below(order, v, true);
    case '<':
      return VersionSet.below(order, v, false);
    case '!=':
      return VersionSet.point(order, v).complement();
    default:
      return VersionSet.point(order, v);
  }
}

/** Tries the ecosystem's own syntax first, then the generic comparator list; reports the first reason. */
export function firstParse<R>(...attempts: (() => Parsed<R>)[]): Parsed<R> {
  let first: Parsed<R> | undefined;
  for (const attempt of attempts) {
    const result = attempt();
    if (result.ok) return result;
    first ??= result;
  }
  return first ?? unparsable('empty expression');
}

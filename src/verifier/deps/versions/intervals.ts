/**
 * Sets of versions as unions of intervals over an ecosystem's version ordering. Every range syntax (PEP 440, Maven,
 * RubyGems, Composer, NuGet) is parsed into one of these, so "the declaration admits only versions inside the
 * constraint" is one generic test: `declared.subsetOf(constraint)`. The ordering is treated as dense (there may
 * always be another version between two), which can only make the subset test stricter, never looser.
 */

export interface VersionOrder<V> {
  compare(a: V, b: V): number;
  format(v: V): string;
}

export interface Bound<V> {
  value: V;
  inclusive: boolean;
}

/** `null` bounds are unbounded (−∞ below, +∞ above). */
export interface Interval<V> {
  lower: Bound<V> | null;
  upper: Bound<V> | null;
}

export class VersionSet<V> {
  private constructor(
    readonly order: VersionOrder<V>,
    /** Sorted, pairwise disjoint, non-touching, non-empty. */
    readonly intervals: readonly Interval<V>[],
  ) {}

  static of<V>(order: VersionOrder<V>, intervals: Interval<V>[]): VersionSet<V> {
    return new VersionSet(order, normalize(order, intervals));
  }

  static all<V>(order: VersionOrder<V>): VersionSet<V> {
    return new VersionSet(order, [{ lower: null, upper: null }]);
  }

  static none<V>(order: VersionOrder<V>): VersionSet<V> {
    return new VersionSet(order, []);
  }

  static point<V>(order: VersionOrder<V>, v: V): VersionSet<V> {
    return new VersionSet(order, [{ lower: { value: v, inclusive: true }, upper: { value: v, inclusive: true } }]);
  }

  /** `>= v` (inclusive) or `> v`. */
  static above<V>(order: VersionOrder<V>, v: V, inclusive: boolean): VersionSet<V> {
    return new VersionSet(order, [{ lower: { value: v, inclusive }, upper: null }]);
  }

  /** `<= v` (inclusive) or `< v`. */
  static below<V>(order: VersionOrder<V>, v: V, inclusive: boolean): VersionSet<V> {
    return new VersionSet(order, [{ lower: null, upper: { value: v, inclusive } }]);
  }

  /** `[lo, hi)` style interval with explicit inclusivity. */
  static between<V>(order: VersionOrder<V>, lo: V, loInclusive: boolean, hi: V, hiInclusive: boolean): VersionSet<V> {
    return VersionSet.of(order, [
      { lower: { value: lo, inclusive: loInclusive }, upper: { value: hi, inclusive: hiInclusive } },
    ]);
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** Admits every version: no lower and no upper bound anywhere. */
  isAll(): boolean {
    const only = this.intervals[0];
    return this.intervals.length === 1 && only !== undefined && only.lower === null && only.upper === null;
  }

  /** A single version. */
  isPoint(): boolean {
    const only = this.intervals[0];
    return (
      this.intervals.length === 1 &&
      only !== undefined &&
      only.lower !== null &&
      only.upper !== null &&
      this.order.compare(only.lower.value, only.upper.value) === 0
    );
  }

  contains(v: V): boolean {
    return !VersionSet.point(this.order, v).intersect(this).isEmpty();
  }

  intersect(other: VersionSet<V>): VersionSet<V> {
    const out: Interval<V>[] = [];
    for (const a of this.intervals) {
      for (const b of other.intervals) {
        const lower = maxLower(this.order, a.lower, b.lower);
        const upper = minUpper(this.order, a.upper, b.upper);
        const candidate = { lower, upper };
        if (!isEmptyInterval(this.order, candidate)) out.push(candidate);
      }
    }
    return VersionSet.of(this.order, out);
  }

  union(other: VersionSet<V>): VersionSet<V> {
    return VersionSet.of(this.order, [...this.intervals, ...other.intervals]);
  }

  complement(): VersionSet<V> {
    const out: Interval<V>[] = [];
    let from: Bound<V> | null = null;
    let open = true; // whether the gap starting at `from` (−∞ when null) is still to be emitted
    for (const iv of this.intervals) {
      if (iv.lower !== null)
        out.push({ lower: from, upper: { value: iv.lower.value, inclusive: !iv.lower.inclusive } });
      if (iv.upper === null) {
        open = false;
        break;
      }
      from = { value: iv.upper.value, inclusive: !iv.upper.inclusive };
    }
    if (open) out.push({ lower: from, upper: null });
    return VersionSet.of(this.order, out);
  }

  subsetOf(other: VersionSet<V>): boolean {
    return this.intersect(other.complement()).isEmpty();
  }

  /** A readable form such as `>=1.2, <2 || ==3.0`, used in details. */
  toString(): string {
    if (this.isEmpty()) return '(no version)';
    return this.intervals
      .map((iv) => {
        const f = this.order.format.bind(this.order);
        if (iv.lower && iv.upper && this.order.compare(iv.lower.value, iv.upper.value) === 0)
          return `=${f(iv.lower.value)}`;
        const parts: string[] = [];
        if (iv.lower) parts.push(`${iv.lower.inclusive ? '>=' : '>'}${f(iv.lower.value)}`);
        if (iv.upper) parts.push(`${iv.upper.inclusive ? '<=' : '<'}${f(iv.upper.value)}`);
        return parts.length ? parts.join(' ') : '*';
      })
      .join(' || ');
  }
}

function isEmptyInterval<V>(order: VersionOrder<V>, iv: Interval<V>): boolean {
  if (!iv.lower || !iv.upper) return false;
  const c = order.compare(iv.lower.value, iv.upper.value);
  return c > 0 || (c === 0 && !(iv.lower.inclusive && iv.upper.inclusive));
}

function maxLower<V>(order: VersionOrder<V>, a: Bound<V> | null, b: Bound<V> | null): Bound<V> | null {
  if (!a) return b;
  if (!b) return a;
  const c = order.compare(a.value, b.value);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function minUpper<V>(order: VersionOrder<V>, a: Bound<V> | null, b: Bound<V> | null): Bound<V> | null {
  if (!a) return b;
  if (!b) return a;
  const c = order.compare(a.value, b.value);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

/** Orders intervals by lower bound (−∞ first; at equal values an inclusive bound starts earlier). */
function compareLower<V>(order: VersionOrder<V>, a: Bound<V> | null, b: Bound<V> | null): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  const c = order.compare(a.value, b.value);
  if (c !== 0) return c;
  return (a.inclusive ? 0 : 1) - (b.inclusive ? 0 : 1);
}

function normalize<V>(order: VersionOrder<V>, intervals: Interval<V>[]): Interval<V>[] {
  const sorted = intervals
    .filter((iv) => !isEmptyInterval(order, iv))
    .sort((a, b) => compareLower(order, a.lower, b.lower));
  const out: Interval<V>[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && touches(order, last.upper, iv.lower)) {
      last.upper = maxUpper(order, last.upper, iv.upper);
    } else {
      out.push({ lower: iv.lower, upper: iv.upper });
    }
  }
  return out;
}

/** Whether an interval ending at `upper` overlaps or touches one starting at `lower` (so they merge). */
function touches<V>(order: VersionOrder<V>, upper: Bound<V> | null, lower: Bound<V> | null): boolean {
  if (!upper || !lower) return true;
  const c = order.compare(upper.value, lower.value);
  return c > 0 || (c === 0 && (upper.inclusive || lower.inclusive));
}

function maxUpper<V>(order: VersionOrder<V>, a: Bound<V> | null, b: Bound<V> | null): Bound<V> | null {
  if (!a || !b) return null;
  const c = order.compare(a.value, b.value);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? a : b;
}

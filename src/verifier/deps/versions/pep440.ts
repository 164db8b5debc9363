import { explain } from '@renovatebot/pep440';
import { type VersionOrder, VersionSet } from './intervals.js';
import { firstParse, intervalScheme, type Parsed, parseComparatorList, parsed, unparsable } from './scheme.js';

/**
 * A PEP 440 version as a sort key (packaging's `_cmpkey`), plus synthetic keys used as interval bounds: `floor` sorts
 * below every version of a release (its dev and pre-releases included), `ceil` above every post and local version.
 */
export interface PyVersion {
  text: string;
  epoch: number;
  release: number[];
  /** [phase, number]: phase −∞ for dev-only versions, +∞ for final releases; a, b, rc are 0, 1, 2. */
  pre: [number, number];
  post: number;
  dev: number;
  local: (string | number)[] | null;
  /** +∞ local: above every local label (for `<=V` and `==V`). */
  localCeil?: boolean;
}

const PHASES: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, rc: 2, c: 2, pre: 2, preview: 2 };

export function parsePyVersion(text: string): PyVersion | null {
  const v = explain(text.trim());
  if (!v) return null;
  const pre: [number, number] =
    v.pre !== null && v.pre !== undefined
      ? [PHASES[String(v.pre[0]).toLowerCase()] ?? 2, Number(v.pre[1])]
      : v.post === null && v.dev !== null
        ? [Number.NEGATIVE_INFINITY, 0]
        : [Number.POSITIVE_INFINITY, 0];
  return {
    text: text.trim(),
    epoch: v.epoch,
    release: v.release,
    pre,
    post: v.post === null ? Number.NEGATIVE_INFINITY : Number(v.post),
    dev: v.dev === null ? Number.POSITIVE_INFINITY : Number(v.dev),
    local: v.local ? v.local.split(/[._-]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s.toLowerCase())) : null,
  };
}

/** The lowest possible version of a release (below its dev and pre-releases). */
function floorOf(epoch: number, release: number[]): PyVersion {
  const inf = Number.NEGATIVE_INFINITY;
  return { text: `${release.join('.')}.dev0`, epoch, release, pre: [inf, inf], post: inf, dev: inf, local: null };
}

/** Above every post-release and local version of `v`'s release and pre-release. */
function postCeilOf(v: PyVersion): PyVersion {
  const inf = Number.POSITIVE_INFINITY;
  return { ...v, text: `${v.text}.post*`, post: inf, dev: inf, localCeil: true };
}

function localCeilOf(v: PyVersion): PyVersion {
  return { ...v, text: `${v.text}+*`, localCeil: true };
}

function compareRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function cmpNum(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareLocal(a: PyVersion, b: PyVersion): number {
  if (a.localCeil || b.localCeil) return (a.localCeil ? 1 : 0) - (b.localCeil ? 1 : 0);
  if (!a.local || !b.local) return (a.local ? 1 : 0) - (b.local ? 1 : 0);
  for (let i = 0; i < Math.max(a.local.length, b.local.length); i++) {
    const x = a.local[i];
    const y = b.local[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1; // numeric segments sort above alphanumeric
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export const pyOrder: VersionOrder<PyVersion> = {
  compare(a, b) {
    return (
      cmpNum(a.epoch, b.epoch) ||
      compareRelease(a.release, b.release) ||
      cmpNum(a.pre[0], b.pre[0]) ||
      cmpNum(a.pre[1], b.pre[1]) ||
      cmpNum(a.post, b.post) ||
      cmpNum(a.dev, b.dev) ||
      compareLocal(a, b)
    );
  },
  format: (v) => v.text,
};

type PySet = VersionSet<PyVersion>;

const isPre = (v: PyVersion) => Number.isFinite(v.pre[0]) || Number.isFinite(v.dev);
const isPost = (v: PyVersion) => Number.isFinite(v.post);

function finalOf(epoch: number, release: number[]): PyVersion {
  const inf = Number.POSITIVE_INFINITY;
  return {
    text: release.join('.'),
    epoch,
    release,
    pre: [inf, 0],
    post: Number.NEGATIVE_INFINITY,
    dev: inf,
    local: null,
  };
}

/**
 * `==prefix.*`: every version whose release starts with `prefix`. Its lower bound is the prefix's final release:
 * PEP 440 excludes pre-releases unless a specifier names one, so `==1.4.*` admits the same installable versions as
 * `>=1.4,<1.5`.
 */
function prefixSet(epoch: number, prefix: number[]): PySet {
  const next = [...prefix];
  next[next.length - 1] = (next[next.length - 1] ?? 0) + 1;
  return VersionSet.between(pyOrder, finalOf(epoch, prefix), true, floorOf(epoch, next), false);
}

/** One PEP 440 clause (`>=1.2`, `==1.*`, `~=1.4.2`, `!=1.3`, `===x`) as a set. */
function clauseSet(op: string, text: string): PySet | string {
  const wildcard = text.endsWith('.*');
  const v = parsePyVersion(wildcard ? text.slice(0, -2) : text);
  if (!v) return `${JSON.stringify(text)} is not a valid PEP 440 version`;
  if (wildcard) {
    if (op !== '==' && op !== '!=') return `${op}${text}: a wildcard is only allowed with == and !=`;
    const set = prefixSet(v.epoch, v.release);
    return op === '==' ? set : set.complement();
  }
  switch (op) {
    case '==':
    case '!=': {
      const set = v.local ? VersionSet.point(pyOrder, v) : VersionSet.between(pyOrder, v, true, localCeilOf(v), true);
      return op === '==' ? set : set.complement();
    }
    case '===':
      return VersionSet.point(pyOrder, v);
    case '~=': {
      if (v.release.length < 2) return `~=${text} needs at least two release segments`;
      return VersionSet.above(pyOrder, v, true).intersect(prefixSet(v.epoch, v.release.slice(0, -1)));
    }
    case '>=':
      return VersionSet.above(pyOrder, v, true);
    case '<=':
      return VersionSet.below(pyOrder, localCeilOf(v), true);
    case '>':
      // `>V` admits no post-release or local version of V (unless V is itself a post-release).
      return VersionSet.above(pyOrder, isPost(v) ? localCeilOf(v) : postCeilOf(v), false);
    case '<': {
      // `<V` admits no pre-release of V's release unless V is itself a pre-release.
      const below = VersionSet.below(pyOrder, v, false);
      if (isPre(v)) return below;
      const base = finalOf(v.epoch, v.release);
      return below.intersect(VersionSet.between(pyOrder, floorOf(v.epoch, v.release), true, base, false).complement());
    }
    default:
      return `unknown operator ${op}`;
  }
}

/** Poetry's `^`: the next breaking release (the first non-zero segment). */
function caretSet(v: PyVersion): PySet {
  const r = v.release;
  const idx = r.findIndex((n) => n !== 0);
  const upto = idx === -1 ? Math.max(0, r.length - 1) : Math.min(idx, r.length - 1);
  const upper = r.slice(0, upto + 1);
  upper[upto] = (upper[upto] ?? 0) + 1;
  return VersionSet.above(pyOrder, v, true).intersect(VersionSet.below(pyOrder, floorOf(v.epoch, upper), false));
}

/** Poetry's `~`: `~1.2.3` is `>=1.2.3,<1.3`, `~1.2` is `>=1.2,<1.3`, `~1` is `>=1,<2`. */
function tildeSet(v: PyVersion): PySet {
  const r = v.release;
  const upto = r.length >= 2 ? 1 : 0;
  const upper = r.slice(0, upto + 1);
  upper[upto] = (upper[upto] ?? 0) + 1;
  return VersionSet.above(pyOrder, v, true).intersect(VersionSet.below(pyOrder, floorOf(v.epoch, upper), false));
}

const CLAUSE = /^(===|~=|==|!=|<=|>=|<|>|=|\^|~)?\s*(\S+)$/;

/**
 * A PEP 440 specifier set (`>=1.2,<2,!=1.5`). With `poetry`, Poetry's extensions too: `^`, `~`, a bare version (an
 * exact pin), `*`, clauses separated by spaces, and alternatives joined by `||`.
 */
export function parsePySpecifier(expr: string, poetry: boolean): Parsed<PySet> {
  const trimmed = expr.trim();
  if (trimmed === '' || trimmed === '*') return parsed(VersionSet.all(pyOrder));
  const alternatives = poetry ? trimmed.split('||') : [trimmed];
  let union = VersionSet.none(pyOrder);
  for (const alternative of alternatives) {
    const spaced = alternative.trim().replace(/(===|~=|==|!=|<=|>=|<|>|=|\^|~)\s+/g, '$1');
    const clauses = poetry ? spaced.split(/\s*,\s*|\s+/) : spaced.split(/\s*,\s*/);
    let set = VersionSet.all(pyOrder);
    for (const clause of clauses) {
      if (clause === '' || (!poetry && /\s/.test(clause)))
        return unparsable(`${JSON.stringify(expr)} is not a valid PEP 440 specifier`);
      if (poetry && clause === '*') continue;
      const m = CLAUSE.exec(clause);
      if (!m) return unparsable(`${JSON.stringify(clause)} is not a valid PEP 440 specifier`);
      const op = m[1];
      const text = m[2] ?? '';
      let part: PySet | string;
      if (op === '^' || op === '~') {
        const v = parsePyVersion(text);
        if (!poetry || !v) return unparsable(`${JSON.stringify(clause)} is not a valid PEP 440 specifier`);
        part = op === '^' ? caretSet(v) : tildeSet(v);
      } else if (!op || op === '=') {
        if (!poetry) return unparsable(`${JSON.stringify(clause)} has no PEP 440 operator`);
        part = clauseSet('==', text);
      } else {
        part = clauseSet(op, text);
      }
      if (typeof part === 'string') return unparsable(part);
      set = set.intersect(part);
    }
    union = union.union(set);
  }
  return parsed(union);
}

/** A version under the generic comparator syntax (used only as a fallback for constraints). */
function genericConstraint(expr: string): Parsed<PySet> {
  return parseComparatorList(expr, pyOrder, parsePyVersion, '=');
}

export const pep440Scheme = intervalScheme('PEP 440 specifier', pyOrder, {
  declared: (spec) => parsePySpecifier(spec, false),
  constraint: (expr) =>
    firstParse(
      () => parsePySpecifier(expr, true),
      () => genericConstraint(expr),
    ),
  version: parsePyVersion,
});

/** Poetry tables use Poetry's syntax for declarations. */
export const poetryScheme = intervalScheme('Poetry version constraint', pyOrder, {
  declared: (spec) => parsePySpecifier(spec, true),
  constraint: (expr) =>
    firstParse(
      () => parsePySpecifier(expr, true),
      () => genericConstraint(expr),
    ),
  version: parsePyVersion,
});

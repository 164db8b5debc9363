import { type VersionOrder, VersionSet } from './intervals.js';
import { firstParse, intervalScheme, type Parsed, parseComparatorList, parsed, unparsable } from './scheme.js';

/**
 * Maven's ComparableVersion: a version is a list of items (integers, qualifiers, and sub-lists opened by `-` or a
 * digit/letter transition). Qualifiers order alpha < beta < milestone < rc < snapshot < "" (release) < sp < any
 * other qualifier (alphabetically); `ga`, `final`, `release` mean release, `cr` means rc; `a1`/`b1`/`m1` are
 * alpha/beta/milestone. Trailing nulls are dropped, so `1.0.0` = `1` and `1.0-alpha` = `1-alpha`.
 */
type Item = { kind: 'int'; value: bigint } | { kind: 'str'; value: string } | { kind: 'list'; items: Item[] };

export interface MavenVersion {
  text: string;
  items: Item[];
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { kind: 'str', value: ALIASES[v] ?? v };
}

function parseItem(buf: string, isDigit: boolean): Item {
  return isDigit ? { kind: 'int', value: BigInt(buf) } : stringItem(buf, false);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'str') return comparableQualifier(item.value) === RELEASE_INDEX;
  return item.items.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i] as Item;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

export function parseMavenVersion(text: string): MavenVersion | null {
  const version = text.trim().toLowerCase();
  if (!/^[a-z0-9_.+-]+$/.test(version)) return null;
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const push = (): void => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < version.length; i++) {
    const c = version[i] as string;
    if (c === '.') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(version.slice(start, i), isDigit));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(version.slice(start, i), isDigit));
      start = i + 1;
      push();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(stringItem(version.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(version.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (version.length > start) list.push(parseItem(version.slice(start), isDigit));
  while (stack.length) normalize(stack.pop() as Item[]);
  return { text: text.trim(), items: root };
}

function compareItem(a: Item | undefined, b: Item | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -compareItem(b, undefined);
  if (a.kind === 'int') {
    if (b === undefined) return a.value === 0n ? 0 : 1;
    if (b.kind === 'int') return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
    return 1;
  }
  if (a.kind === 'str') {
    if (b === undefined) return cmpStr(comparableQualifier(a.value), RELEASE_INDEX);
    if (b.kind === 'str') return cmpStr(comparableQualifier(a.value), comparableQualifier(b.value));
    return -1;
  }
  if (b === undefined) return a.items.length === 0 ? 0 : compareItem(a.items[0], undefined);
  if (b.kind === 'int') return -1;
  if (b.kind === 'str') return 1;
  return compareLists(a.items, b.items);
}

function compareLists(a: Item[], b: Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const l = a[i];
    const r = b[i];
    const c = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

function cmpStr(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

export const mavenOrder: VersionOrder<MavenVersion> = {
  compare: (a, b) => compareLists(a.items, b.items),
  format: (v) => v.text,
};

type MavenSet = VersionSet<MavenVersion>;

/**
 * A Maven version spec: a soft requirement `1.2.3` (what Maven resolves when nothing conflicts, so a pin here), or
 * one or more ranges `[1.0,2.0)`, `(,1.0]`, `[1.2]` joined by commas (a union).
 */
export function parseMavenSpec(spec: string): Parsed<MavenSet> {
  const text = spec.trim();
  if (!/^[[(]/.test(text)) {
    const v = parseMavenVersion(text);
    return v
      ? parsed(VersionSet.point(mavenOrder, v))
      : unparsable(`${JSON.stringify(spec)} is not a valid Maven version`);
  }
  let union = VersionSet.none(mavenOrder);
  const rangeRe = /\s*([[(])([^[\]()]*)([\])])\s*(,|$)/y;
  let pos = 0;
  while (pos < text.length) {
    rangeRe.lastIndex = pos;
    const m = rangeRe.exec(text);
    if (!m) return unparsable(`${JSON.stringify(spec)} is not a valid Maven version range`);
    pos = rangeRe.lastIndex;
    const lowInclusive = m[1] === '[';
    const highInclusive = m[3] === ']';
    const body = (m[2] ?? '').split(',').map((s) => s.trim());
    if (body.length === 1) {
      const v = parseMavenVersion(body[0] ?? '');
      if (!v || !lowInclusive || !highInclusive)
        return unparsable(`${JSON.stringify(spec)}: a single-version range must be [x]`);
      union = union.union(VersionSet.point(mavenOrder, v));
      continue;
    }
    if (body.length !== 2) return unparsable(`${JSON.stringify(spec)} is not a valid Maven version range`);
    const [lowText, highText] = body as [string, string];
    const low = lowText === '' ? null : parseMavenVersion(lowText);
    const high = highText === '' ? null : parseMavenVersion(highText);
    if ((lowText !== '' && !low) || (highText !== '' && !high)) {
      return unparsable(`${JSON.stringify(spec)} is not a valid Maven version range`);
    }
    let set = VersionSet.all(mavenOrder);
    if (low) set = set.intersect(VersionSet.above(mavenOrder, low, lowInclusive));
    if (high) set = set.intersect(VersionSet.below(mavenOrder, high, highInclusive));
    union = union.union(set);
  }
  return parsed(union);
}

/**
 * Gradle's dynamic versions on top of Maven's: `1.2.+` (any version starting with `1.2.`), `+` and
 * `latest.release`/`latest.integration` (no version at all).
 */
export function parseGradleSpec(spec: string): Parsed<MavenSet> {
  const text = spec.trim();
  if (text === '+' || /^latest\./.test(text)) return parsed(VersionSet.all(mavenOrder));
  const prefix = /^(.*?)[.-]?\+$/.exec(text);
  if (prefix) {
    const head = prefix[1] ?? '';
    const numbers = head.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
    if (numbers.some((n) => !Number.isInteger(n) || n < 0))
      return unparsable(`${JSON.stringify(spec)} is not a valid Gradle version`);
    const next = [...numbers];
    next[next.length - 1] = (next[next.length - 1] ?? 0) + 1;
    const low = parseMavenVersion(head) as MavenVersion;
    const high = parseMavenVersion(`${next.join('.')}-alpha`) as MavenVersion;
    return parsed(VersionSet.between(mavenOrder, low, true, high, false));
  }
  return parseMavenSpec(text);
}

export const mavenScheme = intervalScheme('Maven version or range', mavenOrder, {
  declared: parseGradleSpec,
  constraint: (expr) =>
    firstParse(
      () => parseMavenSpec(expr),
      () => parseComparatorList(expr, mavenOrder, parseMavenVersion, '='),
    ),
  version: parseMavenVersion,
});

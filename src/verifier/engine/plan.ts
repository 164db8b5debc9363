import path from 'node:path';
import { isGlob, type ProjectFiles } from '../project-files.js';
import type { AssertionInput } from './run-check.js';

/**
 * A unit of work: assertions that touch the same files, run one after another on one ProjectFiles cache, which is
 * released when the unit ends. Each file is therefore read and parsed once per unit, and a file's assertions are
 * never spread over units (so never over workers) — except when a glob's component is too large to keep whole.
 */
export interface Unit {
  /** Indexes into the run's input, ascending. */
  indexes: number[];
}

/** The params that name files; the first present one is the primary file a unit is keyed on. */
const PRIMARY_PARAMS = ['file', 'manifest'] as const;
/** Files a check also reads besides its primary one. */
const SECONDARY_PARAMS = ['pinned_in'] as const;
/**
 * Types whose primary file never goes through the unit's cache, keyed instead on the file that does: file_hash
 * streams `file` through a digest (uncached) and reads only `pinned_in` as text. Keyed on `file`, the 130 hashes of
 * one pin file chained their files' units into one component of ~800 files whose trees stayed alive together
 * (a 550 MiB worker in the bench); keyed on the pin, they form one small unit.
 */
const CACHED_PARAM: Record<string, string> = { file_hash: 'pinned_in' };

function paramString(params: unknown, key: string): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const value = (params as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Root-relative POSIX form for grouping only; path safety is decided later by ProjectFiles, per check. */
function groupingPath(value: string): string {
  return path.posix.normalize(value.replaceAll('\\', '/')).replace(/^\.\//, '').replace(/\/$/, '');
}

/** The primary path or glob of an assertion, or undefined when it names none. */
export function primaryOf(item: AssertionInput): string | undefined {
  const cached = CACHED_PARAM[item.type];
  const value = cached === undefined ? undefined : paramString(item.params, cached);
  if (value !== undefined && !isGlob(value)) return value;
  for (const key of PRIMARY_PARAMS) {
    const value = paramString(item.params, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Union-find over group keys, tracking how many assertions each component holds. */
class Components {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  add(key: string, size: number): void {
    this.parent.set(key, key);
    this.size.set(key, size);
  }

  find(key: string): string {
    if (!this.parent.has(key)) this.add(key, 0);
    let root = key;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root)) root = up;
    for (let node = key; node !== root; ) {
      const up = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = up;
    }
    return root;
  }

  /** Joins two components unless the result would exceed `cap` assertions; the smaller key stays the root. */
  join(a: string, b: string, cap: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const total = (this.size.get(ra) ?? 0) + (this.size.get(rb) ?? 0);
    if (total > cap) return;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent.set(child, root);
    this.size.set(root, total);
  }
}

export interface PlanOptions {
  /** Expands globs so a glob's assertions can join the units of the files it covers; omitted → globs stand alone. */
  files?: ProjectFiles;
  /** A component larger than this (in assertions) is split back into its groups instead of serialising the run. */
  maxUnitSize: number;
}

/**
 * Groups assertions into units: one group per primary file (all of a file's assertions together, however many), one
 * per distinct glob, one per assertion without a usable path. Groups that share files are then joined, greedily and
 * only while the joined unit stays within `maxUnitSize` assertions (so the pool can still balance its workers):
 * first a glob with the groups of the files it matches, then a check's secondary file (pinned_in, when the check is
 * not already keyed on it) with that file's group. A link refused by the cap costs a second read of the shared file in another unit.
 * Units come out largest first, so a pool that hands them out in order balances its workers.
 */
export async function planUnits(items: AssertionInput[], options: PlanOptions): Promise<Unit[]> {
  const groups = new Map<string, number[]>();
  const links: [string, string][] = [];
  const globs = new Map<string, string>();

  items.forEach((item, index) => {
    const primary = primaryOf(item);
    let key: string;
    if (primary === undefined) key = `a:${index}`;
    else if (isGlob(primary)) {
      key = `g:${primary}`;
      globs.set(key, primary);
    } else key = `f:${groupingPath(primary)}`;
    const members = groups.get(key);
    if (members) members.push(index);
    else groups.set(key, [index]);
    for (const secondary of SECONDARY_PARAMS) {
      const value = paramString(item.params, secondary);
      if (value !== undefined && !isGlob(value)) links.push([key, `f:${groupingPath(value)}`]);
    }
  });

  const parts = new Components();
  for (const [key, members] of groups) parts.add(key, members.length);
  const cap = options.maxUnitSize;
  if (options.files && globs.size > 0) {
    const ownerOfFile = new Map<string, string>();
    for (const key of groups.keys()) if (key.startsWith('f:')) ownerOfFile.set(key.slice(2), key);
    for (const [key, pattern] of [...globs].sort()) {
      if (pattern.startsWith('/') || pattern.split(/[\\/]/).includes('..')) continue;
      let matched: string[];
      try {
        matched = await options.files.glob(pattern);
      } catch {
        continue;
      }
      for (const file of matched) {
        const owner = ownerOfFile.get(file);
        if (owner === undefined) ownerOfFile.set(file, key);
        else parts.join(owner, key, cap);
      }
    }
  }
  for (const [a, b] of links) parts.join(a, b, cap);

  const components = new Map<string, string[]>();
  for (const key of groups.keys()) {
    const root = parts.find(key);
    const list = components.get(root);
    if (list) list.push(key);
    else components.set(root, [key]);
  }

  const units: Unit[] = [...components.values()].map((keys) => ({
    indexes: keys.flatMap((key) => groups.get(key) ?? []).sort((a, b) => a - b),
  }));
  // Largest first; ties by first index, so the plan (and the order checks run in) is deterministic.
  return units.sort((a, b) => b.indexes.length - a.indexes.length || (a.indexes[0] ?? 0) - (b.indexes[0] ?? 0));
}

import path from 'node:path';
import type { ProjectFiles } from '../../project-files.js';
import { type CheckResult, error } from '../../types.js';
import { type Declaration, type Manifest, nameKey } from '../model.js';
import {
  type LockEntry,
  type LockIndex,
  parseComposerLock,
  parseGemfileLock,
  parsePackageLock,
  parsePackageTables,
  parsePnpmLock,
  parseYarnLock,
} from './formats.js';

type Parser = (text: string) => LockIndex;

/** Which lockfiles belong to which manifest (ruling 6); requirements files, go.mod, Maven and NuGet have none. */
function lockfilesFor(manifest: Manifest): { name: string; kind: string; parse: Parser }[] {
  const base = path.posix.basename(manifest.file);
  switch (manifest.ecosystem) {
    case 'npm':
      return [
        { name: 'package-lock.json', kind: 'deps-lock-npm', parse: parsePackageLock },
        { name: 'npm-shrinkwrap.json', kind: 'deps-lock-npm', parse: parsePackageLock },
        { name: 'yarn.lock', kind: 'deps-lock-yarn', parse: parseYarnLock },
        { name: 'pnpm-lock.yaml', kind: 'deps-lock-pnpm', parse: parsePnpmLock },
      ];
    case 'pypi':
      return base === 'pyproject.toml'
        ? ['poetry.lock', 'uv.lock', 'pdm.lock'].map((name) => ({
            name,
            kind: 'deps-lock-toml',
            parse: parsePackageTables,
          }))
        : [];
    case 'cargo':
      return [{ name: 'Cargo.lock', kind: 'deps-lock-toml', parse: parsePackageTables }];
    case 'rubygems':
      return [
        { name: base === 'gems.rb' ? 'gems.locked' : `${base}.lock`, kind: 'deps-lock-gem', parse: parseGemfileLock },
      ];
    case 'composer':
      return [{ name: 'composer.lock', kind: 'deps-lock-composer', parse: parseComposerLock }];
    default:
      return [];
  }
}

export interface LockedVersions {
  lockfile: string;
  /** Empty when the lockfile does not list the package. */
  entries: LockEntry[];
}

export type LockLookup = { ok: true; locks: LockedVersions[] } | { ok: false; result: CheckResult };

/**
 * The locked versions of a package in the lockfiles beside its manifest. Where the lockfile says which entry the
 * manifest's own dependency resolved to (npm's top-level entry, yarn's key for the declared range, Cargo's root
 * package dependencies), only that entry counts; otherwise every locked version of the package does.
 */
export async function lockedVersions(
  files: ProjectFiles,
  manifest: Manifest,
  matching: Declaration[],
): Promise<LockLookup> {
  const dirs = manifest.lockfileDirs ?? [dirOf(manifest.file)];
  const locks: LockedVersions[] = [];
  for (const candidate of lockfilesFor(manifest)) {
    for (const dir of dirs) {
      const lockfile = dir ? `${dir}/${candidate.name}` : candidate.name;
      const read = await files.memo(lockfile, candidate.kind, candidate.parse);
      if (!read.ok) {
        if (read.failure.kind === 'missing' || read.failure.kind === 'not_file') continue;
        if (read.failure.kind === 'unreadable') return { ok: false, result: error(read.failure.message) };
        return { ok: false, result: { result: 'fail', details: read.failure.message } };
      }
      locks.push({ lockfile, entries: select(manifest, read.value, matching) });
      break; // the nearest folder's lockfile of this kind wins
    }
  }
  return { ok: true, locks };
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}

function select(manifest: Manifest, index: LockIndex, matching: Declaration[]): LockEntry[] {
  const eco = manifest.ecosystem;
  const wanted = new Set(matching.map((d) => nameKey(eco, d.name)));
  const same = (e: LockEntry) => wanted.has(nameKey(eco, e.name));
  if (index.direct) {
    const direct = index.direct.filter(same);
    if (direct.length) return direct;
  }
  const all = index.entries.filter(same);
  // yarn: the entry resolved for the range the manifest declares.
  const specs = new Set(matching.map((d) => d.spec).filter((s): s is string => s !== null));
  const forSpec = all.filter((e) => e.ranges?.some((r) => specs.has(r)));
  if (forSpec.length) return forSpec;
  // Cargo: the versions the manifest's own package depends on.
  const tables = index as LockIndex & { dependenciesOf?: Map<string, string[]> };
  if (eco === 'cargo' && manifest.selfName && tables.dependenciesOf) {
    const own = [...tables.dependenciesOf.entries()]
      .filter(([k]) => k.startsWith(`${manifest.selfName} `))
      .flatMap(([, deps]) => deps);
    const versions = own
      .map((d) => d.split(' '))
      .filter(([n]) => n !== undefined && wanted.has(nameKey(eco, n)))
      .map(([, v]) => v);
    if (versions.length && versions.every((v) => v !== undefined)) {
      const chosen = all.filter((e) => versions.includes(e.version));
      if (chosen.length) return chosen;
    }
  }
  return all;
}

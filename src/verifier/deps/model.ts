import type { CheckResult } from '../types.js';

export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'maven' | 'rubygems' | 'composer' | 'nuget';

/** Where a declaration takes its code from; only `registry` declarations carry a version to check. */
export type Source = 'registry' | 'git' | 'path' | 'url' | 'workspace' | 'branch';

/** One declaration of a package in a manifest (a package can be declared several times, e.g. per target). */
export interface Declaration {
  /** The package name as written (for Maven/Gradle `group:artifact`). */
  name: string;
  /** The version requirement as the manifest states it (after resolving properties and inheritance). */
  spec: string | null;
  source: Source;
  /** Where it sits: `dependencies`, `[dev-dependencies]`, `require-dev`, `dependencyManagement`, … */
  section: string;
  file: string;
  line: number;
  endLine: number;
  /** Which version syntax `spec` uses when a manifest mixes them (Poetry tables in a pyproject). */
  dialect?: 'poetry';
  /** Why the version could not be resolved (a property with no value, a parent pom outside the root, …). */
  unresolved?: string;
  /** Narrows versions without declaring the package (a pip `-c` constraints file). */
  constraintOnly?: boolean;
}

export interface Manifest {
  ecosystem: Ecosystem;
  file: string;
  declarations: Declaration[];
  /** Included files that could not be used (a `-r ../x.txt` escaping the root, a missing include). */
  includeProblems: { at: string; result: CheckResult }[];
  /** The package's own name (Cargo `[package].name`, npm `name`), used to find it in lockfiles. */
  selfName?: string;
  /** Folders where this manifest's lockfile may sit (default: the manifest's own folder). */
  lockfileDirs?: string[];
}

/** PEP 503: runs of `-`, `_`, `.` are one `-`, case-insensitive. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Name comparison per ecosystem: PEP 503 for Python; case-insensitive for NuGet and Composer (Composer lowercases
 * package names when it loads them); Maven/Gradle match `group:artifact` exactly, or the artifactId alone when the
 * package param has no group; exact elsewhere.
 */
export function nameKey(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'pypi':
      // `uvicorn[standard]` names the package uvicorn with an extra: the extra is not part of the name.
      return normalizePythonName(name.trim().replace(/\s*\[[^\]]*\]$/, ''));
    case 'nuget':
    case 'composer':
      return name.trim().toLowerCase();
    default:
      return name.trim();
  }
}

export function sameName(ecosystem: Ecosystem, declared: string, wanted: string): boolean {
  if (ecosystem === 'maven' && !wanted.includes(':')) return declared.split(':')[1] === wanted.trim();
  return nameKey(ecosystem, declared) === nameKey(ecosystem, wanted);
}

export const at = (d: { file: string; line: number }): string => `${d.file}:${d.line}`;

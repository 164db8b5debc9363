import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectFiles } from '../project-files.js';
import type { CheckContext, CheckResult } from '../types.js';
import { dependencyExists, dependencyVersion } from './check.js';

/** Test support: a temporary checkout with the given files and a run context over it. */
export function project(files: Record<string, string>): { root: string; ctx: CheckContext } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return { root, ctx: { files: ProjectFiles.at(root), allowExec: false, signal: new AbortController().signal } };
}

/** dependency_exists over a fresh project. */
export function exists(files: Record<string, string>, manifest: string, pkg: string): Promise<CheckResult> {
  return dependencyExists({ manifest, package: pkg }, project(files).ctx);
}

/** dependency_version over a fresh project. */
export function version(
  files: Record<string, string>,
  manifest: string,
  pkg: string,
  constraint: string,
): Promise<CheckResult> {
  return dependencyVersion({ manifest, package: pkg, constraint }, project(files).ctx);
}

import path from 'node:path';
import type { ProjectFiles, Read } from '../../project-files.js';
import { type CheckResult, error, fail } from '../../types.js';
import { ManifestError } from './maven-resolve.js';

export { ManifestError };

export function readFailure<T>(read: Read<T>): CheckResult {
  if (read.ok) return error('internal: not a failure');
  return read.failure.kind === 'unreadable' ? error(read.failure.message) : fail(read.failure.message);
}

export const dirOf = (file: string) => {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
};
export const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** Folders from `dir` up to the project root, nearest first. */
export function ancestors(dir: string): string[] {
  const out = [dir];
  let d = dir;
  while (d !== '') {
    d = dirOf(d);
    out.push(d);
  }
  return out;
}

/** A memoized parse of a file; a file that cannot be read or parsed throws with the check result to answer. */
export async function parsed<T>(
  files: ProjectFiles,
  file: string,
  kind: string,
  parse: (text: string, rel: string) => T,
): Promise<T> {
  const read = await files.memo(file, kind, parse);
  if (!read.ok) {
    const result = readFailure(read);
    throw Object.assign(new ManifestError(result.details), { result });
  }
  return read.value;
}

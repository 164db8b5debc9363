import type { ProjectFiles } from '../project-files.js';
import { failureResult, isGlob } from '../project-files.js';
import { LineIndex } from '../text.js';
import type { CheckResult } from '../types.js';
import { fail } from '../types.js';

/** A text file of a path-or-glob param, ready to be searched. */
export interface TextFile {
  file: string;
  text: string;
}

export interface Skipped {
  binary: number;
  tooLarge: number;
}

export type Gathered =
  | { ok: true; files: TextFile[]; skipped: Skipped; glob: boolean }
  | { ok: false; result: CheckResult };

/**
 * The texts of a path-or-glob param, for the text-searching types (pattern_matches, pattern_absent,
 * no_plaintext_secret).
 *
 * Reading of the spec ("only file_exists and file_hash accept binary files", "files over 5 MiB are not parsed"):
 * - a plain path naming a binary or too-large file → `fail` with that reason (the user named a file we cannot search);
 * - inside a glob, binary and too-large files are skipped and counted (a `src/**` glob routinely sweeps up images),
 *   the count is reported in details, and a glob whose every file was skipped → `fail` (nothing was searched, which
 *   proves nothing, like a glob matching no file);
 * - any other unusable file (unreadable) → `error`: the check could not run as asked.
 */
export async function gatherTexts(files: ProjectFiles, pathOrGlob: string): Promise<Gathered> {
  const expanded = await files.expand(pathOrGlob);
  if (!expanded.ok) return { ok: false, result: failureResult(expanded.failure) };
  const isPlain = !isGlob(pathOrGlob);
  const out: TextFile[] = [];
  const skipped: Skipped = { binary: 0, tooLarge: 0 };
  for (const file of expanded.value) {
    const read = await files.readText(file);
    if (read.ok) {
      out.push({ file, text: read.value });
      continue;
    }
    const { kind } = read.failure;
    if (isPlain || (kind !== 'binary' && kind !== 'too_large'))
      return { ok: false, result: failureResult(read.failure) };
    if (kind === 'binary') skipped.binary++;
    else skipped.tooLarge++;
  }
  if (out.length === 0) {
    return { ok: false, result: fail(`every file matched by ${pathOrGlob} was skipped${skippedNote(skipped)}`) };
  }
  return { ok: true, files: out, skipped, glob: !isPlain };
}

/** " (skipped 2 binary files and 1 file over 5 MiB)", or "" when nothing was skipped. */
export function skippedNote(skipped: Skipped): string {
  const parts: string[] = [];
  if (skipped.binary) parts.push(`${skipped.binary} binary file${skipped.binary > 1 ? 's' : ''}`);
  if (skipped.tooLarge) parts.push(`${skipped.tooLarge} file${skipped.tooLarge > 1 ? 's' : ''} over 5 MiB`);
  return parts.length ? ` (skipped ${parts.join(' and ')})` : '';
}

/** The line index of a file, built once per run and shared by every check on that file. */
export async function lineIndexOf(files: ProjectFiles, file: string, text: string): Promise<LineIndex> {
  const memo = await files.memo(file, 'files:line-index', (t) => new LineIndex(t));
  return memo.ok ? memo.value : new LineIndex(text);
}

/** "a.py:3, b.py:10 and 4 more" — the first few locations of a list. */
export function listLocations(locations: string[], max = 5): string {
  const shown = locations.slice(0, max).join(', ');
  return locations.length > max ? `${shown} and ${locations.length - max} more` : shown;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

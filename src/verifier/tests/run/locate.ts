import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { ProjectFiles } from '../../project-files.js';

/**
 * The nearest folder (root-relative, '' for the root) at or above `file` that holds one of `markers`, or null.
 * Lookups go through ProjectFiles, so a marker outside the root is never seen.
 */
export async function nearestDirWith(files: ProjectFiles, file: string, markers: string[]): Promise<string | null> {
  let dir = path.posix.dirname(file);
  if (dir === '.') dir = '';
  while (true) {
    for (const marker of markers) {
      if (await files.exists(dir ? `${dir}/${marker}` : marker)) return dir;
    }
    if (dir === '') return null;
    const parent = path.posix.dirname(dir);
    dir = parent === '.' ? '' : parent;
  }
}

/** A root-relative path as seen from a root-relative folder (`tests/a.py` from `` → `tests/a.py`). */
export function relativeTo(dir: string, file: string): string {
  return dir === '' ? file : path.posix.relative(dir, file);
}

function isExecutable(abs: string): boolean {
  try {
    accessSync(abs, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named `name` in `dirs` (absolute), then on PATH unless `onlyDirs`; null when there is none. */
export function findExecutable(name: string, dirs: string[] = [], onlyDirs = false): string | null {
  const pathDirs = onlyDirs ? [] : (process.env.PATH ?? '').split(path.delimiter).filter((d) => d.length > 0);
  for (const dir of [...dirs, ...pathDirs]) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Escapes text for a JavaScript/Go/RE2/PCRE regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}/]/g, '\\$&');
}

/**
 * A regex for a title as the runner will report it: printf placeholders (`%s`, `%i`, `%#`) and `$var`/`${…}`
 * interpolations of `.each` tables and template strings stand for any text.
 */
export function titleRegex(title: string): string {
  const parts = title.split(/(%[sdifjoOpc#%]|\$\{[^}]*\}|\$[A-Za-z_][\w.]*)/);
  return parts.map((part, i) => (i % 2 === 1 ? (part === '%%' ? '%' : '.*') : escapeRegex(part))).join('');
}

/** An argv rendered for details: quoted where needed, the temp report path replaced by `<report>`. */
export function renderCommand(display: string, args: string[], reportPaths: string[] = []): string {
  const shown = args.map((arg) => {
    let a = arg;
    for (const report of reportPaths) a = a.split(report).join('<report>');
    return /^[\w./:=@%+,<>-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;
  });
  return [display, ...shown].join(' ');
}

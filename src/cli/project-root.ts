import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

/** The --project-root option: an existing directory, made absolute. */
export function projectRootOption(value: string | undefined): string {
  const root = path.resolve(value ?? '.');
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new UsageError(`project root ${value ?? '.'} does not exist`);
  }
  if (!isDir) throw new UsageError(`project root ${value ?? '.'} is not a directory`);
  return root;
}

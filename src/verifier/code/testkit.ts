import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParamsOf } from '../../assertions/catalogue.js';
import { ProjectFiles } from '../project-files.js';
import type { CheckContext, CheckResult } from '../types.js';
import { definitionCheckers } from './index.js';

/** Test support for the definition-centric checks: a temporary checkout and a run context over it. */
export function project(files: Record<string, string>): { root: string; ctx: CheckContext } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return { root, ctx: { files: ProjectFiles.at(root), allowExec: false, signal: new AbortController().signal } };
}

export type DefinitionType = keyof typeof definitionCheckers;

/** Runs one checker on a single file `file` holding `text`. */
export async function check<T extends DefinitionType>(
  type: T,
  file: string,
  text: string,
  params: Omit<ParamsOf<T>, 'file'>,
): Promise<CheckResult> {
  return checkRaw(type, { [file]: text }, { file, ...params });
}

/** Runs one checker with raw (possibly invalid) params over a set of files. */
export async function checkRaw(
  type: DefinitionType,
  files: Record<string, string>,
  params: unknown,
): Promise<CheckResult> {
  const checker = definitionCheckers[type] as ((p: unknown, c: CheckContext) => Promise<CheckResult>) | undefined;
  if (!checker) throw new Error(`no checker for ${type}`);
  const { ctx } = project(files);
  try {
    return await checker(params, ctx);
  } finally {
    await ctx.files.dispose();
  }
}

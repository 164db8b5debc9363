import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParamsOf } from '../../../assertions/catalogue.js';
import { ProjectFiles } from '../../project-files.js';
import type { CheckContext, CheckResult } from '../../types.js';
import { usageCheckers } from './index.js';

/** Test support: a temporary checkout holding `files`, and a run context over it. */
export function project(files: Record<string, string>): { root: string; ctx: CheckContext } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return { root, ctx: { files: ProjectFiles.at(root), allowExec: false, signal: new AbortController().signal } };
}

type UsageType = 'import_present' | 'env_var_referenced' | 'middleware_registered' | 'http_header_set';

/** Runs one usage checker on a single file `file` holding `text`. */
export async function run<T extends UsageType>(
  type: T,
  file: string,
  text: string,
  params: Omit<ParamsOf<T>, 'file'>,
): Promise<CheckResult> {
  const checker = usageCheckers[type] as ((p: ParamsOf<T>, c: CheckContext) => Promise<CheckResult>) | undefined;
  if (!checker) throw new Error(`no checker for ${type}`);
  const { ctx } = project({ [file]: text });
  try {
    return await checker({ file, ...params } as ParamsOf<T>, ctx);
  } finally {
    await ctx.files.dispose();
  }
}

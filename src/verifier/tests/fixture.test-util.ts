import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParamsOf } from '../../assertions/catalogue.js';
import { ProjectFiles } from '../project-files.js';
import type { CheckContext, CheckResult } from '../types.js';
import { testExists } from './test-exists.js';

/** Writes a throwaway project (relative path → content) and returns its root. */
export function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-tests-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

export function context(root: string, overrides: Partial<CheckContext> = {}): CheckContext {
  return { files: ProjectFiles.at(root), allowExec: true, signal: new AbortController().signal, ...overrides };
}

/** Runs test_exists on a one-file project. */
export async function existsIn(file: string, content: string, testName?: string): Promise<CheckResult> {
  const root = project({ [file]: content });
  const params: ParamsOf<'test_exists'> = testName === undefined ? { file } : { file, test_name: testName };
  const ctx = context(root);
  try {
    return await testExists(params, ctx);
  } finally {
    await ctx.files.dispose();
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectFiles } from '../project-files.js';
import type { CheckContext, CheckResult } from '../types.js';
import { configKeyExists, configValueMatches } from './checkers.js';

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

/** Runs config_key_exists on one file holding `text`. */
export function keyExists(file: string, text: string, key: string): Promise<CheckResult> {
  return configKeyExists({ file, key }, project({ [file]: text }).ctx);
}

/** Runs config_value_matches on one file holding `text`. */
export function valueMatches(
  file: string,
  text: string,
  key: string,
  operator: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'matches' | 'in',
  value: string | number | boolean,
): Promise<CheckResult> {
  return configValueMatches({ file, key, operator, value }, project({ [file]: text }).ctx);
}

import { expect, it } from 'vitest';
import { check } from './testkit.js';
import { run } from './usage/testkit.js';

/** One real-world idiom: the assertion type, its params (without `file`) and the result the verifier must give. */
export type Case = [type: string, params: Record<string, unknown>, expected: 'pass' | 'fail'];

const usageTypes = new Set(['import_present', 'env_var_referenced', 'middleware_registered', 'http_header_set']);

/** Runs one check against a single-file checkout holding `text` at `file`. */
export async function decide(file: string, text: string, type: string, params: Record<string, unknown>) {
  if (usageTypes.has(type)) {
    return run(type as 'import_present', file, text, params as { module: string });
  }
  return check(type as 'function_exists', file, text, params as { name: string });
}

/** Registers one test per case, all on the same fixture `file`/`text`. */
export function cases(file: string, text: string, rows: Case[]): void {
  for (const [type, params, expected] of rows) {
    it(`${type} ${JSON.stringify(params)} → ${expected}`, async () => {
      const r = await decide(file, text, type, params);
      expect(r.result, r.details).toBe(expected);
    });
  }
}

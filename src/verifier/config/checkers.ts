import type { ParamsOf } from '../../assertions/catalogue.js';
import { failureResult } from '../project-files.js';
import type { CheckContext, Checker, CheckResult, Evidence } from '../types.js';
import { error, fail, pass, skipped } from '../types.js';
import { compileComparison, type Expected, numericValue, type Operator } from './compare.js';
import { configFormatOf, parseConfig } from './formats.js';
import { formatKeyPath, type KeyStep, parseKeyPath } from './key-path.js';
import { type Entry, lookup, type ParsedConfig } from './model.js';
import { describeExpected, describeList, describeValue } from './render.js';

type Loaded = { ok: true; config: ParsedConfig; file: string } | { ok: false; result: CheckResult };

const OPERATOR_WORDS: Record<Operator, [string, string]> = {
  eq: ['equals', 'does not equal'],
  ne: ['differs from', 'does not differ from'],
  gt: ['is greater than', 'is not greater than'],
  gte: ['is at least', 'is not at least'],
  lt: ['is less than', 'is not less than'],
  lte: ['is at most', 'is not at most'],
  matches: ['matches', 'does not match'],
  in: ['is one of', 'is not one of'],
};

/** Reads and parses the file once per run (files.memo) and turns every failure into the right result. */
async function loadConfig(ctx: CheckContext, file: string): Promise<Loaded> {
  const norm = ctx.files.normalize(file);
  if (!norm.ok) return { ok: false, result: failureResult(norm.failure) };
  const format = configFormatOf(norm.value);
  if (!format) {
    const exists = await ctx.files.regularFile(file);
    if (!exists.ok) return { ok: false, result: failureResult(exists.failure) };
    return { ok: false, result: skipped(`${norm.value}: config format not supported (by file name or extension)`) };
  }
  const parsed = await ctx.files.memo(file, 'config', (text) => parseConfig(format, text, norm.value));
  if (!parsed.ok) return { ok: false, result: failureResult(parsed.failure) };
  const outcome = parsed.value;
  if (!outcome.ok) {
    const where = outcome.line ? `${norm.value}:${outcome.line}` : norm.value;
    return { ok: false, result: error(`${where}: ${outcome.message}`) };
  }
  return { ok: true, config: outcome.config, file: norm.value };
}

const evidenceOf = (file: string, entry: Entry): Evidence => ({ file, line: entry.line, end_line: entry.endLine });

/** Each document's hits (index kept, documents without the key left out). */
function findAll(config: ParsedConfig, steps: KeyStep[]): { doc: number; hits: Entry[] }[] {
  const out: { doc: number; hits: Entry[] }[] = [];
  config.documents.forEach((root, doc) => {
    const hits = lookup(config, root, steps);
    if (hits.length > 0) out.push({ doc, hits });
  });
  return out;
}

/** Why a key is missing, naming the longest prefix that does exist, for details. */
function missing(config: ParsedConfig, file: string, steps: KeyStep[], key: string): CheckResult {
  for (let n = steps.length - 1; n > 0; n--) {
    const prefix = steps.slice(0, n);
    const found = findAll(config, prefix)[0];
    if (found) {
      const at = found.hits[0] as Entry;
      return fail(`key ${key} not found in ${file} (${formatKeyPath(prefix)} is at ${file}:${at.line})`);
    }
  }
  return fail(`key ${key} not found in ${file}`);
}

const docLabel = (config: ParsedConfig, doc: number) => (config.documents.length > 1 ? ` (document ${doc + 1})` : '');

export const configKeyExists: Checker<ParamsOf<'config_key_exists'>> = async (params, ctx) => {
  if (typeof params?.file !== 'string' || typeof params.key !== 'string') return error('file and key must be strings');
  const key = parseKeyPath(params.key);
  if (!key.ok) return error(key.message);
  const loaded = await loadConfig(ctx, params.file);
  if (!loaded.ok) return loaded.result;
  const { config, file } = loaded;
  const found = findAll(config, key.steps)[0];
  if (!found) return missing(config, file, key.steps, params.key);
  const entry = found.hits[0] as Entry;
  return pass(
    `${file}:${entry.line}: key ${params.key} is present${docLabel(config, found.doc)}`,
    evidenceOf(file, entry),
  );
};

/**
 * Several documents (YAML streams): every document that defines the key must compare true — one Deployment with
 * `runAsNonRoot: false` in a manifest file fails the claim. Within a document, XML repetitions of an element
 * without an index compare true when any of them does (XPath semantics).
 */
export const configValueMatches: Checker<ParamsOf<'config_value_matches'>> = async (params, ctx) => {
  if (typeof params?.file !== 'string' || typeof params.key !== 'string') return error('file and key must be strings');
  const operator = params.operator as Operator;
  if (!(operator in OPERATOR_WORDS)) return error(`unknown operator ${JSON.stringify(params.operator)}`);
  const expected = params.value as Expected;
  if (!['string', 'number', 'boolean'].includes(typeof expected)) {
    return error('value must be a string, number or boolean');
  }
  const key = parseKeyPath(params.key);
  if (!key.ok) return error(key.message);
  const comparison = compileComparison(operator, expected);
  if (!comparison.ok) return error(comparison.message);
  const loaded = await loadConfig(ctx, params.file);
  if (!loaded.ok) return loaded.result;
  const { config, file } = loaded;
  const found = findAll(config, key.steps);
  if (found.length === 0) return missing(config, file, key.steps, params.key);
  const [yes, no] = OPERATOR_WORDS[operator];
  const operand =
    operator === 'matches'
      ? `/${expected}/`
      : ['gt', 'gte', 'lt', 'lte'].includes(operator)
        ? String(numericValue(expected))
        : operator === 'in'
          ? describeList(expected, params.key)
          : describeExpected(expected, params.key);
  let passed: { doc: number; entry: Entry } | null = null;
  for (const { doc, hits } of found) {
    let docPass: Entry | null = null;
    let firstMiss: { entry: Entry; reason?: string } | null = null;
    for (const entry of hits) {
      const verdict = comparison.test(entry.node);
      if (verdict.holds) {
        docPass = entry;
        break;
      }
      firstMiss ??= { entry, reason: verdict.reason };
    }
    if (!docPass) {
      const miss = firstMiss as { entry: Entry; reason?: string };
      const value = describeValue(miss.entry.node, params.key);
      const why = miss.reason ? `${value}, ${miss.reason}` : `${value}, which ${no} ${operand}`;
      return fail(
        `${file}:${miss.entry.line}: ${params.key} is ${why}${docLabel(config, doc)}`,
        evidenceOf(file, miss.entry),
      );
    }
    passed ??= { doc, entry: docPass };
  }
  const { doc, entry } = passed as { doc: number; entry: Entry };
  const value = describeValue(entry.node, params.key);
  const others = found.length > 1 ? ` (in all ${found.length} documents that set it)` : docLabel(config, doc);
  return pass(
    `${file}:${entry.line}: ${params.key} is ${value}, which ${yes} ${operand}${others}`,
    evidenceOf(file, entry),
  );
};

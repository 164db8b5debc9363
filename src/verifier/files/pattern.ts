import type { ParamsOf } from '../../assertions/catalogue.js';
import { compileUserRegex, findFirst, findNonEmpty, matchesEmpty, type UserRegex } from '../regex.js';
import { LineIndex } from '../text.js';
import type { CheckContext, Checker, CheckResult, Evidence } from '../types.js';
import { error, fail, pass } from '../types.js';
import { gatherTexts, listLocations, plural, skippedNote, type TextFile } from './gather.js';

type PatternParams = ParamsOf<'pattern_matches'>;

interface Compiled {
  pattern: UserRegex;
  scopeStart?: UserRegex;
  scopeEnd?: UserRegex;
}

/** A region of a file's text: [start, end). */
interface Region {
  start: number;
  end: number;
}

/**
 * Compiles the pattern and the scopes. Ruling 17: `flags` apply to `scope_start` and `scope_end` too.
 */
function compile(params: PatternParams): Compiled | CheckResult {
  const flags = params.flags ?? '';
  const compiled: Partial<Compiled> = {};
  for (const [param, key] of [
    ['pattern', 'pattern'],
    ['scope_start', 'scopeStart'],
    ['scope_end', 'scopeEnd'],
  ] as const) {
    const source = params[param];
    if (source === undefined) continue;
    const result = compileUserRegex(source, flags);
    if (!result.ok) return error(`${param} is not a valid RE2 regex: ${result.message}`);
    compiled[key] = result.regex;
  }
  return compiled as Compiled;
}

/**
 * The searched region (ruling 17): from the start of the first `scope_start` match to the start of the first
 * `scope_end` match after the end of that `scope_start` match, or to the end of the file. Scope regexes may match the
 * empty string (`$` with flag m ends the scope at the end of the line). Without `scope_start` the region starts at 0
 * (a lone `scope_end` cuts the file at its first match). `null` when `scope_start` is given and not found.
 */
function scopeOf(text: string, c: Compiled): Region | null {
  let start = 0;
  let searchEndFrom = 0;
  if (c.scopeStart) {
    const m = findFirst(c.scopeStart, text);
    if (!m) return null;
    start = m.start;
    searchEndFrom = m.end;
  }
  let end = text.length;
  if (c.scopeEnd) {
    const m = findFirst(c.scopeEnd, text, searchEndFrom);
    if (m) end = m.start;
  }
  return { start, end };
}

interface Hit {
  file: string;
  evidence: Evidence;
}

/**
 * The text as the pattern sees it: without a leading UTF-8 byte order mark and with CRLF line ends read as LF, so
 * `^`/`$` (m flag) anchor at the lines of a file saved on Windows as they do in its LF twin. Lines stay the same lines.
 */
function searchable(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes('\r\n') ? noBom.replace(/\r\n/g, '\n') : noBom;
}

/** The line index of a file's searchable text, built once per run. */
async function lineIndexOf(ctx: CheckContext, tf: TextFile): Promise<LineIndex> {
  const memo = await ctx.files.memo(tf.file, 'files:line-index-searchable', (t) => new LineIndex(searchable(t)));
  return memo.ok ? memo.value : new LineIndex(tf.text);
}

/** The gathered files with their searchable text. */
const searchableFiles = (files: TextFile[]): TextFile[] =>
  files.map((f) => ({ file: f.file, text: searchable(f.text) }));

/**
 * The first non-empty match of the pattern inside the file's region. The region is searched as a text of its own,
 * so `^`/`$` (without m) anchor at the scope's edges and a match can never run past the scope's end.
 */
async function firstHit(ctx: CheckContext, tf: TextFile, c: Compiled, region: Region): Promise<Hit | null> {
  const slice = region.start === 0 && region.end === tf.text.length ? tf.text : tf.text.slice(region.start, region.end);
  const m = findNonEmpty(c.pattern, slice);
  if (!m) return null;
  const lines = await lineIndexOf(ctx, tf);
  const line = lines.lineOf(region.start + m.start);
  const endLine = lines.lineOf(region.start + m.end - 1);
  return { file: tf.file, evidence: { file: tf.file, line, end_line: endLine } };
}

async function regionEvidence(ctx: CheckContext, tf: TextFile, region: Region): Promise<Evidence> {
  const lines = await lineIndexOf(ctx, tf);
  const line = lines.lineOf(region.start);
  return { file: tf.file, line, end_line: lines.lineOf(Math.max(region.start, region.end - 1)) };
}

const scopeWord = (c: Compiled) => (c.scopeStart || c.scopeEnd ? ' in scope' : '');

/**
 * pattern_matches: the pattern has a non-empty match in the file, or in at least one file of a glob. In a glob, files
 * where `scope_start` is missing simply contribute nothing; if it is missing everywhere the check fails.
 */
export const patternMatches: Checker<PatternParams> = async (params, ctx) => {
  const c = compile(params);
  if ('result' in c) return c;
  const gathered = await gatherTexts(ctx.files, params.file);
  if (!gathered.ok) return gathered.result;
  const note = skippedNote(gathered.skipped);
  const noScope: string[] = [];
  for (const tf of searchableFiles(gathered.files)) {
    if (ctx.signal.aborted) return error('check timed out');
    const region = scopeOf(tf.text, c);
    if (!region) {
      noScope.push(tf.file);
      continue;
    }
    const hit = await firstHit(ctx, tf, c, region);
    if (hit) return pass(`pattern matches${scopeWord(c)} at ${hit.file}:${hit.evidence.line}${note}`, hit.evidence);
  }
  const where = gathered.glob
    ? `any of ${plural(gathered.files.length, 'file')} matched by ${params.file}`
    : params.file;
  if (noScope.length === gathered.files.length) return fail(`scope_start not found in ${where}${note}`);
  const missing = noScope.length ? `; scope_start not found in ${listLocations(noScope)}` : '';
  return fail(`pattern not found${scopeWord(c)} in ${where}${missing}${note}`);
};

/**
 * pattern_absent: every file exists and is readable, and the pattern matches in none. A file of the param where
 * `scope_start` is missing fails the check (ruling 17: the absence inside a scope that does not exist proves
 * nothing). A pattern that can match the empty string is refused (validation refuses it at submission; this guard
 * covers direct callers).
 */
export const patternAbsent: Checker<PatternParams> = async (params, ctx) => {
  const c = compile(params);
  if ('result' in c) return c;
  if (matchesEmpty(c.pattern)) return error('pattern matches the empty string, so it could never be absent');
  const gathered = await gatherTexts(ctx.files, params.file);
  if (!gathered.ok) return gathered.result;
  const note = skippedNote(gathered.skipped);
  const hits: Hit[] = [];
  const noScope: string[] = [];
  let scoped: { tf: TextFile; region: Region } | undefined;
  for (const tf of searchableFiles(gathered.files)) {
    if (ctx.signal.aborted) return error('check timed out');
    const region = scopeOf(tf.text, c);
    if (!region) {
      noScope.push(tf.file);
      continue;
    }
    scoped ??= { tf, region };
    const hit = await firstHit(ctx, tf, c, region);
    if (hit) hits.push(hit);
  }
  if (hits.length) {
    const locations = hits.map((h) => `${h.file}:${h.evidence.line}`);
    return fail(`pattern found${scopeWord(c)} at ${listLocations(locations)}${note}`, hits[0]?.evidence);
  }
  if (noScope.length) return fail(`scope_start not found in ${listLocations(noScope)}${note}`);
  const where = gathered.glob ? `all ${plural(gathered.files.length, 'file')} matched by ${params.file}` : params.file;
  const evidence =
    scoped && gathered.files.length === 1 && (c.scopeStart || c.scopeEnd)
      ? await regionEvidence(ctx, scoped.tf, scoped.region)
      : undefined;
  return pass(`pattern absent${scopeWord(c)} from ${where}${note}`, evidence);
};

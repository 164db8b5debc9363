import type { RE2JS } from 're2js';
import type { ProjectFiles, Read } from '../../project-files.js';
import { findNonEmpty, type UserRegex } from '../../regex.js';
import type { LineIndex } from '../../text.js';
import { lineIndexOf } from '../gather.js';
import { ASSIGNMENT, BUILT_IN_RULES, hasUnquotedValues, type SecretRule } from './rules.js';

/** One finding: where and which rule. Never the matched text — details must not leak the secret. */
export interface SecretHit {
  file: string;
  line: number;
  rule: string;
}

/** More hits than this per rule and file add nothing to a failing result. */
const MAX_HITS_PER_RULE = 50;

function groupsOf(m: ReturnType<RE2JS['matcher']>, count: number): (string | null)[] {
  const groups: (string | null)[] = [];
  for (let g = 0; g <= count; g++) groups.push(m.group(g));
  return groups;
}

function scanText(rule: SecretRule, text: string, lines: LineIndex, file: string): SecretHit[] {
  const hits: SecretHit[] = [];
  if (rule.literals && !rule.literals.some((l) => text.includes(l))) return hits;
  const m = rule.regex.matcher(text);
  const count = rule.regex.groupCount();
  let pos = 0;
  while (pos <= text.length && hits.length < MAX_HITS_PER_RULE && m.find(pos)) {
    const start = m.start();
    const end = m.end();
    if (!rule.accept || rule.accept(groupsOf(m, count))) {
      hits.push({ file, line: lines.lineOf(start), rule: rule.name });
    }
    pos = end > start ? end : end + 1;
  }
  return hits;
}

/** Lines longer than this (minified code) are searched in windows around each keyword, not as a whole. */
const LONG_LINE = 4096;
const WINDOW_BEFORE = 64;
const WINDOW_AFTER = 256;

/**
 * A line rule on one line. A long line is searched only in windows around its keyword occurrences (line rules are
 * short assignments around a keyword), so a 5 MiB minified line costs time in proportion to its keywords, not
 * re2js passes over the whole line.
 */
function lineRuleMatches(rule: SecretRule, line: string, lower: string): boolean {
  const groupCount = rule.regex.groupCount();
  const search = (text: string): boolean => {
    const m = rule.regex.matcher(text);
    let pos = 0;
    while (pos <= text.length && m.find(pos)) {
      if (!rule.accept || rule.accept(groupsOf(m, groupCount))) return true;
      pos = m.end() > m.start() ? m.end() : m.end() + 1;
    }
    return false;
  };
  if (line.length <= LONG_LINE) return search(line);
  // Overlapping windows merge, so the text searched never exceeds the line once per keyword.
  for (const k of rule.keywords ?? []) {
    let from = -1;
    let to = -1;
    for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + k.length)) {
      const wFrom = Math.max(0, at - WINDOW_BEFORE);
      const wTo = at + k.length + WINDOW_AFTER;
      if (from >= 0 && wFrom <= to) {
        to = wTo;
        continue;
      }
      if (from >= 0 && search(line.slice(from, to))) return true;
      from = wFrom;
      to = wTo;
    }
    if (from >= 0 && search(line.slice(from, to))) return true;
  }
  return false;
}

/**
 * Line rules and the assignment heuristic, on lines that contain an operator and a keyword. For the heuristic, each
 * keyword occurrence is widened to the identifier around it; a secret-like name is then followed by the anchored
 * TAIL match (operator and literal).
 */
function scanLines(rules: SecretRule[], text: string, file: string, unquoted: boolean): SecretHit[] {
  const hits: SecretHit[] = [];
  const counts = new Map<string, number>();
  let lineNo = 0;
  let from = 0;
  while (from <= text.length) {
    const nl = text.indexOf('\n', from);
    const lineEnd = nl === -1 ? text.length : nl;
    lineNo++;
    const line = text.slice(from, lineEnd);
    // Cheap prefilter: every line rule needs an assignment-like operator.
    if (line.includes('=') || line.includes(':')) {
      // Offsets in `lower` must match `line`; a few non-ASCII letters change length when lowercased.
      let lower = line.toLowerCase();
      if (lower.length !== line.length) lower = line.replace(/[A-Z]+/g, (u) => u.toLowerCase());
      for (const rule of rules) {
        if (!rule.keywords?.some((k) => lower.includes(k))) continue;
        const seen = counts.get(rule.name) ?? 0;
        if (seen >= MAX_HITS_PER_RULE) continue;
        if (lineRuleMatches(rule, line, lower)) {
          hits.push({ file, line: lineNo, rule: rule.name });
          counts.set(rule.name, seen + 1);
        }
      }
      if ((counts.get(ASSIGNMENT.name) ?? 0) < MAX_HITS_PER_RULE && assignmentInLine(line, lower, unquoted)) {
        hits.push({ file, line: lineNo, rule: ASSIGNMENT.name });
        counts.set(ASSIGNMENT.name, (counts.get(ASSIGNMENT.name) ?? 0) + 1);
      }
    }
    if (nl === -1) break;
    from = nl + 1;
  }
  return hits;
}

/**
 * A JS mirror of ASSIGNMENT.tail (fixed pattern, disjoint alternatives, linear). Running re2js on every candidate
 * costs ~25 µs a call, so the mirror pre-judges the value and re2js confirms only the candidates the mirror accepts:
 * a finding always rests on the RE2 match.
 */
const TAIL_WINDOW = 1024;

const TAIL_MIRROR =
  /["'\]]*[ \t]*(?::[ \t]*[A-Za-z_][\w.[\]<>|?]*[ \t]*)?(?::=|=>|\?\?=|\|\|=|=|:)[ \t]*(?:(?:[rRbBuUfF]{1,2}|[@$]|\[\]byte\(|Encoding\.\w+\.GetBytes\(|Buffer\.from\()?(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`\\]*)`)|([^\s"'`#;,=|>&*!{}[\]()$%][^\s#;,]*))/y;

/** True when the line assigns a credential-like literal to a secret-like name. Linear in the line's length. */
function assignmentInLine(line: string, lower: string, unquoted: boolean): boolean {
  const tried = new Set<number>();
  for (const keyword of ASSIGNMENT.keywords) {
    let at = lower.indexOf(keyword);
    while (at !== -1) {
      let end = at + keyword.length;
      while (ASSIGNMENT.isNameChar(line[end])) end++;
      let start = at;
      while (ASSIGNMENT.isNameChar(line[start - 1])) start--;
      at = lower.indexOf(keyword, end); // the next identifier: every character is widened over at most once
      if (tried.has(start)) continue;
      tried.add(start);
      // Trailing `.`/`-` belong to no name (`token.` in prose).
      const name = line.slice(start, end).replace(/[.-]+$/, '');
      if (ASSIGNMENT.nameStrength(name) === 'none') continue;
      // A bounded window keeps a huge minified line linear: no candidate looks further than TAIL_WINDOW characters.
      const tail = line.slice(start + name.length, start + name.length + TAIL_WINDOW);
      TAIL_MIRROR.lastIndex = 0;
      const mirror = TAIL_MIRROR.exec(tail);
      if (
        !mirror ||
        !ASSIGNMENT.accept(
          name,
          [...mirror].map((g) => g ?? null),
          unquoted,
        )
      )
        continue;
      const m = ASSIGNMENT.tail.matcher(tail);
      if (!m.lookingAt()) continue;
      if (ASSIGNMENT.accept(name, groupsOf(m, ASSIGNMENT.tail.groupCount()), unquoted)) return true;
    }
  }
  return false;
}

const TEXT_RULES = BUILT_IN_RULES.filter((r) => r.mode === 'text');
const LINE_RULES = BUILT_IN_RULES.filter((r) => r.mode === 'line');

/** Sorted by line, then rule; one entry per (line, rule). */
function normalizeHits(hits: SecretHit[]): SecretHit[] {
  const seen = new Set<string>();
  const out: SecretHit[] = [];
  for (const h of hits.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule))) {
    const key = `${h.line}\u0000${h.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
  }
  return out;
}

/** The built-in rules' findings in a file: computed once per run and file, shared by every check that covers it. */
export function builtInHits(files: ProjectFiles, file: string): Promise<Read<SecretHit[]>> {
  return files.memo(file, 'files:secrets', async (text, rel) => {
    const lines = await lineIndexOf(files, rel, text);
    const unquoted = hasUnquotedValues(rel);
    const hits: SecretHit[] = [];
    for (const rule of TEXT_RULES) hits.push(...scanText(rule, text, lines, rel));
    hits.push(...scanLines(LINE_RULES, text, rel, unquoted));
    return normalizeHits(hits);
  });
}

/** Findings of the user's own patterns (RE2, any non-empty match counts), named `custom pattern #n` (1-based). */
export async function customHits(
  files: ProjectFiles,
  file: string,
  text: string,
  patterns: UserRegex[],
): Promise<SecretHit[]> {
  if (patterns.length === 0) return [];
  const lines = await lineIndexOf(files, file, text);
  const hits: SecretHit[] = [];
  patterns.forEach((regex, i) => {
    let from = 0;
    let found = 0;
    for (let m = findNonEmpty(regex, text, from); m && found < MAX_HITS_PER_RULE; m = findNonEmpty(regex, text, from)) {
      hits.push({ file, line: lines.lineOf(m.start), rule: `custom pattern #${i + 1}` });
      found++;
      from = m.end;
    }
  });
  return normalizeHits(hits);
}

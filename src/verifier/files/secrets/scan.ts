import type { RE2JS } from 're2js';
import type { ProjectFiles, Read } from '../../project-files.js';
import { findNonEmpty, type UserRegex } from '../../regex.js';
import type { LineIndex } from '../../text.js';
import { lineIndexOf } from '../gather.js';
import { BUILT_IN_RULES, hasUnquotedValues, type SecretRule } from './rules.js';

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

function scanText(rule: SecretRule, text: string, lines: LineIndex, file: string, unquoted: boolean): SecretHit[] {
  const hits: SecretHit[] = [];
  const m = rule.regex.matcher(text);
  const count = rule.regex.groupCount();
  let pos = 0;
  while (pos <= text.length && hits.length < MAX_HITS_PER_RULE && m.find(pos)) {
    const start = m.start();
    const end = m.end();
    if (!rule.accept || rule.accept(groupsOf(m, count), { unquotedValues: unquoted })) {
      hits.push({ file, line: lines.lineOf(start), rule: rule.name });
    }
    pos = end > start ? end : end + 1;
  }
  return hits;
}

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
      const lower = line.toLowerCase();
      for (const rule of rules) {
        if (!rule.keywords?.some((k) => lower.includes(k))) continue;
        const seen = counts.get(rule.name) ?? 0;
        if (seen >= MAX_HITS_PER_RULE) continue;
        const m = rule.regex.matcher(line);
        const groupCount = rule.regex.groupCount();
        let pos = 0;
        while (pos <= line.length && m.find(pos)) {
          if (!rule.accept || rule.accept(groupsOf(m, groupCount), { unquotedValues: unquoted })) {
            hits.push({ file, line: lineNo, rule: rule.name });
            counts.set(rule.name, seen + 1);
            break; // one hit per rule and line is enough
          }
          pos = m.end() > m.start() ? m.end() : m.end() + 1;
        }
      }
    }
    if (nl === -1) break;
    from = nl + 1;
  }
  return hits;
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
    for (const rule of TEXT_RULES) hits.push(...scanText(rule, text, lines, rel, unquoted));
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

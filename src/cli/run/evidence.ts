import { builtInHits } from '../../verifier/files/secrets/scan.js';
import { isGlob, ProjectFiles } from '../../verifier/project-files.js';
import type { Evidence } from '../../verifier/types.js';

/**
 * The piece of code tier 2 shows the model: the region the tier-1 check reported, with a little context, read through
 * the verifier's ProjectFiles so the same path rules hold (nothing outside the project root, symlinks included; no
 * binary files). The region goes to a third party (the LLM provider), so every line that no_plaintext_secret's
 * built-in rules flag, and every line of a PEM private-key block, is replaced by a note before it leaves.
 */

export interface EvidenceRegion {
  /** Root-relative POSIX path. */
  file: string;
  /** 1-based, inclusive: the lines `code` holds. */
  startLine: number;
  endLine: number;
  code: string;
  /** True when the region was cut to the line or byte cap. */
  truncated: boolean;
}

/** Lines of context shown before and after the reported region. */
export const CONTEXT_LINES = 5;
/** At most this many lines go to the model … */
export const MAX_REGION_LINES = 200;
/** … and at most this many bytes (UTF-8). */
export const MAX_REGION_BYTES = 24 * 1024;

const positive = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;

/** The path a check without evidence names: a plain (non-glob) `file` or `manifest` param. */
function fallbackFile(params: Record<string, unknown>): string | undefined {
  for (const key of ['file', 'manifest']) {
    const value = params[key];
    if (typeof value === 'string' && value.length > 0 && !isGlob(value)) return value;
  }
  return undefined;
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
function cutToBytes(text: string, max: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= max) return text;
  let end = max;
  // step back over continuation bytes (10xxxxxx) so the cut falls on a character boundary
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/** The lines with a possible secret (1-based `hits`) and those of private-key blocks, each replaced by a note. */
function redactSecrets(lines: string[], hits: readonly { line: number; rule: string }[]): string[] {
  const rules = new Map<number, string>();
  for (const h of hits) if (!rules.has(h.line)) rules.set(h.line, h.rule);
  let inKey = false;
  return lines.map((line, i) => {
    const rule = rules.get(i + 1);
    const keyLine = inKey || PEM_BEGIN.test(line);
    inKey = keyLine && !PEM_END.test(line);
    if (rule === undefined && !keyLine) return line;
    return `[line redacted by assay: possible secret (${rule ?? 'private-key'})]`;
  });
}

/** The region in an already opened ProjectFiles (tier 2 shares one per run, so each file is read once). */
export async function evidenceRegionIn(
  files: ProjectFiles,
  evidence: Evidence | undefined,
  params: Record<string, unknown>,
): Promise<EvidenceRegion | null> {
  let userPath: string | undefined;
  let from: number;
  let to: number;
  if (evidence && typeof evidence.file === 'string' && evidence.file.length > 0) {
    const line = positive(evidence.line) ?? 1;
    const endLine = Math.max(line, positive(evidence.end_line) ?? line);
    userPath = evidence.file;
    from = Math.max(1, line - CONTEXT_LINES);
    to = endLine + CONTEXT_LINES;
  } else {
    userPath = fallbackFile(params);
    from = 1;
    to = MAX_REGION_LINES;
  }
  if (!userPath) return null;
  const norm = files.normalize(userPath);
  if (!norm.ok || norm.value === '') return null;
  let read: Awaited<ReturnType<ProjectFiles['readText']>>;
  try {
    read = await files.readText(norm.value);
  } catch {
    // the project root itself is missing or unreadable
    return null;
  }
  if (!read.ok) return null;
  const hits = await builtInHits(files, norm.value);
  // a file whose secrets cannot be looked for is not shown
  if (!hits.ok) return null;

  const lines = redactSecrets(read.value.split(/\r?\n/), hits.value);
  // a final newline does not start another line
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (from > lines.length) return null;
  let truncated = false;
  let last = Math.min(to, lines.length);
  if (last - from + 1 > MAX_REGION_LINES) {
    last = from + MAX_REGION_LINES - 1;
    truncated = true;
  }
  const kept: string[] = [];
  let bytes = 0;
  for (let n = from; n <= last; n++) {
    const line = lines[n - 1] ?? '';
    const size = Buffer.byteLength(line, 'utf8') + (kept.length > 0 ? 1 : 0);
    if (bytes + size > MAX_REGION_BYTES) {
      truncated = true;
      // a single over-long line (minified code) is cut rather than dropped, so the model sees something
      if (kept.length === 0) kept.push(cutToBytes(line, MAX_REGION_BYTES));
      break;
    }
    kept.push(line);
    bytes += size;
  }
  return {
    file: norm.value,
    startLine: from,
    endLine: from + kept.length - 1,
    code: kept.join('\n'),
    truncated,
  };
}

/**
 * The code region a tier-1 result points at (`evidence.file`, `line`..`end_line`, plus CONTEXT_LINES either side), or
 * the first lines of a plain `file`/`manifest` param when the check reported no evidence. Capped at MAX_REGION_LINES
 * lines and MAX_REGION_BYTES bytes (`truncated` then). Null when there is nothing safe to show: no path, a path that
 * leaves the root (`..`, absolute, a symlink out), a missing, binary or over-large file, or a region past its end.
 */
export function evidenceRegion(
  projectRoot: string,
  evidence: Evidence | undefined,
  params: Record<string, unknown>,
): Promise<EvidenceRegion | null> {
  return evidenceRegionIn(ProjectFiles.at(projectRoot), evidence, params);
}

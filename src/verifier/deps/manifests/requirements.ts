import type { Declaration } from '../model.js';
import { parsePep508, urlSource } from './pep508.js';

export interface RequirementsFile {
  declarations: Declaration[];
  /** `-r` (requirements) and `-c` (constraints) includes, paths as written, relative to the including file. */
  includes: { kind: 'requirement' | 'constraint'; ref: string; line: number }[];
}

/** Logical lines: `\` continuations joined, comments (`#` at start or after whitespace) removed. */
function logicalLines(text: string): { text: string; line: number; endLine: number }[] {
  const out: { text: string; line: number; endLine: number }[] = [];
  const physical = text.split(/\r?\n/);
  let buffer = '';
  let start = 0;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i] as string;
    if (buffer === '') start = i + 1;
    const withoutComment = raw.replace(/(^|\s)#.*$/, '');
    if (/\\$/.test(withoutComment)) {
      buffer += `${withoutComment.slice(0, -1)} `;
      continue;
    }
    buffer += withoutComment;
    if (buffer.trim() !== '') out.push({ text: buffer.trim(), line: start, endLine: i + 1 });
    buffer = '';
  }
  if (buffer.trim() !== '') out.push({ text: buffer.trim(), line: start, endLine: physical.length });
  return out;
}

const INCLUDE = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)$/;

/**
 * A pip requirements (or constraints) file. `constraintFile` marks every entry as a constraint (pip `-c`): it
 * narrows versions without declaring the package.
 */
export function parseRequirements(text: string, file: string, constraintFile: boolean): RequirementsFile {
  const declarations: Declaration[] = [];
  const includes: RequirementsFile['includes'] = [];
  for (const logical of logicalLines(text)) {
    const include = INCLUDE.exec(logical.text);
    if (include) {
      const kind = include[1] === '-r' || include[1] === '--requirement' ? 'requirement' : 'constraint';
      includes.push({ kind, ref: include[2] as string, line: logical.line });
      continue;
    }
    const base = {
      section: constraintFile ? 'constraints' : 'requirements',
      file,
      line: logical.line,
      endLine: logical.endLine,
    };
    const extra = constraintFile ? { constraintOnly: true } : {};
    const editable = /^(-e|--editable)(?:\s*=\s*|\s+)(\S+)/.exec(logical.text);
    const target = editable ? (editable[2] as string) : logical.text;
    if (editable || /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || /^(\.{1,2}\/|\/)/.test(target)) {
      // A URL or path, named by `#egg=name` when it says so.
      const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(target);
      if (egg) declarations.push({ name: egg[1] as string, spec: null, source: urlSource(target), ...base, ...extra });
      continue;
    }
    if (logical.text.startsWith('-')) continue; // other options: --index-url, --hash on its own line, --pre, …
    // Per-requirement options (`--hash=…`, `--config-settings …`) follow the requirement.
    const requirementText = logical.text.replace(/\s+--?[a-z][\w-]*(?:[=\s]\S+)?/gi, '');
    const requirement = parsePep508(requirementText);
    if (requirement) declarations.push({ ...requirement, ...base, ...extra });
  }
  return { declarations, includes };
}

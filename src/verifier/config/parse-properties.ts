import type { MapNode, ParseOutcome } from './model.js';

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/**
 * Java `.properties` as java.util.Properties#load reads it: `#`/`!` comment lines, logical lines joined by an odd
 * number of trailing backslashes (leading whitespace of the next line dropped), the key ending at the first
 * unescaped `=`, `:` or whitespace, `\uXXXX` and `\t\n\r\f` escapes, any other escaped character taken literally.
 * A malformed `\u` escape is a parse error, as in Java. A repeated key keeps its last value.
 */
export function parseProperties(text: string): ParseOutcome {
  const root: MapNode = { kind: 'map', entries: new Map() };
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let index = 0; index < rows.length; index++) {
    const startLine = index + 1;
    const first = (rows[index] as string).replace(/^[ \t\f]+/, '');
    if (first === '' || first.startsWith('#') || first.startsWith('!')) continue;
    let logical = first;
    while (endsWithContinuation(logical) && index + 1 < rows.length) {
      index++;
      logical = logical.slice(0, -1) + (rows[index] as string).replace(/^[ \t\f]+/, '');
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);
    const split = splitKeyValue(logical);
    const key = unescapeProperties(split.key);
    const value = unescapeProperties(split.value);
    if (key === null || value === null) {
      return { ok: false, line: startLine, message: 'properties parse error: malformed \\uXXXX escape' };
    }
    root.entries.set(key, { node: { kind: 'scalar', value, untyped: true }, line: startLine, endLine: index + 1 });
  }
  return {
    ok: true,
    config: {
      format: 'properties',
      documents: [{ node: root, line: 1, endLine: Math.max(1, rows.length) }],
      flatKeys: true,
      caseInsensitive: false,
      fanOut: false,
    },
  };
}

function endsWithContinuation(line: string): boolean {
  let slashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '\\') i += 2;
    else if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    else i++;
  }
  const key = line.slice(0, Math.min(i, line.length));
  let j = i;
  while (j < line.length && /[ \t\f]/.test(line[j] as string)) j++;
  if (j < line.length && (line[j] === '=' || line[j] === ':')) j++;
  while (j < line.length && /[ \t\f]/.test(line[j] as string)) j++;
  return { key, value: line.slice(j) };
}

/** Resolves escapes; null when a `\u` escape is not followed by four hex digits. */
function unescapeProperties(raw: string): string | null {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = raw.slice(i + 2, i + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) return null;
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 5;
    } else {
      out += ESCAPES[next] ?? next;
      i++;
    }
  }
  return out;
}

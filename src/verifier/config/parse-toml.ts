import { parse, TomlDate, TomlError } from 'smol-toml';
import type { ConfigNode, Entry, ParseOutcome } from './model.js';

/**
 * TOML through smol-toml, which gives values but no positions; the lines of keys and table headers come from a
 * light scan of the text (see `tomlKeyLines`), so evidence points at the key.
 */
export function parseToml(text: string): ParseOutcome {
  let value: Record<string, unknown>;
  try {
    value = parse(text, { integersAsBigInt: 'asNeeded' }) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const message = (e.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      return { ok: false, line: e.line, message: `TOML parse error: ${message}` };
    }
    throw e;
  }
  const lines = tomlKeyLines(text);
  const lastLine = text.split('\n').length;
  const convert = (v: unknown, path: string[], fallbackLine: number): Entry => {
    const at = lines.get(path.join('\u0000'));
    const line = at?.line ?? fallbackLine;
    const endLine = at?.endLine ?? line;
    if (Array.isArray(v)) {
      return {
        node: { kind: 'list', items: v.map((item, i) => convert(item, [...path, `[${i}]`], line)) },
        line,
        endLine,
      };
    }
    if (v instanceof TomlDate) return { node: { kind: 'scalar', value: v.toISOString() }, line, endLine };
    if (v !== null && typeof v === 'object') {
      const entries = new Map<string, Entry>();
      for (const [k, child] of Object.entries(v)) entries.set(k, convert(child, [...path, k], line));
      return { node: { kind: 'map', entries } satisfies ConfigNode, line, endLine };
    }
    const scalar = typeof v === 'bigint' ? Number(v) : (v as string | number | boolean);
    return { node: { kind: 'scalar', value: scalar }, line, endLine };
  };
  const root = convert(value, [], 1);
  root.endLine = lastLine;
  return {
    ok: true,
    config: { format: 'toml', documents: [root], flatKeys: false, caseInsensitive: false, fanOut: false },
  };
}

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const DOTTED_KEY = String.raw`${KEY_PART}(?:\s*\.\s*${KEY_PART})*`;
const TABLE_HEADER = new RegExp(String.raw`^\s*(\[\[?)\s*(${DOTTED_KEY})\s*\]\]?`);
const KEY_VALUE = new RegExp(String.raw`^\s*(${DOTTED_KEY})\s*=`);
const PART = new RegExp(KEY_PART, 'g');

function splitDotted(key: string): string[] {
  return [...key.matchAll(PART)].map(([part]) => {
    if (part.startsWith('"')) return JSON.parse(part) as string;
    if (part.startsWith("'")) return part.slice(1, -1);
    return part;
  });
}

/**
 * Line of every table header and key, by path (array-of-tables elements as `[i]`). Multi-line strings are skipped
 * so their contents are never taken for keys. A value spanning lines (multi-line array or string) gets its end line.
 */
export function tomlKeyLines(text: string): Map<string, { line: number; endLine: number }> {
  const out = new Map<string, { line: number; endLine: number }>();
  const arrayCounts = new Map<string, number>();
  const rows = text.split('\n');
  let table: string[] = [];
  let openString: '"""' | "'''" | null = null;
  let lastKey: string | null = null;
  let depth = 0;
  // Resolves a header path against arrays of tables seen so far: `[a.b]` after `[[a]]` means a[last].b.
  const resolvePath = (parts: string[]): string[] => {
    const resolved: string[] = [];
    for (const part of parts) {
      resolved.push(part);
      const count = arrayCounts.get(resolved.join('\u0000'));
      if (count !== undefined) resolved.push(`[${count - 1}]`);
    }
    return resolved;
  };
  rows.forEach((row, index) => {
    const line = index + 1;
    if (openString) {
      if (row.includes(openString)) openString = null;
      if (lastKey) (out.get(lastKey) as { endLine: number }).endLine = line;
      return;
    }
    if (depth > 0) {
      depth += bracketBalance(row);
      if (lastKey) (out.get(lastKey) as { endLine: number }).endLine = line;
      return;
    }
    const header = TABLE_HEADER.exec(row);
    if (header) {
      const parts = splitDotted(header[2] as string);
      if (header[1] === '[[') {
        const base = resolvePath(parts.slice(0, -1));
        const arrayPath = [...base, parts.at(-1) as string];
        const arrayKey = arrayPath.join('\u0000');
        const count = (arrayCounts.get(arrayKey) ?? 0) + 1;
        arrayCounts.set(arrayKey, count);
        if (count === 1) out.set(arrayKey, { line, endLine: line });
        table = [...arrayPath, `[${count - 1}]`];
      } else {
        table = resolvePath(parts);
      }
      // The header also defines every implicit parent table it names (`[a.b.c]` defines a and a.b).
      for (let i = 1; i <= table.length; i++) {
        const prefix = table.slice(0, i).join('\u0000');
        if (!out.has(prefix)) out.set(prefix, { line, endLine: line });
      }
      lastKey = null;
      return;
    }
    const kv = KEY_VALUE.exec(row);
    if (!kv) return;
    const keyPath = [...table, ...splitDotted(kv[1] as string)];
    const key = keyPath.join('\u0000');
    // Intermediate tables of a dotted key (`a.b.c = 1`) start at this line too.
    for (let i = table.length + 1; i < keyPath.length; i++) {
      const prefix = keyPath.slice(0, i).join('\u0000');
      if (!out.has(prefix)) out.set(prefix, { line, endLine: line });
    }
    out.set(key, { line, endLine: line });
    lastKey = key;
    const rest = row.slice(kv[0].length);
    const triple = /"""|'''/.exec(rest);
    if (triple && rest.split(triple[0]).length === 2) openString = triple[0] as '"""' | "'''";
    else depth = Math.max(0, bracketBalance(rest));
  });
  return out;
}

/** Net count of opening minus closing brackets and braces outside strings and comments (multi-line arrays). */
function bracketBalance(row: string): number {
  let balance = 0;
  let quote: string | null = null;
  for (let i = 0; i < row.length; i++) {
    const c = row[i] as string;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') break;
    else if (c === '[' || c === '{') balance++;
    else if (c === ']' || c === '}') balance--;
  }
  return balance;
}

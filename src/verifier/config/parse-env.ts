import type { Entry, MapNode, ParseOutcome } from './model.js';

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=)?/;
const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * Dotenv files (`.env`, `.env.*`, `*.env`), read the way python-dotenv, Docker Compose and shells agree on:
 * `KEY=VALUE`, optional `export `, full-line `#` comments, a bare `KEY` (no value). Unquoted values are trimmed and
 * an inline comment starts at a `#` preceded by whitespace (`A=abc#def` keeps the `#`). Single quotes are literal;
 * double quotes expand `\n`, `\t`, `\"`, `\\`; both may span lines. `${VAR}` references are not expanded: the
 * value is compared as written. A line that is none of these, or an unterminated quote, is a parse error.
 */
export function parseEnv(text: string): ParseOutcome {
  const root: MapNode = { kind: 'map', entries: new Map() };
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < rows.length; index++) {
    const line = index + 1;
    const row = rows[index] as string;
    const trimmed = row.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = ASSIGNMENT.exec(row);
    if (!m) return { ok: false, line, message: 'dotenv parse error: expected KEY=VALUE' };
    const key = m[1] as string;
    let rest = row.slice(m[0].length);
    if (!m[2]) {
      if (rest.trim() !== '' && !rest.trim().startsWith('#')) {
        return { ok: false, line, message: 'dotenv parse error: expected KEY=VALUE' };
      }
      root.entries.set(key, entry('', line, line));
      continue;
    }
    const afterEquals = rest;
    rest = rest.trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may continue on the following lines until its closing quote.
      let body = rest.slice(1);
      let endIndex = index;
      let close = findClose(body, quote);
      while (close === -1 && endIndex + 1 < rows.length) {
        endIndex++;
        body += `\n${rows[endIndex]}`;
        close = findClose(body, quote);
      }
      if (close === -1) return { ok: false, line, message: `dotenv parse error: unterminated ${quote} quote` };
      const after = body.slice(close + 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        return { ok: false, line: endIndex + 1, message: 'dotenv parse error: text after the closing quote' };
      }
      const raw = body.slice(0, close);
      const value = quote === '"' ? raw.replace(/\\(.)/gs, (all, c: string) => DOUBLE_ESCAPES[c] ?? all) : raw;
      root.entries.set(key, entry(value, line, endIndex + 1));
      index = endIndex;
      continue;
    }
    const comment = /\s#/.exec(afterEquals);
    const value = (comment ? afterEquals.slice(0, comment.index) : afterEquals).trim();
    root.entries.set(key, entry(value, line, line));
  }
  return {
    ok: true,
    config: {
      format: 'env',
      documents: [{ node: root, line: 1, endLine: Math.max(1, rows.length) }],
      flatKeys: true,
      caseInsensitive: false,
      fanOut: false,
    },
  };
}

function entry(value: string, line: number, endLine: number): Entry {
  return { node: { kind: 'scalar', value, untyped: true }, line, endLine };
}

function findClose(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && quote !== "'") i++;
    else if (c === quote) return i;
  }
  return -1;
}

import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';

/**
 * Response headers set by web-server configuration: nginx `add_header` / `more_set_headers`, Apache
 * `Header [always|onsuccess] set|append|merge|add|setifempty`, IIS `<customHeaders><add name=… value=…/>`.
 */

export interface ServerHeader {
  header: string;
  /** The literal value; null when it interpolates a server variable (`$host`, `%{VAR}e`). */
  value: string | null;
  offset: number;
  how: string;
}

const SERVER_DIRS = new Set(['nginx', 'apache', 'apache2', 'httpd', 'sites-available', 'sites-enabled', 'conf.d']);

export type ServerConfigKind = 'server' | 'iis';

export function serverConfigKind(file: string): ServerConfigKind | null {
  const base = path.posix.basename(file).toLowerCase();
  const ext = path.posix.extname(base);
  if (base === 'web.config' || ext === '.config') return 'iis';
  if (base === '.htaccess' || ['.conf', '.htaccess', '.vhost', '.nginx'].includes(ext)) return 'server';
  const dirs = path.posix.dirname(file).toLowerCase().split('/');
  if (dirs.some((d) => SERVER_DIRS.has(d)) && ['', '.inc', '.template', '.site'].includes(ext)) return 'server';
  return null;
}

interface Statement {
  words: string[];
  /** Which words were quoted (a quoted `$` is still an nginx variable, but quoting tells us where values end). */
  offset: number;
}

/** nginx: statements end at `;`, `{` or `}`; `#` starts a comment outside quotes. */
function nginxStatements(text: string): Statement[] {
  const out: Statement[] = [];
  let words: string[] = [];
  let start = -1;
  let i = 0;
  const end = () => {
    if (words.length > 0) out.push({ words, offset: start });
    words = [];
    start = -1;
  };
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      end();
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === '"' || c === "'") {
      let j = i + 1;
      let word = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        word += text[j];
        j++;
      }
      words.push(word);
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s;{}#]/.test(text[j] ?? '')) j++;
    words.push(text.slice(i, j));
    i = j;
  }
  end();
  return out;
}

/** Apache: one directive per line, `\` continues a line, `#` comments only at the start of a line. */
function apacheDirectives(text: string): Statement[] {
  const out: Statement[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let buffer = '';
  let bufferStart = 0;
  for (const line of lines) {
    if (!buffer) bufferStart = offset;
    offset += line.length + 1;
    if (!buffer && /^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      buffer += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    const full = buffer + line;
    buffer = '';
    const words: string[] = [];
    for (const m of full.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
      words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
    }
    if (words.length > 0) out.push({ words, offset: bufferStart });
  }
  return out;
}

const APACHE_SETTING_ACTIONS = new Set(['set', 'append', 'merge', 'add', 'setifempty']);

export function scanServerConfig(text: string): ServerHeader[] {
  const out: ServerHeader[] = [];
  for (const st of nginxStatements(text)) {
    const [directive, ...args] = st.words;
    if (directive === 'add_header' && args.length >= 2) {
      const value = args[1] ?? '';
      out.push({
        header: args[0] ?? '',
        value: /\$\w/.test(value) ? null : value,
        offset: st.offset,
        how: 'nginx add_header',
      });
    }
    if (directive === 'more_set_headers') {
      for (const arg of args) {
        const m = /^([^:\s-][^:\s]*)\s*:\s*(.*)$/s.exec(arg);
        if (m)
          out.push({
            header: m[1] ?? '',
            value: /\$\w/.test(m[2] ?? '') ? null : (m[2] ?? ''),
            offset: st.offset,
            how: 'nginx more_set_headers',
          });
      }
    }
  }
  for (const st of apacheDirectives(text)) {
    const [directive, ...args] = st.words;
    if (directive?.toLowerCase() !== 'header') continue;
    let i = 0;
    if (/^(always|onsuccess)$/i.test(args[0] ?? '')) i++;
    const action = args[i]?.toLowerCase() ?? '';
    if (!APACHE_SETTING_ACTIONS.has(action) || !args[i + 1]) continue;
    const value = args[i + 2] ?? '';
    out.push({
      header: args[i + 1] ?? '',
      value: /%\{[^}]*\}/.test(value) ? null : value,
      offset: st.offset,
      how: `Apache Header ${args.slice(0, i + 1).join(' ')}`,
    });
  }
  return out;
}

export type IisScan = { ok: true; headers: ServerHeader[] } | { ok: false; message: string; line: number };

/** IIS web.config: `<add name=… value=…/>` inside `<customHeaders>` (comments never count). */
export function scanIisConfig(text: string): IisScan {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, message: valid.err.msg, line: valid.err.line };
  // blank out comments but keep offsets, so lines stay right
  const clean = text.replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '));
  const out: ServerHeader[] = [];
  for (const section of clean.matchAll(/<customHeaders\b[^>]*>([\s\S]*?)<\/customHeaders>/g)) {
    const base = (section.index ?? 0) + section[0].indexOf(section[1] ?? '');
    for (const add of (section[1] ?? '').matchAll(/<add\b([^>]*)\/?>/g)) {
      const attrs = attributes(add[1] ?? '');
      const name = attrs.get('name');
      if (!name) continue;
      out.push({
        header: name,
        value: attrs.get('value') ?? '',
        offset: base + (add.index ?? 0),
        how: 'IIS customHeaders',
      });
    }
  }
  return { ok: true, headers: out };
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out.set(m[1] ?? '', decodeXml(m[2] ?? m[3] ?? ''));
  }
  return out;
}

function decodeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

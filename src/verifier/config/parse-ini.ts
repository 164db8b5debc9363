import type { Entry, MapNode, ParseOutcome } from './model.js';

/**
 * INI / CFG (setup.cfg, tox.ini, php.ini, .editorconfig, .gitconfig style). Sections become maps under the root,
 * keys before the first section live at the root. `key = value` and `key: value` (configparser) are both accepted,
 * a bare `key` has an empty value, full-line comments start with `;` or `#`, an inline comment is `;` or `#`
 * preceded by whitespace in an unquoted value, a deeper-indented line continues the previous value (configparser),
 * surrounding double quotes are removed (PHP, git). Git's `[remote "origin"]` is section `remote.origin`.
 * Repeated sections merge; a repeated key keeps its last value. With `sectionlessKeys` (php.ini) every key is also
 * found by its own name, whatever section it sits in. configparser's `[DEFAULT]` section supplies its keys
 * to every other section that does not set them (setup.cfg, tox.ini, alembic.ini, Python app configs).
 */
export function parseIni(text: string, options: { sectionlessKeys?: boolean } = {}): ParseOutcome {
  const root: MapNode = { kind: 'map', entries: new Map() };
  const rows = text.split(/\r?\n/);
  let section: { map: MapNode; entry: Entry } | null = null;
  let last: { entry: Entry; indent: number; lines: string[] } | null = null;
  const finish = () => {
    if (!last) return;
    if (last.lines.length > 1 && last.entry.node.kind === 'scalar') {
      last.entry.node.value = last.lines.join('\n').replace(/\n+$/, '');
    }
    last = null;
  };
  for (let index = 0; index < rows.length; index++) {
    const line = index + 1;
    const row = (rows[index] as string).replace(/^\uFEFF/, '');
    const trimmed = row.trim();
    const indent = row.length - row.trimStart().length;
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    if (last && indent > last.indent) {
      last.lines.push(stripInlineComment(trimmed));
      last.entry.endLine = line;
      if (section) section.entry.endLine = line;
      continue;
    }
    finish();
    if (trimmed.startsWith('[')) {
      const close = trimmed.lastIndexOf(']');
      if (close === -1) return { ok: false, line, message: 'INI parse error: section header without closing "]"' };
      const name = sectionName(trimmed.slice(1, close).trim());
      const existing = root.entries.get(name);
      if (existing && existing.node.kind === 'map') {
        section = { map: existing.node, entry: existing };
      } else {
        const map: MapNode = { kind: 'map', entries: new Map() };
        const entry: Entry = { node: map, line, endLine: line };
        root.entries.set(name, entry);
        section = { map, entry };
      }
      continue;
    }
    const sep = firstSeparator(trimmed);
    const key = (sep === -1 ? trimmed : trimmed.slice(0, sep)).trim();
    if (key === '') return { ok: false, line, message: 'INI parse error: a line with a value but no key' };
    const raw = sep === -1 ? '' : trimmed.slice(sep + 1).trim();
    const entry: Entry = { node: { kind: 'scalar', value: unquote(raw), untyped: true }, line, endLine: line };
    (section ? section.map : root).entries.set(key, entry);
    // php.ini: PHP reads every directive by its own name; `[PHP]`, `[Session]` headers only group them.
    if (section && options.sectionlessKeys) root.entries.set(key, entry);
    if (section) section.entry.endLine = line;
    last = { entry, indent, lines: [unquote(raw)] };
  }
  finish();
  inheritDefaults(root);
  const lastLine = Math.max(1, rows.length);
  return {
    ok: true,
    config: {
      format: 'ini',
      documents: [{ node: root, line: 1, endLine: lastLine }],
      flatKeys: true,
      caseInsensitive: true,
      fanOut: false,
    },
  };
}

/** Each section sees the `[DEFAULT]` keys it does not set itself, at their line in `[DEFAULT]`. */
function inheritDefaults(root: MapNode): void {
  const defaults = root.entries.get('DEFAULT')?.node;
  if (defaults?.kind !== 'map') return;
  for (const [name, entry] of root.entries) {
    if (name === 'DEFAULT' || entry.node.kind !== 'map') continue;
    for (const [key, value] of defaults.entries) {
      if (!entry.node.entries.has(key)) entry.node.entries.set(key, value);
    }
  }
}

function firstSeparator(row: string): number {
  const eq = row.indexOf('=');
  const colon = row.indexOf(':');
  if (eq === -1) return colon;
  if (colon === -1) return eq;
  return Math.min(eq, colon);
}

function sectionName(inside: string): string {
  const git = /^([^\s"]+)\s+"((?:[^"\\]|\\.)*)"$/.exec(inside);
  return git ? `${git[1]}.${(git[2] as string).replace(/\\(.)/g, '$1')}` : inside;
}

function stripInlineComment(value: string): string {
  const m = /\s[;#]/.exec(value);
  return m ? value.slice(0, m.index).trimEnd() : value;
}

function unquote(raw: string): string {
  for (const q of ['"', "'"]) {
    if (raw.startsWith(q)) {
      const close = raw.indexOf(q, 1);
      if (close > 0 && /^\s*(?:[;#].*)?$/.test(raw.slice(close + 1))) return raw.slice(1, close);
    }
  }
  return stripInlineComment(raw);
}

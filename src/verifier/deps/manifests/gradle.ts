import type { Declaration } from '../model.js';
import { type Token, tokenize } from './gradle-tokens.js';

/** Configurations that never name a dependency even though they sit in a dependencies block. */
const NOT_CONFIGURATIONS = new Set([
  'if',
  'else',
  'for',
  'while',
  'def',
  'val',
  'var',
  'return',
  'project',
  'files',
  'fileTree',
]);
const WRAPPERS = new Set(['platform', 'enforcedPlatform', 'testFixtures', 'kotlin']);

/** Marks a declaration whose coordinates come from the version catalog (`libs.<alias>`). */
export const CATALOG_PREFIX = 'libs.';

export interface GradleScript {
  declarations: Declaration[];
  /** Simple string variables assigned in the script (`def v = '1.2'`, `val v = "1.2"`, `ext { v = '1.2' }`, …). */
  variables: Map<string, string>;
}

/** The index just past the bracket matching the one at `open`. */
function matching(tokens: Token[], open: number): number {
  const o = (tokens[open] as Token & { value: string }).value;
  const c = o === '(' ? ')' : o === '{' ? '}' : ']';
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'punct') continue;
    if (t.value === o) depth++;
    else if (t.value === c && --depth === 0) return i + 1;
  }
  return tokens.length;
}

const isPunct = (t: Token | undefined, v: string) => t?.kind === 'punct' && t.value === v;

function collectVariables(tokens: Token[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    // NAME = 'x' (def/val/var/ext. prefixes are separate tokens) and `set("NAME", "x")`, `extra["NAME"] = "x"`.
    if (t.kind === 'ident' && isPunct(tokens[i + 1], '=') && tokens[i + 2]?.kind === 'string') {
      const value = tokens[i + 2] as Token & { value: string };
      if (!vars.has(t.value)) vars.set(t.value, value.value);
    }
    if (
      t.kind === 'ident' &&
      t.value === 'set' &&
      isPunct(tokens[i + 1], '(') &&
      tokens[i + 2]?.kind === 'string' &&
      isPunct(tokens[i + 3], ',') &&
      tokens[i + 4]?.kind === 'string'
    ) {
      vars.set((tokens[i + 2] as { value: string }).value, (tokens[i + 4] as { value: string }).value);
    }
    if (
      t.kind === 'ident' &&
      isPunct(tokens[i + 1], '[') &&
      tokens[i + 2]?.kind === 'string' &&
      isPunct(tokens[i + 3], ']') &&
      isPunct(tokens[i + 4], '=') &&
      tokens[i + 5]?.kind === 'string'
    ) {
      vars.set((tokens[i + 2] as { value: string }).value, (tokens[i + 5] as { value: string }).value);
    }
    // Kotlin `val v by extra("x")`
    if (
      t.kind === 'ident' &&
      t.value === 'by' &&
      tokens[i - 1]?.kind === 'ident' &&
      tokens[i + 1]?.kind === 'ident' &&
      isPunct(tokens[i + 2], '(') &&
      tokens[i + 3]?.kind === 'string'
    ) {
      vars.set((tokens[i - 1] as { value: string }).value, (tokens[i + 3] as { value: string }).value);
    }
  }
  return vars;
}

interface Coordinate {
  group: string;
  name: string;
  version: string | null;
  interpolated: boolean;
  catalog?: boolean;
}

/**
 * `libs.a.b.c` (optionally wrapped, e.g. `platform(libs.x)`) as the alias `a.b.c`, and `libs.bundles.x` as
 * `bundles.x` (the loader expands it to the bundle's libraries); plugins and versions are not dependencies.
 */
function catalogAccessor(args: Token[]): string | null {
  const start = args.findIndex((t) => t.kind === 'ident' && t.value === 'libs');
  if (start === -1 || args.slice(0, start).some((t) => t.kind === 'ident' && !WRAPPERS.has(t.value))) return null;
  const parts: string[] = [];
  for (let i = start + 1; isPunct(args[i], '.') && args[i + 1]?.kind === 'ident'; i += 2)
    parts.push((args[i + 1] as { value: string }).value);
  if (parts.length === 0 || parts[0] === 'plugins' || parts[0] === 'versions') return null;
  if (parts[0] === 'bundles' && parts.length === 1) return null;
  return parts.join('.');
}

/** The dependency named by a statement's argument tokens, or null (project(...), files(...), a catalog alias). */
function coordinateOf(args: Token[]): Coordinate | null {
  // Map notation: group: 'g', name: 'n', version: 'v' (Groovy) or group = "g", … (Kotlin named arguments).
  const map = new Map<string, Token & { kind: 'string' }>();
  for (let i = 0; i + 2 < args.length; i++) {
    const k = args[i] as Token;
    const sep = args[i + 1];
    const v = args[i + 2] as Token;
    if (k.kind === 'ident' && (isPunct(sep, ':') || isPunct(sep, '=')) && v.kind === 'string') map.set(k.value, v);
  }
  const name = map.get('name');
  if (name) {
    const version = map.get('version');
    return {
      group: map.get('group')?.value ?? '',
      name: name.value,
      version: version?.value ?? null,
      interpolated: Boolean(version?.interpolated),
    };
  }
  // A version catalog accessor: libs.some.alias (resolved against gradle/libs.versions.toml by the loader).
  const catalog = catalogAccessor(args);
  if (catalog) return { group: '', name: catalog, version: null, interpolated: false, catalog: true };
  // String notation, possibly wrapped: platform("g:n:v").
  for (let i = 0; i < args.length; i++) {
    const t = args[i] as Token;
    if (t.kind === 'ident' && !WRAPPERS.has(t.value)) return null;
    if (t.kind !== 'string') continue;
    const parts = t.value.split('@')[0]?.split(':') ?? [];
    if (parts.length < 2 || parts.some((p, idx) => p === '' && idx < 2)) return null;
    return {
      group: parts[0] as string,
      name: parts[1] as string,
      version: parts[2] ?? null,
      interpolated: t.interpolated,
    };
  }
  return null;
}

/** Reads a rich version from a trailing `{ version { strictly 'x' } }` or `{ version { require("x") } }` closure. */
function closureVersion(tokens: Token[], from: number, to: number): string | null {
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'ident' && (t.value === 'strictly' || t.value === 'require' || t.value === 'prefer')) {
      const next = isPunct(tokens[i + 1], '(') ? tokens[i + 2] : tokens[i + 1];
      if (next?.kind === 'string') return next.value;
    }
  }
  return null;
}

/**
 * build.gradle / build.gradle.kts: every statement `configuration <args>` or `configuration(<args>)` inside a
 * `dependencies { }` block (and its `constraints { }`), in string (`'g:n:v'`), map (`group: 'g', name: 'n',
 * version: 'v'`) and wrapped (`platform('g:n:v')`) notations.
 */
export function parseGradle(text: string, file: string): GradleScript {
  const tokens = tokenize(text);
  const declarations: Declaration[] = [];
  const blocks: string[] = [];
  let statementStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'newline' || isPunct(t, ';')) {
      statementStart = true;
      continue;
    }
    if (isPunct(t, '{')) {
      let j = i - 1;
      if (isPunct(tokens[j], ')')) {
        let depth = 0;
        for (; j >= 0; j--) {
          if (isPunct(tokens[j], ')')) depth++;
          else if (isPunct(tokens[j], '(') && --depth === 0) break;
        }
        j--;
      }
      const name = tokens[j];
      blocks.push(name?.kind === 'ident' ? name.value : '');
      statementStart = true;
      continue;
    }
    if (isPunct(t, '}')) {
      blocks.pop();
      statementStart = true;
      continue;
    }
    const inDependencies =
      blocks.at(-1) === 'dependencies' || (blocks.at(-1) === 'constraints' && blocks.at(-2) === 'dependencies');
    if (!statementStart || !inDependencies || t.kind !== 'ident' || NOT_CONFIGURATIONS.has(t.value)) {
      statementStart = false;
      continue;
    }
    statementStart = false;
    // Arguments: a parenthesised list, or (Groovy command syntax) the rest of the line, continued after a comma.
    let end: number;
    let argsFrom = i + 1;
    if (isPunct(tokens[i + 1], '(')) {
      end = matching(tokens, i + 1);
      argsFrom = i + 2;
    } else {
      end = i + 1;
      while (end < tokens.length) {
        const e = tokens[end] as Token;
        if (e.kind === 'newline' && !isPunct(tokens[end - 1], ',')) break;
        if (isPunct(e, ';') || isPunct(e, '{') || isPunct(e, '}')) break;
        if (isPunct(e, '(')) {
          end = matching(tokens, end);
          continue;
        }
        end++;
      }
    }
    const args = tokens.slice(argsFrom, end).filter((a) => a.kind !== 'newline');
    const coordinate = coordinateOf(args);
    if (!coordinate) continue;
    let version = coordinate.version;
    let closureEnd = end;
    if (isPunct(tokens[end], '{')) {
      closureEnd = matching(tokens, end);
      version ??= closureVersion(tokens, end, closureEnd);
    }
    const lastLine = (tokens[Math.max(i, closureEnd - 1)] as Token).line;
    declarations.push({
      name: coordinate.catalog ? `${CATALOG_PREFIX}${coordinate.name}` : `${coordinate.group}:${coordinate.name}`,
      spec: version,
      source: 'registry',
      section: `${blocks.at(-1) === 'constraints' ? 'dependencies.constraints' : 'dependencies'} (${t.value})`,
      file,
      line: t.line,
      endLine: lastLine,
    });
    i = end - 1;
  }
  return { declarations, variables: collectVariables(tokens) };
}

/** Resolves `$name` / `${name}` (with `project.`, `rootProject.`, `ext.`, `extra.` prefixes) in a version. */
export function interpolateGradle(
  value: string,
  lookup: (name: string) => string | undefined,
): { value: string; missing?: string } {
  let missing: string | undefined;
  const out = value.replace(
    /\$\{([^}]+)\}|\$([A-Za-z_][A-Za-z0-9_.]*)/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const raw = (braced ?? bare ?? '').trim();
      const name = raw
        .replace(/^(rootProject\.|project\.)?(ext\.|extra\.|properties\.)?/, '')
        .replace(/^extra\["(.+)"\]$/, '$1');
      const v = lookup(name);
      if (v === undefined) missing ??= raw;
      return v ?? whole;
    },
  );
  return missing ? { value: out, missing } : { value: out };
}

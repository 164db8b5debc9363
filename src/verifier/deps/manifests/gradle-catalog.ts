import type { Declaration } from '../model.js';
import { parseTomlText } from './pyproject.js';
import { TextLines, tomlHeaderPattern, tomlKeyPattern } from './text-lines.js';

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export interface CatalogEntry {
  module: string;
  /** A `[bundles]` entry: the library aliases it groups (`module` is then the bundle's own alias). */
  bundle?: string[];
  version: string | null;
  line: number;
  /** Why the version could not be read (an unknown version.ref). */
  unresolved?: string;
}

/** Gradle accessors normalise `-`, `_` and `.` in aliases to `.`: `libs.jackson.databind` is `jackson-databind`. */
export const catalogKey = (alias: string) => alias.replace(/[-_.]/g, '.').toLowerCase();

/**
 * Gradle also writes an exclusive range bound with an outward bracket (`[1.0, 2.0[`, `]1.0, 2.0]`); Maven's
 * notation for the same range uses parentheses (`[1.0,2.0)`, `(1.0,2.0]`).
 */
export function gradleRangeAsMaven(v: string): string {
  const m = /^\s*([[\]])\s*([^,[\]()]*?)\s*,\s*([^,[\]()]*?)\s*([[\]])\s*$/.exec(v);
  if (!m || (m[1] === '[' && m[4] === ']')) return v;
  return `${m[1] === '[' ? '[' : '('}${m[2]},${m[3]}${m[4] === ']' ? ']' : ')'}`;
}

/** A rich version table `{ strictly, require, prefer }` or a plain string, as the version it pins. */
function versionOf(v: unknown): string | null {
  if (typeof v === 'string') return gradleRangeAsMaven(v);
  if (isTable(v))
    for (const key of ['strictly', 'require', 'prefer'])
      if (typeof v[key] === 'string') return gradleRangeAsMaven(v[key] as string);
  return null;
}

/** gradle/libs.versions.toml: `[libraries]` aliases with their module and version (direct or `version.ref`). */
export function parseVersionCatalog(text: string, file: string): Map<string, CatalogEntry> {
  const doc = parseTomlText(text);
  const lines = new TextLines(text);
  const versions = isTable(doc.versions) ? doc.versions : {};
  const libraries = isTable(doc.libraries) ? doc.libraries : {};
  const out = new Map<string, CatalogEntry>();
  for (const alias of Object.keys(libraries)) {
    const value = libraries[alias];
    const line = lines.findAfter(tomlHeaderPattern(['libraries']), new RegExp(`^\\s*${tomlKeyPattern(alias)}\\s*=`));
    if (typeof value === 'string') {
      const [g, n, v] = value.split(':');
      if (g && n) out.set(catalogKey(alias), { module: `${g}:${n}`, version: v ?? null, line });
      continue;
    }
    if (!isTable(value)) continue;
    const module =
      typeof value.module === 'string'
        ? value.module
        : typeof value.group === 'string' && typeof value.name === 'string'
          ? `${value.group}:${value.name}`
          : null;
    if (!module) continue;
    const ref = isTable(value.version) && typeof value.version.ref === 'string' ? value.version.ref : undefined;
    if (ref !== undefined) {
      const resolved = versionOf(versions[ref]);
      out.set(
        catalogKey(alias),
        resolved === null
          ? { module, version: null, line, unresolved: `version.ref ${ref} is not defined in ${file}` }
          : { module, version: resolved, line },
      );
    } else {
      out.set(catalogKey(alias), { module, version: versionOf(value.version), line });
    }
  }
  // `[bundles]`: `libs.bundles.<name>` declares every library of the bundle.
  const bundles = isTable(doc.bundles) ? doc.bundles : {};
  for (const name of Object.keys(bundles)) {
    const members = bundles[name];
    if (!Array.isArray(members)) continue;
    const line = lines.findAfter(tomlHeaderPattern(['bundles']), new RegExp(`^\\s*${tomlKeyPattern(name)}\\s*=`));
    out.set(`bundles.${catalogKey(name)}`, {
      module: `bundles.${name}`,
      bundle: members.filter((m): m is string => typeof m === 'string'),
      version: null,
      line,
    });
  }
  return out;
}

/** Replaces a `libs.<alias>` declaration with the catalog's module and version (a bundle: each of its libraries). */
export function resolveCatalogDeclaration(
  d: Declaration,
  alias: string,
  catalog: { file: string; entries: Map<string, CatalogEntry> } | undefined,
  bundles = true,
): Declaration[] {
  const entry = catalog?.entries.get(catalogKey(alias));
  if (entry?.bundle && !bundles) return [];
  if (!catalog || !entry) {
    const why = catalog
      ? `libs.${alias} is not in ${catalog.file}`
      : `libs.${alias} needs gradle/libs.versions.toml, which is not inside the project root`;
    return [{ ...d, name: `libs.${alias}`, spec: null, unresolved: why }];
  }
  const section = `${d.section}, via ${catalog.file}:${entry.line}`;
  if (entry.bundle) {
    return entry.bundle.flatMap((alias) => resolveCatalogDeclaration({ ...d, section }, alias, catalog, false));
  }
  return [
    entry.unresolved
      ? { ...d, name: entry.module, spec: null, section, unresolved: entry.unresolved }
      : { ...d, name: entry.module, spec: entry.version, section },
  ];
}

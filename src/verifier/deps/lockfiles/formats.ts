import { isMap, isScalar, parseDocument } from 'yaml';
import { LineIndex } from '../../text.js';
import { JsonDoc } from '../manifests/json.js';
import { parseTomlText } from '../manifests/pyproject.js';

/** One locked version of a package. */
export interface LockEntry {
  name: string;
  version: string;
  line: number;
  /** The ranges this entry was resolved for (yarn keys), when the format records them. */
  ranges?: string[];
}

/** A lockfile's entries; `direct` holds the entries for the manifest's own dependencies when the format says. */
export interface LockIndex {
  entries: LockEntry[];
  direct?: LockEntry[];
}

/** package-lock.json / npm-shrinkwrap.json, v1 (`dependencies`) and v2/v3 (`packages`). */
export function parsePackageLock(text: string): LockIndex {
  const doc = new JsonDoc(text);
  const entries: LockEntry[] = [];
  const direct: LockEntry[] = [];
  const packages = doc.property(doc.root, 'packages');
  if (packages) {
    for (const entry of doc.entries(packages)) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(entry.key);
      if (!m) continue;
      const version = doc.property(entry.value, 'version')?.value;
      if (typeof version !== 'string' || doc.property(entry.value, 'link')?.value === true) continue;
      const name = (doc.property(entry.value, 'name')?.value as string | undefined) ?? (m[1] as string);
      const e = { name, version, line: entry.line };
      entries.push(e);
      if (entry.key === `node_modules/${m[1]}`) direct.push({ ...e, name: m[1] as string });
    }
    return { entries, direct };
  }
  const walk = (deps: ReturnType<JsonDoc['property']>, top: boolean): void => {
    for (const entry of doc.entries(deps)) {
      const version = doc.property(entry.value, 'version')?.value;
      if (typeof version === 'string') {
        const e = { name: entry.key, version, line: entry.line };
        entries.push(e);
        if (top) direct.push(e);
      }
      walk(doc.property(entry.value, 'dependencies'), false);
    }
  };
  walk(doc.property(doc.root, 'dependencies'), true);
  return { entries, direct };
}

/** yarn.lock, both the v1 text format and Berry's YAML: entry keys `name@range, name@range2` and a `version`. */
export function parseYarnLock(text: string): LockIndex {
  const entries: LockEntry[] = [];
  const lines = text.split(/\r?\n/);
  let current: { keys: string[]; line: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\S.*:\s*$/.test(line) && !line.startsWith('#') && !line.startsWith('__metadata')) {
      current = {
        keys: line
          .replace(/:\s*$/, '')
          .split(/,\s*/)
          .map((k) => k.trim().replace(/^"|"$/g, '')),
        line: i + 1,
      };
      continue;
    }
    if (/^\S/.test(line)) current = null;
    const version = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (!current || !version) continue;
    const byName = new Map<string, string[]>();
    for (const key of current.keys) {
      const at = key.indexOf('@', 1);
      if (at === -1) continue;
      const name = key.slice(0, at);
      const range = key.slice(at + 1).replace(/^npm:/, '');
      byName.set(name, [...(byName.get(name) ?? []), range]);
    }
    for (const [name, ranges] of byName)
      entries.push({ name, version: version[1] as string, line: current.line, ranges });
    current = null;
  }
  return { entries };
}

/** pnpm-lock.yaml v5–v9: the root importer's dependencies (`importers['.']` or top level). */
export function parsePnpmLock(text: string): LockIndex {
  const doc = parseDocument(text, { uniqueKeys: false });
  const firstError = doc.errors[0];
  if (firstError) throw new Error(`line ${firstError.linePos?.[0]?.line ?? '?'}: ${firstError.message.split('\n')[0]}`);
  const lines = new LineIndex(text);
  const direct: LockEntry[] = [];
  const importer = doc.getIn(['importers', '.'], true) ?? doc.contents;
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const table = isMap(importer) ? importer.get(section, true) : undefined;
    if (!isMap(table)) continue;
    for (const pair of table.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      let version: unknown;
      if (isScalar(value)) version = value.value;
      else if (isMap(value)) version = value.get('version');
      if (typeof version !== 'string' || version.startsWith('link:') || version.startsWith('file:')) continue;
      const clean = cleanPnpmVersion(version);
      const line = isScalar(pair.key) && pair.key.range ? lines.lineOf(pair.key.range[0]) : 1;
      direct.push({ name, version: clean, line });
    }
  }
  return { entries: direct, direct };
}

/** poetry.lock, uv.lock, pdm.lock and Cargo.lock: `[[package]]` tables with name and version. */
export function parsePackageTables(text: string): LockIndex & { dependenciesOf: Map<string, string[]> } {
  const doc = parseTomlText(text);
  const headers: number[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (/^\s*\[\[\s*package\s*\]\]/.test(l)) headers.push(i + 1);
  });
  const entries: LockEntry[] = [];
  const dependenciesOf = new Map<string, string[]>();
  const packages = Array.isArray(doc.package) ? doc.package : [];
  packages.forEach((p, i) => {
    const pkg = p as Record<string, unknown>;
    if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') return;
    entries.push({ name: pkg.name, version: pkg.version, line: headers[i] ?? 1 });
    if (Array.isArray(pkg.dependencies)) {
      const deps = pkg.dependencies
        .map((d) =>
          typeof d === 'string'
            ? d
            : typeof (d as { name?: unknown })?.name === 'string'
              ? (d as { name: string }).name
              : '',
        )
        .filter(Boolean);
      dependenciesOf.set(`${pkg.name} ${pkg.version}`, deps);
    }
  });
  return { entries, dependenciesOf };
}

/** Gemfile.lock: `name (version[-platform])` spec lines of the GEM, GIT and PATH sections. */
export function parseGemfileLock(text: string): LockIndex {
  const entries: LockEntry[] = [];
  let inSpecs = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\S/.test(line)) inSpecs = false;
    if (/^ {2}specs:\s*$/.test(line)) {
      inSpecs = true;
      return;
    }
    const m = inSpecs ? /^ {4}(?! )(\S+) \(([^-)\s]+)(?:-[^)]*)?\)\s*$/.exec(line) : null;
    if (m) entries.push({ name: m[1] as string, version: m[2] as string, line: i + 1 });
  });
  return { entries };
}

/** composer.lock: `packages` and `packages-dev`. */
export function parseComposerLock(text: string): LockIndex {
  const doc = new JsonDoc(text);
  const entries: LockEntry[] = [];
  for (const section of ['packages', 'packages-dev']) {
    const list = doc.property(doc.root, section);
    for (const item of list?.type === 'array' ? (list.children ?? []) : []) {
      const name = doc.property(item, 'name')?.value;
      const version = doc.property(item, 'version')?.value;
      if (typeof name === 'string' && typeof version === 'string')
        entries.push({ name, version, line: doc.lineOf(item) });
    }
  }
  return { entries };
}

/** `1.2.3(peer@1)` (v6+), `1.2.3_peer@1` (v5), `/name/1.2.3` and `/name@1.2.3` paths, `npm:name@1.2.3` aliases. */
export function cleanPnpmVersion(version: string): string {
  let v = version.replace(/\(.*$/, '').replace(/^((?:.*\/)?\d+\.\d+\.\d+[^_/]*)_.*$/, '$1');
  const at = v.lastIndexOf('@');
  if (at > 0) v = v.slice(at + 1);
  else if (v.startsWith('/')) v = v.slice(v.lastIndexOf('/') + 1);
  return v;
}

import { parse as parseToml } from 'smol-toml';
import { type Declaration, type Manifest, normalizePythonName, type Source } from '../model.js';
import { parsePep508 } from './pep508.js';
import { escapeRegExp, TextLines, tomlHeaderPattern, tomlKeyPattern } from './text-lines.js';

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export function parseTomlText(text: string): Table {
  try {
    return parseToml(text) as Table;
  } catch (e) {
    const err = e as { line?: number; message?: string };
    const first = String(err.message ?? e).split('\n')[0];
    throw new Error(err.line ? `line ${err.line}: ${first}` : String(first));
  }
}

function at(table: unknown, ...keys: string[]): unknown {
  let cur = table;
  for (const k of keys) cur = isTable(cur) ? cur[k] : undefined;
  return cur;
}

/** Finds the line of a PEP 508 string `"name…"` after the key or header that holds the list. */
function stringLine(lines: TextLines, anchor: RegExp | undefined, name: string): number {
  return lines.findAfter(anchor, new RegExp(`["']\\s*${escapeRegExp(name)}\\s*(?:[\\[(<>=!~;@,"']|$)`));
}

/** A Poetry/Pipfile-style table entry `name = "…"` or `name = { version = "…" }` (or an array of those). */
export function tableEntryDeclarations(
  name: string,
  value: unknown,
  base: Omit<Declaration, 'name' | 'spec' | 'source'>,
): Declaration[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item): Declaration => {
    if (typeof item === 'string') return { ...base, name, spec: item.trim(), source: 'registry' };
    if (isTable(item)) {
      const source: Source | undefined = item.git
        ? 'git'
        : item.path
          ? 'path'
          : item.file || item.url
            ? 'url'
            : undefined;
      if (source) return { ...base, name, spec: null, source };
      if (typeof item.version === 'string') return { ...base, name, spec: item.version.trim(), source: 'registry' };
      return { ...base, name, spec: null, source: 'registry' };
    }
    return { ...base, name, spec: null, source: 'registry' };
  });
}

export function parsePyproject(text: string, file: string): PyprojectManifest {
  const doc = parseTomlText(text);
  const lines = new TextLines(text);
  const declarations: Declaration[] = [];

  const pep508List = (list: unknown, section: string, anchor: RegExp | undefined): void => {
    if (!Array.isArray(list)) return;
    for (const entry of list) {
      if (typeof entry !== 'string') continue; // {include-group = …} entries are expanded by the group itself
      const req = parsePep508(entry);
      if (!req) continue;
      const line = stringLine(lines, anchor, req.name);
      declarations.push({ ...req, section, file, line, endLine: line });
    }
  };
  const keyAnchor = (key: string) => new RegExp(`^\\s*${tomlKeyPattern(key)}\\s*=`);

  pep508List(at(doc, 'project', 'dependencies'), 'project.dependencies', tomlHeaderPattern(['project']));
  const optional = at(doc, 'project', 'optional-dependencies');
  if (isTable(optional)) {
    for (const extra of Object.keys(optional).sort()) {
      pep508List(optional[extra], `project.optional-dependencies.${extra}`, keyAnchor(extra));
    }
  }
  const groups = at(doc, 'dependency-groups');
  if (isTable(groups)) {
    for (const group of Object.keys(groups).sort())
      pep508List(groups[group], `dependency-groups.${group}`, keyAnchor(group));
  }
  pep508List(at(doc, 'build-system', 'requires'), 'build-system.requires', tomlHeaderPattern(['build-system']));
  pep508List(at(doc, 'tool', 'uv', 'dev-dependencies'), 'tool.uv.dev-dependencies', keyAnchor('dev-dependencies'));
  const pdmDev = at(doc, 'tool', 'pdm', 'dev-dependencies');
  if (isTable(pdmDev)) {
    for (const group of Object.keys(pdmDev).sort())
      pep508List(pdmDev[group], `tool.pdm.dev-dependencies.${group}`, keyAnchor(group));
  }

  // Poetry 2: with `[project]` dependencies, a `[tool.poetry.dependencies]` entry for the same package only adds
  // information (a source, `develop`, markers); without a version of its own it is not a second declaration.
  const inProject = new Set(
    declarations.filter((d) => d.section.startsWith('project.')).map((d) => normalizePythonName(d.name)),
  );
  const poetryTable = (table: unknown, path: string[], enriches = false): void => {
    if (!isTable(table)) return;
    const header = tomlHeaderPattern(path);
    for (const name of Object.keys(table)) {
      if (name.toLowerCase() === 'python') continue; // the interpreter, not a package
      const subHeader = tomlHeaderPattern([...path, name]);
      const line = lines.find(subHeader) ?? lines.findAfter(header, new RegExp(`^\\s*${tomlKeyPattern(name)}\\s*=`));
      const base = { section: path.join('.'), file, line, endLine: line, dialect: 'poetry' as const };
      let found = tableEntryDeclarations(name, table[name], base);
      if (enriches && inProject.has(normalizePythonName(name)))
        found = found.filter((d) => d.source !== 'registry' || d.spec !== null);
      declarations.push(...found);
    }
  };
  poetryTable(at(doc, 'tool', 'poetry', 'dependencies'), ['tool', 'poetry', 'dependencies'], true);
  poetryTable(at(doc, 'tool', 'poetry', 'dev-dependencies'), ['tool', 'poetry', 'dev-dependencies']);
  const poetryGroups = at(doc, 'tool', 'poetry', 'group');
  if (isTable(poetryGroups)) {
    for (const group of Object.keys(poetryGroups).sort()) {
      poetryTable(at(poetryGroups, group, 'dependencies'), ['tool', 'poetry', 'group', group, 'dependencies']);
    }
  }
  const name = at(doc, 'project', 'name') ?? at(doc, 'tool', 'poetry', 'name');
  return {
    ecosystem: 'pypi',
    file,
    declarations,
    includeProblems: [],
    ...(typeof name === 'string' ? { selfName: name } : {}),
    dynamicFiles: setuptoolsDynamicFiles(doc, lines),
  };
}

/** A requirements file that setuptools reads as (optional) dependencies, from `[tool.setuptools.dynamic]`. */
export interface DynamicFile {
  ref: string;
  section: string;
  line: number;
}

export interface PyprojectManifest extends Manifest {
  dynamicFiles: DynamicFile[];
}

/**
 * `dynamic = ["dependencies", "optional-dependencies"]` with `[tool.setuptools.dynamic]` `dependencies = { file = […] }`
 * and `optional-dependencies.<extra> = { file = […] }`: setuptools reads those files as requirements lists.
 */
function setuptoolsDynamicFiles(doc: Table, lines: TextLines): DynamicFile[] {
  const dynamic = at(doc, 'project', 'dynamic');
  const wants = (field: string) => Array.isArray(dynamic) && dynamic.includes(field);
  const table = at(doc, 'tool', 'setuptools', 'dynamic');
  if (!isTable(table)) return [];
  const out: DynamicFile[] = [];
  const header = tomlHeaderPattern(['tool', 'setuptools', 'dynamic']);
  const add = (spec: unknown, section: string, key: string) => {
    const refs = at(spec, 'file');
    const list = typeof refs === 'string' ? [refs] : Array.isArray(refs) ? refs : [];
    const line = lines.findAfter(header, new RegExp(`^\\s*${escapeRegExp(key)}\\b`));
    for (const ref of list) if (typeof ref === 'string') out.push({ ref, section, line });
  };
  if (wants('dependencies')) add(table.dependencies, 'tool.setuptools.dynamic.dependencies', 'dependencies');
  const optional = table['optional-dependencies'];
  if (wants('optional-dependencies') && isTable(optional)) {
    for (const extra of Object.keys(optional).sort())
      add(optional[extra], `tool.setuptools.dynamic.optional-dependencies.${extra}`, 'optional-dependencies');
  }
  return out;
}

const PIPFILE_NON_PACKAGES = new Set(['source', 'requires', 'pipenv', 'scripts']);

/** A Pipfile: `[packages]`, `[dev-packages]` and any custom category; values are PEP 440 specifiers or `*`. */
export function parsePipfile(text: string, file: string): Manifest {
  const doc = parseTomlText(text);
  const lines = new TextLines(text);
  const declarations: Declaration[] = [];
  for (const category of Object.keys(doc)) {
    const table = doc[category];
    if (PIPFILE_NON_PACKAGES.has(category) || !isTable(table)) continue;
    const header = tomlHeaderPattern([category]);
    for (const name of Object.keys(table)) {
      const line = lines.findAfter(header, new RegExp(`^\\s*${tomlKeyPattern(name)}\\s*=`));
      declarations.push(...tableEntryDeclarations(name, table[name], { section: category, file, line, endLine: line }));
    }
  }
  return { ecosystem: 'pypi', file, declarations, includeProblems: [] };
}

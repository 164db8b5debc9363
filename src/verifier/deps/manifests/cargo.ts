import type { Declaration, Manifest } from '../model.js';
import { parseTomlText } from './pyproject.js';
import { TextLines, tomlHeaderPattern, tomlKeyPattern } from './text-lines.js';

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const KINDS = ['dependencies', 'dev-dependencies', 'build-dependencies', 'dev_dependencies', 'build_dependencies'];

export interface CargoManifest extends Manifest {
  /** The manifest has a `[workspace]` table (it is a workspace root). */
  isWorkspaceRoot: boolean;
  /** `[workspace.dependencies]`, for members that say `x = { workspace = true }`. */
  workspaceDependencies: Declaration[];
  /** `[workspace] exclude` and `members` globs, as written. */
  workspaceMembers: string[];
  workspaceExclude: string[];
}

function entries(table: unknown, path: string[], file: string, lines: TextLines): Declaration[] {
  if (!isTable(table)) return [];
  const out: Declaration[] = [];
  const header = tomlHeaderPattern(path);
  for (const key of Object.keys(table)) {
    const value = table[key];
    const line =
      lines.find(tomlHeaderPattern([...path, key])) ??
      lines.findAfter(header, new RegExp(`^\\s*${tomlKeyPattern(key)}\\s*[.=]`));
    const base = { section: `[${path.join('.')}]`, file, line, endLine: line };
    if (typeof value === 'string') {
      out.push({ ...base, name: key, spec: value.trim(), source: 'registry' });
      continue;
    }
    if (!isTable(value)) continue;
    const name = typeof value.package === 'string' ? value.package : key;
    if (value.workspace === true) out.push({ ...base, name, spec: null, source: 'workspace', unresolved: 'workspace' });
    else if (value.git) out.push({ ...base, name, spec: null, source: 'git' });
    else if (value.path) out.push({ ...base, name, spec: null, source: 'path' });
    else
      out.push({
        ...base,
        name,
        spec: typeof value.version === 'string' ? value.version.trim() : null,
        source: 'registry',
      });
  }
  return out;
}

/** Cargo.toml: every dependency table, including `[target.'cfg(…)'.*]` tables and `[workspace.dependencies]`. */
export function parseCargoToml(text: string, file: string): CargoManifest {
  const doc = parseTomlText(text);
  const lines = new TextLines(text);
  const declarations: Declaration[] = [];
  for (const kind of KINDS) declarations.push(...entries(doc[kind], [kind], file, lines));
  const targets = doc.target;
  if (isTable(targets)) {
    for (const target of Object.keys(targets)) {
      for (const kind of KINDS)
        declarations.push(...entries((targets[target] as Table)?.[kind], ['target', target, kind], file, lines));
    }
  }
  const workspace = isTable(doc.workspace) ? doc.workspace : undefined;
  const workspaceDependencies = entries(workspace?.dependencies, ['workspace', 'dependencies'], file, lines);
  declarations.push(...workspaceDependencies);
  const pkg = isTable(doc.package) ? doc.package : undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  return {
    ecosystem: 'cargo',
    file,
    declarations,
    includeProblems: [],
    ...(typeof pkg?.name === 'string' ? { selfName: pkg.name } : {}),
    isWorkspaceRoot: workspace !== undefined,
    workspaceDependencies,
    workspaceMembers: strings(workspace?.members),
    workspaceExclude: strings(workspace?.exclude),
  };
}

import path from 'node:path';
import { parseSource } from '../../code/parser.js';
import type { ProjectFiles, Read } from '../../project-files.js';
import { type CheckResult, error, fail, skipped } from '../../types.js';
import type { Declaration, Manifest } from '../model.js';
import { type CargoManifest, parseCargoToml } from './cargo.js';
import { parseComposerJson } from './composer.js';
import { parseProjectXml } from './csproj.js';
import { parseGemfile } from './gemfile.js';
import { parseGoMod } from './gomod.js';
import { interpolateGradle, parseGradle } from './gradle.js';
import { loadPomManifest, ManifestError } from './maven-resolve.js';
import { parsePackageJson } from './npm.js';
import { parsePipfile, parsePyproject } from './pyproject.js';
import { parseRequirements } from './requirements.js';

export type ManifestKind =
  | 'package.json'
  | 'requirements'
  | 'pyproject'
  | 'pipfile'
  | 'go.mod'
  | 'cargo'
  | 'pom'
  | 'gradle'
  | 'gemfile'
  | 'composer'
  | 'msbuild';

/** The manifest format of a path, by its file name; null when it is not a manifest we read. */
export function manifestKind(file: string): ManifestKind | null {
  const base = path.posix.basename(file);
  const lower = base.toLowerCase();
  if (base === 'package.json') return 'package.json';
  if (/^(requirements|constraints).*\.(txt|in)$/i.test(base)) return 'requirements';
  if (/\.(txt|in)$/i.test(base) && /(^|\/)requirements\/[^/]+$/i.test(file)) return 'requirements';
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'Pipfile') return 'pipfile';
  if (base === 'go.mod') return 'go.mod';
  if (base === 'Cargo.toml') return 'cargo';
  if (base === 'pom.xml' || lower.endsWith('.pom')) return 'pom';
  if (lower.endsWith('.gradle') || lower.endsWith('.gradle.kts')) return 'gradle';
  if (base === 'Gemfile' || base === 'gems.rb' || lower.endsWith('.gemfile')) return 'gemfile';
  if (base === 'composer.json') return 'composer';
  if (/\.(cs|fs|vb)proj$/i.test(base) || /\.props$/i.test(base)) return 'msbuild';
  return null;
}

export type Loaded = { ok: true; manifest: Manifest } | { ok: false; result: CheckResult };

function readFailure<T>(read: Read<T>): CheckResult {
  if (read.ok) return error('internal: not a failure');
  return read.failure.kind === 'unreadable' ? error(read.failure.message) : fail(read.failure.message);
}

const dirOf = (file: string) => {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
};
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** Folders from `dir` up to the project root, nearest first. */
function ancestors(dir: string): string[] {
  const out = [dir];
  let d = dir;
  while (d !== '') {
    d = dirOf(d);
    out.push(d);
  }
  return out;
}

/** Loads a manifest as declarations, once per run (every check on the same manifest reuses it). */
export async function loadManifest(files: ProjectFiles, file: string): Promise<Loaded> {
  const norm = files.normalize(file);
  if (!norm.ok) return { ok: false, result: readFailure(norm) };
  const kind = manifestKind(norm.value);
  if (!kind) {
    // Like an unsupported language: `skipped`, never a guess, but only for a file that is really there.
    const exists = await files.regularFile(norm.value);
    if (!exists.ok) return { ok: false, result: readFailure(exists) };
    return { ok: false, result: skipped(`${norm.value}: not a supported dependency manifest (${SUPPORTED})`) };
  }
  return memoLoad(files, norm.value, kind);
}

const SUPPORTED =
  'package.json, requirements*.txt, constraints*.txt, pyproject.toml, Pipfile, go.mod, Cargo.toml, pom.xml, build.gradle(.kts), Gemfile, composer.json, *.csproj';

const loads = new WeakMap<ProjectFiles, Map<string, Promise<Loaded>>>();

function memoLoad(files: ProjectFiles, file: string, kind: ManifestKind): Promise<Loaded> {
  let perRun = loads.get(files);
  if (!perRun) {
    perRun = new Map();
    loads.set(files, perRun);
  }
  let hit = perRun.get(file);
  if (!hit) {
    hit = loadUncached(files, file, kind).catch((e: unknown): Loaded => {
      const message = e instanceof Error ? e.message : String(e);
      return {
        ok: false,
        result: error(e instanceof ManifestError ? message : `${file} could not be parsed: ${message}`),
      };
    });
    perRun.set(file, hit);
  }
  return hit;
}

async function parsed<T>(
  files: ProjectFiles,
  file: string,
  kind: string,
  parse: (text: string, rel: string) => T,
): Promise<T> {
  const read = await files.memo(file, kind, parse);
  if (!read.ok) {
    const result = readFailure(read);
    throw Object.assign(new ManifestError(result.details), { result });
  }
  return read.value;
}

async function loadUncached(files: ProjectFiles, file: string, kind: ManifestKind): Promise<Loaded> {
  try {
    const manifest = await loadByKind(files, file, kind);
    return { ok: true, manifest };
  } catch (e) {
    const result = (e as { result?: CheckResult }).result;
    if (result) return { ok: false, result };
    throw e;
  }
}

async function loadByKind(files: ProjectFiles, file: string, kind: ManifestKind): Promise<Manifest> {
  switch (kind) {
    case 'package.json':
      return parsed(files, file, 'deps-package-json', parsePackageJson);
    case 'requirements':
      return loadRequirements(files, file);
    case 'pyproject':
      return parsed(files, file, 'deps-pyproject', parsePyproject);
    case 'pipfile':
      return parsed(files, file, 'deps-pipfile', parsePipfile);
    case 'go.mod':
      return parsed(files, file, 'deps-go-mod', parseGoMod);
    case 'cargo':
      return loadCargo(files, file);
    case 'pom':
      return loadPomManifest(files, file);
    case 'gradle':
      return loadGradle(files, file);
    case 'gemfile': {
      const source = await parseSource(files, file);
      if (!source.ok) {
        if ('unsupported' in source) throw new ManifestError(`${file}: Ruby grammar unavailable`);
        const result = readFailure(source);
        throw Object.assign(new ManifestError(result.details), { result });
      }
      return parseGemfile(source.source);
    }
    case 'composer':
      return parsed(files, file, 'deps-composer-json', parseComposerJson);
    case 'msbuild':
      return loadMsbuild(files, file);
  }
}

/** requirements/constraints files with their `-r`/`-c` includes (inside the root only; cycles visited once). */
async function loadRequirements(files: ProjectFiles, root: string): Promise<Manifest> {
  const declarations: Declaration[] = [];
  const includeProblems: Manifest['includeProblems'] = [];
  const visited = new Set<string>();
  const visit = async (file: string, constraintFile: boolean, includedAt?: string): Promise<void> => {
    const key = `${constraintFile ? 'c' : 'r'}:${file}`;
    if (visited.has(key)) return;
    visited.add(key);
    const read = await files.memo(file, `deps-requirements-${constraintFile ? 'c' : 'r'}`, (text, rel) =>
      parseRequirements(text, rel, constraintFile),
    );
    if (!read.ok) {
      if (includedAt === undefined) {
        const result = readFailure(read);
        throw Object.assign(new ManifestError(result.details), { result });
      }
      includeProblems.push({ at: includedAt, result: readFailure(read) });
      return;
    }
    declarations.push(...read.value.declarations);
    for (const include of read.value.includes) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(include.ref)) continue; // remote includes are not part of the checkout
      const at = `${file}:${include.line}`;
      const target = include.ref.startsWith('/') ? include.ref : path.posix.join(dirOf(file), include.ref);
      const norm = files.normalize(target);
      if (!norm.ok) {
        includeProblems.push({ at, result: fail(`${at} includes ${include.ref}: path escapes project root`) });
        continue;
      }
      await visit(norm.value, constraintFile || include.kind === 'constraint', at);
    }
  };
  const rootIsConstraints = /^constraints/i.test(path.posix.basename(root));
  await visit(root, false);
  // The named file's own entries always declare (a constraints file named as the manifest declares its pins).
  if (rootIsConstraints) for (const d of declarations) if (d.file === root) delete d.constraintOnly;
  return { ecosystem: 'pypi', file: root, declarations, includeProblems };
}

async function loadCargo(files: ProjectFiles, file: string): Promise<Manifest> {
  const manifest = await parsed(files, file, 'deps-cargo', parseCargoToml);
  let workspaceRoot: CargoManifest | undefined = manifest.isWorkspaceRoot ? manifest : undefined;
  if (!workspaceRoot) {
    for (const dir of ancestors(dirOf(file)).slice(1)) {
      const read = await files.memo(join(dir, 'Cargo.toml'), 'deps-cargo', parseCargoToml);
      if (read.ok && read.value.isWorkspaceRoot) {
        workspaceRoot = read.value;
        break;
      }
    }
  }
  const declarations = manifest.declarations.map((d): Declaration => {
    if (d.unresolved !== 'workspace') return d;
    const { unresolved: _, ...rest } = d;
    const inherited = workspaceRoot?.workspaceDependencies.find((w) => w.name === d.name);
    if (!workspaceRoot)
      return {
        ...rest,
        source: 'registry',
        unresolved: 'workspace = true, but no workspace root Cargo.toml was found inside the project root',
      };
    if (!inherited)
      return {
        ...rest,
        source: 'registry',
        unresolved: `workspace = true, but ${workspaceRoot.file} has no [workspace.dependencies] entry for it`,
      };
    return {
      ...rest,
      spec: inherited.spec,
      source: inherited.source,
      section: `${d.section}, from ${workspaceRoot.file}:${inherited.line}`,
    };
  });
  const lockfileDirs = [dirOf(file)];
  if (workspaceRoot && workspaceRoot !== manifest) lockfileDirs.push(dirOf(workspaceRoot.file));
  return { ...manifest, declarations, lockfileDirs };
}

/** Reads `key=value` lines of a gradle.properties file. */
function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^#!=:\s][^=:\s]*)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m && !out.has(m[1] as string)) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

async function loadGradle(files: ProjectFiles, file: string): Promise<Manifest> {
  const script = await parsed(files, file, 'deps-gradle', parseGradle);
  const propertyFiles = [...new Set([join(dirOf(file), 'gradle.properties'), 'gradle.properties'])];
  const properties: Map<string, string>[] = [];
  for (const p of propertyFiles) {
    const read = await files.memo(p, 'deps-properties', parseProperties);
    if (read.ok) properties.push(read.value);
  }
  const lookup = (name: string) => script.variables.get(name) ?? properties.find((m) => m.has(name))?.get(name);
  const declarations = script.declarations.map((d): Declaration => {
    if (d.spec === null || !d.spec.includes('$')) return d;
    const resolved = interpolateGradle(d.spec, lookup);
    if (resolved.missing)
      return {
        ...d,
        spec: null,
        unresolved: `version variable ${resolved.missing} is not defined in ${file} or gradle.properties`,
      };
    return { ...d, spec: resolved.value };
  });
  return { ecosystem: 'maven', file, declarations, includeProblems: [] };
}

async function loadMsbuild(files: ProjectFiles, file: string): Promise<Manifest> {
  const project = await parsed(files, file, 'deps-msbuild', parseProjectXml);
  // Central package management: Directory.Packages.props in this folder or the nearest parent inside the root.
  let central: { file: string; xml: ReturnType<typeof parseProjectXml> } | undefined;
  for (const dir of ancestors(dirOf(file))) {
    const propsFile = join(dir, 'Directory.Packages.props');
    if (propsFile === file) continue;
    const read = await files.memo(propsFile, 'deps-msbuild', parseProjectXml);
    if (read.ok) {
      central = { file: propsFile, xml: read.value };
      break;
    }
    if (read.failure.kind === 'unreadable') throw new ManifestError(read.failure.message);
  }
  const props = new Map([...(central?.xml.properties ?? []), ...project.properties]);
  const resolveProps = (v: string) =>
    v.replace(/\$\(([^)]+)\)/g, (whole, name: string) => props.get(name.trim()) ?? whole);
  const declarations: Declaration[] = project.references.map((ref): Declaration => {
    const { versionOverride: _, ...d } = ref;
    let spec = d.spec;
    let section = d.section;
    if (spec === null) {
      const entry = central?.xml.centralVersions.get(d.name.toLowerCase());
      if (!entry) {
        const why = central
          ? `no version, and ${central.file} has no PackageVersion for it`
          : 'no version and no Directory.Packages.props inside the project root';
        return { ...d, unresolved: why };
      }
      spec = entry.version;
      section = `${section}, version from ${central?.file}:${entry.line}`;
    }
    const resolved = resolveProps(spec);
    if (/\$\(/.test(resolved))
      return { ...d, spec: null, section, unresolved: `version ${spec} uses an undefined MSBuild property` };
    return { ...d, spec: resolved, section };
  });
  // A props file named as the manifest declares its PackageVersion entries.
  if (file.toLowerCase().endsWith('.props')) {
    for (const entry of project.centralVersions.values()) {
      declarations.push({
        name: entry.name,
        spec: resolveProps(entry.version),
        source: 'registry',
        section: 'PackageVersion',
        file,
        line: entry.line,
        endLine: entry.line,
      });
    }
  }
  return { ecosystem: 'nuget', file, declarations, includeProblems: [] };
}

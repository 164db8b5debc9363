import path from 'node:path';
import type { ProjectFiles } from '../../project-files.js';
import { type CheckResult, fail } from '../../types.js';
import type { Declaration, Manifest } from '../model.js';
import { type CargoManifest, parseCargoToml } from './cargo.js';
import { parsePackagesConfig, parseProjectXml } from './csproj.js';
import { CATALOG_PREFIX, interpolateGradle, parseGradle } from './gradle.js';
import { type CatalogEntry, parseVersionCatalog, resolveCatalogDeclaration } from './gradle-catalog.js';
import { classifyNpmSpec, parsePackageJson } from './npm.js';
import { type PnpmCatalogs, parsePnpmWorkspace } from './pnpm-workspace.js';
import { parsePyproject } from './pyproject.js';
import { parseRequirements } from './requirements.js';
import { ancestors, dirOf, join, ManifestError, parsed, readFailure } from './support.js';

// Manifests whose declarations depend on other files: includes, workspace roots, properties, central versions.

/** requirements/constraints files with their `-r`/`-c` includes (inside the root only; cycles visited once). */
export async function loadRequirements(files: ProjectFiles, root: string): Promise<Manifest> {
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

export async function loadCargo(files: ProjectFiles, file: string): Promise<Manifest> {
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

export async function loadGradle(files: ProjectFiles, file: string): Promise<Manifest> {
  const script = await parsed(files, file, 'deps-gradle', parseGradle);
  const propertyFiles = [...new Set([join(dirOf(file), 'gradle.properties'), 'gradle.properties'])];
  const properties: Map<string, string>[] = [];
  for (const p of propertyFiles) {
    const read = await files.memo(p, 'deps-properties', parseProperties);
    if (read.ok) properties.push(read.value);
  }
  // The version catalog sits in gradle/ of the build root: the nearest ancestor that has one.
  let catalog: { file: string; entries: Map<string, CatalogEntry> } | undefined;
  if (script.declarations.some((d) => d.name.startsWith(CATALOG_PREFIX))) {
    for (const dir of ancestors(dirOf(file))) {
      const catalogFile = join(dir, 'gradle/libs.versions.toml');
      const read = await files.memo(catalogFile, 'deps-gradle-catalog', parseVersionCatalog);
      if (read.ok) {
        catalog = { file: catalogFile, entries: read.value };
        break;
      }
      if (read.failure.kind === 'unreadable') throw new ManifestError(read.failure.message);
    }
  }
  const lookup = (name: string) => script.variables.get(name) ?? properties.find((m) => m.has(name))?.get(name);
  const resolvedCatalog = script.declarations.flatMap((declared) =>
    declared.name.startsWith(CATALOG_PREFIX)
      ? resolveCatalogDeclaration(declared, declared.name.slice(CATALOG_PREFIX.length), catalog)
      : [declared],
  );
  const declarations = resolvedCatalog.map((d): Declaration => {
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

/** The nearest `name` in the manifest's folder or a parent inside the root (not the manifest itself). */
async function nearestMsbuildFile(
  files: ProjectFiles,
  file: string,
  name: string,
): Promise<ReturnType<typeof parseProjectXml> | undefined> {
  for (const dir of ancestors(dirOf(file))) {
    const candidate = join(dir, name);
    if (candidate === file) continue;
    const read = await files.memo(candidate, 'deps-msbuild', parseProjectXml);
    if (read.ok) return read.value;
    if (read.failure.kind === 'unreadable') throw new ManifestError(read.failure.message);
  }
  return undefined;
}

export async function loadMsbuild(files: ProjectFiles, file: string): Promise<Manifest> {
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
  // MSBuild imports the nearest Directory.Build.props before the project and the nearest Directory.Build.targets
  // after it; item versions see the final value of each property (a later definition wins).
  const buildProps = await nearestMsbuildFile(files, file, 'Directory.Build.props');
  const buildTargets = await nearestMsbuildFile(files, file, 'Directory.Build.targets');
  const props = new Map([
    ...(buildProps?.properties ?? []),
    ...(central?.xml.properties ?? []),
    ...project.properties,
    ...(buildTargets?.properties ?? []),
  ]);
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
  // A project that still uses packages.config declares its packages there, beside the project file.
  if (!file.toLowerCase().endsWith('.props')) {
    const config = await files.memo(join(dirOf(file), 'packages.config'), 'deps-packages-config', parsePackagesConfig);
    if (config.ok) declarations.push(...config.value);
    else if (config.failure.kind !== 'missing' && config.failure.kind !== 'not_file') {
      const result = readFailure(config);
      throw Object.assign(new ManifestError(result.details), { result });
    }
  }
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

/**
 * package.json, with pnpm `catalog:` references resolved from the nearest pnpm-workspace.yaml (the manifest's folder
 * or a parent inside the root): `catalog:` and `catalog:default` name the default catalog, `catalog:x` the named one.
 */
export async function loadPackageJson(files: ProjectFiles, file: string): Promise<Manifest> {
  const manifest = await parsed(files, file, 'deps-package-json', parsePackageJson);
  const refs = manifest.declarations.filter((d) => d.spec === null && d.unresolved?.includes('catalog'));
  if (refs.length === 0) return manifest;
  let workspace: { file: string; catalogs: PnpmCatalogs } | undefined;
  for (const dir of ancestors(dirOf(file))) {
    const candidate = join(dir, 'pnpm-workspace.yaml');
    const read = await files.memo(candidate, 'deps-pnpm-workspace', parsePnpmWorkspace);
    if (read.ok) {
      workspace = { file: candidate, catalogs: read.value };
      break;
    }
    if (read.failure.kind !== 'missing' && read.failure.kind !== 'not_file') {
      const result = readFailure(read);
      throw Object.assign(new ManifestError(result.details), { result });
    }
  }
  const declarations = manifest.declarations.map((d): Declaration => {
    if (!refs.includes(d)) return d;
    const catalog = /catalog:([^\s)]*)/.exec(d.unresolved ?? '')?.[1] || 'default';
    if (!workspace) return { ...d, unresolved: `${d.unresolved}, and no pnpm-workspace.yaml inside the project root` };
    const entry = workspace.catalogs.get(catalog)?.get(d.name);
    if (!entry)
      return { ...d, unresolved: `${d.unresolved}, and the ${catalog} catalog of ${workspace.file} does not list it` };
    const kind = classifyNpmSpec(entry.spec);
    const section = `${d.section}, version from ${workspace.file}:${entry.line}`;
    return {
      ...d,
      spec: kind.spec,
      source: kind.source,
      section,
      ...(kind.why ? { unresolved: kind.why } : { unresolved: undefined }),
    };
  });
  return { ...manifest, declarations };
}

/**
 * pyproject.toml, plus the requirements files setuptools reads as its dynamic (optional) dependencies. Their
 * declarations point at the requirements file; a file missing or outside the root is reported like a `-r` include.
 */
export async function loadPyproject(files: ProjectFiles, file: string): Promise<Manifest> {
  const { dynamicFiles, ...manifest } = await parsed(files, file, 'deps-pyproject', parsePyproject);
  if (dynamicFiles.length === 0) return manifest;
  const declarations = [...manifest.declarations];
  const includeProblems = [...manifest.includeProblems];
  for (const dyn of dynamicFiles) {
    const at = `${file}:${dyn.line}`;
    const norm = files.normalize(path.posix.join(dirOf(file), dyn.ref));
    if (!norm.ok) {
      includeProblems.push({ at, result: fail(`${at} reads ${dyn.ref}: path escapes project root`) });
      continue;
    }
    try {
      const included = await loadRequirements(files, norm.value);
      for (const d of included.declarations) declarations.push({ ...d, section: `${d.section} (${dyn.section})` });
      includeProblems.push(...included.includeProblems);
    } catch (e) {
      const result = (e as { result?: CheckResult }).result;
      if (!result) throw e;
      includeProblems.push({ at, result: { ...result, details: `${at} reads ${dyn.ref}: ${result.details}` } });
    }
  }
  return { ...manifest, declarations, includeProblems };
}

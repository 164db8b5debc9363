import path from 'node:path';
import { parseSource } from '../../code/parser.js';
import type { ProjectFiles } from '../../project-files.js';
import { type CheckResult, error, fail, skipped } from '../../types.js';
import type { Manifest } from '../model.js';
import { parseComposerJson } from './composer.js';
import { type GemfileManifest, parseGemfile, parseGemspec } from './gemfile.js';
import { parseGoMod } from './gomod.js';
import { loadCargo, loadGradle, loadMsbuild, loadPackageJson, loadPyproject, loadRequirements } from './linked.js';
import { loadPomManifest } from './maven-resolve.js';
import { parsePipfile } from './pyproject.js';
import { parseSetupCfg, parseSetupPy } from './setuptools.js';
import { ManifestError, parsed, readFailure } from './support.js';

export type ManifestKind =
  | 'package.json'
  | 'requirements'
  | 'pyproject'
  | 'pipfile'
  | 'setup.cfg'
  | 'setup.py'
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
  // `dev-requirements.txt`, `test_requirements.txt`: the same format under a prefixed name.
  if (/^[\w.]+[-_](requirements|constraints)\.(txt|in)$/i.test(base)) return 'requirements';
  if (/\.(txt|in)$/i.test(base) && /(^|\/)requirements\/[^/]+$/i.test(file)) return 'requirements';
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'Pipfile') return 'pipfile';
  if (base === 'setup.cfg') return 'setup.cfg';
  if (base === 'setup.py') return 'setup.py';
  if (base === 'go.mod') return 'go.mod';
  if (base === 'Cargo.toml') return 'cargo';
  if (base === 'pom.xml' || lower.endsWith('.pom')) return 'pom';
  if (lower.endsWith('.gradle') || lower.endsWith('.gradle.kts')) return 'gradle';
  if (base === 'Gemfile' || base === 'gems.rb' || lower.endsWith('.gemfile') || lower.endsWith('.gemspec'))
    return 'gemfile';
  if (base === 'composer.json') return 'composer';
  if (/\.(cs|fs|vb)proj$/i.test(base) || /\.props$/i.test(base)) return 'msbuild';
  return null;
}

export type Loaded = { ok: true; manifest: Manifest } | { ok: false; result: CheckResult };

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
  'package.json, requirements*.txt, constraints*.txt, pyproject.toml, Pipfile, setup.cfg, setup.py, go.mod, Cargo.toml, pom.xml, build.gradle(.kts), Gemfile, *.gemspec, composer.json, *.csproj';

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

async function rubyManifest(files: ProjectFiles, file: string): Promise<GemfileManifest> {
  const source = await parseSource(files, file);
  if (!source.ok) {
    if ('unsupported' in source) throw new ManifestError(`${file}: Ruby grammar unavailable`);
    const result = readFailure(source);
    throw Object.assign(new ManifestError(result.details), { result });
  }
  return parseGemfile(source.source);
}

/**
 * A Gemfile or .gemspec. A Gemfile's `gemspec` directive declares the gem's own dependencies: those of the .gemspec
 * in its `path` (the Gemfile's folder by default; `name:` picks one of several), as Bundler reads them.
 */
async function loadGemfile(files: ProjectFiles, file: string): Promise<Manifest> {
  if (file.toLowerCase().endsWith('.gemspec')) return parsed(files, file, 'deps-gemspec', parseGemspec);
  const { gemspecs, ...manifest } = await rubyManifest(files, file);
  if (gemspecs.length === 0) return manifest;
  const declarations = [...manifest.declarations];
  const includeProblems = [...manifest.includeProblems];
  for (const directive of gemspecs) {
    const at = `${file}:${directive.line}`;
    const dir = files.normalize(path.posix.join(path.posix.dirname(file), directive.path));
    if (!dir.ok) {
      includeProblems.push({ at, result: fail(`${at} gemspec path ${directive.path}: path escapes project root`) });
      continue;
    }
    const pattern = `${dir.value === '.' || dir.value === '' ? '' : `${dir.value}/`}${directive.name ?? '*'}.gemspec`;
    const found = await files.expand(pattern);
    if (!found.ok || found.value.length === 0) {
      includeProblems.push({ at, result: fail(`${at} names a gemspec, but no ${pattern} is inside the project root`) });
      continue;
    }
    for (const spec of found.value) {
      const loaded = await memoLoad(files, spec, 'gemfile');
      if (!loaded.ok) {
        includeProblems.push({ at, result: loaded.result });
        continue;
      }
      declarations.push(...loaded.manifest.declarations);
    }
  }
  return { ...manifest, declarations, includeProblems };
}

async function loadByKind(files: ProjectFiles, file: string, kind: ManifestKind): Promise<Manifest> {
  switch (kind) {
    case 'package.json':
      return loadPackageJson(files, file);
    case 'requirements':
      return loadRequirements(files, file);
    case 'pyproject':
      return loadPyproject(files, file);
    case 'pipfile':
      return parsed(files, file, 'deps-pipfile', parsePipfile);
    case 'setup.cfg':
      return parsed(files, file, 'deps-setup-cfg', parseSetupCfg);
    case 'setup.py':
      return parsed(files, file, 'deps-setup-py', parseSetupPy);
    case 'go.mod':
      return parsed(files, file, 'deps-go-mod', parseGoMod);
    case 'cargo':
      return loadCargo(files, file);
    case 'pom':
      return loadPomManifest(files, file);
    case 'gradle':
      return loadGradle(files, file);
    case 'gemfile':
      return loadGemfile(files, file);
    case 'composer':
      return parsed(files, file, 'deps-composer-json', parseComposerJson);
    case 'msbuild':
      return loadMsbuild(files, file);
  }
}

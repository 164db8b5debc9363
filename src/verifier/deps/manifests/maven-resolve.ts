import path from 'node:path';
import type { ProjectFiles } from '../../project-files.js';
import type { Declaration, Manifest } from '../model.js';
import { type Pom, type PomDependency, parsePom } from './pom.js';

export class ManifestError extends Error {}

/** The poms from the manifest up its parent chain, as far as the chain stays inside the project root. */
interface PomChain {
  poms: Pom[];
  /** The first parent that is not inside the root (or not found there), by coordinates and why. */
  outside?: { coordinates: string; why: string };
}

const coordinates = (p: { groupId: string; artifactId: string; version: string }) =>
  [p.groupId, p.artifactId, p.version].filter(Boolean).join(':');

async function loadPom(files: ProjectFiles, file: string) {
  return files.memo(file, 'deps-pom', (text, rel) => parsePom(text, rel));
}

async function chainOf(files: ProjectFiles, first: Pom): Promise<PomChain> {
  const poms = [first];
  const seen = new Set([first.file]);
  let current = first;
  while (current.parent) {
    const parent = current.parent;
    const where = coordinates(parent);
    if (parent.relativePath === '')
      return { poms, outside: { coordinates: where, why: 'resolved from a repository (empty relativePath)' } };
    let target = path.posix.join(path.posix.dirname(current.file), parent.relativePath.replaceAll('\\', '/'));
    if (!target.endsWith('.xml')) target = path.posix.join(target, 'pom.xml');
    const norm = files.normalize(target);
    if (!norm.ok) return { poms, outside: { coordinates: where, why: 'outside the project root' } };
    if (seen.has(norm.value)) return { poms, outside: { coordinates: where, why: 'a parent cycle' } };
    const read = await loadPom(files, norm.value);
    if (!read.ok) {
      if (read.failure.kind === 'unreadable') throw new ManifestError(read.failure.message);
      return {
        poms,
        outside: {
          coordinates: where,
          why: read.failure.kind === 'escape' ? 'outside the project root' : 'not found inside the project root',
        },
      };
    }
    const pom = read.value;
    // Maven uses the pom at relativePath only when it is the declared parent; otherwise it goes to repositories.
    if (pom.artifactId !== parent.artifactId || (pom.groupId && parent.groupId && pom.groupId !== parent.groupId)) {
      return {
        poms,
        outside: { coordinates: where, why: `not the pom at ${norm.value}, so outside the project root` },
      };
    }
    poms.push(pom);
    seen.add(pom.file);
    current = pom;
  }
  return { poms };
}

/** Effective properties: the parents' first, each child overriding; plus the project.* built-ins. */
function effectiveProperties(chain: Pom[]): Map<string, string> {
  const props = new Map<string, string>();
  for (const pom of [...chain].reverse()) for (const [k, v] of pom.properties) props.set(k, v);
  const self = chain[0] as Pom;
  const version = self.version ?? self.parent?.version;
  const groupId = self.groupId ?? self.parent?.groupId;
  const builtins: Record<string, string | undefined> = {
    'project.version': version,
    'pom.version': version,
    version,
    'project.groupId': groupId,
    'pom.groupId': groupId,
    'project.artifactId': self.artifactId,
    'project.parent.version': self.parent?.version,
    'project.parent.groupId': self.parent?.groupId,
  };
  for (const [k, v] of Object.entries(builtins)) if (v !== undefined && !props.has(k)) props.set(k, v);
  return props;
}

/** Replaces `${name}` references; returns the first undefined name when one remains. */
function interpolate(value: string, props: Map<string, string>): { value: string; missing?: string } {
  let out = value;
  for (let depth = 0; depth < 10 && out.includes('${'); depth++) {
    let missing: string | undefined;
    out = out.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      const v = props.get(name.trim());
      if (v === undefined) missing ??= name.trim();
      return v ?? whole;
    });
    if (missing) return { value: out, missing };
  }
  return out.includes('${') ? { value: out, missing: /\$\{([^}]+)\}/.exec(out)?.[1] ?? '?' } : { value: out };
}

/**
 * A pom.xml as declarations: its own dependencies and managed dependencies, and those inherited from parent poms
 * inside the root; `${prop}` versions resolved from the effective properties; a version-less dependency takes its
 * managed version. What cannot be resolved because a parent is outside the root says so, naming that parent.
 */
export async function loadPomManifest(files: ProjectFiles, file: string): Promise<Manifest> {
  const first = await loadPom(files, file);
  if (!first.ok) throw new ManifestError(first.failure.message);
  const chain = await chainOf(files, first.value);
  const props = effectiveProperties(chain.poms);
  const outsideNote = chain.outside ? `parent ${chain.outside.coordinates} (${chain.outside.why})` : undefined;
  const managed = new Map<string, { version: string; file: string; line: number }>();
  const imports: PomDependency[] = [];
  for (const pom of chain.poms) {
    for (const d of pom.dependencies) {
      if (!d.managed || !d.version) continue;
      if (d.scope === 'import' && d.type === 'pom') {
        imports.push(d);
        continue;
      }
      const key = `${interpolate(d.groupId, props).value}:${interpolate(d.artifactId, props).value}`;
      if (!managed.has(key)) managed.set(key, { version: d.version, file: pom.file, line: d.line });
    }
  }
  // Imported BOMs (`<scope>import</scope>` in dependencyManagement) manage what the poms do not manage themselves.
  const outsideBoms: string[] = [];
  // BOM versions are already resolved with the BOM's own properties.
  const bomResolved = new Map<string, string>();
  for (const d of imports) {
    const bom = {
      groupId: interpolate(d.groupId, props).value,
      artifactId: interpolate(d.artifactId, props).value,
      version: interpolate(d.version ?? '', props).value,
    };
    const found = await bomInRoot(files, chain.poms, bom);
    if (!found) {
      outsideBoms.push(coordinates(bom));
      continue;
    }
    for (const [key, entry] of found) {
      if (managed.has(key)) continue;
      managed.set(key, entry);
      bomResolved.set(key, entry.version);
    }
  }
  const bomNote = outsideBoms.length ? `the imported BOM ${outsideBoms.join(', ')} (outside the project root)` : '';
  const declarations: Declaration[] = [];
  for (const pom of chain.poms) {
    for (const d of pom.dependencies) {
      if (pom !== chain.poms[0] && d.managed) continue; // a parent's management only supplies versions
      const name = `${interpolate(d.groupId, props).value}:${interpolate(d.artifactId, props).value}`;
      const inherited = pom === chain.poms[0] ? '' : ` inherited from ${pom.file}`;
      const base = {
        name,
        section: `${d.managed ? 'dependencyManagement' : 'dependencies'}${inherited}`,
        file: pom.file,
        line: d.line,
        endLine: d.endLine,
      };
      const raw = d.version ?? managed.get(name)?.version;
      if (raw === undefined) {
        const by = [bomNote, outsideNote].filter(Boolean).join(' or ');
        const why = by
          ? `its version is managed outside the project, by ${by}`
          : 'no version and no dependencyManagement entry';
        declarations.push({ ...base, spec: null, source: 'registry', unresolved: why });
        continue;
      }
      const fromBom = d.version === undefined ? bomResolved.get(name) : undefined;
      const resolved = fromBom !== undefined ? { value: fromBom } : interpolate(raw, props);
      if (resolved.missing) {
        const why = outsideNote
          ? `property \${${resolved.missing}} is not defined inside the project (it may come from ${outsideNote})`
          : `property \${${resolved.missing}} is not defined`;
        declarations.push({ ...base, spec: null, source: 'registry', unresolved: why });
        continue;
      }
      const bomEntry = fromBom !== undefined ? managed.get(name) : undefined;
      const section = bomEntry ? `${base.section}, version from ${bomEntry.file}:${bomEntry.line}` : base.section;
      declarations.push({ ...base, section, spec: resolved.value, source: 'registry' });
    }
  }
  return { ecosystem: 'maven', file, declarations, includeProblems: [] };
}

type Managed = Map<string, { version: string; file: string; line: number }>;

/**
 * The managed versions of a BOM built in this project: a module (listed in `<modules>` of the manifest's pom chain,
 * followed a few levels down) whose coordinates are the imported ones. Its versions are resolved with its own
 * properties and parents. Null when no such module is inside the root.
 */
async function bomInRoot(
  files: ProjectFiles,
  chain: Pom[],
  bom: { groupId: string; artifactId: string; version: string },
): Promise<Managed | null> {
  const queue = chain.map((p) => ({ pom: p, depth: 0 }));
  const seen = new Set(chain.map((p) => p.file));
  while (queue.length > 0) {
    const { pom, depth } = queue.shift() as { pom: Pom; depth: number };
    if (pom.artifactId === bom.artifactId && (pom.groupId ?? pom.parent?.groupId) === bom.groupId) {
      return managedVersionsOf(files, pom);
    }
    if (depth >= 3) continue;
    for (const module of pom.modules) {
      let target = path.posix.join(path.posix.dirname(pom.file), module.replaceAll('\\', '/'));
      if (!target.endsWith('.xml')) target = path.posix.join(target, 'pom.xml');
      const norm = files.normalize(target);
      if (!norm.ok || seen.has(norm.value)) continue;
      seen.add(norm.value);
      const read = await loadPom(files, norm.value);
      if (read.ok) queue.push({ pom: read.value, depth: depth + 1 });
    }
  }
  return null;
}

/** A pom's own dependencyManagement entries, with versions resolved through its parent chain's properties. */
async function managedVersionsOf(files: ProjectFiles, pom: Pom): Promise<Managed> {
  const chain = await chainOf(files, pom);
  const props = effectiveProperties(chain.poms);
  const out: Managed = new Map();
  for (const d of pom.dependencies) {
    if (!d.managed || !d.version || d.scope === 'import') continue;
    const version = interpolate(d.version, props);
    if (version.missing) continue;
    const key = `${interpolate(d.groupId, props).value}:${interpolate(d.artifactId, props).value}`;
    if (!out.has(key)) out.set(key, { version: version.value, file: pom.file, line: d.line });
  }
  return out;
}

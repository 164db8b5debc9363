import type { Declaration } from '../model.js';
import { child, list, text, XmlDoc } from './xml.js';

export interface ProjectXml {
  references: (Declaration & { versionOverride?: boolean })[];
  /** `<PackageVersion Include Version>` entries (Directory.Packages.props). */
  centralVersions: Map<string, { name: string; version: string; line: number }>;
  properties: Map<string, string>;
}

function attrOrChild(node: unknown, name: string): string | undefined {
  return text(child(node, `@_${name}`)) ?? text(child(node, name));
}

/** An MSBuild project or props file: PackageReference items, PackageVersion items and simple properties. */
export function parseProjectXml(source: string, file: string): ProjectXml {
  const doc = new XmlDoc(source, [
    'ItemGroup',
    'PropertyGroup',
    'PackageReference',
    'PackageVersion',
    'GlobalPackageReference',
  ]);
  const project = child(doc.root, 'Project');
  if (typeof project !== 'object' || project === null) throw new Error('line 1: no <Project> element');
  const properties = new Map<string, string>();
  for (const group of list(child(project, 'PropertyGroup'))) {
    if (typeof group !== 'object' || group === null) continue;
    for (const [k, v] of Object.entries(group)) {
      const value = text(v);
      // A later definition of a property replaces an earlier one, as MSBuild evaluates them in order.
      if (!k.startsWith('@_') && !k.startsWith('#') && value !== undefined) properties.set(k, value);
    }
  }
  const references: ProjectXml['references'] = [];
  const centralVersions = new Map<string, { name: string; version: string; line: number }>();
  for (const group of list(child(project, 'ItemGroup'))) {
    for (const kind of ['PackageReference', 'GlobalPackageReference']) {
      for (const ref of list(child(group, kind))) {
        const name = attrOrChild(ref, 'Include');
        if (!name) continue; // `Update=` items modify references made elsewhere
        const override = attrOrChild(ref, 'VersionOverride');
        const version = override ?? attrOrChild(ref, 'Version');
        references.push({
          name,
          spec: version ?? null,
          source: 'registry',
          section: kind,
          file,
          line: doc.lineOf(ref),
          endLine: doc.endLineOf(ref),
          ...(override ? { versionOverride: true } : {}),
        });
      }
    }
    for (const entry of list(child(group, 'PackageVersion'))) {
      const name = attrOrChild(entry, 'Include');
      const version = attrOrChild(entry, 'Version');
      if (name && version) centralVersions.set(name.toLowerCase(), { name, version, line: doc.lineOf(entry) });
    }
  }
  return { references, centralVersions, properties };
}

/**
 * packages.config (NuGet's format before PackageReference, still in .NET Framework projects): each
 * `<package id version>` is an exact pin, so its declaration is the range `[version]`.
 */
export function parsePackagesConfig(source: string, file: string): Declaration[] {
  const doc = new XmlDoc(source, ['package']);
  const packages = child(doc.root, 'packages');
  const out: Declaration[] = [];
  for (const pkg of list(child(packages, 'package'))) {
    const name = text(child(pkg, '@_id'));
    const version = text(child(pkg, '@_version'));
    if (!name) continue;
    out.push({
      name,
      spec: version ? `[${version}]` : null,
      source: 'registry',
      section: 'packages.config',
      file,
      line: doc.lineOf(pkg),
      endLine: doc.endLineOf(pkg),
    });
  }
  return out;
}

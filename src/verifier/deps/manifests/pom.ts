import { child, list, text, XmlDoc, type XmlNode } from './xml.js';

export interface PomDependency {
  groupId: string;
  artifactId: string;
  version?: string;
  scope?: string;
  type?: string;
  managed: boolean;
  line: number;
  endLine: number;
}

/** One pom.xml as written: coordinates, parent reference, properties, dependencies and managed dependencies. */
export interface Pom {
  file: string;
  groupId?: string;
  artifactId?: string;
  version?: string;
  parent?: { groupId: string; artifactId: string; version: string; relativePath: string };
  properties: Map<string, string>;
  dependencies: PomDependency[];
  /** `<modules>` entries as written (folders or pom files, relative to this pom). */
  modules: string[];
}

function dependencies(doc: XmlDoc, container: unknown, managed: boolean): PomDependency[] {
  return list(child(child(container, 'dependencies'), 'dependency')).map((dep) => ({
    groupId: text(child(dep, 'groupId')) ?? '',
    artifactId: text(child(dep, 'artifactId')) ?? '',
    ...optional('version', text(child(dep, 'version'))),
    ...optional('scope', text(child(dep, 'scope'))),
    ...optional('type', text(child(dep, 'type'))),
    managed,
    line: doc.lineOf(dep),
    endLine: doc.endLineOf(dep),
  }));
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

export function parsePom(source: string, file: string): Pom {
  const doc = new XmlDoc(source, ['dependency', 'profile', 'module']);
  const project = child(doc.root, 'project');
  if (typeof project !== 'object' || project === null) throw new Error('line 1: no <project> element');
  const properties = new Map<string, string>();
  const props = child(project, 'properties');
  if (typeof props === 'object' && props !== null) {
    for (const [k, v] of Object.entries(props as XmlNode)) {
      const value = text(v);
      if (!k.startsWith('@_') && !k.startsWith('#') && value !== undefined) properties.set(k, value);
    }
  }
  const deps = [
    ...dependencies(doc, project, false),
    ...dependencies(doc, child(project, 'dependencyManagement'), true),
  ];
  for (const profile of list(child(child(project, 'profiles'), 'profile'))) {
    deps.push(...dependencies(doc, profile, false), ...dependencies(doc, child(profile, 'dependencyManagement'), true));
  }
  const parentNode = child(project, 'parent');
  const parent =
    parentNode && typeof parentNode === 'object'
      ? {
          groupId: text(child(parentNode, 'groupId')) ?? '',
          artifactId: text(child(parentNode, 'artifactId')) ?? '',
          version: text(child(parentNode, 'version')) ?? '',
          // An empty <relativePath/> means "look up the parent in repositories only".
          relativePath:
            child(parentNode, 'relativePath') === undefined
              ? '../pom.xml'
              : (text(child(parentNode, 'relativePath')) ?? ''),
        }
      : undefined;
  return {
    file,
    ...optional('groupId', text(child(project, 'groupId'))),
    ...optional('artifactId', text(child(project, 'artifactId'))),
    ...optional('version', text(child(project, 'version'))),
    ...(parent ? { parent } : {}),
    properties,
    dependencies: deps,
    modules: list(child(child(project, 'modules'), 'module'))
      .map((m) => text(m))
      .filter((m): m is string => typeof m === 'string' && m !== ''),
  };
}

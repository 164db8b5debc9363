import type { Declaration, Manifest, Source } from '../model.js';
import { JsonDoc } from './json.js';

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** What an npm dependency spec points at: a registry range, or a git/path/url/workspace source. */
export function classifyNpmSpec(raw: string): { source: Source; spec: string | null; why?: string } {
  const spec = raw.trim();
  if (/^npm:/.test(spec)) {
    // An alias `npm:real-name@range`: the range after the last `@` (a scoped name starts with `@`).
    const at = spec.lastIndexOf('@');
    return at > 4
      ? classifyNpmSpec(spec.slice(at + 1))
      : { source: 'registry', spec: null, why: 'an alias without a version' };
  }
  if (/^workspace:/.test(spec)) return { source: 'workspace', spec };
  if (/^(file:|link:|portal:|\.\.?\/|\/|~\/)/.test(spec)) return { source: 'path', spec };
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /\.git(#.*)?$/.test(spec))
    return { source: 'git', spec };
  if (/^https?:/.test(spec)) return { source: 'url', spec };
  if (/^[^@\s/][^\s/]*\/[^\s/]+(#.*)?$/.test(spec)) return { source: 'git', spec }; // GitHub shorthand user/repo
  if (/^catalog:/.test(spec)) return { source: 'registry', spec: null, why: `a pnpm catalog reference (${spec})` };
  if (spec === '') return { source: 'registry', spec: null, why: 'an empty version' };
  // A dist-tag is a name that is not a version: `v2.0.0` is the version 2.0.0 to npm.
  if (/^[a-z][a-z0-9._-]*$/i.test(spec) && !/^[xX]$/.test(spec) && !/^v\d/i.test(spec)) {
    return { source: 'registry', spec: null, why: `the dist-tag ${spec}` };
  }
  return { source: 'registry', spec };
}

export function parsePackageJson(text: string, file: string): Manifest {
  const doc = new JsonDoc(text);
  const declarations: Declaration[] = [];
  for (const section of SECTIONS) {
    for (const entry of doc.entries(doc.property(doc.root, section))) {
      const raw = typeof entry.value.value === 'string' ? entry.value.value : '';
      const kind = classifyNpmSpec(raw);
      declarations.push({
        name: entry.key,
        spec: kind.spec,
        source: kind.source,
        section,
        file,
        line: entry.line,
        endLine: entry.endLine,
        ...(kind.why ? { unresolved: kind.why } : {}),
      });
    }
  }
  const name = doc.property(doc.root, 'name')?.value;
  return {
    ecosystem: 'npm',
    file,
    declarations,
    includeProblems: [],
    ...(typeof name === 'string' ? { selfName: name } : {}),
  };
}

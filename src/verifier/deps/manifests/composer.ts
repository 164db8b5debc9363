import type { Declaration, Manifest, Source } from '../model.js';
import { JsonDoc } from './json.js';

/** composer.json `require` and `require-dev`. A `dev-…` or `….x-dev` constraint names a branch, not a version. */
export function parseComposerJson(text: string, file: string): Manifest {
  const doc = new JsonDoc(text);
  const declarations: Declaration[] = [];
  for (const section of ['require', 'require-dev']) {
    for (const entry of doc.entries(doc.property(doc.root, section))) {
      const raw = typeof entry.value.value === 'string' ? entry.value.value.trim() : '';
      const branch = raw
        .split(/\s*\|\|?\s*/)
        .some((alt) => /^dev-|(^|\.)x-dev$|^[\w.]*-dev(#.*)?$/i.test(alt.replace(/\s+as\s+.*$/, '')));
      const source: Source = branch ? 'branch' : 'registry';
      declarations.push({
        name: entry.key,
        spec: raw === '' ? null : raw,
        source,
        section,
        file,
        line: entry.line,
        endLine: entry.endLine,
      });
    }
  }
  const name = doc.property(doc.root, 'name')?.value;
  return {
    ecosystem: 'composer',
    file,
    declarations,
    includeProblems: [],
    ...(typeof name === 'string' ? { selfName: name } : {}),
  };
}

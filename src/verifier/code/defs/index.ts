import type { FileFailure, ProjectFiles } from '../../project-files.js';
import { type LanguageId, parseSource, type SourceFile } from '../parser.js';
import { csharpRules } from './csharp.js';
import { goRules } from './go.js';
import { javaRules } from './java.js';
import { javascriptRules } from './javascript.js';
import type { Definition } from './model.js';
import { phpRules } from './php.js';
import { pythonRules } from './python.js';
import { rubyRules } from './ruby.js';
import type { LanguageRules } from './rules.js';
import { rustRules } from './rust.js';
import { scan } from './syntax.js';

const RULES: Record<LanguageId, LanguageRules> = {
  python: pythonRules,
  javascript: javascriptRules,
  typescript: javascriptRules,
  tsx: javascriptRules,
  go: goRules,
  java: javaRules,
  csharp: csharpRules,
  ruby: rubyRules,
  rust: rustRules,
  php: phpRules,
};

/** Every definition of one file, built once per run and shared by every check on that file. */
export interface DefinitionIndex {
  source: SourceFile;
  rules: LanguageRules;
  definitions: Definition[];
}

function buildIndex(source: SourceFile): DefinitionIndex {
  const rules = RULES[source.language];
  const definitions: Definition[] = [];
  // Scopes opened by enclosing types; an entry is dropped once the walk leaves its depth (pre-order walk).
  const scopes: { depth: number; names: string[] }[] = [];
  scan(source.root, (v) => {
    while (scopes.length && (scopes[scopes.length - 1] as { depth: number }).depth >= v.depth) scopes.pop();
    const found = rules.define(v);
    if (!found) return undefined;
    if (found.kind === 'scope') {
      scopes.push({ depth: v.depth, names: found.names });
      return undefined;
    }
    const outer = scopes.flatMap((s) => s.names);
    const scope = found.qualifier ? [...outer, ...found.qualifier] : outer;
    definitions.push({ ...found, scope, order: definitions.length });
    if (found.kind === 'type') scopes.push({ depth: v.depth, names: found.opens ?? [found.name] });
    return undefined;
  });
  return { source, rules, definitions };
}

export type LoadedIndex =
  | { ok: true; index: DefinitionIndex }
  | { ok: false; unsupported: true }
  | { ok: false; failure: FileFailure };

/** The definitions index of a file, through the run's cache (`files.memo(file, 'code-defs', …)`). */
export async function loadDefinitions(files: ProjectFiles, file: string): Promise<LoadedIndex> {
  const parsed = await parseSource(files, file);
  if (!parsed.ok) {
    return 'failure' in parsed && parsed.failure
      ? { ok: false, failure: parsed.failure }
      : { ok: false, unsupported: true };
  }
  const read = await files.memo(file, 'code-defs', () => buildIndex(parsed.source));
  if (!read.ok) return { ok: false, failure: read.failure };
  return { ok: true, index: read.value };
}

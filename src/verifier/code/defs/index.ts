import type { Node } from 'web-tree-sitter';
import type { FileFailure, ProjectFiles } from '../../project-files.js';
import { definitionNodes } from '../nodes.js';
import { parseSource, type SourceFile } from '../parser.js';
import { RULES } from './languages.js';
import type { Definition } from './model.js';
import type { LanguageRules } from './rules.js';
import type { Visit } from './syntax.js';

/** Every definition of one file, built once per run and shared by every check on that file. */
export interface DefinitionIndex {
  source: SourceFile;
  rules: LanguageRules;
  /** In document order. */
  definitions: Definition[];
  /** Definitions by bare name, in document order (lookups never scan the whole file). */
  byName: Map<string, Definition[]>;
}

/** A Visit for a node found by `descendantsOfType`; its field is worked out only when a rule asks for it. */
function visitOf(node: Node, type: string): Visit {
  let field: string | null | undefined;
  return {
    type,
    depth: 1,
    get field(): string | null {
      if (field === undefined) {
        field = null;
        const parent = node.parent;
        for (let i = 0; parent && i < parent.childCount; i++) {
          if (parent.child(i)?.id === node.id) {
            field = parent.fieldNameForChild(i);
            break;
          }
        }
      }
      return field;
    },
    get parentType(): string | null {
      return node.parent?.type ?? null;
    },
    node: () => node,
  };
}

const contains = (outer: Node, inner: Node): boolean =>
  outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;

function buildIndex(source: SourceFile, candidates: { node: Node; type: string }[]): DefinitionIndex {
  const rules = RULES[source.language];
  const definitions: Definition[] = [];
  const byName = new Map<string, Definition[]>();
  // Scopes opened by enclosing types; an entry is dropped once a candidate lies outside it.
  const scopes: { node: Node; names: string[] }[] = [];
  for (const { node, type } of candidates) {
    while (scopes.length && !contains((scopes[scopes.length - 1] as { node: Node }).node, node)) scopes.pop();
    const found = rules.define(visitOf(node, type));
    if (!found) continue;
    if (found.kind === 'scope') {
      if (found.untilEndOfFile) {
        // the root contains every later candidate: the statement's names stay until the file ends or the next one
        const root = node.tree.rootNode;
        for (let i = scopes.length - 1; i >= 0; i--)
          if ((scopes[i] as { node: Node }).node.id === root.id) scopes.splice(i, 1);
        scopes.unshift({ node: root, names: found.names });
      } else scopes.push({ node, names: found.names });
      continue;
    }
    const outer = scopes.flatMap((s) => s.names);
    const scope = found.qualifier ? [...outer, ...found.qualifier] : outer;
    const def: Definition = { ...found, scope, order: definitions.length };
    definitions.push(def);
    const same = byName.get(def.name);
    if (same) same.push(def);
    else byName.set(def.name, [def]);
    if (found.kind === 'type') scopes.push({ node, names: found.opens ?? [found.name] });
  }
  return { source, rules, definitions, byName };
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
  // The candidates come from the file's node search (code/nodes.ts, shared with the usage indexes), in document order.
  const candidates = await definitionNodes(files, parsed.source);
  if (!candidates.ok) return { ok: false, failure: candidates.failure };
  const read = await files.memo(file, 'code-defs', () => buildIndex(parsed.source, candidates.value));
  if (!read.ok) return { ok: false, failure: read.failure };
  return { ok: true, index: read.value };
}

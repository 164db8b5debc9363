import type { Language, Node } from 'web-tree-sitter';
import type { ProjectFiles, Read } from '../project-files.js';
import { RULES } from './defs/languages.js';
import type { SourceFile } from './parser.js';
import { USAGE_TYPES } from './usage/node-types.js';

/** A usage node with its position among the file's usage nodes (document order). */
export interface Numbered {
  seq: number;
  node: Node;
}

/**
 * The nodes of one file that the definitions index and the usage indexes read. Both sets come out of one wasm-side
 * search per file: the walk over every node of the tree is the costly part (two separate searches walked each tree
 * twice), and a tree node is materialised as one JS Node shared by both indexes.
 */
export interface FileNodes {
  /** Candidates for the definitions index (the language's `definitionTypes`), in document order, with their types. */
  definitions: { node: Node; type: string }[];
  /** Nodes of the usage types, by type, each list in document order. */
  usage: Map<string, Numbered[]>;
}

interface Plan {
  /** Every type searched for. */
  all: string[];
  definitions: ReadonlySet<string>;
}

const plans = new WeakMap<Language, Plan>();

function planFor(source: SourceFile): Plan {
  const language = source.tree.language;
  let plan = plans.get(language);
  if (!plan) {
    // As before the merge: definition types only where the grammar has such a named node.
    const definitions = RULES[source.language].definitionTypes.filter((t) => language.idForNodeType(t, true) !== null);
    plan = { all: [...new Set([...definitions, ...USAGE_TYPES])], definitions: new Set(definitions) };
    plans.set(language, plan);
  }
  return plan;
}

function collect(source: SourceFile): FileNodes {
  const plan = planFor(source);
  const definitions: FileNodes['definitions'] = [];
  const usage = new Map<string, Numbered[]>();
  let seq = 0;
  for (const node of source.root.descendantsOfType(plan.all)) {
    if (node === null) continue;
    const type = node.type;
    if (plan.definitions.has(type)) definitions.push({ node, type });
    if (USAGE_TYPES.has(type)) {
      const entry = { seq: seq++, node };
      const list = usage.get(type);
      if (list) list.push(entry);
      else usage.set(type, [entry]);
    }
  }
  return { definitions, usage };
}

/** The file's definition and usage nodes, found once per run (`files.memo(file, 'code-nodes', …)`). */
export function fileNodes(files: ProjectFiles, source: SourceFile): Promise<Read<FileNodes>> {
  return files.memo(source.file, 'code-nodes', () => collect(source));
}

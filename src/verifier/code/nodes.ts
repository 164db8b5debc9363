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
 * The nodes of one file that the definitions index and the usage indexes read, found by wasm-side searches (the walk
 * over every node of the tree is the costly part of a search; only matches become JS Node objects).
 *
 * The first family to ask decides the first search: the usage indexes search for their types and the definition
 * types together (so a file both families read is walked once), the definitions index for its own types only (a
 * file only it reads never pays for the many usage nodes). When the usage indexes come second, one more search
 * finds their types.
 */
export interface FileNodes {
  /** Candidates for the definitions index (the language's `definitionTypes`), in document order, with their types. */
  definitions: { node: Node; type: string }[];
  /** Nodes of the usage types, by type, each list in document order; absent when the search did not look for them. */
  usage?: Map<string, Numbered[]>;
}

interface Plan {
  /** The definition types this grammar has (as named nodes). */
  definitionList: string[];
  definitions: ReadonlySet<string>;
  /** Definition and usage types together. */
  all: string[];
}

const plans = new WeakMap<Language, Plan>();

function planFor(source: SourceFile): Plan {
  const language = source.tree.language;
  let plan = plans.get(language);
  if (!plan) {
    // As before the merge: definition types only where the grammar has such a named node.
    const definitionList = RULES[source.language].definitionTypes.filter(
      (t) => language.idForNodeType(t, true) !== null,
    );
    plan = {
      definitionList,
      definitions: new Set(definitionList),
      all: [...new Set([...definitionList, ...USAGE_TYPES])],
    };
    plans.set(language, plan);
  }
  return plan;
}

function search(source: SourceFile, types: string[], definitions: ReadonlySet<string>, usage: boolean): FileNodes {
  const found: FileNodes = { definitions: [] };
  const byType = new Map<string, Numbered[]>();
  let seq = 0;
  for (const node of source.root.descendantsOfType(types)) {
    if (node === null) continue;
    const type = node.type;
    if (definitions.has(type)) found.definitions.push({ node, type });
    if (usage && USAGE_TYPES.has(type)) {
      const entry = { seq: seq++, node };
      const list = byType.get(type);
      if (list) list.push(entry);
      else byType.set(type, [entry]);
    }
  }
  if (usage) found.usage = byType;
  return found;
}

const first = (files: ProjectFiles, source: SourceFile, usage: boolean): Promise<Read<FileNodes>> =>
  files.memo(source.file, 'code-nodes', () => {
    const plan = planFor(source);
    return usage
      ? search(source, plan.all, plan.definitions, true)
      : search(source, plan.definitionList, plan.definitions, false);
  });

/** The definitions index's candidates of a file, in document order (searched once per run). */
export async function definitionNodes(
  files: ProjectFiles,
  source: SourceFile,
): Promise<Read<{ node: Node; type: string }[]>> {
  const found = await first(files, source, false);
  return found.ok ? { ok: true, value: found.value.definitions } : found;
}

/** The usage nodes of a file by type (searched once per run). */
export async function usageNodes(files: ProjectFiles, source: SourceFile): Promise<Read<Map<string, Numbered[]>>> {
  const found = await first(files, source, true);
  if (!found.ok) return found;
  if (found.value.usage) return { ok: true, value: found.value.usage };
  const more = await files.memo(source.file, 'code-nodes-usage', () => {
    const usage = search(source, [...USAGE_TYPES], new Set(), true).usage;
    if (!usage) throw new Error('the usage search found no table');
    return usage;
  });
  return more;
}

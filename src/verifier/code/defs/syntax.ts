import type { Node } from 'web-tree-sitter';

/** One named node met by `scan`, with where it sits in its parent; `node()` is valid only during the callback. */
export interface Visit {
  readonly type: string;
  /** The parent's field holding this node (`name`, `body`, …), or null. */
  readonly field: string | null;
  readonly parentType: string | null;
  /** Depth below the scanned root (root = 0). */
  readonly depth: number;
  node(): Node;
}

/** Return from a `scan` callback to skip the node's descendants. */
export const SKIP = 'skip';

/**
 * Pre-order walk of the named nodes under `root` with a tree cursor: no recursion (deep trees cannot overflow the
 * stack) and no Node allocation unless the callback asks for one.
 */
export function scan(root: Node, visit: (v: Visit) => typeof SKIP | undefined): void {
  const cursor = root.walk();
  const parents: string[] = [];
  try {
    let depth = 0;
    while (true) {
      const type = cursor.nodeType;
      let descend = true;
      if (cursor.nodeIsNamed) {
        let node: Node | undefined;
        const current = cursor;
        const v: Visit = {
          type,
          field: depth === 0 ? null : cursor.currentFieldName,
          parentType: parents.length ? (parents[parents.length - 1] ?? null) : null,
          depth,
          node: () => {
            node ??= current.currentNode;
            return node;
          },
        };
        descend = visit(v) !== SKIP;
      }
      if (descend && cursor.gotoFirstChild()) {
        parents.push(type);
        depth++;
        continue;
      }
      while (true) {
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        parents.pop();
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The named children of a node (never null). */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** The children of a node held in a field (never null). */
export function fieldChildren(node: Node, field: string): Node[] {
  return node.childrenForFieldName(field).filter((c): c is Node => c !== null);
}

/** The first named child of one of the given types. */
export function childOfType(node: Node, ...types: string[]): Node | null {
  for (const c of node.namedChildren) if (c && types.includes(c.type)) return c;
  return null;
}

/** All named descendants of `node` (node included) of the given types, in document order. */
export function descendantsOfType(node: Node, types: ReadonlySet<string>, stopAt?: ReadonlySet<string>): Node[] {
  const out: Node[] = [];
  scan(node, (v) => {
    if (types.has(v.type)) out.push(v.node());
    if (stopAt && v.depth > 0 && stopAt.has(v.type)) return SKIP;
    return undefined;
  });
  return out;
}

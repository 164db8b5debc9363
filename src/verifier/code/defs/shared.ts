import type { Node } from 'web-tree-sitter';
import { type Decorator, segmentsOf } from './model.js';
import { SKIP, scan } from './syntax.js';

/** A decorator from the node naming it (`auth.login_required`) and its argument list, if called. */
export function decorator(nameNode: Node, args: Node | null, node: Node): Decorator {
  const name = nameNode.text.replace(/\s+/g, '');
  return { name, segments: segmentsOf(name), args, node };
}

/** Type names mentioned in a type annotation: the last segment of every identifier-like node of the given types. */
export function typeNamesIn(
  type: Node,
  identifierTypes: ReadonlySet<string>,
  qualifiedTypes: ReadonlySet<string>,
): string[] {
  const names: string[] = [];
  scan(type, (v) => {
    if (qualifiedTypes.has(v.type)) {
      const segs = segmentsOf(v.node().text);
      const last = segs[segs.length - 1];
      if (last) names.push(last);
      return SKIP;
    }
    if (identifierTypes.has(v.type)) names.push(v.node().text);
    return undefined;
  });
  return names;
}

/** The text of a node with whitespace removed, for names built from several tokens. */
export const compact = (node: Node): string => node.text.replace(/\s+/g, '');

/** The callee path of a member chain, built by a language's `step` (opaque receivers become `?`). */
export function memberPath(node: Node | null, step: (node: Node) => [Node | null, string] | string | null): string[] {
  const out: string[] = [];
  let current: Node | null = node;
  for (let guard = 0; current && guard < 64; guard++) {
    const r = step(current);
    if (r === null) {
      out.push('?');
      break;
    }
    if (typeof r === 'string') {
      out.push(r);
      break;
    }
    out.push(r[1]);
    current = r[0];
  }
  return out.reverse();
}

export const set = (...items: string[]): ReadonlySet<string> => new Set(items);

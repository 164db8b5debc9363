import type { Node } from 'web-tree-sitter';
import type { DefinitionIndex } from '../defs/index.js';
import type { Definition } from '../defs/model.js';
import { scan } from '../defs/syntax.js';
import { nodesOfTypes } from '../parser.js';

/** One call inside a body: the callee path as written (`self.session.end()` → [self, session, end]). */
export interface CallSite {
  /** The path with a `self`/`this` receiver replaced by the enclosing type. */
  path: string[];
  /** The path as written, for details. */
  written: string[];
  node: Node;
}

const SELF = new Set(['self', 'this', 'Self', 'static', 'cls']);

const callCache = new WeakMap<Definition, CallSite[]>();

/**
 * Every call inside a definition's body, closures and callbacks included (ruling 12), in document order. A receiver
 * `self`/`this` is replaced by the enclosing type so `self.helper()` in Users reads as Users.helper. Cached per
 * definition (definitions live as long as the run's index).
 */
export function callsIn(index: DefinitionIndex, def: Definition): CallSite[] {
  const cached = callCache.get(def);
  if (cached) return cached;
  const calls: CallSite[] = [];
  const body = def.body;
  if (body) {
    const { rules } = index;
    const owner = def.scope[def.scope.length - 1];
    const locals = rules.locals ? rules.locals(body) : undefined;
    if (locals) for (const p of def.params) locals.add(p.name);
    const add = (path: string[] | null, node: () => Node) => {
      if (!path?.length) return;
      const self = SELF.has(path[0] as string) || path[0] === def.receiver;
      const resolved = owner && self && path.length > 1 ? [owner, ...path.slice(1)] : path;
      calls.push({ path: resolved, written: path, node: node() });
    };
    const bareCall = locals ? rules.bareCall : undefined;
    if (bareCall && locals) {
      scan(body, (v) => {
        add(rules.callTypes.has(v.type) ? rules.callee(v.node()) : bareCall(v, locals), v.node);
        return undefined;
      });
    } else {
      // Only call nodes matter: found inside wasm rather than by a JS cursor walk over the whole body.
      for (const node of nodesOfTypes(body, [...rules.callTypes])) {
        if (node.isNamed) add(rules.callee(node), () => node);
      }
    }
  }
  callCache.set(def, calls);
  return calls;
}

/** True when `node` lies inside `outer` (same tree). */
export const within = (node: Node, outer: Node): boolean =>
  node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;

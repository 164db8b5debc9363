import type { Node } from 'web-tree-sitter';
import type { DefinitionIndex } from '../defs/index.js';
import { type Definition, endsWithSegments, qualifiedName, segmentsOf } from '../defs/model.js';
import type { Handler } from '../defs/rules.js';
import { SKIP, scan } from '../defs/syntax.js';
import { within } from './body.js';
import { at, definitionCheck, evidenceOf, lookup, noFunction, targets } from './common.js';

/** Handlers in a region: `except`/`catch`/`rescue`/Go error checks/Rust `Err` arms, plus class-level handlers. */
function handlersIn(index: DefinitionIndex, region: Node, classLevel: boolean): Handler[] {
  const { rules } = index;
  const out: Handler[] = [];
  scan(region, (v) => {
    if (rules.stringTypes.has(v.type)) return SKIP;
    const h = rules.handler(v) ?? (classLevel && rules.classHandler ? rules.classHandler(v) : null);
    if (h) out.push(h);
    return undefined;
  });
  return out;
}

/** Type names tested by `isinstance`/`instanceof`/`is`/`is_a?` inside a handler's body. */
function testedTypes(index: DefinitionIndex, body: Node | null): string[][] {
  if (!body) return [];
  const out: string[][] = [];
  scan(body, (v) => {
    if (index.rules.stringTypes.has(v.type)) return SKIP;
    const t = index.rules.instanceTest(v.node());
    if (t) out.push(...t);
    return undefined;
  });
  return out;
}

/** Does a handler type name the wanted exception? Rust also matches an enum's variants (`AuthError::Expired`). */
function names(index: DefinitionIndex, type: string[], wanted: string[]): boolean {
  if (endsWithSegments(type, wanted)) return true;
  if (index.source.language !== 'rust') return false;
  for (let end = type.length - 1; end >= wanted.length; end--)
    if (endsWithSegments(type.slice(0, end), wanted)) return true;
  return false;
}

interface Target {
  def: Definition;
  region: Node;
  handlers: Handler[];
}

/**
 * The regions to search: implemented functions named `function`, and a class named `function` (ruling 10) — both
 * when a Java/C#/PHP constructor shares the class's name, so `OrderController` still reaches the class's handlers.
 */
function targetsOf(index: DefinitionIndex, name: string): Target[] {
  const functions = targets(index, name).defs.map((def) => {
    const own = def.decorators.map((d) => index.rules.decoratorHandler?.(d) ?? null).filter((h): h is Handler => !!h);
    return { def, region: def.body as Node, handlers: [...own, ...handlersIn(index, def.body as Node, false)] };
  });
  const classes = lookup(index, name, 'type');
  if (functions.length && !classes.some((c) => functions.some((f) => within(f.def.node, c.node)))) return functions;
  return [
    ...functions,
    ...classes.map((def) => {
      // A class's handlers: those in its body, `rescue_from`, and methods that are handlers by decorator.
      const members = index.definitions.filter((d) => d.kind === 'function' && within(d.node, def.node));
      const byDecorator = members.flatMap((m) =>
        m.decorators.map((d) => index.rules.decoratorHandler?.(d) ?? null).filter((h): h is Handler => !!h),
      );
      return { def, region: def.node, handlers: [...byDecorator, ...handlersIn(index, def.node, true)] };
    }),
  ];
}

export const errorHandled = definitionCheck('error_handled', (index, params) => {
  const found = targetsOf(index, params.function);
  if (found.length === 0) return noFunction(index, params.function);
  const { source } = index;
  const wanted = params.exception ? segmentsOf(params.exception) : null;
  for (const { def, handlers } of found) {
    for (const h of handlers) {
      if (wanted === null) {
        return {
          result: 'pass',
          details: `${qualifiedName(def)} (${at(index, def)}) handles errors: ${h.kind} at ${source.at(h.node)}`,
          evidence: source.evidence(h.node),
        };
      }
      const direct = h.types.some((t) => names(index, t, wanted));
      const narrowed = !direct && testedTypes(index, h.body).some((t) => names(index, t, wanted));
      if (direct || narrowed) {
        const how = narrowed ? ` (type test inside ${h.kind})` : '';
        return {
          result: 'pass',
          details: `${qualifiedName(def)} (${at(index, def)}) handles ${params.exception}: ${h.kind} at ${source.at(h.node)}${how}`,
          evidence: source.evidence(h.node),
        };
      }
    }
  }
  const { def, handlers } = found[0] as Target;
  if (handlers.length === 0) {
    return {
      result: 'fail',
      details: `${qualifiedName(def)} (${at(index, def)}) has no error handler`,
      evidence: evidenceOf(index, def),
    };
  }
  const list = handlers
    .slice(0, 3)
    .map((h) => `${h.kind} at ${source.at(h.node)}`)
    .join(', ');
  return {
    result: 'fail',
    details: `${qualifiedName(def)} (${at(index, def)}) handles errors (${list}) but none names ${params.exception}`,
    evidence: evidenceOf(index, def),
  };
});

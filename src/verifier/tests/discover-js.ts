import type { Node } from 'web-tree-sitter';
import { children, type FoundTest, stringValue } from './model.js';

/**
 * Jest / Vitest / Mocha / Jasmine / node:test / Playwright tests: `it`/`test`/`specify` calls with a title and a
 * callback, grouped by `describe`/`context`/`suite` blocks whose titles form the path (`auth > rejects expired`).
 * `.each` tables count (their title is the format string as written). Skipped, todo and disabled tests do not count:
 * `x`-prefixed calls, `.skip`/`.todo`/`.fixme`, an option `{ skip: true }`/`{ todo: … }`, a title without a
 * callback (pending), a callback that starts with `this.skip()`/`t.skip()`, and everything inside a skipped group.
 * node:test subtests (`t.test('name', …)` inside a test) are tests too, with the parent test in their path.
 */
export function discoverJs(root: Node): FoundTest[] {
  const out: FoundTest[] = [];
  const groups: GroupRecord[] = [];
  const stack: Frame[] = [{ node: root, ctx: { path: [], skip: undefined, groups: [], subtestParam: undefined } }];
  while (stack.length > 0) {
    const { node, ctx } = stack.pop()!;
    const call = node.type === 'call_expression' ? classify(node, ctx) : null;
    if (!call) {
      const kids = children(node);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, ctx });
      continue;
    }
    const path = [...ctx.path, call.title];
    const skip = ctx.skip ?? call.skip;
    if (call.kind === 'group') {
      const group: GroupRecord = {
        found: { kind: 'group', name: call.title, path, node, skipReason: skip },
        total: 0,
        active: 0,
      };
      groups.push(group);
      if (call.callback) {
        stack.push({
          node: call.callback,
          ctx: { path, skip, groups: [...ctx.groups, group], subtestParam: undefined },
        });
      }
      continue;
    }
    const found: FoundTest = { kind: 'test', name: call.title, path, node, skipReason: skip };
    out.push(found);
    for (const group of ctx.groups) {
      group.total++;
      if (skip === undefined) group.active++;
    }
    if (call.callback) {
      const param = firstParamName(call.callback);
      stack.push({ node: call.callback, ctx: { path, skip, groups: ctx.groups, subtestParam: param } });
    }
  }
  for (const group of groups) {
    if (group.total === 0) continue;
    if (group.found.skipReason === undefined && group.active === 0)
      group.found.skipReason = 'all its tests are skipped';
    out.push(group.found);
  }
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex || (a.kind === 'group' ? -1 : 1));
}

interface Context {
  path: string[];
  skip: string | undefined;
  groups: GroupRecord[];
  /** Inside a node:test test callback: the name of its context parameter (`t`), whose `t.test(…)` is a subtest. */
  subtestParam: string | undefined;
}

interface Frame {
  node: Node;
  ctx: Context;
}

interface GroupRecord {
  found: FoundTest;
  total: number;
  active: number;
}

interface Classified {
  kind: 'test' | 'group';
  title: string;
  skip: string | undefined;
  callback: Node | null;
}

const TEST_ROOTS = new Set(['it', 'test', 'specify', 'fit', 'xit', 'xtest', 'xspecify']);
const GROUP_ROOTS = new Set(['describe', 'context', 'suite', 'fdescribe', 'xdescribe', 'xcontext', 'xsuite']);
const SKIP_MODIFIERS = new Set(['skip', 'todo', 'fixme']);
const NEUTRAL_MODIFIERS = new Set([
  'only',
  'concurrent',
  'sequential',
  'serial',
  'parallel',
  'each',
  'for',
  'fails',
  'fail',
  'failing',
  'skipIf',
  'runIf',
  'shuffle',
]);
const CALLBACK_TYPES = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'identifier',
  'member_expression',
]);

/** The callee as a root name and its property chain: `test.describe.skip` → test, [describe, skip]. */
function calleeChain(fn: Node | null): { root: string; props: string[] } | null {
  if (!fn) return null;
  if (fn.type === 'identifier') return { root: fn.text, props: [] };
  if (fn.type === 'member_expression') {
    const inner = calleeChain(fn.childForFieldName('object'));
    const prop = fn.childForFieldName('property');
    return inner && prop ? { root: inner.root, props: [...inner.props, prop.text] } : null;
  }
  // `it.each(table)(…)`, `test.skipIf(cond)(…)`: the modifiers live on the inner call's callee.
  if (fn.type === 'call_expression') return calleeChain(fn.childForFieldName('function'));
  return null;
}

function classify(call: Node, ctx: Context): Classified | null {
  const chain = calleeChain(call.childForFieldName('function'));
  if (!chain) return null;
  let kind: 'test' | 'group';
  let props = chain.props;
  if (ctx.subtestParam !== undefined && chain.root === ctx.subtestParam && props[0] === 'test') {
    kind = 'test';
    props = props.slice(1);
  } else if (GROUP_ROOTS.has(chain.root)) {
    kind = 'group';
  } else if (TEST_ROOTS.has(chain.root)) {
    // Playwright: `test.describe(…)` is a group.
    const describeAt = props.indexOf('describe');
    kind = describeAt >= 0 ? 'group' : 'test';
    if (describeAt >= 0) props = props.filter((_, i) => i !== describeAt);
  } else {
    return null;
  }
  if (!props.every((p) => SKIP_MODIFIERS.has(p) || NEUTRAL_MODIFIERS.has(p))) return null;
  const argsNode = call.childForFieldName('arguments');
  if (argsNode?.type !== 'arguments') return null;
  const args = children(argsNode).filter((a) => a.type !== 'comment');
  const first = args[0];
  if (!first) return null;
  let skip: string | undefined;
  if (chain.root.startsWith('x')) skip = chain.root;
  const modifier = props.find((p) => SKIP_MODIFIERS.has(p));
  if (modifier) skip ??= `.${modifier}`;
  const callback = [...args.slice(1)].reverse().find((a) => CALLBACK_TYPES.has(a.type)) ?? null;
  const optionSkip = args
    .slice(1)
    .map(optionsSkip)
    .find((s) => s !== undefined);
  skip ??= optionSkip;
  const ownTitle = title(first);
  if (ownTitle === null) return null;
  if (!callback) {
    // A title alone is a pending test (Mocha, Jasmine) or a todo; anything else (a Playwright `test.skip(cond, …)`)
    // is not a test at all.
    if (args.length === 1 && (first.type === 'string' || first.type === 'template_string')) {
      return { kind, title: ownTitle, skip: skip ?? 'no test body (pending)', callback: null };
    }
    return null;
  }
  if (kind === 'test') skip ??= bodyStartsWithSkip(callback);
  return { kind, title: ownTitle, skip, callback };
}

/** The title argument: a string or template as written, a named function's name, or the expression's text. */
function title(arg: Node): string | null {
  const literal = stringValue(arg);
  if (literal !== null) return literal;
  if (arg.type === 'function_expression' || arg.type === 'function') return arg.childForFieldName('name')?.text ?? null;
  if (arg.type === 'arrow_function' || arg.type === 'object' || arg.type === 'array') return null;
  return arg.text.replace(/\s+/g, ' ');
}

/** `{ skip: true }`, `{ skip: 'reason' }`, `{ todo: … }` (node:test options). A computed condition still counts. */
function optionsSkip(arg: Node): string | undefined {
  if (arg.type !== 'object') return undefined;
  for (const pair of children(arg)) {
    if (pair.type !== 'pair') continue;
    const key = pair.childForFieldName('key')?.text.replace(/['"]/g, '');
    const value = pair.childForFieldName('value');
    if ((key === 'skip' || key === 'todo') && value && (value.type === 'true' || stringValue(value) !== null)) {
      return `{ ${key} }`;
    }
  }
  return undefined;
}

function firstParamName(fn: Node): string | undefined {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return undefined;
  if (params.type === 'identifier') return params.text;
  const first = children(params)[0];
  if (!first) return undefined;
  if (first.type === 'identifier') return first.text;
  const pattern = first.childForFieldName('pattern');
  return pattern?.type === 'identifier' ? pattern.text : undefined;
}

/** A callback whose first statement is `this.skip()`, `t.skip()`/`ctx.skip()` on its context, or `pending()`. */
function bodyStartsWithSkip(callback: Node): string | undefined {
  const body = callback.childForFieldName('body');
  if (body?.type !== 'statement_block') return undefined;
  const first = children(body).find((s) => s.type !== 'comment');
  if (first?.type !== 'expression_statement') return undefined;
  let expr = children(first)[0];
  if (expr?.type === 'await_expression') expr = children(expr)[0];
  if (expr?.type !== 'call_expression') return undefined;
  const fn = expr.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier' && fn.text === 'pending') return 'pending()';
  if (fn.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'skip') return undefined;
  const object = fn.childForFieldName('object')?.text;
  const param = firstParamName(callback);
  if (object === 'this' || (param !== undefined && object === param)) return `${object}.skip()`;
  return undefined;
}

import type { Node } from 'web-tree-sitter';
import { children, type FoundTest, lastSegment, qualifiedForms, stringValue } from './model.js';

const GROUPS = new Set([
  'describe',
  'context',
  'feature',
  'example_group',
  'shared_examples',
  'shared_examples_for',
  'shared_context',
  'fdescribe',
  'fcontext',
  'ffeature',
]);
const SKIPPED_GROUPS = new Set(['xdescribe', 'xcontext', 'xfeature']);
const TESTS = new Set([
  'it',
  'specify',
  'example',
  'scenario',
  'its',
  'focus',
  'fit',
  'fspecify',
  'fexample',
  'fscenario',
]);
const SKIPPED_TESTS = new Set(['xit', 'xspecify', 'xexample', 'xscenario', 'skip', 'pending']);

/**
 * RSpec (and Minitest::Spec) `it`/`specify`/`example`/`scenario` blocks nested in `describe`/`context` groups;
 * Minitest `def test_*` methods of test classes; Rails `test "name" do` blocks (also matched as `test_name`).
 * `xit`, `skip`, `pending`, `x`-groups, `:skip`/`skip:` metadata, a title without a block, and a body that starts
 * with `skip` do not count.
 */
export function discoverRuby(root: Node): FoundTest[] {
  const out: FoundTest[] = [];
  const groups: { found: FoundTest; total: number; active: number }[] = [];
  type Ctx = { path: string[]; skip: string | undefined; groups: typeof groups; testClass: boolean };
  const stack: { node: Node; ctx: Ctx }[] = [
    { node: root, ctx: { path: [], skip: undefined, groups: [], testClass: false } },
  ];
  const record = (found: FoundTest, ctx: Ctx): void => {
    out.push(found);
    for (const g of ctx.groups) {
      g.total++;
      if (found.skipReason === undefined) g.active++;
    }
  };
  while (stack.length > 0) {
    const { node, ctx } = stack.pop()!;
    if (node.type === 'class' || node.type === 'module') {
      const name = node.childForFieldName('name')?.text ?? '';
      const superclass = node.childForFieldName('superclass');
      const superName = superclass ? lastSegment(children(superclass)[0]?.text ?? '') : '';
      const testClass =
        ctx.testClass || /(Test|TestCase|Spec)$/.test(superName) || (node.type === 'class' && /Tests?$/.test(name));
      const body = node.childForFieldName('body');
      if (body) stack.push({ node: body, ctx: { ...ctx, path: [...ctx.path, name], testClass } });
      continue;
    }
    if (node.type === 'method' && ctx.testClass) {
      const name = node.childForFieldName('name')?.text ?? '';
      if (name.startsWith('test_')) {
        const path = [...ctx.path, name];
        const skip = ctx.skip ?? bodySkip(node.childForFieldName('body'));
        record(
          {
            kind: 'test',
            name,
            path,
            node,
            skipReason: skip,
            aliases: qualifiedForms(path).concat(hashForm(path)),
            framework: 'minitest',
          },
          ctx,
        );
      }
      continue;
    }
    const call = node.type === 'call' ? classify(node) : null;
    if (!call) {
      const kids = children(node);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, ctx });
      continue;
    }
    const path = [...ctx.path, call.title];
    const skip = ctx.skip ?? call.skip;
    if (call.kind === 'group') {
      const found: FoundTest = { kind: 'group', name: call.title, path, node, skipReason: skip };
      const group = { found, total: 0, active: 0 };
      groups.push(group);
      if (call.block) stack.push({ node: call.block, ctx: { ...ctx, path, skip, groups: [...ctx.groups, group] } });
      continue;
    }
    const aliases: string[] = [];
    if (call.rails) {
      const method = `test_${call.title.replace(/\s+/g, '_')}`;
      aliases.push(method, ...qualifiedForms([...ctx.path, method]), hashForm([...ctx.path, method]));
    }
    const bodyStart = call.block ? bodySkip(call.block.childForFieldName('body')) : undefined;
    record(
      {
        kind: 'test',
        name: call.title,
        path,
        node,
        skipReason: skip ?? bodyStart,
        aliases,
        framework: call.rails ? 'rails' : 'rspec',
      },
      ctx,
    );
  }
  for (const g of groups) {
    if (g.total === 0) continue;
    if (g.found.skipReason === undefined && g.active === 0) g.found.skipReason = 'all its tests are skipped';
    out.push(g.found);
  }
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex || (a.kind === 'group' ? -1 : 1));
}

/** `Class#method`, the Minitest spelling. */
function hashForm(path: string[]): string {
  return path.length > 1 ? `${path.slice(0, -1).join('::')}#${path[path.length - 1]}` : (path[0] ?? '');
}

interface RubyCall {
  kind: 'test' | 'group';
  title: string;
  skip: string | undefined;
  block: Node | null;
  rails: boolean;
}

function classify(call: Node): RubyCall | null {
  const method = call.childForFieldName('method')?.text ?? '';
  const receiver = call.childForFieldName('receiver');
  if (receiver && receiver.text !== 'RSpec') return null;
  const block = call.childForFieldName('block');
  const argsNode = call.childForFieldName('arguments');
  const args = argsNode ? children(argsNode).filter((a) => a.type !== 'comment') : [];
  const first = args[0];
  const title = first && first.type !== 'pair' ? (stringValue(first) ?? first.text) : '';
  const metaSkip = args.some(isSkipMetadata) ? 'skip metadata' : undefined;
  const noBlock = block ? undefined : 'no block (pending)';
  if (GROUPS.has(method) || SKIPPED_GROUPS.has(method)) {
    if (!block) return null;
    return { kind: 'group', title, skip: SKIPPED_GROUPS.has(method) ? method : metaSkip, block, rails: false };
  }
  if (method === 'test' && !receiver) {
    // Rails `test "name" do … end`.
    if (!first || stringValue(first) === null) return null;
    return { kind: 'test', title, skip: noBlock, block, rails: true };
  }
  if (TESTS.has(method)) return { kind: 'test', title, skip: metaSkip ?? noBlock, block, rails: false };
  if (SKIPPED_TESTS.has(method)) {
    // A bare `skip`/`pending` statement inside a body is not a test definition.
    if (!block && args.length === 0) return null;
    return { kind: 'test', title, skip: method, block, rails: false };
  }
  return null;
}

/** `:skip`, `skip: true`, `skip: "reason"`, `:pending`, `pending: …` (anything but false/nil). */
function isSkipMetadata(arg: Node): boolean {
  if (arg.type === 'simple_symbol') return arg.text === ':skip' || arg.text === ':pending';
  if (arg.type !== 'pair') return false;
  const key = arg.childForFieldName('key')?.text.replace(/^:|:$/g, '');
  const value = arg.childForFieldName('value')?.text;
  return (key === 'skip' || key === 'pending') && value !== 'false' && value !== 'nil';
}

/** A body whose first statement is `skip` or `pending` (with or without a message). */
function bodySkip(body: Node | null): string | undefined {
  if (!body) return undefined;
  const first = children(body).find((s) => s.type !== 'comment');
  if (!first) return undefined;
  const name =
    first.type === 'identifier'
      ? first.text
      : first.type === 'call' && !first.childForFieldName('receiver')
        ? first.childForFieldName('method')?.text
        : undefined;
  return name === 'skip' || name === 'pending' ? name : undefined;
}

import type { Node } from 'web-tree-sitter';
import { children, type FoundTest, lastSegment, qualifiedForms, stringValue } from './model.js';

/**
 * PHPUnit: public `test*` methods of a TestCase class, and methods marked `#[Test]` or `/** @test *\/` in any class;
 * a body that starts with `markTestSkipped()`/`markTestIncomplete()` does not count. Pest: `test('…')`/`it('…')`
 * closures grouped by `describe('…')`; `->skip()`/`->todo()` do not count.
 */
export function discoverPhp(root: Node): FoundTest[] {
  const out: FoundTest[] = [];
  let namespace: string | undefined;
  const visitTop = (container: Node): void => {
    for (const node of children(container)) {
      if (node.type === 'namespace_definition') {
        namespace = node.childForFieldName('name')?.text;
        const body = node.childForFieldName('body');
        if (body) visitTop(body);
      } else if (node.type === 'class_declaration') {
        visitClass(node, namespace, out);
      } else if (node.type === 'expression_statement') {
        visitPest(node, [], undefined, out);
      }
    }
  };
  visitTop(root);
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex || (a.kind === 'group' ? -1 : 1));
}

function visitClass(cls: Node, namespace: string | undefined, out: FoundTest[]): void {
  const className = cls.childForFieldName('name')?.text ?? '';
  const base = children(cls).find((c) => c.type === 'base_clause');
  const baseName = base ? lastSegment(children(base)[0]?.text ?? '') : '';
  const testClass = /TestCase$/.test(baseName) || /Test$/.test(className);
  const body = cls.childForFieldName('body');
  if (!body) return;
  for (const method of children(body)) {
    if (method.type !== 'method_declaration') continue;
    const name = method.childForFieldName('name')?.text ?? '';
    const publicMethod = !children(method).some((c) => c.type === 'visibility_modifier' && c.text !== 'public');
    const attributed = phpAttributes(method).includes('Test');
    const doc = docComment(method);
    const docTagged = doc !== null && /@test\b/.test(doc);
    if (!attributed && !docTagged && !(testClass && publicMethod && /^test/.test(name))) continue;
    const path = [className, name];
    out.push({
      kind: 'test',
      name,
      path,
      node: method,
      from: docTagged ? (method.previousNamedSibling ?? undefined) : undefined,
      skipReason: bodySkip(method.childForFieldName('body')),
      aliases: qualifiedForms(path),
      scope: namespace,
      framework: 'phpunit',
    });
  }
}

function phpAttributes(method: Node): string[] {
  const list = method.childForFieldName('attributes');
  if (!list) return [];
  const names: string[] = [];
  for (const group of children(list)) {
    for (const attr of children(group)) {
      if (attr.type === 'attribute') names.push(lastSegment(children(attr)[0]?.text ?? ''));
    }
  }
  return names;
}

/** The `/** … *\/` doc comment right before a method, if any. */
function docComment(method: Node): string | null {
  const prev = method.previousNamedSibling;
  return prev?.type === 'comment' && prev.text.startsWith('/**') ? prev.text : null;
}

function bodySkip(body: Node | null): string | undefined {
  const first = body ? children(body).find((s) => s.type !== 'comment') : undefined;
  const call = first?.type === 'expression_statement' ? children(first)[0] : undefined;
  if (call?.type !== 'member_call_expression' && call?.type !== 'scoped_call_expression') return undefined;
  const name = call.childForFieldName('name')?.text;
  return name === 'markTestSkipped' || name === 'markTestIncomplete' ? `${name}()` : undefined;
}

/** One Pest statement: `test(…)`, `it(…)` or `describe(…)`, possibly chained (`->skip()`, `->with([...])`). */
function visitPest(stmt: Node, path: string[], inheritedSkip: string | undefined, out: FoundTest[]): void {
  let expr = children(stmt)[0];
  let skip: string | undefined;
  while (expr?.type === 'member_call_expression') {
    const name = expr.childForFieldName('name')?.text;
    if (name === 'skip' || name === 'todo') skip ??= `->${name}()`;
    expr = expr.childForFieldName('object') ?? undefined;
  }
  if (expr?.type !== 'function_call_expression') return;
  const fn = expr.childForFieldName('function')?.text;
  if (fn !== 'test' && fn !== 'it' && fn !== 'describe') return;
  const args = children(expr.childForFieldName('arguments') ?? expr).filter((a) => a.type === 'argument');
  const titleNode = args[0] ? children(args[0])[0] : undefined;
  const title = titleNode ? stringValue(titleNode) : null;
  if (title === null) return;
  const closure = args
    .slice(1)
    .map((a) => children(a)[0])
    .find((c) => c?.type === 'anonymous_function' || c?.type === 'arrow_function');
  const ownPath = [...path, title];
  const effectiveSkip = inheritedSkip ?? skip ?? (closure ? undefined : 'no closure (todo)');
  if (fn === 'describe') {
    const body = closure?.childForFieldName('body');
    if (!body) return;
    const before = out.length;
    for (const inner of children(body))
      if (inner.type === 'expression_statement') visitPest(inner, ownPath, effectiveSkip, out);
    const inside = out.slice(before);
    if (inside.length === 0) return;
    const allSkipped = inside.every((t) => t.kind === 'group' || t.skipReason !== undefined);
    out.push({
      kind: 'group',
      name: title,
      path: ownPath,
      node: stmt,
      skipReason: effectiveSkip ?? (allSkipped ? 'all its tests are skipped' : undefined),
      framework: 'pest',
    });
    return;
  }
  const pestName = fn === 'it' ? `it ${title}` : title;
  out.push({
    kind: 'test',
    name: title,
    path: ownPath,
    node: stmt,
    skipReason: effectiveSkip,
    aliases: [pestName, [...path, pestName].join(' > ')],
    framework: 'pest',
  });
}

import type { Node } from 'web-tree-sitter';
import { descendants } from '../code/parser.js';
import { children, type FoundTest, lastSegment, qualifiedForms, stringValue } from './model.js';

/**
 * Go tests: top-level `func TestX(t *testing.T)` in a `_test.go` file (`go test` reads no other file), and subtests
 * `t.Run("name", func(t *testing.T) {…})` with a literal name, whose path is `TestX/name` as `go test -run` sees it
 * (spaces become underscores). A body that starts with `t.Skip…()` does not count.
 */
export function discoverGo(root: Node, file: string): FoundTest[] {
  if (!file.endsWith('_test.go')) return [];
  const out: FoundTest[] = [];
  for (const decl of children(root)) {
    if (decl.type !== 'function_declaration') continue;
    const name = decl.childForFieldName('name')?.text ?? '';
    if (!/^Test(?![a-z])/.test(name)) continue;
    const param = testingParam(decl.childForFieldName('parameters'));
    if (!param) continue;
    const body = decl.childForFieldName('body');
    const skip = goBodySkip(body, param);
    out.push({ kind: 'test', name, path: [name], node: decl, skipReason: skip });
    if (body) collectSubtests(body, param, [name], skip, out);
  }
  return out;
}

/** The name of the only parameter when it is `*testing.T` (or `*T` under a dot import). */
function testingParam(params: Node | null): string | null {
  if (!params) return null;
  const decls = children(params).filter((p) => p.type === 'parameter_declaration');
  if (decls.length !== 1) return null;
  const type = decls[0]!.childForFieldName('type');
  if (type?.type !== 'pointer_type') return null;
  const target = children(type)[0]?.text.replace(/\s+/g, '');
  if (target !== 'testing.T' && target !== 'T') return null;
  return decls[0]!.childForFieldName('name')?.text ?? '_';
}

function goBodySkip(body: Node | null, param: string): string | undefined {
  const list = body ? children(body).find((c) => c.type === 'statement_list') : undefined;
  const stmts = list ? children(list) : body ? children(body) : [];
  const first = stmts.find((s) => s.type !== 'comment');
  if (first?.type !== 'expression_statement') return undefined;
  const call = children(first)[0];
  const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('operand')?.text !== param) return undefined;
  const method = fn.childForFieldName('field')?.text ?? '';
  return /^Skip(f|Now)?$/.test(method) ? `${param}.${method}()` : undefined;
}

/** `t.Run("name", func(t *testing.T) {…})` calls on this test's parameter, not inside another subtest's callback. */
function collectSubtests(
  body: Node,
  param: string,
  path: string[],
  inheritedSkip: string | undefined,
  out: FoundTest[],
): void {
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const sub = node.type === 'call_expression' ? subtestCall(node, param) : null;
    if (sub) {
      const subPath = [...path, sub.title];
      const goName = subPath.map((p) => p.replace(/\s/g, '_')).join('/');
      const skip = inheritedSkip ?? goBodySkip(sub.fn.childForFieldName('body'), sub.param);
      out.push({
        kind: 'test',
        name: sub.title,
        path: subPath,
        node,
        skipReason: skip,
        aliases: [subPath.join('/'), goName],
      });
      const subBody = sub.fn.childForFieldName('body');
      if (subBody) collectSubtests(subBody, sub.param, subPath, skip, out);
      continue;
    }
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

function subtestCall(call: Node, param: string): { title: string; fn: Node; param: string } | null {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Run') return null;
  if (fn.childForFieldName('operand')?.text !== param) return null;
  const args = children(call.childForFieldName('arguments') ?? call).filter((a) => a.type !== 'comment');
  const title = args[0] ? stringValue(args[0]) : null;
  const callback = args[1];
  if (title === null || callback?.type !== 'func_literal') return null;
  const subParam = testingParam(callback.childForFieldName('parameters'));
  return subParam ? { title, fn: callback, param: subParam } : null;
}

/**
 * The attributes of the widely used test crates that generate `#[test]` functions themselves: rstest's `#[rstest]`,
 * wasm-bindgen-test's `#[wasm_bindgen_test]`, quickcheck's `#[quickcheck]`. (`#[test_case(…)]` stays out: the
 * existing contract tests treat it as an ordinary attribute.)
 */
const RUST_TEST_MACROS = new Set(['rstest', 'wasm_bindgen_test', 'quickcheck']);

/** `#[test]`, `#[tokio::test]`, `#[sqlx::test(…)]`, or a test crate's own attribute. */
function isRustTestAttribute(path: string): boolean {
  const last = lastSegment(path);
  return last === 'test' || RUST_TEST_MACROS.has(last);
}

/**
 * Rust tests: functions carrying an attribute whose last path segment is `test` (`#[test]`, `#[tokio::test]`,
 * `#[sqlx::test(…)]`) or a test crate's attribute (`#[rstest]`, `#[wasm_bindgen_test]`), named by their module path
 * (`tests::it_works`). `#[ignore]` tests do not count.
 */
export function discoverRust(root: Node): FoundTest[] {
  const out: FoundTest[] = [];
  for (const node of descendants(root)) {
    if (node.type !== 'function_item') continue;
    const attrs = precedingAttributes(node);
    if (!attrs.some(isRustTestAttribute)) continue;
    const name = node.childForFieldName('name')?.text ?? '';
    const path = [...modulePath(node), name];
    const ignored = attrs.some((a) => a === 'ignore');
    out.push({
      kind: 'test',
      name,
      path,
      node,
      from: firstAttributeNode(node) ?? undefined,
      skipReason: ignored ? '#[ignore]' : undefined,
      aliases: qualifiedForms(path),
    });
  }
  return out;
}

/** Attribute paths (`test`, `tokio::test`, `ignore`) of the attribute items right before a function. */
function precedingAttributes(fn: Node): string[] {
  const names: string[] = [];
  for (let prev = fn.previousNamedSibling; prev; prev = prev.previousNamedSibling) {
    if (prev.type === 'line_comment' || prev.type === 'block_comment') continue;
    if (prev.type !== 'attribute_item') break;
    const attr = children(prev).find((c) => c.type === 'attribute');
    const path = attr ? children(attr)[0] : undefined;
    if (path) names.push(path.text.replace(/\s+/g, ''));
  }
  return names;
}

function firstAttributeNode(fn: Node): Node | null {
  let first: Node | null = null;
  for (let prev = fn.previousNamedSibling; prev; prev = prev.previousNamedSibling) {
    if (prev.type === 'line_comment' || prev.type === 'block_comment') continue;
    if (prev.type !== 'attribute_item') break;
    first = prev;
  }
  return first;
}

function modulePath(node: Node): string[] {
  const mods: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'mod_item') mods.unshift(p.childForFieldName('name')?.text ?? '');
  }
  return mods;
}

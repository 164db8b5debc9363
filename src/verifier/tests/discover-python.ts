import type { Node } from 'web-tree-sitter';
import { children, type FoundTest, lastSegment, qualifiedForms } from './model.js';

/**
 * pytest and unittest tests: module-level `def test*` functions, `test*` methods of `Test*` classes (pytest) and of
 * TestCase subclasses (unittest), nested classes included. Unconditional skips do not count: `@pytest.mark.skip`,
 * `@unittest.skip`, a skip marker on the class or in `pytestmark`, and a body that starts with `pytest.skip()`,
 * `self.skipTest()` or `raise SkipTest`. Conditional skips (`skipif`, `skipIf`, `skipUnless`) still count: the test
 * runs where the condition is false.
 */
export function discoverPython(root: Node): FoundTest[] {
  const out: FoundTest[] = [];
  const moduleSkip = moduleLevelSkip(root);
  const testClasses = new Set<string>();
  visitBlock(root, [], moduleSkip, false, out, testClasses);
  return out;
}

function visitBlock(
  block: Node,
  path: string[],
  inheritedSkip: string | undefined,
  inClass: boolean,
  out: FoundTest[],
  testClasses: Set<string>,
): void {
  for (const stmt of children(block)) {
    const { definition, decorators } = unwrap(stmt);
    if (!definition) continue;
    const nameNode = definition.childForFieldName('name');
    if (!nameNode) continue;
    const name = nameNode.text;
    const ownSkip = decorators.map(skipDecorator).find((s) => s !== undefined);
    if (definition.type === 'function_definition') {
      if (!name.startsWith('test')) continue;
      const fullPath = [...path, name];
      const bodySkip = bodyStartsWithSkip(definition.childForFieldName('body'));
      out.push({
        kind: 'test',
        name,
        path: fullPath,
        node: stmt,
        skipReason: inheritedSkip ?? ownSkip ?? bodySkip,
        aliases: qualifiedForms(fullPath),
        framework: inClass && isUnittestPath(path, testClasses) ? 'unittest' : 'pytest',
      });
    } else if (definition.type === 'class_definition') {
      const kind = testClassKind(definition, name, testClasses);
      if (!kind) continue;
      if (kind === 'unittest') testClasses.add(`unittest:${name}`);
      testClasses.add(name);
      const body = definition.childForFieldName('body');
      if (!body) continue;
      const classSkip = inheritedSkip ?? ownSkip ?? classMarkSkip(body);
      visitBlock(body, [...path, name], classSkip, true, out, testClasses);
    }
  }
}

function isUnittestPath(path: string[], testClasses: Set<string>): boolean {
  const cls = path[path.length - 1];
  return cls !== undefined && testClasses.has(`unittest:${cls}`);
}

/** A statement's definition and its decorators (a plain definition has none). */
function unwrap(stmt: Node): { definition: Node | null; decorators: Node[] } {
  if (stmt.type === 'decorated_definition') {
    return {
      definition: stmt.childForFieldName('definition'),
      decorators: children(stmt).filter((c) => c.type === 'decorator'),
    };
  }
  if (stmt.type === 'function_definition' || stmt.type === 'class_definition')
    return { definition: stmt, decorators: [] };
  return { definition: null, decorators: [] };
}

/** `pytest` collects `Test*` classes; `unittest` collects TestCase subclasses (also through a test base in this file). */
function testClassKind(cls: Node, name: string, known: Set<string>): 'pytest' | 'unittest' | null {
  const bases = cls.childForFieldName('superclasses');
  const baseNames = bases ? children(bases).map((b) => lastSegment(b.text)) : [];
  if (baseNames.some((b) => /TestCase$/.test(b) || known.has(`unittest:${b}`))) return 'unittest';
  if (name.startsWith('Test') || baseNames.some((b) => known.has(b))) return 'pytest';
  return null;
}

/** The dotted name a decorator applies (`@pytest.mark.skip(reason=…)` → `pytest.mark.skip`). */
function decoratorName(decorator: Node): string {
  let expr = children(decorator)[0] ?? null;
  if (expr?.type === 'call') expr = expr.childForFieldName('function');
  return expr ? expr.text.replace(/\s+/g, '') : '';
}

const SKIP_DECORATORS = new Set(['pytest.mark.skip', 'mark.skip', 'unittest.skip', 'skip']);

function skipDecorator(decorator: Node): string | undefined {
  const name = decoratorName(decorator);
  return SKIP_DECORATORS.has(name) ? `@${name}` : undefined;
}

/** `pytestmark = pytest.mark.skip(…)` (or a list holding it) skips every test below it. */
function markAssignmentSkip(stmt: Node): string | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const assign = children(stmt)[0];
  if (assign?.type !== 'assignment' || assign.childForFieldName('left')?.text !== 'pytestmark') return undefined;
  const right = assign.childForFieldName('right');
  if (!right) return undefined;
  const marks = right.type === 'list' || right.type === 'tuple' ? children(right) : [right];
  for (const mark of marks) {
    const fn = mark.type === 'call' ? mark.childForFieldName('function') : mark;
    const name = fn?.text.replace(/\s+/g, '') ?? '';
    if (name === 'pytest.mark.skip' || name === 'mark.skip') return 'pytestmark skip';
  }
  return undefined;
}

function classMarkSkip(body: Node): string | undefined {
  for (const stmt of children(body)) {
    const skip = markAssignmentSkip(stmt);
    if (skip) return skip;
  }
  return undefined;
}

/** A module skipped as a whole: a `pytestmark` skip or a top-level `pytest.skip(…)` call. */
function moduleLevelSkip(root: Node): string | undefined {
  for (const stmt of children(root)) {
    const mark = markAssignmentSkip(stmt);
    if (mark) return mark;
    if (stmt.type === 'expression_statement') {
      const call = children(stmt)[0];
      if (call?.type === 'call' && call.childForFieldName('function')?.text === 'pytest.skip') return 'pytest.skip()';
    }
  }
  return undefined;
}

/** A body whose first statement (after a docstring) skips unconditionally. */
function bodyStartsWithSkip(body: Node | null): string | undefined {
  if (!body) return undefined;
  const stmts = children(body).filter((s) => s.type !== 'comment');
  let first = stmts[0];
  if (first?.type === 'expression_statement' && children(first)[0]?.type === 'string') first = stmts[1];
  if (!first) return undefined;
  if (first.type === 'expression_statement') {
    const call = children(first)[0];
    const fn = call?.type === 'call' ? call.childForFieldName('function')?.text : undefined;
    if (fn === 'pytest.skip' || fn === 'self.skipTest') return `${fn}()`;
  }
  if (first.type === 'raise_statement') {
    const raised = children(first)[0];
    const fn = raised?.type === 'call' ? raised.childForFieldName('function')?.text : raised?.text;
    if (fn && lastSegment(fn) === 'SkipTest') return 'raise SkipTest';
  }
  return undefined;
}

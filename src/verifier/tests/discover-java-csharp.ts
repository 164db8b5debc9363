import type { Node } from 'web-tree-sitter';
import { children, type FoundTest, lastSegment, qualifiedForms } from './model.js';

const JAVA_TESTS = new Set(['Test', 'ParameterizedTest', 'RepeatedTest', 'TestFactory', 'TestTemplate']);
const JAVA_DISABLED = new Set(['Disabled', 'Ignore']);
const JAVA_TYPES = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration']);

/**
 * JUnit 4/5 and TestNG: methods annotated `@Test`, `@ParameterizedTest`, `@RepeatedTest`, `@TestFactory`,
 * `@TestTemplate` (any package prefix), and JUnit 3 `test*` methods of a `TestCase` subclass. `@Disabled`/`@Ignore`
 * on the method or an enclosing class, and TestNG `@Test(enabled = false)`, do not count.
 */
export function discoverJava(root: Node): FoundTest[] {
  const out: FoundTest[] = [];
  const pkg = children(root).find((c) => c.type === 'package_declaration');
  const scope = pkg
    ? children(pkg).find((c) => c.type !== 'annotation' && c.type !== 'marker_annotation')?.text
    : undefined;
  const visit = (body: Node, path: string[], skip: string | undefined, junit3: boolean): void => {
    for (const member of children(body)) {
      if (JAVA_TYPES.has(member.type)) {
        const name = member.childForFieldName('name')?.text ?? '';
        const annotations = javaAnnotations(member);
        const own = annotations.find((a) => JAVA_DISABLED.has(a.name));
        const superclass = member.childForFieldName('superclass');
        const isJunit3 = superclass ? lastSegment(children(superclass)[0]?.text ?? '') === 'TestCase' : false;
        const inner = member.childForFieldName('body');
        if (inner) visit(inner, [...path, name], skip ?? (own ? `@${own.name}` : undefined), isJunit3);
        continue;
      }
      if (member.type !== 'method_declaration') continue;
      const name = member.childForFieldName('name')?.text ?? '';
      const annotations = javaAnnotations(member);
      const testAnnotation = annotations.find((a) => JAVA_TESTS.has(a.name));
      const params = member.childForFieldName('parameters');
      const junit3Test = junit3 && /^test/.test(name) && params !== null && children(params).length === 0;
      if (!testAnnotation && !junit3Test) continue;
      const disabled = annotations.find((a) => JAVA_DISABLED.has(a.name));
      const testNgDisabled = testAnnotation && /\benabled\s*=\s*false\b/.test(testAnnotation.node.text);
      const ownSkip = disabled ? `@${disabled.name}` : testNgDisabled ? '@Test(enabled = false)' : undefined;
      const fullPath = [...path, name];
      out.push({
        kind: 'test',
        name,
        path: fullPath,
        node: member,
        skipReason: skip ?? ownSkip,
        aliases: qualifiedForms(fullPath),
        scope,
      });
    }
  };
  visit(root, [], undefined, false);
  return out;
}

function javaAnnotations(decl: Node): { name: string; node: Node }[] {
  const modifiers = children(decl).find((c) => c.type === 'modifiers');
  if (!modifiers) return [];
  return children(modifiers)
    .filter((a) => a.type === 'annotation' || a.type === 'marker_annotation')
    .map((a) => ({ name: lastSegment(a.childForFieldName('name')?.text ?? ''), node: a }));
}

const CSHARP_TESTS = new Set([
  'Fact',
  'Theory',
  'SkippableFact',
  'SkippableTheory',
  'Test',
  'TestCase',
  'TestCaseSource',
  'TestMethod',
  'DataTestMethod',
]);
const CSHARP_DISABLED = new Set(['Ignore', 'Explicit']);
const CSHARP_TYPES = new Set(['class_declaration', 'struct_declaration', 'record_declaration']);

/**
 * xUnit `[Fact]`/`[Theory]`, NUnit `[Test]`/`[TestCase]`/`[TestCaseSource]`, MSTest `[TestMethod]`/`[DataTestMethod]`
 * (with or without the `Attribute` suffix, any namespace prefix). `[Fact(Skip = "…")]`, `[Ignore]` and NUnit
 * `[Explicit]` (never run by default) on the method or an enclosing class do not count.
 */
export function discoverCsharp(root: Node): FoundTest[] {
  const out: FoundTest[] = [];
  const visit = (body: Node, path: string[], namespace: string | undefined, skip: string | undefined): void => {
    let ns = namespace;
    for (const member of children(body)) {
      if (member.type === 'file_scoped_namespace_declaration') {
        ns = member.childForFieldName('name')?.text;
        continue;
      }
      if (member.type === 'namespace_declaration') {
        const name = member.childForFieldName('name')?.text ?? '';
        const inner = member.childForFieldName('body');
        if (inner) visit(inner, path, ns ? `${ns}.${name}` : name, skip);
        continue;
      }
      if (CSHARP_TYPES.has(member.type)) {
        const name = member.childForFieldName('name')?.text ?? '';
        const own = csharpAttributes(member).find((a) => CSHARP_DISABLED.has(a.name));
        const inner = member.childForFieldName('body');
        if (inner) visit(inner, [...path, name], ns, skip ?? (own ? `[${own.name}]` : undefined));
        continue;
      }
      if (member.type !== 'method_declaration') continue;
      const attributes = csharpAttributes(member);
      const testAttr = attributes.find((a) => CSHARP_TESTS.has(a.name));
      if (!testAttr) continue;
      const name = member.childForFieldName('name')?.text ?? '';
      const disabled = attributes.find((a) => CSHARP_DISABLED.has(a.name));
      const skipArg = attributes.some((a) => (a.name === 'Fact' || a.name === 'Theory') && hasSkipArgument(a.node));
      const ownSkip = disabled ? `[${disabled.name}]` : skipArg ? `[${testAttr.name}(Skip = …)]` : undefined;
      const fullPath = [...path, name];
      out.push({
        kind: 'test',
        name,
        path: fullPath,
        node: member,
        skipReason: skip ?? ownSkip,
        aliases: qualifiedForms(fullPath),
        scope: ns,
      });
    }
  };
  visit(root, [], undefined, undefined);
  return out;
}

function csharpAttributes(decl: Node): { name: string; node: Node }[] {
  const out: { name: string; node: Node }[] = [];
  for (const list of children(decl)) {
    if (list.type !== 'attribute_list') continue;
    for (const attr of children(list)) {
      if (attr.type !== 'attribute') continue;
      const name = lastSegment(attr.childForFieldName('name')?.text ?? '').replace(/Attribute$/, '');
      out.push({ name, node: attr });
    }
  }
  return out;
}

function hasSkipArgument(attr: Node): boolean {
  const args = children(attr).find((c) => c.type === 'attribute_argument_list');
  if (!args) return false;
  return children(args).some((arg) => {
    const name = arg.childForFieldName('name')?.text ?? children(arg)[0]?.text;
    return name === 'Skip' && /=/.test(arg.text);
  });
}

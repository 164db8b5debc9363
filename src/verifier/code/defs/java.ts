import type { Node } from 'web-tree-sitter';
import { type Decorator, type FoundDefinition, type FoundScope, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { decorator, memberPath, set, typeNamesIn } from './shared.js';
import { namedChildren, type Visit } from './syntax.js';

function annotationsOf(node: Node): Decorator[] {
  const modifiers = namedChildren(node).find((c) => c.type === 'modifiers');
  if (!modifiers) return [];
  return namedChildren(modifiers)
    .filter((a) => a.type === 'marker_annotation' || a.type === 'annotation')
    .map((a) => decorator(a.childForFieldName('name') ?? a, a.childForFieldName('arguments'), a));
}

function paramsOf(list: Node | null): Param[] {
  if (!list) return [];
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    if (p.type === 'formal_parameter') {
      const name = p.childForFieldName('name');
      if (name)
        out.push({
          name: name.text,
          type: p.childForFieldName('type'),
          decorators: annotationsOf(p),
          defaultValue: null,
          node: p,
        });
    } else if (p.type === 'spread_parameter') {
      const declarator = namedChildren(p).find((c) => c.type === 'variable_declarator');
      const name = declarator?.childForFieldName('name');
      const type = namedChildren(p).find((c) => c.type !== 'modifiers' && c.type !== 'variable_declarator') ?? null;
      if (name) out.push({ name: name.text, type, decorators: annotationsOf(p), defaultValue: null, node: p });
    } else if (p.type === 'identifier') {
      out.push({ name: p.text, type: null, decorators: [], defaultValue: null, node: p });
    }
  }
  return out;
}

const TYPE_KINDS: Record<string, string> = {
  class_declaration: 'class',
  interface_declaration: 'interface',
  enum_declaration: 'enum',
  record_declaration: 'record',
  annotation_type_declaration: 'annotation type',
};

function define(v: Visit): FoundDefinition | FoundScope | null {
  if (v.type === 'package_declaration') {
    // the package qualifies every type of the file (`com.acme.web.UserController`), like an enclosing type
    const name = namedChildren(v.node()).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
    return name ? { kind: 'scope', names: segmentsOf(name.text), untilEndOfFile: true } : null;
  }
  if (v.type in TYPE_KINDS) {
    const node = v.node();
    const name = node.childForFieldName('name');
    if (!name) return null;
    return {
      kind: 'type',
      typeKind: TYPE_KINDS[v.type] as string,
      name: name.text,
      node,
      body: node.childForFieldName('body'),
      hasBody: true,
      decorators: annotationsOf(node),
      params: v.type === 'record_declaration' ? paramsOf(node.childForFieldName('parameters')) : [],
    };
  }
  switch (v.type) {
    case 'method_declaration':
    case 'constructor_declaration':
    case 'compact_constructor_declaration': {
      const node = v.node();
      const name = node.childForFieldName('name');
      if (!name) return null;
      const body = node.childForFieldName('body');
      return {
        kind: 'function',
        typeKind: 'function',
        name: name.text,
        node,
        body,
        hasBody: body !== null,
        decorators: annotationsOf(node),
        params: paramsOf(node.childForFieldName('parameters')),
      };
    }
    case 'variable_declarator': {
      // `Runnable check = () -> …` binds a lambda to a name.
      const node = v.node();
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      if (!name || value?.type !== 'lambda_expression') return null;
      const params = value.childForFieldName('parameters');
      return {
        kind: 'function',
        typeKind: 'function',
        name: name.text,
        node: node.parent ?? node,
        body: value.childForFieldName('body'),
        hasBody: true,
        decorators: [],
        params: params?.type === 'identifier' ? paramsOf(value) : paramsOf(params),
      };
    }
  }
  return null;
}

function pathStep(node: Node): [Node | null, string] | string | null {
  switch (node.type) {
    case 'identifier':
    case 'type_identifier':
    case 'this':
    case 'super':
      return node.text;
    case 'field_access':
      return [node.childForFieldName('object'), node.childForFieldName('field')?.text ?? '?'];
    case 'scoped_identifier':
    case 'scoped_type_identifier':
      return [null, segmentsOf(node.text).pop() ?? '?'];
    case 'generic_type':
      return node.namedChildren[0] ? pathStep(node.namedChildren[0]) : null;
  }
  return null;
}

function callee(node: Node): string[] | null {
  if (node.type === 'method_invocation') {
    const name = node.childForFieldName('name')?.text ?? '?';
    const object = node.childForFieldName('object');
    return [...(object ? memberPath(object, pathStep) : []), name];
  }
  if (node.type === 'object_creation_expression') return memberPath(node.childForFieldName('type'), pathStep);
  return null;
}

/** `@ExceptionHandler(X.class)` / `@ExceptionHandler({A.class, B.class})` makes a method a handler for X. */
function decoratorHandler(d: Decorator): Handler | null {
  if (d.segments[d.segments.length - 1] !== 'ExceptionHandler') return null;
  const types: string[][] = [];
  for (const m of (d.args?.text ?? '').matchAll(/([\w.$]+)\s*\.\s*class\b/g)) types.push(segmentsOf(m[1] as string));
  return { node: d.node, kind: '@ExceptionHandler', types, body: null };
}

function handler(v: Visit): Handler | null {
  if (v.type !== 'catch_clause') return null;
  const node = v.node();
  const param = namedChildren(node).find((c) => c.type === 'catch_formal_parameter');
  const catchType = param ? namedChildren(param).find((c) => c.type === 'catch_type') : undefined;
  const types = catchType ? namedChildren(catchType).map((t) => segmentsOf(t.text)) : [];
  return { node, kind: 'try/catch', types, body: node.childForFieldName('body') };
}

function conditional(v: Visit): Conditional | null {
  if (v.type !== 'if_statement' && v.type !== 'ternary_expression') return null;
  const node = v.node();
  const test = node.childForFieldName('condition');
  if (!test) return null;
  const branches = [node.childForFieldName('consequence'), node.childForFieldName('alternative')];
  return { tests: [test], branches: branches.filter((b): b is Node => b !== null) };
}

export const javaRules: LanguageRules = {
  definitionTypes: [
    ...Object.keys(TYPE_KINDS),
    'method_declaration',
    'constructor_declaration',
    'compact_constructor_declaration',
    'variable_declarator',
    'package_declaration',
  ],
  define,
  callTypes: set('method_invocation', 'object_creation_expression'),
  callee,
  reference: (v) => {
    if (v.type !== 'identifier') return null;
    if (v.parentType === 'method_invocation' && v.field === 'name') return null;
    if (v.parentType === 'field_access' && v.field === 'field') return null;
    if (v.parentType === 'method_reference' || v.parentType === 'element_value_pair') return null;
    return v.node().text;
  },
  functionTypes: set('lambda_expression', 'method_declaration', 'constructor_declaration', 'class_body'),
  handler,
  instanceTest: (node) => {
    if (node.type !== 'instanceof_expression') return null;
    const type = node.childForFieldName('right') ?? namedChildren(node)[1];
    return type ? [segmentsOf(type.text)] : null;
  },
  conditional,
  throwTypes: set('throw_statement'),
  returned: (v) => (v.type === 'return_statement' ? (v.node().namedChildren[0] ?? null) : undefined),
  stringTypes: set('string_literal', 'text_block', 'line_comment', 'block_comment'),
  integerTypes: set('decimal_integer_literal'),
  typeNames: (type) =>
    typeNamesIn(
      type,
      set('type_identifier', 'integral_type', 'floating_point_type', 'boolean_type'),
      set('scoped_type_identifier'),
    ),
  decoratorHandler,
};

import type { Node } from 'web-tree-sitter';
import { type Decorator, type FoundDefinition, type FoundScope, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { decorator, memberPath, set, typeNamesIn } from './shared.js';
import { namedChildren, SKIP, scan, type Visit } from './syntax.js';

/** JavaScript, JSX, TypeScript and TSX share one set of rules (the TS grammars extend the JS one). */

const FUNCTION_VALUES = set('arrow_function', 'function_expression', 'function', 'generator_function');
const WRAPPERS = set('as_expression', 'satisfies_expression', 'parenthesized_expression', 'non_null_expression');

function decoratorOf(d: Node): Decorator {
  const expr = d.namedChildren[0] ?? d;
  if (expr.type === 'call_expression') {
    return decorator(expr.childForFieldName('function') ?? expr, expr.childForFieldName('arguments'), d);
  }
  return decorator(expr, null, d);
}

/** Decorators on a node: its own `decorator` children, and (TS class members) the decorators just before it. */
function decoratorsOf(node: Node): Decorator[] {
  const own = namedChildren(node).filter((c) => c.type === 'decorator');
  const before: Node[] = [];
  if (node.parent?.type === 'class_body') {
    for (let s = node.previousNamedSibling; s?.type === 'decorator'; s = s.previousNamedSibling) before.unshift(s);
  }
  const exported =
    node.parent?.type === 'export_statement' ? namedChildren(node.parent).filter((c) => c.type === 'decorator') : [];
  return [...exported, ...before, ...own].map(decoratorOf);
}

function boundNames(pattern: Node): Node[] {
  if (pattern.type === 'identifier') return [pattern];
  const out: Node[] = [];
  scan(pattern, (v) => {
    if (v.type === 'identifier' || v.type === 'shorthand_property_identifier_pattern') out.push(v.node());
    if (v.type === 'pair_pattern' && v.depth > 0) {
      const value = v.node().childForFieldName('value');
      if (value) out.push(...boundNames(value));
      return SKIP;
    }
    if (v.type === 'assignment_pattern' && v.depth > 0) {
      const left = v.node().childForFieldName('left');
      if (left) out.push(...boundNames(left));
      return SKIP;
    }
    return undefined;
  });
  return out;
}

function paramsOf(fn: Node): Param[] {
  const single = fn.childForFieldName('parameter');
  if (single) return [{ name: single.text, type: null, decorators: [], defaultValue: null, node: single }];
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    const typed = p.type === 'required_parameter' || p.type === 'optional_parameter';
    let pattern = typed ? p.childForFieldName('pattern') : p;
    let defaultValue = typed ? p.childForFieldName('value') : null;
    if (pattern?.type === 'assignment_pattern') {
      defaultValue = pattern.childForFieldName('right');
      pattern = pattern.childForFieldName('left');
    }
    if (!pattern || pattern.type === 'this') continue;
    const plain = pattern.type === 'identifier' || pattern.type === 'rest_pattern';
    const annotation = typed ? (p.childForFieldName('type')?.namedChildren[0] ?? null) : null;
    const decorators = namedChildren(p)
      .filter((c) => c.type === 'decorator')
      .map(decoratorOf);
    for (const name of boundNames(pattern)) {
      // A destructured name does not carry the annotation of the whole object.
      out.push({ name: name.text, type: plain ? annotation : null, decorators, defaultValue, node: p });
    }
  }
  return out;
}

function unwrap(value: Node | null): Node | null {
  let v = value;
  while (v && WRAPPERS.has(v.type)) v = v.namedChildren[0] ?? null;
  return v;
}

/** The function a value binds: a function literal, or one wrapped in a call (`asyncHandler(async (req) => …)`). */
function functionValue(value: Node | null): Node | null {
  const v = unwrap(value);
  if (!v) return null;
  if (FUNCTION_VALUES.has(v.type)) return v;
  if (v.type === 'call_expression') {
    const args = v.childForFieldName('arguments');
    return args ? (namedChildren(args).find((a) => FUNCTION_VALUES.has(a.type)) ?? null) : null;
  }
  return null;
}

function fn(name: string, node: Node, impl: Node, decorators: Decorator[] = [], qualifier?: string[]): FoundDefinition {
  const body = impl.childForFieldName('body');
  const def: FoundDefinition = {
    kind: 'function',
    typeKind: 'function',
    name,
    node,
    body,
    hasBody: body !== null,
    decorators,
    params: paramsOf(impl),
  };
  if (qualifier) def.qualifier = qualifier;
  return def;
}

function propertyName(node: Node | null): string | null {
  if (!node) return null;
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'computed_property_name') return null;
  // a private `#name` is named `name` (segments never carry the `#`)
  return node.text.replace(/^#/, '');
}

const TYPE_KINDS: Record<string, string> = {
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  class: 'class',
  interface_declaration: 'interface',
  type_alias_declaration: 'type alias',
  enum_declaration: 'enum',
};

function define(v: Visit): FoundDefinition | FoundScope | null {
  switch (v.type) {
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'function_signature':
    case 'method_definition':
    case 'method_signature':
    case 'abstract_method_signature': {
      const node = v.node();
      const name = propertyName(node.childForFieldName('name'));
      if (!name) return null;
      const decorators = v.type === 'method_definition' ? decoratorsOf(node) : [];
      const evidence = node.parent?.type === 'export_statement' ? node.parent : node;
      const def = fn(name, evidence, node, decorators);
      const first = decorators[0]?.node;
      if (first && first.startIndex < node.startIndex) def.start = first;
      return def;
    }
    case 'variable_declarator': {
      const node = v.node();
      const name = node.childForFieldName('name');
      if (name?.type !== 'identifier') return null;
      const value = node.childForFieldName('value');
      const impl = functionValue(value);
      if (impl) return fn(name.text, node.parent ?? node, impl);
      const cls = unwrap(value);
      if (cls?.type === 'class') return { ...typeDef(cls, name.text), node: node.parent ?? node };
      return null;
    }
    case 'public_field_definition':
    case 'field_definition': {
      const node = v.node();
      const name = propertyName(node.childForFieldName('name') ?? node.childForFieldName('property'));
      const impl = functionValue(node.childForFieldName('value'));
      return name && impl ? fn(name, node, impl, decoratorsOf(node)) : null;
    }
    case 'pair': {
      const node = v.node();
      const name = propertyName(node.childForFieldName('key'));
      const impl = functionValue(node.childForFieldName('value'));
      return name && impl ? fn(name, node, impl) : null;
    }
    case 'assignment_expression': {
      const node = v.node();
      const left = node.childForFieldName('left');
      const impl = functionValue(node.childForFieldName('right'));
      if (!left || !impl) return null;
      if (left.type === 'identifier') return fn(left.text, node, impl);
      if (left.type !== 'member_expression') return null;
      const name = left.childForFieldName('property')?.text;
      if (!name) return null;
      // `Foo.prototype.bar = function` is Foo.bar; `exports.x`/`module.exports.x`/`this.x` add no qualifier.
      const owner = segmentsOf(left.childForFieldName('object')?.text ?? '').filter((s) => s !== 'prototype');
      const qualifier = ['exports', 'module', 'this'].includes(owner[0] ?? '') ? [] : owner;
      return fn(name, node, impl, [], qualifier);
    }
    case 'function_expression':
    case 'function':
    case 'generator_function': {
      // A named function expression is a definition of its own name (`module.exports = function requireLogin`,
      // `app.use(function logger(…) {…})`), unless the binding it is assigned to already carries that name.
      const node = v.node();
      const name = node.childForFieldName('name')?.text;
      if (!name) return null;
      let bound: Node | null = node.parent;
      while (bound && WRAPPERS.has(bound.type)) bound = bound.parent;
      const binding =
        bound?.type === 'variable_declarator'
          ? bound.childForFieldName('name')?.text
          : bound?.type === 'assignment_expression'
            ? bound.childForFieldName('left')?.text
            : bound?.type === 'pair'
              ? propertyName(bound.childForFieldName('key'))
              : undefined;
      return binding === name ? null : fn(name, node, node);
    }
    case 'internal_module':
    case 'module': {
      const name = v.node().childForFieldName('name');
      return name && name.type !== 'string' ? { kind: 'scope', names: segmentsOf(name.text) } : null;
    }
    case 'object': {
      // An object literal bound to a name qualifies its methods like a module (`const api = { login() {} }`).
      if (v.field !== 'value' || v.parentType !== 'variable_declarator') return null;
      const name = v.node().parent?.childForFieldName('name');
      return name?.type === 'identifier' ? { kind: 'scope', names: [name.text] } : null;
    }
  }
  if (v.type in TYPE_KINDS && v.type !== 'class') {
    const node = v.node();
    const name = node.childForFieldName('name');
    if (!name) return null;
    return typeDef(node, name.text);
  }
  return null;
}

function typeDef(node: Node, name: string): FoundDefinition {
  return {
    kind: 'type',
    typeKind: TYPE_KINDS[node.type] ?? 'class',
    name,
    node: node.parent?.type === 'export_statement' ? node.parent : node,
    body: node.childForFieldName('body'),
    hasBody: true,
    decorators: decoratorsOf(node),
    params: [],
  };
}

function pathStep(node: Node): [Node | null, string] | string | null {
  switch (node.type) {
    case 'identifier':
    case 'this':
    case 'super':
      return node.text;
    case 'member_expression':
      return [node.childForFieldName('object'), node.childForFieldName('property')?.text.replace(/^#/, '') ?? '?'];
    case 'non_null_expression':
    case 'parenthesized_expression':
      return node.namedChildren[0] ? pathStep(node.namedChildren[0]) : null;
  }
  return null;
}

function callee(node: Node): string[] | null {
  if (node.type === 'call_expression') return memberPath(node.childForFieldName('function'), pathStep);
  if (node.type === 'new_expression') return memberPath(node.childForFieldName('constructor'), pathStep);
  return null;
}

function handler(v: Visit): Handler | null {
  if (v.type === 'catch_clause') {
    const node = v.node();
    const annotation = node.childForFieldName('type')?.namedChildren[0];
    const types = annotation && annotation.type !== 'predefined_type' ? [segmentsOf(annotation.text)] : [];
    return { node, kind: 'try/catch', types, body: node.childForFieldName('body') };
  }
  if (v.type === 'call_expression') {
    const node = v.node();
    const fnNode = node.childForFieldName('function');
    if (fnNode?.type !== 'member_expression' || fnNode.childForFieldName('property')?.text !== 'catch') return null;
    const args = node.childForFieldName('arguments');
    if (!args || args.namedChildCount === 0) return null;
    return { node, kind: '.catch()', types: [], body: args };
  }
  return null;
}

function instanceTest(node: Node): string[][] | null {
  if (node.type !== 'binary_expression') return null;
  const op = node.childForFieldName('operator')?.type;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return null;
  if (op === 'instanceof') return [segmentsOf(right.text)];
  if (op === '===' || op === '==') {
    // `err.name === 'TokenExpiredError'` / `err.code === 'ENOENT'` name the error in code, not in free text.
    for (const [member, literal] of [
      [left, right],
      [right, left],
    ] as const) {
      const prop = member.type === 'member_expression' ? member.childForFieldName('property')?.text : undefined;
      if ((prop === 'name' || prop === 'code') && literal.type === 'string') return [[literal.text.slice(1, -1)]];
    }
  }
  return null;
}

function conditional(v: Visit): Conditional | null {
  if (v.type !== 'if_statement' && v.type !== 'ternary_expression') return null;
  const node = v.node();
  const test = node.childForFieldName('condition');
  if (!test) return null;
  const branches = [node.childForFieldName('consequence'), node.childForFieldName('alternative')];
  return { tests: [test], branches: branches.filter((b): b is Node => b !== null) };
}

export const javascriptRules: LanguageRules = {
  definitionTypes: [
    'function_declaration',
    'generator_function_declaration',
    'function_signature',
    'method_definition',
    'method_signature',
    'abstract_method_signature',
    'variable_declarator',
    'public_field_definition',
    'field_definition',
    'pair',
    'assignment_expression',
    'function_expression',
    'function',
    'generator_function',
    'internal_module',
    'module',
    'object',
    ...Object.keys(TYPE_KINDS),
  ],
  define,
  callTypes: set('call_expression', 'new_expression'),
  callee,
  reference: (v) => (v.type === 'identifier' || v.type === 'shorthand_property_identifier' ? v.node().text : null),
  functionTypes: set(
    'function_declaration',
    'generator_function_declaration',
    'function_expression',
    'function',
    'generator_function',
    'arrow_function',
    'method_definition',
  ),
  handler,
  instanceTest,
  conditional,
  throwTypes: set('throw_statement'),
  returned: (v) => (v.type === 'return_statement' ? (v.node().namedChildren[0] ?? null) : undefined),
  stringTypes: set('string', 'template_string', 'comment', 'jsx_text'),
  integerTypes: set('number'),
  typeNames: (type) =>
    typeNamesIn(type, set('type_identifier', 'predefined_type', 'identifier'), set('nested_type_identifier')),
};

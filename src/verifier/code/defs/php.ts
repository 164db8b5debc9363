import type { Node } from 'web-tree-sitter';
import { type Decorator, type FoundDefinition, type FoundScope, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { decorator, memberPath, set, typeNamesIn } from './shared.js';
import { fieldChildren, namedChildren, type Visit } from './syntax.js';

const varName = (node: Node | null): string | null => (node ? node.text.replace(/^\$/, '') : null);

function attributesOf(node: Node): Decorator[] {
  const out: Decorator[] = [];
  const lists = [
    node.childForFieldName('attributes'),
    ...namedChildren(node).filter((c) => c.type === 'attribute_list'),
  ];
  const seen = new Set<number>();
  for (const list of lists) {
    if (!list || seen.has(list.id)) continue;
    seen.add(list.id);
    for (const group of namedChildren(list)) {
      for (const a of namedChildren(group)) {
        if (a.type !== 'attribute') continue;
        const name = namedChildren(a).find((c) => c.type === 'name' || c.type === 'qualified_name') ?? a;
        out.push(decorator(name, a.childForFieldName('parameters'), a));
      }
    }
  }
  return out;
}

const PARAM_TYPES = set('simple_parameter', 'variadic_parameter', 'property_promotion_parameter');

function paramsOf(list: Node | null): Param[] {
  if (!list) return [];
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    if (!PARAM_TYPES.has(p.type)) continue;
    const name = varName(p.childForFieldName('name'));
    if (!name) continue;
    out.push({
      name,
      type: p.childForFieldName('type'),
      decorators: attributesOf(p),
      defaultValue: p.childForFieldName('default_value'),
      node: p,
    });
  }
  return out;
}

const TYPE_KINDS: Record<string, string> = {
  class_declaration: 'class',
  interface_declaration: 'interface',
  trait_declaration: 'trait',
  enum_declaration: 'enum',
};

const DEFINING = set(
  'function_definition',
  'method_declaration',
  'assignment_expression',
  'namespace_definition',
  ...Object.keys(TYPE_KINDS),
);

function define(v: Visit): FoundDefinition | FoundScope | null {
  if (!DEFINING.has(v.type)) return null;
  if (v.type === 'namespace_definition') {
    // a namespace qualifies the names declared in it (`App\Http\Controllers\PostController`), like an enclosing type
    const node = v.node();
    const name = node.childForFieldName('name');
    if (!name) return null;
    const names = segmentsOf(name.text);
    return node.childForFieldName('body') ? { kind: 'scope', names } : { kind: 'scope', names, untilEndOfFile: true };
  }
  const node = v.node();
  if (v.type in TYPE_KINDS) {
    const name = node.childForFieldName('name');
    if (!name) return null;
    const typeKind = TYPE_KINDS[v.type] as string;
    return {
      kind: 'type',
      typeKind,
      name: name.text,
      node,
      body: node.childForFieldName('body'),
      hasBody: true,
      decorators: attributesOf(node),
      params: [],
    };
  }
  switch (v.type) {
    case 'function_definition':
    case 'method_declaration': {
      const name = node.childForFieldName('name');
      if (!name) return null;
      // Abstract and interface methods have no body: declarations, not definitions (ruling 18).
      const body = node.childForFieldName('body');
      return {
        kind: 'function',
        typeKind: 'function',
        name: name.text,
        node,
        body,
        hasBody: body !== null,
        decorators: attributesOf(node),
        params: paramsOf(node.childForFieldName('parameters')),
      };
    }
    case 'assignment_expression': {
      // `$check = function ($x) { … }` / `$check = fn($x) => …`
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'variable_name' || (right?.type !== 'anonymous_function' && right?.type !== 'arrow_function'))
        return null;
      return {
        kind: 'function',
        typeKind: 'function',
        name: varName(left) as string,
        node,
        body: right.childForFieldName('body'),
        hasBody: true,
        decorators: attributesOf(right),
        params: paramsOf(right.childForFieldName('parameters')),
      };
    }
  }
  return null;
}

function pathStep(node: Node): [Node | null, string] | string | null {
  switch (node.type) {
    case 'name':
    case 'relative_scope':
      return node.text;
    case 'variable_name':
      return varName(node);
    case 'qualified_name':
      return [null, segmentsOf(node.text).pop() ?? '?'];
    case 'member_access_expression':
    case 'nullsafe_member_access_expression':
      return [node.childForFieldName('object'), node.childForFieldName('name')?.text ?? '?'];
    case 'member_call_expression':
    case 'nullsafe_member_call_expression':
    case 'scoped_call_expression':
    case 'function_call_expression':
      return null;
    case 'class_constant_access_expression':
      return [null, segmentsOf(node.text).pop() ?? '?'];
  }
  return null;
}

function callee(node: Node): string[] | null {
  switch (node.type) {
    case 'function_call_expression':
      return memberPath(node.childForFieldName('function'), pathStep);
    case 'member_call_expression':
    case 'nullsafe_member_call_expression':
      return [...memberPath(node.childForFieldName('object'), pathStep), node.childForFieldName('name')?.text ?? '?'];
    case 'scoped_call_expression':
      return [...memberPath(node.childForFieldName('scope'), pathStep), node.childForFieldName('name')?.text ?? '?'];
    case 'object_creation_expression': {
      const name = namedChildren(node).find((c) => c.type === 'name' || c.type === 'qualified_name');
      return name ? segmentsOf(name.text) : null;
    }
  }
  return null;
}

function handler(v: Visit): Handler | null {
  if (v.type !== 'catch_clause') return null;
  const node = v.node();
  const typeList = node.childForFieldName('type');
  const named = typeList ? (typeList.type === 'type_list' ? namedChildren(typeList) : [typeList]) : [];
  // A leading `\` is ignored (ruling 10): segmentsOf drops the empty first segment.
  return { node, kind: 'try/catch', types: named.map((t) => segmentsOf(t.text)), body: node.childForFieldName('body') };
}

function conditional(v: Visit): Conditional | null {
  const node = v.node();
  if (v.type === 'if_statement' || v.type === 'else_if_clause') {
    const test = node.childForFieldName('condition');
    if (!test) return null;
    const branches = [node.childForFieldName('body')];
    for (const alt of fieldChildren(node, 'alternative'))
      if (alt.type === 'else_clause') branches.push(alt.childForFieldName('body'));
    return { tests: [test], branches: branches.filter((b): b is Node => b !== null) };
  }
  if (v.type === 'conditional_expression') {
    const test = node.childForFieldName('condition');
    const branches = [node.childForFieldName('body'), node.childForFieldName('alternative')].filter(
      (b): b is Node => b !== null,
    );
    return test ? { tests: [test], branches } : null;
  }
  return null;
}

export const phpRules: LanguageRules = {
  definitionTypes: [...DEFINING],
  define,
  callTypes: set(
    'function_call_expression',
    'member_call_expression',
    'nullsafe_member_call_expression',
    'scoped_call_expression',
    'object_creation_expression',
  ),
  callee,
  reference: (v) => (v.type === 'variable_name' ? varName(v.node()) : null),
  functionTypes: set('anonymous_function', 'arrow_function', 'function_definition', 'method_declaration'),
  handler,
  instanceTest: (node) => {
    if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.type !== 'instanceof') return null;
    const right = node.childForFieldName('right');
    return right ? [segmentsOf(right.text)] : null;
  },
  conditional,
  throwTypes: set('throw_expression', 'throw_statement', 'exit_statement'),
  returned: (v) => (v.type === 'return_statement' ? (v.node().namedChildren[0] ?? null) : undefined),
  stringTypes: set('string', 'encapsed_string', 'heredoc', 'nowdoc', 'comment'),
  integerTypes: set('integer'),
  typeNames: (type) => typeNamesIn(type, set('name', 'primitive_type'), set('qualified_name')),
};

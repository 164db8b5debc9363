import type { Node } from 'web-tree-sitter';
import { type Decorator, type FoundDefinition, type FoundScope, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { decorator, memberPath, set, typeNamesIn } from './shared.js';
import { namedChildren, SKIP, scan, type Visit } from './syntax.js';

function attributesOf(node: Node): Decorator[] {
  const out: Decorator[] = [];
  for (const list of namedChildren(node)) {
    if (list.type !== 'attribute_list') continue;
    for (const a of namedChildren(list)) {
      if (a.type !== 'attribute') continue;
      const name = a.childForFieldName('name') ?? a.namedChildren[0] ?? a;
      const args = namedChildren(a).find((c) => c.type === 'attribute_argument_list') ?? null;
      out.push(decorator(name, args, a));
    }
  }
  return out;
}

function paramsOf(list: Node | null): Param[] {
  if (!list) return [];
  if (list.type === 'implicit_parameter' || list.type === 'identifier') {
    return [{ name: list.text, type: null, decorators: [], defaultValue: null, node: list }];
  }
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    const name = p.type === 'parameter' ? p.childForFieldName('name') : p.type === 'implicit_parameter' ? p : null;
    if (!name) continue;
    const defaultValue = namedChildren(p).find((c) => c.type === 'equals_value_clause')?.namedChildren[0] ?? null;
    out.push({
      name: name.text,
      type: p.childForFieldName('type'),
      decorators: attributesOf(p),
      defaultValue,
      node: p,
    });
  }
  return out;
}

const TYPE_KINDS: Record<string, string> = {
  class_declaration: 'class',
  interface_declaration: 'interface',
  struct_declaration: 'struct',
  record_declaration: 'record',
  record_struct_declaration: 'record',
  enum_declaration: 'enum',
  delegate_declaration: 'delegate',
};

const FUNCTION_DECLS = set(
  'method_declaration',
  'constructor_declaration',
  'destructor_declaration',
  'local_function_statement',
  'operator_declaration',
);

function define(v: Visit): FoundDefinition | FoundScope | null {
  if (v.type === 'namespace_declaration' || v.type === 'file_scoped_namespace_declaration') {
    // a namespace qualifies the names declared in it (`MyApp.Controllers.UsersController`), like an enclosing type
    const name = v.node().childForFieldName('name');
    if (!name) return null;
    const names = segmentsOf(name.text);
    return v.type === 'namespace_declaration'
      ? { kind: 'scope', names }
      : { kind: 'scope', names, untilEndOfFile: true };
  }
  if (v.type in TYPE_KINDS) {
    const node = v.node();
    const name = node.childForFieldName('name');
    if (!name) return null;
    const params = namedChildren(node).find((c) => c.type === 'parameter_list') ?? null;
    return {
      kind: 'type',
      typeKind: TYPE_KINDS[v.type] as string,
      name: name.text,
      node,
      body: node.childForFieldName('body'),
      hasBody: true,
      decorators: attributesOf(node),
      params: paramsOf(params),
    };
  }
  if (FUNCTION_DECLS.has(v.type)) {
    const node = v.node();
    const name =
      node.childForFieldName('name') ?? (v.type === 'operator_declaration' ? node.childForFieldName('operator') : null);
    if (!name) return null;
    // A method without a body (abstract, interface, partial, extern) declares without implementing (ruling 18).
    const body =
      node.childForFieldName('body') ?? namedChildren(node).find((c) => c.type === 'arrow_expression_clause') ?? null;
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
  if (v.type === 'variable_declarator') {
    // `Func<int, bool> check = x => …` binds a lambda to a name.
    const node = v.node();
    const name = node.childForFieldName('name');
    const lambda = namedChildren(node).find((c) => c.type === 'lambda_expression');
    if (!name || !lambda) return null;
    return {
      kind: 'function',
      typeKind: 'function',
      name: name.text,
      node: node.parent ?? node,
      body: lambda.childForFieldName('body'),
      hasBody: true,
      decorators: [],
      params: paramsOf(lambda.childForFieldName('parameters')),
    };
  }
  return null;
}

function pathStep(node: Node): [Node | null, string] | string | null {
  switch (node.type) {
    case 'identifier':
    case 'this_expression':
    case 'base_expression':
    case 'this':
    case 'base':
      return node.text;
    case 'generic_name':
      return node.namedChildren[0]?.text ?? null;
    case 'qualified_name':
    case 'alias_qualified_name':
      return [null, segmentsOf(node.text).pop() ?? '?'];
    case 'member_access_expression': {
      const name = node.childForFieldName('name');
      const step = name ? pathStep(name) : null;
      return [node.childForFieldName('expression'), typeof step === 'string' ? step : '?'];
    }
    case 'conditional_access_expression': {
      const binding = namedChildren(node).find((c) => c.type === 'member_binding_expression');
      const name = binding?.childForFieldName('name');
      const step = name ? pathStep(name) : null;
      return [node.childForFieldName('condition'), typeof step === 'string' ? step : '?'];
    }
  }
  return null;
}

function callee(node: Node): string[] | null {
  if (node.type === 'invocation_expression') return memberPath(node.childForFieldName('function'), pathStep);
  if (node.type === 'object_creation_expression') return memberPath(node.childForFieldName('type'), pathStep);
  return null;
}

const TYPE_NODES = set('identifier', 'qualified_name', 'generic_name', 'predefined_type');

/** Type names inside a pattern or filter (`e is T`, `when (e is A or B)`), never the member names. */
function typesIn(node: Node, except: string | undefined): string[][] {
  const out: string[][] = [];
  scan(node, (v) => {
    if (v.type === 'member_access_expression') return SKIP;
    if (TYPE_NODES.has(v.type)) {
      const text = v.node().text;
      if (text !== except) out.push(segmentsOf(text));
      return SKIP;
    }
    return undefined;
  });
  return out;
}

function handler(v: Visit): Handler | null {
  if (v.type !== 'catch_clause') return null;
  const node = v.node();
  const declaration = namedChildren(node).find((c) => c.type === 'catch_declaration');
  const type = declaration?.childForFieldName('type');
  const variable = declaration?.childForFieldName('name')?.text;
  const types = type ? [segmentsOf(type.text)] : [];
  // `catch (Exception e) when (e is T)` handles T (ruling 10).
  const filter = namedChildren(node).find((c) => c.type === 'catch_filter_clause');
  if (filter) types.push(...typesIn(filter, variable));
  return { node, kind: 'try/catch', types, body: node.childForFieldName('body') };
}

function instanceTest(node: Node): string[][] | null {
  if (node.type !== 'is_pattern_expression') return null;
  const pattern = node.childForFieldName('pattern');
  return pattern ? typesIn(pattern, undefined) : null;
}

function conditional(v: Visit): Conditional | null {
  if (v.type !== 'if_statement' && v.type !== 'conditional_expression') return null;
  const node = v.node();
  const test = node.childForFieldName('condition');
  if (!test) return null;
  const branches = [node.childForFieldName('consequence'), node.childForFieldName('alternative')];
  return { tests: [test], branches: branches.filter((b): b is Node => b !== null) };
}

export const csharpRules: LanguageRules = {
  definitionTypes: [
    ...Object.keys(TYPE_KINDS),
    ...FUNCTION_DECLS,
    'variable_declarator',
    'namespace_declaration',
    'file_scoped_namespace_declaration',
  ],
  define,
  callTypes: set('invocation_expression', 'object_creation_expression'),
  callee,
  reference: (v) => {
    if (v.type !== 'identifier') return null;
    if (
      v.field === 'name' &&
      (v.parentType === 'member_access_expression' || v.parentType === 'member_binding_expression')
    )
      return null;
    if (v.field === 'name' && (v.parentType === 'argument' || v.parentType === 'attribute_argument')) return null;
    return v.node().text;
  },
  functionTypes: set('lambda_expression', 'anonymous_method_expression', 'local_function_statement'),
  handler,
  instanceTest,
  conditional,
  throwTypes: set('throw_statement', 'throw_expression'),
  returned: (v) => (v.type === 'return_statement' ? (v.node().namedChildren[0] ?? null) : undefined),
  stringTypes: set(
    'string_literal',
    'verbatim_string_literal',
    'raw_string_literal',
    'interpolated_string_expression',
    'comment',
  ),
  integerTypes: set('integer_literal'),
  typeNames: (type) => typeNamesIn(type, set('identifier', 'predefined_type'), set('qualified_name')),
};

import type { Node } from 'web-tree-sitter';
import { type FoundDefinition, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { memberPath, set, typeNamesIn } from './shared.js';
import { fieldChildren, namedChildren, SKIP, scan, type Visit } from './syntax.js';

const ERR_NAME = /err/i;

function paramsOf(list: Node | null): Param[] {
  if (!list) return [];
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    if (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration') continue;
    const type = p.childForFieldName('type');
    for (const name of fieldChildren(p, 'name'))
      out.push({ name: name.text, type, decorators: [], defaultValue: null, node: p });
  }
  return out;
}

function func(name: string, node: Node, impl: Node, qualifier?: string[]): FoundDefinition {
  const body = impl.childForFieldName('body');
  const def: FoundDefinition = {
    kind: 'function',
    typeKind: 'function',
    name,
    node,
    body,
    hasBody: body !== null,
    decorators: [],
    params: paramsOf(impl.childForFieldName('parameters')),
  };
  if (qualifier) def.qualifier = qualifier;
  return def;
}

/** `func (h *Users[T]) Get` → [Users, h] (ruling 1: the receiver type qualifies the method). */
function receiverOf(method: Node): { type: string | null; name: string | undefined } {
  const param = method.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const type = param?.childForFieldName('type');
  const name = param?.childForFieldName('name')?.text;
  if (!type) return { type: null, name };
  const bare = type.text.replace(/^\*/, '').replace(/\[.*$/s, '');
  return { type: segmentsOf(bare).pop() ?? null, name };
}

/** Names bound to function literals: `h := func(…)`, `var h = func(…)`. */
function boundFunction(node: Node, names: Node[], values: Node | null): FoundDefinition | null {
  if (!values) return null;
  const list = namedChildren(values);
  for (const [i, name] of names.entries()) {
    const value = list[i];
    if (value?.type === 'func_literal' && name.type === 'identifier') return func(name.text, node, value);
  }
  return null;
}

function define(v: Visit): FoundDefinition | null {
  switch (v.type) {
    case 'function_declaration': {
      const node = v.node();
      const name = node.childForFieldName('name');
      return name ? func(name.text, node, node) : null;
    }
    case 'method_declaration': {
      const node = v.node();
      const name = node.childForFieldName('name');
      const receiver = receiverOf(node);
      if (!name) return null;
      const def = func(name.text, node, node, receiver.type ? [receiver.type] : []);
      if (receiver.name) def.receiver = receiver.name;
      return def;
    }
    case 'method_elem':
    case 'method_spec': {
      const node = v.node();
      const name = node.childForFieldName('name');
      return name ? { ...func(name.text, node, node), hasBody: false, body: null } : null;
    }
    case 'type_spec':
    case 'type_alias': {
      const node = v.node();
      const name = node.childForFieldName('name');
      if (!name) return null;
      const type = node.childForFieldName('type')?.type;
      const typeKind = type === 'struct_type' ? 'struct' : type === 'interface_type' ? 'interface' : 'type';
      return { kind: 'type', typeKind, name: name.text, node, body: null, hasBody: true, decorators: [], params: [] };
    }
    case 'short_var_declaration': {
      const node = v.node();
      const left = node.childForFieldName('left');
      return left ? boundFunction(node, namedChildren(left), node.childForFieldName('right')) : null;
    }
    case 'var_spec':
    case 'const_spec': {
      const node = v.node();
      return boundFunction(node, fieldChildren(node, 'name'), node.childForFieldName('value'));
    }
  }
  return null;
}

function pathStep(node: Node): [Node | null, string] | string | null {
  switch (node.type) {
    case 'identifier':
    case 'type_identifier':
      return node.text;
    case 'selector_expression':
      return [node.childForFieldName('operand'), node.childForFieldName('field')?.text ?? '?'];
    case 'generic_type':
    case 'index_expression':
      // Explicit instantiation `decode[T](x)` is a call to decode.
      return pathStep(node.childForFieldName('type') ?? node.childForFieldName('operand') ?? node);
    case 'qualified_type':
      return [node.childForFieldName('package'), node.childForFieldName('name')?.text ?? '?'];
    case 'package_identifier':
      return node.text;
    case 'parenthesized_expression':
      return node.namedChildren[0] ? pathStep(node.namedChildren[0]) : null;
  }
  return null;
}

function callee(node: Node): string[] | null {
  if (node.type === 'call_expression') return memberPath(node.childForFieldName('function'), pathStep);
  if (node.type === 'type_conversion_expression' && node.childForFieldName('type')?.type === 'generic_type') {
    return memberPath(node.childForFieldName('type'), pathStep);
  }
  return null;
}

const isErrValue = (n: Node | null): boolean =>
  !!n && (n.type === 'identifier' || n.type === 'selector_expression') && ERR_NAME.test(n.text.split('.').pop() ?? '');

/** The declared type of the `errors.As` target variable, looked up in the enclosing function. */
function targetType(call: Node, target: Node | null): string[][] {
  const name = target?.type === 'unary_expression' ? target.childForFieldName('operand')?.text : target?.text;
  if (!name) return [];
  let fn: Node | null = call;
  while (fn && !['function_declaration', 'method_declaration', 'func_literal', 'source_file'].includes(fn.type))
    fn = fn.parent;
  if (!fn) return [];
  const types: string[][] = [];
  scan(fn, (v) => {
    if (v.type === 'var_spec' && fieldChildren(v.node(), 'name').some((n) => n.text === name)) {
      const type = v.node().childForFieldName('type');
      if (type) types.push(segmentsOf(type.text.replace(/^\*/, '')));
      return SKIP;
    }
    return undefined;
  });
  return types;
}

/** Error checks inside a condition: `err != nil`, `errors.Is(err, X)`, `errors.As(err, &t)`, `err == X`. */
function conditionTypes(condition: Node): { generic: boolean; types: string[][] } {
  let generic = false;
  const types: string[][] = [];
  scan(condition, (v) => {
    const node = v.node();
    if (v.type === 'binary_expression') {
      const op = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if ((op === '!=' || op === '==') && left && right) {
        for (const [a, b] of [
          [left, right],
          [right, left],
        ] as const) {
          if (!isErrValue(a)) continue;
          if (b.type === 'nil') generic ||= op === '!=';
          else if (b.type === 'identifier' || b.type === 'selector_expression') types.push(segmentsOf(b.text));
        }
      }
    } else if (v.type === 'call_expression') {
      const fn = segmentsOf(node.childForFieldName('function')?.text ?? '');
      const args = namedChildren(node.childForFieldName('arguments') ?? node);
      if (fn[0] === 'errors' && fn[1] === 'Is' && args[1]) types.push(segmentsOf(args[1].text));
      if (fn[0] === 'errors' && fn[1] === 'As') types.push(...targetType(node, args[1] ?? null));
    }
    return undefined;
  });
  return { generic, types };
}

function handler(v: Visit): Handler | null {
  const node = v.node();
  switch (v.type) {
    case 'if_statement': {
      const condition = node.childForFieldName('condition');
      if (!condition) return null;
      const { generic, types } = conditionTypes(condition);
      if (!generic && types.length === 0) return null;
      return {
        node,
        kind: generic ? 'if err != nil' : 'error check',
        types,
        body: node.childForFieldName('consequence'),
      };
    }
    case 'type_switch_statement':
    case 'expression_switch_statement': {
      if (!isErrValue(node.childForFieldName('value'))) return null;
      const types: string[][] = [];
      for (const c of namedChildren(node)) {
        if (c.type !== 'type_case' && c.type !== 'expression_case') continue;
        const caseTypes =
          c.type === 'type_case' ? fieldChildren(c, 'type') : namedChildren(c.childForFieldName('value') ?? c);
        for (const t of caseTypes) if (t.type !== 'nil') types.push(segmentsOf(t.text.replace(/^\*/, '')));
      }
      return { node, kind: 'switch on error', types, body: null };
    }
    case 'type_assertion_expression': {
      if (!isErrValue(node.childForFieldName('operand'))) return null;
      const type = node.childForFieldName('type');
      return type
        ? { node, kind: 'error type assertion', types: [segmentsOf(type.text.replace(/^\*/, ''))], body: null }
        : null;
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      return fn?.type === 'identifier' && fn.text === 'recover'
        ? { node, kind: 'recover()', types: [], body: null }
        : null;
    }
  }
  return null;
}

function conditional(v: Visit): Conditional | null {
  if (v.type !== 'if_statement') return null;
  const node = v.node();
  const tests = [node.childForFieldName('initializer'), node.childForFieldName('condition')].filter(
    (t): t is Node => !!t,
  );
  const alternative = node.childForFieldName('alternative');
  const branches = [node.childForFieldName('consequence'), alternative?.type === 'block' ? alternative : null];
  return { tests, branches: branches.filter((b): b is Node => b !== null) };
}

export const goRules: LanguageRules = {
  definitionTypes: [
    'function_declaration',
    'method_declaration',
    'method_elem',
    'method_spec',
    'type_spec',
    'type_alias',
    'short_var_declaration',
    'var_spec',
    'const_spec',
  ],
  define,
  callTypes: set('call_expression', 'type_conversion_expression'),
  callee,
  reference: (v) => (v.type === 'identifier' ? v.node().text : null),
  functionTypes: set('func_literal', 'function_declaration', 'method_declaration'),
  handler,
  instanceTest: () => null,
  conditional,
  throwTypes: set(),
  returned: (v) => (v.type === 'return_statement' ? (v.node().namedChildren[0] ?? null) : undefined),
  stringTypes: set('interpreted_string_literal', 'raw_string_literal', 'comment'),
  integerTypes: set('int_literal'),
  typeNames: (type) => typeNamesIn(type, set('type_identifier'), set('qualified_type')),
};

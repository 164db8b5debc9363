import type { Node } from 'web-tree-sitter';
import { type FoundDefinition, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { memberPath, set } from './shared.js';
import { namedChildren, scan, type Visit } from './syntax.js';

const PARAM_TYPES = set(
  'identifier',
  'optional_parameter',
  'keyword_parameter',
  'splat_parameter',
  'hash_splat_parameter',
  'block_parameter',
);

function paramsOf(list: Node | null): Param[] {
  if (!list) return [];
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    if (!PARAM_TYPES.has(p.type)) continue;
    const name = p.type === 'identifier' ? p : p.childForFieldName('name');
    if (name)
      out.push({ name: name.text, type: null, decorators: [], defaultValue: p.childForFieldName('value'), node: p });
  }
  return out;
}

function method(
  name: string,
  node: Node,
  body: Node | null,
  params: Node | null,
  qualifier?: string[],
): FoundDefinition {
  // A Ruby method is always implemented (an empty `def x; end` is an empty body, not a declaration).
  const def: FoundDefinition = {
    kind: 'function',
    typeKind: 'function',
    name,
    node,
    body,
    hasBody: true,
    decorators: [],
    params: paramsOf(params),
  };
  if (qualifier) def.qualifier = qualifier;
  return def;
}

const symbolName = (node: Node | null | undefined): string | null =>
  node && (node.type === 'simple_symbol' || node.type === 'string') ? node.text.replace(/^:?["']?|["']$/g, '') : null;

const DEFINING = set('class', 'module', 'method', 'singleton_method', 'call', 'assignment');

function define(v: Visit): FoundDefinition | null {
  if (!DEFINING.has(v.type)) return null;
  const node = v.node();
  switch (v.type) {
    case 'class':
    case 'module': {
      const nameNode = node.childForFieldName('name');
      if (!nameNode) return null;
      // `class Admin::UsersController` is UsersController inside Admin.
      const segments = segmentsOf(nameNode.text);
      const name = segments.pop();
      if (!name) return null;
      return {
        kind: 'type',
        typeKind: v.type,
        name,
        node,
        body: node.childForFieldName('body'),
        hasBody: true,
        decorators: [],
        params: [],
        qualifier: segments,
        opens: [...segments, name],
      };
    }
    case 'method': {
      const name = node.childForFieldName('name');
      return name
        ? method(name.text, node, node.childForFieldName('body'), node.childForFieldName('parameters'))
        : null;
    }
    case 'singleton_method': {
      const name = node.childForFieldName('name');
      const object = node.childForFieldName('object');
      const qualifier = object && object.type !== 'self' ? segmentsOf(object.text) : undefined;
      return name
        ? method(name.text, node, node.childForFieldName('body'), node.childForFieldName('parameters'), qualifier)
        : null;
    }
    case 'call': {
      // `define_method(:name) do |args| … end`
      if (node.childForFieldName('method')?.text !== 'define_method') return null;
      const name = symbolName(node.childForFieldName('arguments')?.namedChildren[0]);
      const block = node.childForFieldName('block');
      if (!name || !block) return null;
      return method(name, node, block.childForFieldName('body'), block.childForFieldName('parameters'));
    }
    case 'assignment': {
      // `check = ->(x) { … }` / `check = lambda { |x| … }`
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' && left?.type !== 'constant') return null;
      if (right?.type === 'lambda') {
        return method(left.text, node, right.childForFieldName('body'), right.childForFieldName('parameters'));
      }
      if (right?.type === 'call' && right.childForFieldName('method')?.text === 'lambda') {
        const block = right.childForFieldName('block');
        return block
          ? method(left.text, node, block.childForFieldName('body'), block.childForFieldName('parameters'))
          : null;
      }
      return null;
    }
  }
  return null;
}

function pathStep(node: Node): [Node | null, string] | string | null {
  switch (node.type) {
    case 'identifier':
    case 'constant':
    case 'self':
    case 'super':
      return node.text;
    case 'instance_variable':
    case 'class_variable':
      return node.text.replace(/^@+/, '');
    case 'scope_resolution':
      return [node.childForFieldName('scope'), node.childForFieldName('name')?.text ?? '?'];
    case 'call':
      return [node.childForFieldName('receiver'), node.childForFieldName('method')?.text ?? '?'];
  }
  return null;
}

/** Positions where an identifier is not a method call: definitions, parameters, assignment targets, members. */
const NOT_CALL_PARENTS = set(
  'method',
  'singleton_method',
  'method_parameters',
  'block_parameters',
  'lambda_parameters',
  'optional_parameter',
  'keyword_parameter',
  'splat_parameter',
  'hash_splat_parameter',
  'block_parameter',
  'exception_variable',
  'left_assignment_list',
  'destructured_left_assignment',
  'alias',
  'undef',
);

function bareCall(v: Visit, locals: ReadonlySet<string>): string[] | null {
  if (v.type !== 'identifier' || (v.parentType && NOT_CALL_PARENTS.has(v.parentType))) return null;
  if (v.parentType === 'call' && v.field === 'method') return null;
  if ((v.parentType === 'assignment' || v.parentType === 'operator_assignment') && v.field === 'left') return null;
  const name = v.node().text;
  return locals.has(name) ? null : [name];
}

/** Local variables of a body: assignment targets, block parameters, rescue variables, loop variables. */
function locals(body: Node): Set<string> {
  const out = new Set<string>();
  scan(body, (v) => {
    if (v.type !== 'identifier') return undefined;
    const assigned = (v.parentType === 'assignment' || v.parentType === 'operator_assignment') && v.field === 'left';
    if (assigned || (v.parentType && NOT_CALL_PARENTS.has(v.parentType) && v.parentType !== 'method'))
      out.add(v.node().text);
    if (v.parentType === 'for' && v.field === 'pattern') out.add(v.node().text);
    return undefined;
  });
  return out;
}

const constants = (nodes: Node[]): string[][] =>
  nodes.filter((n) => n.type === 'constant' || n.type === 'scope_resolution').map((n) => segmentsOf(n.text));

function handler(v: Visit): Handler | null {
  const node = v.node();
  if (v.type === 'rescue') {
    const exceptions = node.childForFieldName('exceptions');
    return {
      node,
      kind: 'rescue',
      types: exceptions ? constants(namedChildren(exceptions)) : [],
      body: node.childForFieldName('body'),
    };
  }
  if (v.type === 'rescue_modifier') return { node, kind: 'rescue modifier', types: [], body: null };
  return null;
}

/** `rescue_from ActiveRecord::RecordNotFound, with: :not_found` in a class body (ruling 10). */
function classHandler(v: Visit): Handler | null {
  if (v.type !== 'call') return null;
  const node = v.node();
  if (node.childForFieldName('method')?.text !== 'rescue_from' || node.childForFieldName('receiver')) return null;
  const args = node.childForFieldName('arguments');
  return { node, kind: 'rescue_from', types: args ? constants(namedChildren(args)) : [], body: null };
}

function instanceTest(node: Node): string[][] | null {
  if (node.type === 'call') {
    const name = node.childForFieldName('method')?.text;
    if (name !== 'is_a?' && name !== 'kind_of?' && name !== 'instance_of?') return null;
    return constants(namedChildren(node.childForFieldName('arguments') ?? node));
  }
  if (node.type === 'when')
    return constants(
      namedChildren(node)
        .filter((c) => c.type === 'pattern')
        .flatMap(namedChildren),
    );
  return null;
}

const isRaise = (node: Node | null): boolean =>
  !!node &&
  node.type === 'call' &&
  !node.childForFieldName('receiver') &&
  ['raise', 'fail'].includes(node.childForFieldName('method')?.text ?? '');

function conditional(v: Visit): Conditional | null {
  const node = v.node();
  switch (v.type) {
    case 'if':
    case 'unless':
    case 'elsif':
    case 'conditional': {
      const test = node.childForFieldName('condition');
      if (!test) return null;
      const alternative = node.childForFieldName('alternative');
      const branches = [node.childForFieldName('consequence'), alternative?.type === 'else' ? alternative : null];
      if (v.type === 'conditional') branches[1] = alternative;
      return { tests: [test], branches: branches.filter((b): b is Node => b !== null) };
    }
    case 'if_modifier':
    case 'unless_modifier': {
      const test = node.childForFieldName('condition');
      const body = node.childForFieldName('body');
      return test && body ? { tests: [test], branches: [body] } : null;
    }
    case 'binary': {
      // `User.find_by(id: id) or raise NotFound`
      const right = node.childForFieldName('right');
      const left = node.childForFieldName('left');
      return left && isRaise(right) && right ? { tests: [left], branches: [right] } : null;
    }
  }
  return null;
}

export const rubyRules: LanguageRules = {
  definitionTypes: [...DEFINING],
  define,
  callTypes: set('call'),
  callee: (node) => (node.type === 'call' ? memberPath(node, pathStep) : null),
  reference: (v) =>
    v.type === 'identifier' && !(v.parentType === 'call' && v.field === 'method') ? v.node().text : null,
  functionTypes: set('method', 'singleton_method', 'lambda'),
  handler,
  classHandler,
  instanceTest,
  conditional,
  throwTypes: set(),
  returned: (v) => {
    if (v.type !== 'return') return undefined;
    const args = v.node().namedChildren[0];
    return args?.type === 'argument_list' ? (args.namedChildren[0] ?? null) : (args ?? null);
  },
  stringTypes: set('string', 'heredoc_body', 'comment', 'string_content'),
  integerTypes: set('integer'),
  typeNames: () => [],
  bareCall,
  locals,
};

import type { Node } from 'web-tree-sitter';
import { type Decorator, type FoundDefinition, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { decorator, memberPath, set, typeNamesIn } from './shared.js';
import { fieldChildren, namedChildren, type Visit } from './syntax.js';

function decoratorsOf(def: Node): Decorator[] {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return [];
  const out: Decorator[] = [];
  for (const d of namedChildren(parent)) {
    if (d.type !== 'decorator') continue;
    const expr = d.namedChildren[0] ?? d;
    if (expr.type !== 'call') {
      out.push(decorator(expr, null, d));
      continue;
    }
    const fn = expr.childForFieldName('function') ?? expr;
    const args = expr.childForFieldName('arguments');
    out.push(decorator(fn, args, d));
    // Django applies function decorators to methods through `@method_decorator(login_required, name=…)`.
    const applied = args?.namedChildren[0];
    if (fn.text.endsWith('method_decorator') && applied) {
      const inner = applied.type === 'call' ? (applied.childForFieldName('function') ?? applied) : applied;
      const targets = inner.type === 'list' || inner.type === 'tuple' ? namedChildren(inner) : [inner];
      for (const t of targets) if (t.type === 'identifier' || t.type === 'attribute') out.push(decorator(t, null, d));
    }
  }
  return out;
}

function paramsOf(list: Node | null): Param[] {
  if (!list) return [];
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    let nameNode: Node | null = null;
    switch (p.type) {
      case 'identifier':
        nameNode = p;
        break;
      case 'typed_parameter': {
        const first = p.namedChildren[0] ?? null;
        nameNode = first?.type === 'identifier' ? first : (first?.namedChildren[0] ?? null);
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        nameNode = p.childForFieldName('name');
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        nameNode = p.namedChildren[0] ?? null;
        break;
    }
    if (!nameNode) continue;
    out.push({
      name: nameNode.text,
      type: p.childForFieldName('type'),
      decorators: [],
      defaultValue: p.childForFieldName('value'),
      node: p,
    });
  }
  return out;
}

/** `@abstractmethod`/`@overload` methods and bodies that are only `...` declare without implementing (ruling 18). */
function implemented(body: Node | null, decorators: Decorator[]): boolean {
  if (!body) return false;
  if (decorators.some((d) => ['abstractmethod', 'overload'].includes(d.segments[d.segments.length - 1] ?? ''))) {
    return false;
  }
  const statements = namedChildren(body).filter((s) => s.type !== 'comment');
  const isDocstring = (s: Node) => s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string';
  const rest = statements.filter((s, i) => !(i === 0 && isDocstring(s)));
  return !(
    rest.length === 1 &&
    rest[0]?.type === 'expression_statement' &&
    rest[0].namedChildren[0]?.type === 'ellipsis'
  );
}

function define(v: Visit): FoundDefinition | null {
  switch (v.type) {
    case 'function_definition': {
      const node = v.node();
      const name = node.childForFieldName('name');
      if (!name) return null;
      const decorators = decoratorsOf(node);
      const body = node.childForFieldName('body');
      return {
        kind: 'function',
        typeKind: 'function',
        name: name.text,
        node: node.parent?.type === 'decorated_definition' ? node.parent : node,
        body,
        hasBody: implemented(body, decorators),
        decorators,
        params: paramsOf(node.childForFieldName('parameters')),
      };
    }
    case 'class_definition': {
      const node = v.node();
      const name = node.childForFieldName('name');
      if (!name) return null;
      return {
        kind: 'type',
        typeKind: 'class',
        name: name.text,
        node: node.parent?.type === 'decorated_definition' ? node.parent : node,
        body: node.childForFieldName('body'),
        hasBody: true,
        decorators: decoratorsOf(node),
        params: [],
      };
    }
    case 'assignment': {
      const node = v.node();
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' || right?.type !== 'lambda') return null;
      return {
        kind: 'function',
        typeKind: 'function',
        name: left.text,
        node,
        body: right.childForFieldName('body'),
        hasBody: true,
        decorators: [],
        params: paramsOf(right.childForFieldName('parameters')),
      };
    }
  }
  return null;
}

function pathStep(node: Node): [Node | null, string] | string | null {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute')
    return [node.childForFieldName('object'), node.childForFieldName('attribute')?.text ?? '?'];
  return null;
}

/** The exception types of an `except` clause value: a name, a dotted name, or a tuple of them. */
function exceptionTypes(value: Node | null): string[][] {
  if (!value) return [];
  const expr = value.type === 'as_pattern' ? value.namedChildren[0] : value;
  if (!expr) return [];
  const items = expr.type === 'tuple' || expr.type === 'parenthesized_expression' ? namedChildren(expr) : [expr];
  return items.filter((i) => i.type === 'identifier' || i.type === 'attribute').map((i) => segmentsOf(i.text));
}

function handler(v: Visit): Handler | null {
  if (v.type === 'except_clause' || v.type === 'except_group_clause') {
    const node = v.node();
    const value = node.childForFieldName('value') ?? namedChildren(node).find((c) => c.type !== 'block') ?? null;
    const body = namedChildren(node).find((c) => c.type === 'block') ?? null;
    return { node, kind: 'try/except', types: exceptionTypes(value), body };
  }
  if (v.type === 'with_item') {
    const call = v.node().childForFieldName('value');
    if (call?.type !== 'call') return null;
    const fn = segmentsOf(call.childForFieldName('function')?.text ?? '');
    if (fn[fn.length - 1] !== 'suppress') return null;
    const args = namedChildren(call.childForFieldName('arguments') ?? call).filter(
      (a) => a.type !== 'keyword_argument',
    );
    const block = call.parent?.parent?.parent?.childForFieldName('body') ?? null;
    return { node: v.node(), kind: 'contextlib.suppress', types: args.flatMap((a) => exceptionTypes(a)), body: block };
  }
  return null;
}

function instanceTest(node: Node): string[][] | null {
  if (node.type !== 'call') return null;
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'identifier' || (fn.text !== 'isinstance' && fn.text !== 'issubclass')) return null;
  const args = namedChildren(node.childForFieldName('arguments') ?? node);
  return exceptionTypes(args[1] ?? null);
}

function conditional(v: Visit): Conditional | null {
  const node = v.node();
  switch (v.type) {
    case 'if_statement':
    case 'elif_clause': {
      const test = node.childForFieldName('condition');
      if (!test) return null;
      const branches = [node.childForFieldName('consequence')];
      for (const alt of fieldChildren(node, 'alternative')) {
        if (alt.type === 'else_clause') branches.push(alt.childForFieldName('body'));
      }
      return { tests: [test], branches: branches.filter((b): b is Node => b !== null) };
    }
    case 'conditional_expression': {
      const [a, test, b] = namedChildren(node);
      return test && a && b ? { tests: [test], branches: [a, b] } : null;
    }
    case 'assert_statement': {
      const test = node.namedChildren[0];
      return test ? { tests: [test], branches: [], inherent: 'assert' } : null;
    }
  }
  return null;
}

export const pythonRules: LanguageRules = {
  definitionTypes: ['function_definition', 'class_definition', 'assignment'],
  define,
  callTypes: set('call'),
  callee: (node) => (node.type === 'call' ? memberPath(node.childForFieldName('function'), pathStep) : null),
  reference: (v) => {
    if (v.type !== 'identifier') return null;
    if (v.parentType === 'attribute' && v.field === 'attribute') return null;
    if (v.parentType === 'keyword_argument' && v.field === 'name') return null;
    return v.node().text;
  },
  functionTypes: set('function_definition', 'lambda'),
  handler,
  instanceTest,
  conditional,
  throwTypes: set('raise_statement'),
  returned: (v) => (v.type === 'return_statement' ? (v.node().namedChildren[0] ?? null) : undefined),
  stringTypes: set('string', 'comment'),
  integerTypes: set('integer'),
  typeNames: (type) => {
    // A forward reference `"User"` names the type inside the string.
    const str = type.type === 'string' ? type : type.namedChildren[0]?.type === 'string' ? type.namedChildren[0] : null;
    if (str) return segmentsOf(str.text.replace(/^[rbuf]*["']+|["']+$/gi, '')).slice(-1);
    return typeNamesIn(type, set('identifier'), set('attribute'));
  },
};

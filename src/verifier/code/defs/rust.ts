import type { Node } from 'web-tree-sitter';
import { type Decorator, type FoundDefinition, type FoundScope, type Param, segmentsOf } from './model.js';
import type { Conditional, Handler, LanguageRules } from './rules.js';
import { decorator, memberPath, set, typeNamesIn } from './shared.js';
import { namedChildren, SKIP, scan, type Visit } from './syntax.js';

const COMMENTS = set('line_comment', 'block_comment');

/** Outer attributes are the `#[…]` items just before an item (comments may sit between them). */
function attributesOf(item: Node): Decorator[] {
  const out: Decorator[] = [];
  for (
    let s = item.previousNamedSibling;
    s && (s.type === 'attribute_item' || COMMENTS.has(s.type));
    s = s.previousNamedSibling
  ) {
    if (s.type !== 'attribute_item') continue;
    const attr = s.namedChildren.find((c) => c?.type === 'attribute');
    const path = attr?.namedChildren[0];
    if (attr && path) out.unshift(decorator(path, attr.childForFieldName('arguments'), s));
  }
  return out;
}

/** The first attribute above an item, so evidence covers `#[get("/")]` too. */
function firstAttribute(item: Node): Node | undefined {
  let first: Node | undefined;
  for (
    let s = item.previousNamedSibling;
    s && (s.type === 'attribute_item' || COMMENTS.has(s.type));
    s = s.previousNamedSibling
  ) {
    if (s.type === 'attribute_item') first = s;
  }
  return first;
}

function bindings(pattern: Node): string[] {
  if (pattern.type === 'identifier') return [pattern.text];
  const out: string[] = [];
  scan(pattern, (v) => {
    if (v.type === 'identifier' && v.field !== 'type' && v.parentType !== 'scoped_identifier') out.push(v.node().text);
    return undefined;
  });
  return out;
}

function paramsOf(list: Node | null): Param[] {
  if (!list) return [];
  const out: Param[] = [];
  for (const p of namedChildren(list)) {
    const pattern = p.type === 'parameter' ? p.childForFieldName('pattern') : p.type === 'identifier' ? p : null;
    if (!pattern) continue;
    const type = p.type === 'parameter' ? p.childForFieldName('type') : null;
    // `Json(body): Json<Login>` binds `body`, validated by the extractor type.
    for (const name of bindings(pattern))
      out.push({ name, type, decorators: attributesOf(p), defaultValue: null, node: p });
  }
  return out;
}

const TYPE_KINDS: Record<string, string> = {
  struct_item: 'struct',
  enum_item: 'enum',
  trait_item: 'trait',
  union_item: 'union',
  type_item: 'type alias',
};

/** `impl<T> Repo for Users<T>` → Users (ruling 1: the impl's type qualifies its functions). */
function implType(impl: Node): string | null {
  const type = impl.childForFieldName('type');
  if (!type) return null;
  const bare = type.text.replace(/<.*$/s, '').replace(/^&(mut\s+)?/, '');
  return segmentsOf(bare).pop() ?? null;
}

const DEFINING = set(
  'function_item',
  'function_signature_item',
  'impl_item',
  'mod_item',
  'let_declaration',
  ...Object.keys(TYPE_KINDS),
);

function define(v: Visit): FoundDefinition | FoundScope | null {
  if (!DEFINING.has(v.type)) return null;
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
      start: firstAttribute(node),
      body: node.childForFieldName('body'),
      hasBody: true,
      decorators: attributesOf(node),
      params: [],
    };
  }
  switch (v.type) {
    case 'function_item':
    case 'function_signature_item': {
      const name = node.childForFieldName('name');
      if (!name) return null;
      const body = node.childForFieldName('body');
      return {
        kind: 'function',
        typeKind: 'function',
        name: name.text,
        node,
        start: firstAttribute(node),
        body,
        hasBody: body !== null,
        decorators: attributesOf(node),
        params: paramsOf(node.childForFieldName('parameters')),
      };
    }
    case 'impl_item': {
      const type = implType(node);
      return type ? { kind: 'scope', names: [type] } : null;
    }
    case 'mod_item': {
      const name = node.childForFieldName('name');
      return name && node.childForFieldName('body') ? { kind: 'scope', names: [name.text] } : null;
    }
    case 'let_declaration': {
      // `let check = |x| …;`
      const pattern = node.childForFieldName('pattern');
      const value = node.childForFieldName('value');
      if (pattern?.type !== 'identifier' || value?.type !== 'closure_expression') return null;
      return {
        kind: 'function',
        typeKind: 'function',
        name: pattern.text,
        node,
        body: value.childForFieldName('body'),
        hasBody: true,
        decorators: [],
        params: paramsOf(value.childForFieldName('parameters')),
      };
    }
  }
  return null;
}

function pathStep(node: Node): [Node | null, string] | string | null {
  switch (node.type) {
    case 'identifier':
    case 'self':
    case 'crate':
    case 'super':
    case 'field_identifier':
      return node.text;
    case 'field_expression':
      return [node.childForFieldName('value'), node.childForFieldName('field')?.text ?? '?'];
    case 'scoped_identifier':
      return [node.childForFieldName('path'), node.childForFieldName('name')?.text ?? '?'];
    case 'generic_function':
      // Turbofish `decode::<T>(…)` is a call to decode (ruling 12).
      return node.childForFieldName('function') ? pathStep(node.childForFieldName('function') as Node) : null;
    case 'generic_type':
    case 'type_identifier':
    case 'scoped_type_identifier':
      return segmentsOf(node.text).pop() ?? null;
  }
  return null;
}

function callee(node: Node): string[] | null {
  if (node.type === 'call_expression') return memberPath(node.childForFieldName('function'), pathStep);
  if (node.type === 'macro_invocation') return segmentsOf(node.childForFieldName('macro')?.text ?? '?');
  return null;
}

/** The `Err(…)` pattern inside a pattern, if any. */
function errPattern(pattern: Node | null): Node | null {
  if (!pattern) return null;
  let found: Node | null = null;
  scan(pattern, (v) => {
    if (found) return SKIP;
    if (
      v.type === 'tuple_struct_pattern' &&
      segmentsOf(v.node().childForFieldName('type')?.text ?? '').pop() === 'Err'
    ) {
      found = v.node();
      return SKIP;
    }
    return undefined;
  });
  return found;
}

/** Error types a pattern or guard names: paths and capitalised names (`AuthError::Expired`), not bindings. */
function namedTypes(node: Node, skip: Node | null): string[][] {
  const out: string[][] = [];
  scan(node, (v) => {
    if (skip && v.depth > 0 && v.node().id === skip.id) return SKIP;
    if (v.type === 'scoped_identifier' || v.type === 'scoped_type_identifier') {
      out.push(segmentsOf(v.node().text));
      return SKIP;
    }
    if ((v.type === 'identifier' || v.type === 'type_identifier') && /^[A-Z]/.test(v.node().text))
      out.push([v.node().text]);
    return undefined;
  });
  return out;
}

const ERR_METHODS = set('map_err', 'unwrap_or_else', 'or_else');

function handler(v: Visit): Handler | null {
  const node = v.node();
  switch (v.type) {
    case 'match_expression': {
      const types: string[][] = [];
      let handles = false;
      scan(node.childForFieldName('body') ?? node, (a) => {
        if (a.type !== 'match_arm') return undefined;
        const pattern = a.node().childForFieldName('pattern');
        const err = errPattern(pattern);
        if (err && pattern) {
          handles = true;
          types.push(...namedTypes(pattern, err.childForFieldName('type')));
        }
        return SKIP;
      });
      // A match without an `Err(…)` arm (an Option match) handles no error (ruling 10).
      return handles ? { node, kind: 'match with Err arm', types, body: node } : null;
    }
    case 'let_condition': {
      const pattern = node.childForFieldName('pattern');
      const err = errPattern(pattern);
      return err && pattern
        ? {
            node: node.parent ?? node,
            kind: 'if let Err',
            types: namedTypes(pattern, err.childForFieldName('type')),
            body: node.parent,
          }
        : null;
    }
    case 'let_declaration': {
      const pattern = node.childForFieldName('pattern');
      const isOk =
        pattern?.type === 'tuple_struct_pattern' &&
        segmentsOf(pattern.childForFieldName('type')?.text ?? '').pop() === 'Ok';
      return isOk && node.childForFieldName('alternative')
        ? { node, kind: 'let Ok(…) else', types: [], body: null }
        : null;
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const method = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
      return method && ERR_METHODS.has(method)
        ? { node, kind: `.${method}`, types: [], body: node.childForFieldName('arguments') }
        : null;
    }
  }
  return null;
}

function instanceTest(node: Node): string[][] | null {
  if (node.type !== 'generic_function') return null;
  const fn = node.childForFieldName('function');
  const method = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
  if (!method || !['downcast_ref', 'downcast', 'downcast_mut', 'is'].includes(method)) return null;
  const args = node.childForFieldName('type_arguments');
  return args ? namedChildren(args).map((a) => segmentsOf(a.text)) : null;
}

function conditional(v: Visit): Conditional | null {
  if (v.type !== 'if_expression') return null;
  const node = v.node();
  const test = node.childForFieldName('condition');
  if (!test) return null;
  const alternative = node.childForFieldName('alternative');
  const elseBlock = alternative?.namedChildren.find((c) => c?.type === 'block') ?? null;
  const branches = [node.childForFieldName('consequence'), elseBlock];
  return { tests: [test], branches: branches.filter((b): b is Node => b !== null) };
}

export const rustRules: LanguageRules = {
  definitionTypes: [...DEFINING],
  define,
  callTypes: set('call_expression', 'macro_invocation'),
  callee,
  reference: (v) => {
    if (v.type !== 'identifier') return null;
    if ((v.parentType === 'scoped_identifier' && v.field === 'name') || v.parentType === 'macro_invocation')
      return null;
    return v.node().text;
  },
  functionTypes: set('closure_expression', 'function_item'),
  handler,
  instanceTest,
  conditional,
  throwTypes: set(),
  returned: (v) => (v.type === 'return_expression' ? (v.node().namedChildren[0] ?? null) : undefined),
  stringTypes: set('string_literal', 'raw_string_literal', 'char_literal', 'line_comment', 'block_comment'),
  integerTypes: set('integer_literal'),
  typeNames: (type) => typeNamesIn(type, set('type_identifier', 'primitive_type'), set('scoped_type_identifier')),
};

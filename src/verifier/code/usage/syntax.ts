import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../parser.js';

/**
 * A thin, language-neutral view of the few syntax shapes the usage types look at — calls, dotted names and string
 * literals — so each checker states its rule once instead of nine times.
 */

/** Named children without comments (comments are never evidence). */
export function kids(node: Node | null | undefined): Node[] {
  if (!node) return [];
  const out: Node[] = [];
  for (const child of node.namedChildren) {
    if (child && !child.type.includes('comment')) out.push(child);
  }
  return out;
}

const field = (node: Node, name: string): Node | null => node.childForFieldName(name);

/** Node types that are a single name. */
const NAME_TYPES = new Set([
  'identifier',
  'property_identifier',
  'private_property_identifier',
  'shorthand_property_identifier',
  'field_identifier',
  'type_identifier',
  'package_identifier',
  'constant',
  'name',
  'this',
  'self',
  'super',
  'crate',
  'predefined_type',
]);

/**
 * The segments of a dotted/scoped name: `a.b.c`, `a::b::C`, `A\B\C`, `Rack::Attack`, `$this->app`. With
 * `throughCalls`, a call in the chain contributes its callee (`w.Header().Set` → w, Header, Set). Anything else
 * (a literal, a lambda, an index) → null.
 */
export function pathOf(node: Node | null, throughCalls = false): string[] | null {
  if (!node) return null;
  const t = node.type;
  if (NAME_TYPES.has(t)) return [node.text.replace(/^\$/, '')];
  switch (t) {
    case 'variable_name': // PHP $x
      return [node.text.replace(/^\$/, '')];
    case 'dotted_name':
    case 'namespace_name':
      return kids(node).map((k) => k.text);
    case 'attribute': // Python
      return join(pathOf(field(node, 'object'), throughCalls), field(node, 'attribute'));
    case 'member_expression': // JS/TS
      return join(pathOf(field(node, 'object'), throughCalls), field(node, 'property'));
    case 'selector_expression': // Go
      return join(pathOf(field(node, 'operand'), throughCalls), field(node, 'field'));
    case 'qualified_type':
      return join(pathOf(field(node, 'package'), throughCalls), field(node, 'name'));
    case 'field_access': // Java
      return join(pathOf(field(node, 'object'), throughCalls), field(node, 'field'));
    case 'scoped_identifier': // Java, Rust
    case 'scoped_type_identifier': {
      const scope = field(node, 'scope') ?? field(node, 'path');
      const name = field(node, 'name');
      if (!scope) return name ? [name.text] : null;
      return join(pathOf(scope, throughCalls), name);
    }
    case 'member_access_expression': {
      // C# (expression, name) or PHP (object, name)
      const obj = field(node, 'expression') ?? field(node, 'object');
      const name = field(node, 'name');
      return join(pathOf(obj, throughCalls), name && name.type === 'generic_name' ? (kids(name)[0] ?? null) : name);
    }
    case 'nullsafe_member_access_expression':
      return join(pathOf(field(node, 'object'), throughCalls), field(node, 'name'));
    case 'qualified_name': {
      // C# (qualifier, name) or PHP (namespace_name, name); PHP's `prefix` field can be the bare leading `\` token
      const q = field(node, 'qualifier') ?? kids(node).find((k) => k.type === 'namespace_name') ?? null;
      const name =
        field(node, 'name') ??
        kids(node)
          .filter((k) => k.type === 'name')
          .at(-1) ??
        null;
      if (!q) return name ? [name.text] : null;
      return join(pathOf(q, throughCalls), name);
    }
    case 'generic_name': // C# Foo<T>
    case 'generic_type': // Rust/Java/TS Foo<T>
      return pathOf(field(node, 'type') ?? kids(node)[0] ?? null, throughCalls);
    case 'scope_resolution': {
      // Ruby A::B (scope optional: ::B)
      const scope = field(node, 'scope');
      const name = field(node, 'name');
      if (!scope) return name ? [name.text] : null;
      return join(pathOf(scope, throughCalls), name);
    }
    case 'field_expression': // Rust
      return join(pathOf(field(node, 'value'), throughCalls), field(node, 'field'));
    case 'call': {
      if (!field(node, 'method')) {
        // Python call: only through calls
        const pyCall = throughCalls ? asCall(node) : null;
        return pyCall ? calleePath(pyCall) : null;
      }
      // Ruby: `config.middleware` is a call without arguments
      const args = field(node, 'arguments');
      if (!throughCalls && (args || field(node, 'block'))) return null;
      const receiver = field(node, 'receiver');
      const method = field(node, 'method');
      if (!method) return null;
      if (!receiver) return [method.text];
      return join(pathOf(receiver, throughCalls), method);
    }
    case 'parenthesized_expression':
    case 'non_null_expression':
      return pathOf(kids(node)[0] ?? null, throughCalls);
    default: {
      if (!throughCalls) return null;
      const call = asCall(node);
      return call ? calleePath(call) : null;
    }
  }
}

/**
 * The dotted path of what a call calls, receiver included (`System.getenv`, `app.use`, `w.Header.Set`), looking
 * through calls in the receiver chain; null when the receiver is not a name chain (a literal, a lambda).
 */
export function calleePath(call: Call): string[] | null {
  if (call.receiver && call.method) {
    const receiver = pathOf(call.receiver, true);
    return receiver ? [...receiver, call.method] : null;
  }
  if (call.callee && call.callee !== call.node) {
    const path = pathOf(call.callee, true);
    if (path) return path;
  }
  return call.method ? [call.method] : null;
}

function join(prefix: string[] | null, name: Node | null): string[] | null {
  if (!prefix || !name) return null;
  return [...prefix, name.text.replace(/^\$/, '')];
}

/** A call (or constructor call) in any of the nine languages. */
export interface Call {
  node: Node;
  /** The called expression: `app.use`, `require`, `X::new`; for constructors the type. */
  callee: Node | null;
  /** The last name of the callee (`use` in `app.use`), without generic arguments. */
  method: string | null;
  /** What the method is called on (`app` in `app.use`), if anything. */
  receiver: Node | null;
  /** Positional arguments, unwrapped from C#/PHP `argument` nodes. */
  args: Node[];
  /** Keyword/named arguments: Python `k=v`, Ruby `k: v`, C# `k: v`, PHP `k: v`. */
  named: Map<string, Node>;
  /** Generic type arguments of the callee (`UseMiddleware<T>()`). */
  typeArgs: Node[];
  isNew: boolean;
}

const CALL_TYPES = new Set([
  'call',
  'call_expression',
  'new_expression',
  'method_invocation',
  'object_creation_expression',
  'invocation_expression',
  'function_call_expression',
  'member_call_expression',
  'nullsafe_member_call_expression',
  'scoped_call_expression',
]);

export function isCallNode(node: Node): boolean {
  return CALL_TYPES.has(node.type);
}

/** Reads a call node; null when `node` is not a call. */
export function asCall(node: Node): Call | null {
  if (!CALL_TYPES.has(node.type)) return null;
  const call: Call = {
    node,
    callee: null,
    method: null,
    receiver: null,
    args: [],
    named: new Map(),
    typeArgs: [],
    isNew: false,
  };
  let argList: Node | null = field(node, 'arguments');
  switch (node.type) {
    case 'call': // Python, Ruby
      if (field(node, 'method')) {
        call.receiver = field(node, 'receiver');
        call.method = field(node, 'method')?.text ?? null;
        call.callee = node;
      } else {
        setCallee(call, field(node, 'function'));
      }
      break;
    case 'call_expression': // JS/TS, Go, Rust
      setCallee(call, field(node, 'function'));
      break;
    case 'new_expression':
      call.isNew = true;
      setCallee(call, field(node, 'constructor'));
      break;
    case 'method_invocation': // Java
      call.receiver = field(node, 'object');
      call.method = field(node, 'name')?.text ?? null;
      call.callee = field(node, 'name');
      call.typeArgs = kids(field(node, 'type_arguments'));
      break;
    case 'object_creation_expression': {
      // Java/C# (type field), PHP (first named child)
      call.isNew = true;
      const type = field(node, 'type') ?? kids(node).find((k) => k.type !== 'arguments') ?? null;
      setCallee(call, type);
      argList ??= kids(node).find((k) => k.type === 'arguments') ?? null;
      break;
    }
    case 'invocation_expression': // C#
      setCallee(call, field(node, 'function'));
      break;
    case 'function_call_expression': // PHP
      setCallee(call, field(node, 'function'));
      break;
    case 'member_call_expression':
    case 'nullsafe_member_call_expression':
      call.receiver = field(node, 'object');
      call.method = field(node, 'name')?.text ?? null;
      call.callee = field(node, 'name');
      break;
    case 'scoped_call_expression':
      call.receiver = field(node, 'scope');
      call.method = field(node, 'name')?.text ?? null;
      call.callee = field(node, 'name');
      break;
  }
  readArgs(call, argList);
  return call;
}

function setCallee(call: Call, callee: Node | null): void {
  if (!callee) return;
  let target = callee;
  if (target.type === 'generic_function') {
    // Rust `decode::<T>(…)`
    call.typeArgs = kids(field(target, 'type_arguments'));
    target = field(target, 'function') ?? target;
  }
  call.callee = target;
  switch (target.type) {
    case 'attribute':
      call.receiver = field(target, 'object');
      call.method = field(target, 'attribute')?.text ?? null;
      return;
    case 'member_expression':
      call.receiver = field(target, 'object');
      call.method = field(target, 'property')?.text ?? null;
      return;
    case 'selector_expression':
      call.receiver = field(target, 'operand');
      call.method = field(target, 'field')?.text ?? null;
      return;
    case 'field_expression':
      call.receiver = field(target, 'value');
      call.method = field(target, 'field')?.text ?? null;
      return;
    case 'scoped_identifier':
      call.receiver = field(target, 'path');
      call.method = field(target, 'name')?.text ?? null;
      return;
    case 'member_access_expression': {
      call.receiver = field(target, 'expression') ?? field(target, 'object');
      const name = field(target, 'name');
      if (name?.type === 'generic_name') {
        call.method = kids(name)[0]?.text ?? null;
        call.typeArgs = kids(kids(name).find((k) => k.type === 'type_argument_list'));
      } else {
        call.method = name?.text ?? null;
      }
      return;
    }
    case 'conditional_access_expression': {
      // C# a?.B()
      call.receiver = field(target, 'condition');
      const binding = kids(target).find((k) => k.type === 'member_binding_expression');
      call.method = binding ? (field(binding, 'name')?.text ?? null) : null;
      return;
    }
    case 'generic_name':
      call.method = kids(target)[0]?.text ?? null;
      call.typeArgs = kids(kids(target).find((k) => k.type === 'type_argument_list'));
      return;
    case 'qualified_name': {
      const path = pathOf(target);
      call.method = path ? (path[path.length - 1] ?? null) : null;
      return;
    }
    case 'import': // JS dynamic import()
      call.method = 'import';
      return;
    default: {
      const path = pathOf(target);
      call.method = path ? (path[path.length - 1] ?? null) : null;
    }
  }
}

function readArgs(call: Call, argList: Node | null): void {
  if (!argList) return;
  if (argList.type !== 'argument_list' && argList.type !== 'arguments') {
    // Python generator argument `f(x for x in y)`, JS tagged template: no positional args we can read
    return;
  }
  for (const arg of kids(argList)) {
    switch (arg.type) {
      case 'keyword_argument': {
        // Python
        const name = field(arg, 'name');
        const value = field(arg, 'value');
        if (name && value) call.named.set(name.text, value);
        break;
      }
      case 'pair': {
        // Ruby keyword-style hash argument
        const key = field(arg, 'key');
        const value = field(arg, 'value');
        if (key && value) call.named.set(key.text.replace(/^:|:$/g, '').replace(/^["']|["']$/g, ''), value);
        break;
      }
      case 'argument': {
        // C#, PHP: an optional name, then the expression
        const name = field(arg, 'name');
        const value = kids(arg).filter((k) => k !== name && k.id !== name?.id);
        const expr = value[value.length - 1];
        if (!expr) break;
        if (name) call.named.set(name.text, expr);
        else call.args.push(expr);
        break;
      }
      case 'block_argument':
      case 'splat_argument':
      case 'hash_splat_argument':
      case 'list_splat':
      case 'dictionary_splat':
      case 'spread_element':
      case 'variadic_unpacking':
        break;
      default:
        call.args.push(arg);
    }
  }
}

/** String literal node types per language (interpolating forms included: they are rejected when they interpolate). */
const STRING_TYPES = new Set([
  'string',
  'template_string',
  'interpreted_string_literal',
  'raw_string_literal',
  'string_literal',
  'verbatim_string_literal',
  'interpolated_string_expression',
  'encapsed_string',
  'delimited_symbol',
  'bare_string',
  'text_block',
]);

/** Children of a string node that are literal text. */
const CONTENT_TYPES = new Set([
  'string_content',
  'string_fragment',
  'interpreted_string_literal_content',
  'raw_string_literal_content',
  'string_literal_content',
  'raw_string_content',
  'escape_sequence',
]);
const DELIMITER_TYPES = new Set([
  'string_start',
  'string_end',
  'raw_string_start',
  'raw_string_end',
  'interpolation_start',
  'interpolation_quote',
]);

export function isStringNode(node: Node): boolean {
  return STRING_TYPES.has(node.type) || node.type === 'concatenated_string';
}

/**
 * The value of a string literal, or null when `node` is not one or interpolates (`f"{x}"`, `` `${x}` ``, `"#{x}"`,
 * `"$x"`). Symbols (`:x`) are not strings here; see `symbolValue`.
 */
export function stringValue(node: Node | null, language?: LanguageId): string | null {
  if (!node) return null;
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of kids(node)) {
      const v = stringValue(part, language);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (!STRING_TYPES.has(node.type)) return null;
  if (node.type === 'verbatim_string_literal') return node.text.replace(/^@"|"$/g, '').replaceAll('""', '"');
  const parts = kids(node);
  let raw = false;
  if (node.type === 'raw_string_literal' || node.type === 'text_block') raw = true;
  if (language === 'python' && /^[a-zA-Z]*[rR]/.test(node.text)) raw = true;
  if (language === 'php' && node.type === 'string') raw = true; // single-quoted: only \' and \\
  let out = '';
  let sawContent = false;
  for (const part of parts) {
    if (DELIMITER_TYPES.has(part.type)) continue;
    if (!CONTENT_TYPES.has(part.type)) return null; // interpolation, variable
    sawContent = true;
    out += part.text;
  }
  if (!sawContent && parts.length === 0) {
    // Leaf literal (e.g. an empty string, or a grammar that does not split content): strip the delimiters.
    out = node.text.replace(/^[A-Za-z@$]*("""|'''|"|'|`|#*"|%[qQwW]?.)/, '').replace(/("""|'''|"#*|'|`)$/, '');
  }
  if (language === 'php' && node.type === 'string') return out.replace(/\\(['\\])/g, '$1');
  return raw ? out : decodeEscapes(out);
}

/** A Ruby symbol's name (`:authenticate_user!` → `authenticate_user!`), else null. */
export function symbolValue(node: Node | null): string | null {
  if (!node) return null;
  if (node.type === 'simple_symbol') return node.text.replace(/^:/, '');
  if (node.type === 'hash_key_symbol') return node.text;
  if (node.type === 'delimited_symbol') return stringValue(node);
  return null;
}

function decodeEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/gs, (_m, esc: string) => {
    switch (esc[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      case 'u':
      case 'x': {
        const hex = esc.slice(1).replace(/[{}]/g, '');
        const code = Number.parseInt(hex, 16);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : esc;
      }
      default:
        return esc;
    }
  });
}

/** Wrappers whose single literal argument is the value: `HeaderValue::from_static("x")`, `String::from("x")`. */
const VALUE_WRAPPERS = /^(from_static|from_str|from_bytes|from|new|try_from|String|str|Some|Ok)$/;
/** Zero-argument conversions whose receiver literal is the value: `"x".parse().unwrap()`, `"x".to_string()`. */
const VALUE_CONVERSIONS = /^(parse|unwrap|expect|to_string|to_owned|into|try_into|as_str|freeze|strip|trim)$/;

/**
 * The literal string a value expression stands for, looking through conversions and single-element collections
 * (`[]string{"v"}`, `["v"]`); null when it is computed.
 */
export function literalOf(node: Node | null, language?: LanguageId): string | null {
  if (!node) return null;
  const direct = stringValue(node, language);
  if (direct !== null) return direct;
  if (node.type === 'parenthesized_expression' || node.type === 'argument')
    return literalOf(kids(node)[0] ?? null, language);
  if (node.type === 'composite_literal') {
    const elems = kids(field(node, 'body'));
    return elems.length === 1 ? literalOf(kids(elems[0])[0] ?? elems[0] ?? null, language) : null;
  }
  if (node.type === 'array' || node.type === 'list' || node.type === 'array_creation_expression') {
    const elems = kids(node);
    return elems.length === 1 ? literalOf(kids(elems[0])[0] ?? elems[0] ?? null, language) : null;
  }
  if (node.type === 'array_element_initializer') return literalOf(kids(node)[0] ?? null, language);
  const call = asCall(node);
  if (call?.method) {
    if (call.args.length === 1 && VALUE_WRAPPERS.test(call.method)) return literalOf(call.args[0] ?? null, language);
    if (call.args.length === 0 && call.named.size === 0 && VALUE_CONVERSIONS.test(call.method)) {
      return literalOf(call.receiver, language);
    }
  }
  return null;
}

/** The last segment of a path, or the node's own text for a single name. */
export function lastName(node: Node | null): string | null {
  const path = pathOf(node, true);
  return path ? (path[path.length - 1] ?? null) : null;
}

/** Ancestor walk helper: the nearest ancestor (excluding `node`) whose type is in `types`. */
export function ancestor(node: Node, types: ReadonlySet<string>, maxDepth = 64): Node | null {
  let cur = node.parent;
  for (let i = 0; cur && i < maxDepth; i++, cur = cur.parent) {
    if (types.has(cur.type)) return cur;
  }
  return null;
}

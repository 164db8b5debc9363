import type { Node } from 'web-tree-sitter';
import type { LanguageId, SourceFile } from '../parser.js';
import { type NodeTable, pushTo, type Site, siteOf } from './common.js';
import {
  constantHeaderKey,
  DJANGO_SETTINGS,
  ECHO_SECURE_CONFIG,
  GO_SECURE_OPTIONS,
  headerKey,
} from './header-config-keys.js';
import { helmetFacts, isHelmetCall, isHelmetPlugin, springHeaderFact } from './headers-libraries.js';
import { HEADER_TYPES } from './node-types.js';
import { type Call, calleePath, kids, literalOf, pathOf, stringValue } from './syntax.js';

/** One response header set in a file: its name, its literal value (null when computed), how, where. */
export interface HeaderFact {
  header: string;
  key: string;
  value: string | null;
  how: string;
  site: Site;
}

export interface HeaderIndex {
  /** Facts by header key, each list in document order. */
  byKey: Map<string, HeaderFact[]>;
  /** First line each header name appears at all (server config; code files compute it only on a fail). */
  mentions?: Map<string, number>;
}

export function indexFacts(facts: HeaderFact[]): Map<string, HeaderFact[]> {
  const byKey = new Map<string, HeaderFact[]>();
  for (const f of facts) pushTo(byKey, f.key, f);
  for (const list of byKey.values()) list.sort((a, b) => a.site.line - b.site.line || a.site.endLine - b.site.endLine);
  return byKey;
}

/** Methods that set a header from (name, value) arguments. */
const SETTERS = new Set([
  'setHeader',
  'header',
  'set',
  'append',
  'add',
  'addHeader',
  'set_header',
  'add_header',
  'setdefault',
  'insert',
  'insert_header',
  'append_header',
  'withHeader',
  'withAddedHeader',
  'Set',
  'Add',
  'Header',
  'Append',
  'TryAdd',
  'TryAddWithoutValidation',
  'AppendHeader',
  'AddHeader',
  'SetHeader',
  'put',
  'overriding',
  'appending',
  'if_not_present',
]);
/** Methods that set several headers from one map argument. */
const MAP_SETTERS = new Set([
  'set',
  'headers',
  'header',
  'set_headers',
  'update',
  'merge',
  'merge!',
  'writeHead',
  'withHeaders',
]);

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Receivers that are requests or clients, whose headers are not response headers. */
const REQUEST_SEGMENT =
  /^(req|request|client|httpClient|http_client|session|axios|fetch|outgoing|upstream)$|Request$|[a-z0-9_]Req$/;

export function buildHeaderIndex(source: SourceFile, nodes: NodeTable): HeaderIndex {
  const lang = source.language;
  const facts: HeaderFact[] = [];
  const constants = new Map<string, string>();
  const pending: { name: Node; value: Node | null; how: string; at: Node }[] = [];
  const django = new Map<string, { value: string | boolean | number; node: Node }>();

  const push = (header: string, key: string, value: string | null, how: string, at: Node) =>
    facts.push({ header, key, value, how, site: siteOf(source, at) });
  const pair = (name: Node, value: Node | null, how: string, at: Node) => pending.push({ name, value, how, at });
  const pairs = (map: Node | null, how: string, at: Node) => {
    for (const [k, v] of mapEntries(map)) pair(k, v, how, at);
  };

  const visit = (node: Node): void => {
    collectConstant(node, lang, constants, django);
    const call = nodes.call(node);
    if (call) {
      callFacts(call, lang, { pair, pairs, push });
      return;
    }
    switch (node.type) {
      case 'assignment':
      case 'assignment_expression':
      case 'assignment_statement': {
        // Go assignments hold expression lists: w.Header()["X"] = []string{"v"}
        const unlist = (n: Node | null) => (n?.type === 'expression_list' ? (kids(n)[0] ?? null) : n);
        const left = unlist(node.childForFieldName('left'));
        const right = unlist(node.childForFieldName('right'));
        if (!left || !right) return;
        assignmentFacts(left, right, node, lang, { pair, pairs, push });
        return;
      }
      case 'array_expression': {
        // axum: ([(header::CACHE_CONTROL, "no-store")], body) — a header array in a response tuple
        if (lang !== 'rust') return;
        for (const item of kids(node)) {
          if (item.type !== 'tuple_expression') continue;
          const [name, value] = kids(item);
          const namePath = name?.type === 'scoped_identifier' ? (pathOf(name) ?? []) : [];
          if (name && namePath.slice(0, -1).includes('header'))
            pair(name, value ?? null, 'response header array', item);
        }
        return;
      }
      case 'array': {
        // Rack response triple: [200, { 'X-Frame-Options' => 'DENY' }, body]
        const items = kids(node);
        if (lang === 'ruby' && items.length === 3 && items[0]?.type === 'integer' && items[1]?.type === 'hash') {
          pairs(items[1] ?? null, 'Rack response headers', node);
        }
        return;
      }
      case 'object': {
        // Next.js/Vercel style { key: 'X-Frame-Options', value: 'DENY' } inside a `headers` list
        const entries = new Map(mapEntries(node).map(([k, v]) => [literalOf(k, lang) ?? k.text, v]));
        const key = entries.get('key');
        const grand = node.parent?.parent;
        const listOwner = grand?.type === 'pair' ? grand.childForFieldName('key')?.text : undefined;
        if (key && entries.has('value') && listOwner === 'headers')
          pair(key, entries.get('value') ?? null, 'headers config entry', node);
        return;
      }
      case 'composite_literal': {
        // Go unrolled/secure: secure.Options{FrameDeny: true, STSSeconds: 31536000}
        // Echo: middleware.SecureWithConfig(middleware.SecureConfig{XFrameOptions: "DENY"}) (any import alias)
        const typePath = pathOf(node.childForFieldName('type'));
        const type = typePath?.join('.');
        const options =
          type === 'secure.Options' || type === 'secure.Config' // unrolled/secure, gin-contrib/secure
            ? GO_SECURE_OPTIONS
            : typePath?.at(-1) === 'SecureConfig'
              ? ECHO_SECURE_CONFIG
              : null;
        if (!options) return;
        for (const [k, v] of mapEntries(node.childForFieldName('body'))) {
          const option = options[k.text];
          const value = goLiteral(v);
          if (!option || value === undefined) continue;
          // a literal that turns the header off (false, 0, "") emits nothing
          const emitted = option.value(value);
          if (emitted !== null) push(option.header, headerKey(option.header), emitted, `${type} ${k.text}`, k);
        }
        return;
      }
    }
  };
  for (const node of nodes.ofTypes(HEADER_TYPES)) visit(node);

  for (const p of pending) {
    const name = headerNameOf(p.name, lang, constants);
    if (!name) continue;
    push(name.header, name.key, literalValueOf(p.value, lang, constants), p.how, p.at);
  }
  // Django settings: the value of a setting makes SecurityMiddleware emit its header
  for (const [setting, { value, node }] of [...django].sort((a, b) => a[1].node.startIndex - b[1].node.startIndex)) {
    const spec = DJANGO_SETTINGS[setting];
    if (!spec) continue;
    let emitted = spec.value(value);
    if (emitted === null) continue;
    if (setting === 'SECURE_HSTS_SECONDS') {
      if (django.get('SECURE_HSTS_INCLUDE_SUBDOMAINS')?.value === true) emitted += '; includeSubDomains';
      if (django.get('SECURE_HSTS_PRELOAD')?.value === true) emitted += '; preload';
    }
    push(spec.header, headerKey(spec.header), emitted, `Django setting ${setting}`, node);
  }
  if (lang === 'python') djangoMiddlewareDefaults(source.root, lang, push);
  return { byKey: indexFacts(facts) };
}

/** Echo middleware.Secure(): DefaultSecureConfig. */
const ECHO_SECURE_DEFAULTS: [string, string][] = [
  ['X-XSS-Protection', '1; mode=block'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'SAMEORIGIN'],
];

/** Headers Django's own middleware sends when listed in MIDDLEWARE and its setting is left at the default. */
const DJANGO_MIDDLEWARE_DEFAULTS: Record<string, [setting: string, header: string, value: string][]> = {
  XFrameOptionsMiddleware: [['X_FRAME_OPTIONS', 'X-Frame-Options', 'DENY']],
  SecurityMiddleware: [
    ['SECURE_CONTENT_TYPE_NOSNIFF', 'X-Content-Type-Options', 'nosniff'],
    ['SECURE_REFERRER_POLICY', 'Referrer-Policy', 'same-origin'],
    ['SECURE_CROSS_ORIGIN_OPENER_POLICY', 'Cross-Origin-Opener-Policy', 'same-origin'],
  ],
};

function djangoMiddlewareDefaults(root: Node, lang: LanguageId, push: Sink['push']): void {
  const assigned = new Set<string>();
  const entries: { name: string; node: Node }[] = [];
  for (const statement of kids(root)) {
    const assignment = statement.type === 'expression_statement' ? kids(statement)[0] : undefined;
    if (assignment?.type !== 'assignment' && assignment?.type !== 'augmented_assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    assigned.add(left.text);
    if (left.text !== 'MIDDLEWARE') continue;
    for (const item of kids(assignment.childForFieldName('right'))) {
      const value = stringValue(item, lang);
      const name = value?.split('.').at(-1);
      if (name && DJANGO_MIDDLEWARE_DEFAULTS[name]) entries.push({ name, node: item });
    }
  }
  for (const { name, node } of entries) {
    for (const [setting, header, value] of DJANGO_MIDDLEWARE_DEFAULTS[name] ?? []) {
      if (!assigned.has(setting)) push(header, headerKey(header), value, `${name} default (${setting} not set)`, node);
    }
  }
}

interface Sink {
  pair: (name: Node, value: Node | null, how: string, at: Node) => void;
  pairs: (map: Node | null, how: string, at: Node) => void;
  push: (header: string, key: string, value: string | null, how: string, at: Node) => void;
}

function callFacts(call: Call, lang: LanguageId, sink: Sink): void {
  const method = call.method ?? '';
  const path = calleePath(call) ?? [];
  const node = call.node;
  const receiver = path.slice(0, -1);
  const on = path.join('.');
  if (isRequestish(receiver, lang)) return;
  const args = call.args;

  // helmet(), helmet.hsts(), fastify.register(helmet, opts)
  if (lang === 'javascript' || lang === 'typescript' || lang === 'tsx') {
    const helmet = isHelmetCall(path);
    if (helmet) {
      for (const f of helmetFacts(helmet, args[0] ?? null, lang))
        sink.push(f.header, headerKey(f.header), f.value, f.how, node);
      return;
    }
    // cors() / cors({ origin: 'https://a.example' }) / fastify.register(cors, { origin }): Access-Control-Allow-Origin
    const corsOptions = path.length === 1 && /^cors$/i.test(method) ? (args[0] ?? null) : undefined;
    const corsPlugin = method === 'register' && /cors/i.test(pathOf(args[0] ?? null)?.join('.') ?? '');
    if (corsOptions !== undefined || corsPlugin) {
      const options = corsPlugin ? (args[1] ?? null) : (corsOptions ?? null);
      const origin = options?.type === 'object' ? objectValue(options, 'origin') : undefined;
      const value =
        !options || (options.type === 'object' && origin === undefined) ? '*' : origin ? literalOf(origin, lang) : null;
      sink.push('Access-Control-Allow-Origin', headerKey('Access-Control-Allow-Origin'), value, `${on}()`, node);
      return;
    }
    if (method === 'register' && isHelmetPlugin(args[0] ?? null)) {
      for (const f of helmetFacts('all', args[1] ?? null, lang))
        sink.push(f.header, headerKey(f.header), f.value, f.how, node);
      return;
    }
  }
  if (lang === 'java') {
    const spring = springHeaderFact(call);
    if (spring) {
      sink.push(spring.header, headerKey(spring.header), spring.value, spring.how, node);
      return;
    }
    if (call.isNew && method === 'StaticHeadersWriter' && args.length >= 2) {
      sink.pair(args[0] as Node, args[1] ?? null, 'StaticHeadersWriter', node);
      return;
    }
  }
  if (lang === 'go') {
    // chi middleware.SetHeader("X-Frame-Options", "DENY"); Echo middleware.Secure() with its default headers
    if (method === 'SetHeader' && args.length >= 2) {
      sink.pair(args[0] as Node, args[1] ?? null, `${on}()`, node);
      return;
    }
    if (method === 'Secure' && args.length === 0 && path.length === 2) {
      for (const [header, value] of ECHO_SECURE_DEFAULTS)
        sink.push(header, headerKey(header), value, `${on}() default`, node);
      return;
    }
  }
  // Flask-Talisman: Talisman(app, frame_options='DENY', …) sends its security headers, defaults unless turned off
  if (lang === 'python' && method === 'Talisman') {
    for (const f of talismanFacts(call)) sink.push(f.header, headerKey(f.header), f.value, f.how, node);
    return;
  }
  // ASP.NET Core app.UseHsts(): HSTS with the max-age AddHsts configures (30 days unless set elsewhere)
  if (lang === 'csharp' && method === 'UseHsts' && args.length === 0) {
    sink.push('Strict-Transport-Security', headerKey('Strict-Transport-Security'), null, `${on}()`, node);
    return;
  }
  // PHP header('X-Frame-Options: DENY')
  if (lang === 'php' && path.join('.') === 'header' && args[0]) {
    const text = literalOf(args[0], lang);
    const m = text ? /^\s*([^:\s]+)\s*:\s*(.*)$/s.exec(text) : null;
    if (m) sink.push(m[1] ?? '', headerKey(m[1] ?? ''), (m[2] ?? '').trim(), 'header()', node);
    return;
  }
  const how = `${on}()`;
  if (SETTERS.has(method) && args.length >= 2) {
    if (method === 'add' && lang === 'python' && !/headers$/i.test(receiver.at(-1) ?? '')) return;
    sink.pair(args[0] as Node, args[1] ?? null, how, node);
    return;
  }
  if (SETTERS.has(method) && args.length === 1 && args[0]?.type === 'tuple_expression') {
    const [name, value] = kids(args[0]);
    if (name) sink.pair(name, value ?? null, how, node);
    return;
  }
  if (MAP_SETTERS.has(method)) {
    const maps = args.filter((a) => MAP_TYPES.has(a.type));
    const last = maps[maps.length - 1];
    if (
      last &&
      (method !== 'merge' && method !== 'merge!' && method !== 'update'
        ? true
        : /headers$/i.test(receiver.at(-1) ?? ''))
    ) {
      sink.pairs(last, how, node);
    }
    if (lang === 'ruby' && call.named.size > 0 && (method === 'headers' || /headers$/i.test(receiver.at(-1) ?? ''))) {
      // Sinatra `headers 'X-Frame-Options' => 'DENY'`, `response.headers.merge!('X' => 'v')`: a braceless hash
      sink.pairs(node.childForFieldName('arguments'), how, node);
    }
    return;
  }
  // PHP: Symfony new Response($body, 200, ['X' => 'v']) / new JsonResponse(…), Laravel response($body, 200, [...])
  // and response()->json($data, 200, [...]): the third argument is the header map
  if (
    lang === 'php' &&
    args[2] &&
    MAP_TYPES.has(args[2].type) &&
    ((call.isNew && /Response$/.test(method)) ||
      path.join('.') === 'response' ||
      (/^(json|download|streamDownload)$/.test(method) && !!call.receiver))
  ) {
    sink.pairs(args[2], `headers of ${on}`, node);
    return;
  }
  // Laravel response()->file($path, ['Content-Type' => …])
  if (lang === 'php' && method === 'file' && call.receiver && args[1] && MAP_TYPES.has(args[1].type)) {
    sink.pairs(args[1], `headers of ${on}`, node);
    return;
  }
  // Response(…, headers={…}) / new Response(body, { headers: {…} })
  if (path.some((seg) => /Response$/.test(seg))) {
    const named = call.named.get('headers');
    if (named) sink.pairs(named, `headers of ${on}`, node);
    for (const arg of args) {
      if (arg.type !== 'object') continue;
      const headers = mapEntries(arg).find(([k]) => k.text === 'headers')?.[1];
      if (headers) sink.pairs(headers, `headers of ${on}`, node);
    }
  }
}

function assignmentFacts(left: Node, right: Node, at: Node, lang: LanguageId, sink: Sink): void {
  const index = subscriptParts(left);
  if (index) {
    // headers['X'] = v; response['X'] = v (Django); w.Header()["X"] = []string{"v"}; Response.Headers["X"] = v
    const recv = pathOf(index.object, true) ?? [];
    const last = recv[recv.length - 1] ?? '';
    if (isRequestish(recv, lang)) return;
    if (/^_?headers?$/i.test(last) || /^(res|resp|response|rsp)$/i.test(last) || /Response$/.test(last)) {
      sink.pair(index.key, right, `${recv.join('.')}[…] =`, at);
    }
    return;
  }
  // Rails: config.action_dispatch.default_headers = { … }
  const target = pathOf(left);
  if (target && target[target.length - 1] === 'default_headers') {
    sink.pairs(right, 'default_headers', at);
    return;
  }
  // Rails: config.force_ssl = true makes ActionDispatch::SSL send HSTS (max-age depends on the Rails version)
  if (lang === 'ruby' && target?.at(-1) === 'force_ssl' && right.type === 'true') {
    sink.push('Strict-Transport-Security', headerKey('Strict-Transport-Security'), null, 'config.force_ssl', at);
    return;
  }
  // ASP.NET typed headers: Response.Headers.XFrameOptions = "DENY"
  if (
    target &&
    target.length >= 2 &&
    /^headers$/i.test(target[target.length - 2] ?? '') &&
    !isRequestish(target.slice(0, -1), lang)
  ) {
    sink.pair(lastNameNode(left) ?? left, right, `${target.join('.')} =`, at);
  }
}

function subscriptParts(node: Node): { object: Node; key: Node } | null {
  switch (node.type) {
    case 'subscript':
    case 'subscript_expression':
    case 'element_reference':
    case 'index_expression':
    case 'element_access_expression': {
      const object =
        node.childForFieldName('value') ??
        node.childForFieldName('object') ??
        node.childForFieldName('operand') ??
        node.childForFieldName('expression') ??
        kids(node)[0];
      let key =
        node.childForFieldName('subscript') ??
        node.childForFieldName('index') ??
        kids(node).find((k) => k.id !== object?.id) ??
        null;
      if (key?.type === 'bracketed_argument_list') key = kids(kids(key)[0])[0] ?? null;
      return object && key ? { object, key } : null;
    }
  }
  return null;
}

const MAP_TYPES = new Set(['object', 'dictionary', 'hash', 'array_creation_expression', 'literal_value']);

/** The (key, value) entries of a map literal in any language. */
function mapEntries(node: Node | null): [Node, Node][] {
  if (!node) return [];
  const out: [Node, Node][] = [];
  for (const entry of kids(node)) {
    if (entry.type === 'pair' || entry.type === 'keyed_element') {
      const k = entry.childForFieldName('key') ?? kids(entry)[0];
      const v = entry.childForFieldName('value') ?? kids(entry)[1];
      if (k && v)
        out.push([
          k.type === 'literal_element' ? (kids(k)[0] ?? k) : k,
          v.type === 'literal_element' ? (kids(v)[0] ?? v) : v,
        ]);
    } else if (entry.type === 'array_element_initializer') {
      const [k, v] = kids(entry);
      if (k && v) out.push([k, v]);
    }
  }
  return out;
}

function headerNameOf(
  node: Node,
  lang: LanguageId,
  constants: Map<string, string>,
): { header: string; key: string } | null {
  const literal = literalOf(node, lang) ?? (node.type === 'property_identifier' ? node.text : null);
  const path = literal === null ? pathOf(node) : null;
  const resolved = literal ?? (path?.length === 1 ? constants.get(path[0] ?? '') : undefined) ?? null;
  if (resolved !== null) {
    const name = resolved.trim();
    return HEADER_NAME.test(name) ? { header: name, key: headerKey(name) } : null;
  }
  if (node.type === 'hash_key_symbol' || node.type === 'simple_symbol') return null;
  const key = path ? constantHeaderKey(path) : null;
  return key && path ? { header: path.join('.'), key } : null;
}

function literalValueOf(node: Node | null, lang: LanguageId, constants: Map<string, string>): string | null {
  if (!node) return null;
  const literal = literalOf(node, lang);
  if (literal !== null) return literal;
  if (/^(integer|number|int_literal|integer_literal|float)$/.test(node.type)) return node.text;
  const path = pathOf(node);
  if (path?.length === 1) return constants.get(path[0] ?? '') ?? null;
  return null;
}

function lastNameNode(node: Node): Node | null {
  return node.childForFieldName('name') ?? node.childForFieldName('property') ?? node.childForFieldName('attribute');
}

function isRequestish(path: string[], lang: LanguageId): boolean {
  // in Go handlers `r` is the *http.Request by convention (`w` is the response)
  return path.some((seg) => REQUEST_SEGMENT.test(seg) || (lang === 'go' && seg === 'r'));
}

function goLiteral(node: Node): string | boolean | number | undefined {
  if (node.type === 'true') return true;
  if (node.type === 'false') return false;
  if (node.type === 'int_literal') return Number(node.text.replaceAll('_', ''));
  return stringValue(node, 'go') ?? undefined;
}

/** String constants of the file (`const HSTS = "Strict-Transport-Security"`) and Django security settings. */
function collectConstant(
  node: Node,
  lang: LanguageId,
  constants: Map<string, string>,
  django: Map<string, { value: string | boolean | number; node: Node }>,
): void {
  let name: Node | null = null;
  let value: Node | null = null;
  switch (node.type) {
    case 'variable_declarator':
    case 'const_item':
    case 'static_item':
    case 'const_spec':
    case 'const_declaration':
      name = node.childForFieldName('name');
      value = node.childForFieldName('value');
      if (value?.type === 'expression_list') value = kids(value)[0] ?? null;
      if (!value && lang === 'csharp') value = kids(node).at(-1) ?? null;
      break;
    case 'assignment':
      name = node.childForFieldName('left');
      value = node.childForFieldName('right');
      break;
    default:
      return;
  }
  if (!name || !value || (name.type !== 'identifier' && name.type !== 'constant')) return;
  const literal = literalOf(value, lang);
  if (literal !== null) constants.set(name.text, literal);
  if (lang === 'python' && /^(X_FRAME_OPTIONS|SECURE_[A-Z_]+)$/.test(name.text)) {
    const v =
      literal ??
      (value.type === 'true'
        ? true
        : value.type === 'false'
          ? false
          : value.type === 'integer'
            ? Number(value.text.replaceAll('_', ''))
            : undefined);
    if (v !== undefined) django.set(name.text, { value: v, node });
  }
}

/** The value node of `key` in a JS object literal, or undefined. */
function objectValue(object: Node, key: string): Node | undefined {
  for (const p of kids(object)) {
    if (p.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    if (k && (literalOf(k) ?? k.text) === key) return p.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** The headers Flask-Talisman sends for its keyword options (defaults of flask-talisman 1.x). */
function talismanFacts(call: Call): { header: string; value: string | null; how: string }[] {
  const opt = (name: string) => call.named.get(name);
  const off = (node: Node | undefined) => node?.type === 'false' || node?.type === 'none';
  const lit = (node: Node | undefined, fallback: string) => (node ? literalOf(node, 'python') : fallback);
  const out: { header: string; value: string | null; how: string }[] = [];
  const how = (name: string, given: boolean) => (given ? `Talisman ${name}=` : `Talisman default for ${name}`);
  const frame = opt('frame_options');
  if (!off(frame))
    out.push({ header: 'X-Frame-Options', value: lit(frame, 'SAMEORIGIN'), how: how('frame_options', !!frame) });
  const hsts = opt('strict_transport_security');
  if (!off(hsts)) {
    const maxAge = opt('strict_transport_security_max_age');
    const seconds = maxAge ? (maxAge.type === 'integer' ? maxAge.text.replaceAll('_', '') : null) : '31556926';
    const sub = !off(opt('strict_transport_security_include_subdomains'));
    const preload = opt('strict_transport_security_preload')?.type === 'true';
    const value =
      seconds === null ? null : `max-age=${seconds}${sub ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`;
    out.push({ header: 'Strict-Transport-Security', value, how: how('strict_transport_security', !!hsts || !!maxAge) });
  }
  const csp = opt('content_security_policy');
  if (!off(csp)) {
    const value = csp ? (csp.type === 'string' ? literalOf(csp, 'python') : null) : "default-src 'self'";
    out.push({ header: 'Content-Security-Policy', value, how: how('content_security_policy', !!csp) });
  }
  const referrer = opt('referrer_policy');
  if (!off(referrer))
    out.push({
      header: 'Referrer-Policy',
      value: lit(referrer, 'strict-origin-when-cross-origin'),
      how: how('referrer_policy', !!referrer),
    });
  if (!off(opt('x_content_type_options')))
    out.push({ header: 'X-Content-Type-Options', value: 'nosniff', how: how('x_content_type_options', false) });
  return out;
}

import type { Node } from 'web-tree-sitter';
import type { LanguageId, SourceFile } from '../parser.js';
import { type NodeTable, pushTo, type Site, siteOf, splitName } from './common.js';
import { candidatesOf } from './middleware-candidates.js';
import { MIDDLEWARE_TYPES } from './node-types.js';
import { asCall, type Call, calleePath, kids, pathOf, stringValue } from './syntax.js';

/** One registration: the names it registers, how, and where. */
export interface Registration {
  names: string[];
  how: string;
  site: Site;
}

export interface MiddlewareIndex {
  registrations: Registration[];
  /** Laravel aliases defined in the file (`'auth' => Authenticate::class`): alias → class names. */
  aliases: Map<string, string[]>;
  /** Registrations by the lower-cased last segment of each name they register, in document order. */
  byKey: Map<string, Registration[]>;
  /** Laravel aliases by the lower-cased last segment of the class they stand for. */
  aliasesByClass: Map<string, string[]>;
}

/** The bucket key of a name: its last segment, lower-cased. */
export function nameKey(name: string): string {
  return (splitName(name).at(-1) ?? name).toLowerCase();
}

/** Settings whose list entries are registrations: Django MIDDLEWARE, Laravel $middleware/$middlewareGroups, … */
const SETTINGS =
  /^(MIDDLEWARE|MIDDLEWARE_CLASSES|middleware|middlewares|middlewareGroups|routeMiddleware|middlewareAliases|middlewarePriority)$/;
const LARAVEL_ALIAS_SETTINGS = /^(routeMiddleware|middlewareAliases)$/;
/** Flask/Quart request hooks (call and decorator forms). */
const FLASK_HOOKS =
  /^(before_request|after_request|teardown_request|before_app_request|after_app_request|teardown_app_request|before_first_request|teardown_appcontext)$/;
const RAILS_CALLBACKS = /^(prepend_|append_)?(before|after|around)_(action|filter)$/;
const NEST_GLOBAL =
  /^(useGlobalGuards|useGlobalPipes|useGlobalInterceptors|useGlobalFilters|UseGuards|UseInterceptors|UsePipes|UseFilters)$/;
const JAVA_FIRST_ARG =
  /^(addFilterBefore|addFilterAfter|addFilterAt|addFilter|addInterceptor|addWebRequestInterceptor|setFilter)$/;
const HTTP_VERBS = /^(get|post|put|patch|delete|del|all|options|head)$/;
const GO_VERBS = /^(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|Any|Handle|Get|Post|Put|Patch|Delete|Options|Head)$/;
const FASTIFY_ROUTE_HOOKS =
  /^(onRequest|preParsing|preValidation|preHandler|preSerialization|onSend|onResponse|onError|onTimeout)$/;
const NEST_PROVIDER_TOKENS = /^(APP_GUARD|APP_INTERCEPTOR|APP_PIPE|APP_FILTER)$/;
const LARAVEL_STACK_METHODS =
  /^(append|prepend|appendToGroup|prependToGroup|use|web|api|alias|group|priority|replace|pushMiddleware|prependMiddleware|pushMiddlewareToGroup|prependMiddlewareToGroup|aliasMiddleware|middlewareGroup)$/;

/** Names an application object goes by in Flask/Quart code (`app`, `self.app`, `application`). */
const PY_APP = /^(self\.)?(app|application|flask_app|server)$/;

const stringsAreNames = (lang: LanguageId) => lang === 'python' || lang === 'php' || lang === 'ruby';
const isJs = (lang: LanguageId) => lang === 'javascript' || lang === 'typescript' || lang === 'tsx';

export function buildMiddlewareIndex(source: SourceFile, nodes: NodeTable): MiddlewareIndex {
  const lang = source.language;
  const registrations: Registration[] = [];
  const aliases = new Map<string, string[]>();
  const register: Register = (node, names, how) => {
    const clean = [...new Set(names.filter((n) => n.length > 0))];
    if (clean.length > 0) registrations.push({ names: clean, how, site: siteOf(source, node) });
  };
  /** Registers each argument (each entry of a list argument) separately, so evidence names its own line. */
  const each: Each = (nodes, how, strings = stringsAreNames(lang)) => {
    for (const node of nodes) {
      if (!node) continue;
      if (COLLECTIONS.has(node.type)) each(kids(node), how, strings);
      else register(node, candidatesOf(node, lang, { strings }), how);
    }
  };

  const visit = (node: Node): void => {
    const call = nodes.call(node);
    if (call) {
      callRegistration(call, lang, register, each, aliases);
      return;
    }
    switch (node.type) {
      case 'decorated_definition': {
        // Flask @app.before_request, FastAPI @app.middleware("http") on a def: registers the function
        const def = node.childForFieldName('definition');
        const fn = def?.childForFieldName('name')?.text;
        if (!fn) return;
        for (const dec of kids(node)) {
          if (dec.type !== 'decorator') continue;
          const expr = kids(dec)[0] ?? null;
          const inner = expr ? asCall(expr) : null;
          const path = inner ? calleePath(inner) : pathOf(expr);
          const last = path?.[path.length - 1] ?? '';
          if (FLASK_HOOKS.test(last) || (inner && last === 'middleware'))
            register(node, [fn], `decorator @${path?.join('.')}`);
        }
        return;
      }
      case 'assignment':
      case 'augmented_assignment':
      case 'assignment_expression':
      case 'augmented_assignment_expression':
      case 'variable_declarator':
      case 'property_element':
      case 'keyword_argument':
      case 'pair':
      case 'field_declaration':
      case 'const_item':
      case 'static_item': {
        settingRegistration(node, lang, each, aliases);
        return;
      }
      case 'method_declaration': {
        // Laravel 11 HasMiddleware: public static function middleware(): array { return ['auth', new Middleware('log')]; }
        if (lang !== 'php' || node.childForFieldName('name')?.text !== 'middleware') return;
        for (const ret of descendantsOf(node, 'return_statement')) {
          for (const entry of kids(kids(ret)[0] ?? null)) {
            const value = kids(entry)[0] ?? entry;
            const wrapped = asCall(value);
            const how = 'entry of middleware()';
            if (wrapped?.isNew && wrapped.method === 'Middleware') each(wrapped.args.slice(0, 1), how, true);
            else each([value], how, true);
          }
        }
        return;
      }
      case 'object': {
        // NestJS global providers: { provide: APP_GUARD, useClass: RolesGuard }
        if (!isJs(lang)) return;
        const pairs = new Map<string, Node>();
        for (const p of kids(node)) {
          const key = p.type === 'pair' ? p.childForFieldName('key')?.text : undefined;
          const value = p.childForFieldName('value');
          if (key && value) pairs.set(key, value);
        }
        const token = pairs.get('provide');
        const cls = pairs.get('useClass') ?? pairs.get('useExisting');
        if (token && cls && NEST_PROVIDER_TOKENS.test(token.text)) each([cls], `global provider ${token.text}`, false);
        return;
      }
    }
  };
  for (const node of nodes.ofTypes(MIDDLEWARE_TYPES)) visit(node);
  const byKey = new Map<string, Registration[]>();
  for (const reg of registrations) {
    for (const key of new Set(reg.names.map(nameKey))) {
      const list = byKey.get(key) ?? [];
      list.push(reg);
      byKey.set(key, list);
    }
  }
  const aliasesByClass = new Map<string, string[]>();
  for (const [alias, classes] of [...aliases].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const key of new Set(classes.map(nameKey))) pushTo(aliasesByClass, key, alias);
  }
  return { registrations, aliases, byKey, aliasesByClass };
}

type Register = (node: Node, names: string[], how: string) => void;
type Each = (nodes: (Node | null | undefined)[], how: string, strings?: boolean) => void;

/** Containers whose elements are registered one by one. */
const COLLECTIONS = new Set([
  'list',
  'tuple',
  'array',
  'array_expression',
  'array_creation_expression',
  'array_element_initializer',
  'tuple_expression',
  'set',
  'expression_list',
  'literal_value',
  'literal_element',
  'initializer_expression',
  'collection_expression',
  'array_initializer',
  'implicit_array_creation_expression',
  'argument',
  'element',
  'parenthesized_expression',
]);

function callRegistration(
  call: Call,
  lang: LanguageId,
  register: Register,
  each: Each,
  aliases: Map<string, string[]>,
): void {
  const method = call.method;
  if (!method) return;
  const receiverPath = pathOf(call.receiver, true) ?? [];
  const receiverLast = receiverPath[receiverPath.length - 1] ?? '';
  const on = receiverPath.length > 0 ? `${receiverPath.join('.')}.${method}` : method;
  const args = call.args;
  const how = `argument of ${on}`;
  const node = call.node;

  // Generic registrars (every language): use, register, addHook, add_middleware, Flask hooks, Nest globals
  if (
    method === 'use' ||
    method === 'Use' ||
    method === 'UseFunc' ||
    method === 'UseHandler' ||
    method === 'Pre' ||
    method === 'With'
  ) {
    if (lang === 'csharp' && method === 'Use') {
      each(args, how, false);
      return;
    }
    const strings = !isJs(lang) && lang !== 'go' && stringsAreNames(lang);
    each(args, how, strings);
    return;
  }
  if (method === 'register') {
    each(args.slice(0, 1), how);
    return;
  }
  if (method === 'addHook') {
    each(args.slice(1), how, false);
    return;
  }
  if (method === 'add_middleware') {
    each(args.slice(0, 1), how, false);
    return;
  }
  if (FLASK_HOOKS.test(method) && args.length > 0) {
    each(args, how, false);
    return;
  }
  if (NEST_GLOBAL.test(method)) {
    each(args, how, false);
    return;
  }
  if (
    method === 'UseMiddleware' ||
    (method === 'Add' && receiverLast === 'Filters') ||
    method === 'AddEndpointFilter' ||
    method === 'AddEndpointFilterFactory'
  ) {
    each(call.typeArgs, how, false);
    each(args, how, false);
    return;
  }
  if (JAVA_FIRST_ARG.test(method)) {
    each(args.slice(0, 1), how, false);
    return;
  }
  // Spring Boot: new FilterRegistrationBean<>(new RequestIdFilter()) registers the servlet filter it wraps
  if (call.isNew && method === 'FilterRegistrationBean') {
    each(args.slice(0, 1), 'filter of FilterRegistrationBean', false);
    each(call.typeArgs, 'filter of FilterRegistrationBean', false);
    return;
  }
  if (method === 'apply' && /consumer/i.test(receiverLast)) {
    each(args, how, false);
    return;
  }

  switch (lang) {
    case 'csharp':
      // ASP.NET app.UseAuthentication() registers Authentication (name X or UseX)
      if (/^Use[A-Z]/.test(method)) register(call.callee ?? node, [method.slice(3), method], `${on}()`);
      return;
    case 'rust':
      if (/^(layer|route_layer|wrap|wrap_fn|attach|with)$/.test(method)) each(args, how, false);
      return;
    case 'go':
      if (GO_VERBS.test(method) && args.length >= 3 && stringValue(args[0] ?? null) !== null) {
        each(args.slice(1), `route middleware of ${on}`, false);
      }
      // net/http: mux.Handle("/admin/", withAuth(h)), http.ListenAndServe(addr, logging(mux)) — the calls that
      // wrap the handler are its middleware
      if (/^(Handle|HandleFunc|ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$/.test(method)) {
        for (const arg of args.slice(1)) goWrappers(arg, register, `wraps the handler of ${on}`);
        return;
      }
      // Gin/Echo/Fiber route groups: r.Group("/admin", AuthRequired()) runs the middleware for the whole group
      if (method === 'Group' && args.length >= 2 && stringValue(args[0] ?? null) !== null) {
        each(args.slice(1), `group middleware of ${on}`, false);
      }
      return;
    case 'ruby':
      if (RAILS_CALLBACKS.test(method) && !call.receiver) {
        each(args, method, true);
        return;
      }
      if (/^(insert_before|insert_after|insert|swap)$/.test(method) && receiverLast === 'middleware') {
        each(args.slice(1), how, true);
      }
      return;
    case 'python': {
      if (/^(append|insert|extend)$/.test(method) && SETTINGS.test(receiverLast)) {
        each(method === 'insert' ? args.slice(1) : args, how, true);
        return;
      }
      // Flask extensions hook into the app they are given: Talisman(app), CORS(app), csrf.init_app(app)
      const first = pathOf(args[0] ?? null)?.join('.');
      if (!first || !PY_APP.test(first)) return;
      if (!call.receiver && /^[A-Z]/.test(method)) register(call.callee ?? node, [method], `applied to ${first}`);
      else if (method === 'init_app' && receiverPath.length === 1)
        register(node, [receiverLast, ...constructorsOf(node, receiverLast)], `${on}(${first})`);
      return;
    }
    case 'php': {
      if (method === 'middleware') {
        each(args, how, true);
        return;
      }
      if (LARAVEL_STACK_METHODS.test(method) && (receiverLast === 'middleware' || /Middleware/.test(method))) {
        const named = [...call.named.values()];
        if (method === 'alias' || method === 'aliasMiddleware') collectAliases(call, aliases);
        each([...args, ...named], how, true);
        return;
      }
      if ((method === 'add' && receiverLast === 'app') || method === 'addMiddleware' || method === 'pipe') {
        each(args, how, true);
        return;
      }
      return;
    }
    default:
      if (!isJs(lang)) return;
      jsRouteMiddleware(call, method, on, each);
  }
}

/** Express/Hono/Koa-router `router.get(path, mw…, handler)` and `router.route(path).get(mw…, handler)`. */
function jsRouteMiddleware(call: Call, method: string, on: string, each: Each): void {
  if (!HTTP_VERBS.test(method)) return;
  const args = call.args;
  const first = args[0];
  const isPath =
    !!first &&
    (stringValue(first) !== null ||
      first.type === 'template_string' ||
      first.type === 'regex' ||
      first.type === 'array');
  if (isPath && args.length >= 3) {
    each(args.slice(1, -1), `route middleware of ${on}`, false);
    return;
  }
  const viaRoute = call.receiver ? asCall(call.receiver) : null;
  if (viaRoute?.method === 'route' && args.length >= 2) {
    each(args.slice(0, -1), `route middleware of ${on}`, false);
  }
}

/** Assignments, properties and keyword arguments named like a middleware setting; WSGI/ASGI wrapping. */
function settingRegistration(node: Node, lang: LanguageId, each: Each, aliases: Map<string, string[]>): void {
  const target =
    node.childForFieldName('left') ??
    node.childForFieldName('name') ??
    node.childForFieldName('key') ??
    (node.type === 'field_declaration' ? node.childForFieldName('declarator') : null);
  const value =
    node.childForFieldName('right') ??
    node.childForFieldName('value') ??
    node.childForFieldName('default_value') ??
    (target?.type === 'variable_declarator' ? target.childForFieldName('value') : null);
  if (!target || !value) return;
  const targetPath = pathOf(target.type === 'variable_declarator' ? target.childForFieldName('name') : target) ?? [
    stringValue(target, lang) ?? target.text.replace(/:$/, ''),
  ];
  const name = targetPath[targetPath.length - 1] ?? '';
  if (SETTINGS.test(name)) {
    if (lang === 'php' && LARAVEL_ALIAS_SETTINGS.test(name)) collectAliasArray(value, aliases);
    each([value], `entry of ${name}`, true);
    return;
  }
  if (isJs(lang) && node.type === 'pair' && FASTIFY_ROUTE_HOOKS.test(name)) {
    each([value], `route hook ${name}`, false);
    return;
  }
  if (lang === 'python' && (node.type === 'assignment' || node.type === 'augmented_assignment')) {
    // app.wsgi_app = ProxyFix(app.wsgi_app) / app = SentryAsgiMiddleware(app)
    const call = asCall(value);
    const wrapped = call?.args[0] ? pathOf(call.args[0])?.join('.') : undefined;
    const targetText = targetPath.join('.');
    if (
      call &&
      wrapped &&
      wrapped === targetText &&
      /^(app|application|wsgi_app|asgi_app|.*\.wsgi_app|.*\.asgi_app)$/.test(targetText)
    ) {
      each([value], `wraps ${targetText}`, false);
    }
  }
}

function collectAliases(call: Call, aliases: Map<string, string[]>): void {
  const args = call.args;
  if (args.length >= 2) {
    const alias = stringValue(args[0] ?? null, 'php');
    if (alias) addAlias(aliases, alias, candidatesOf(args[1] ?? null, 'php', { strings: true }));
    return;
  }
  for (const arg of args) collectAliasArray(arg, aliases);
}

function collectAliasArray(array: Node, aliases: Map<string, string[]>): void {
  for (const element of kids(array)) {
    const parts = kids(element);
    if (parts.length !== 2) continue;
    const alias = stringValue(parts[0] ?? null, 'php');
    if (alias) addAlias(aliases, alias, candidatesOf(parts[1] ?? null, 'php', { strings: true }));
  }
}

function addAlias(aliases: Map<string, string[]>, alias: string, classes: string[]): void {
  pushTo(aliases, alias, ...classes);
}

/** The classes a Python name is built from at module level (`csrf = CSRFProtect()` → CSRFProtect). */
function constructorsOf(node: Node, variable: string): string[] {
  const out: string[] = [];
  for (const statement of kids(node.tree.rootNode)) {
    const assignment = statement.type === 'expression_statement' ? kids(statement)[0] : null;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== variable) continue;
    const value = assignment.childForFieldName('right');
    const call = value ? asCall(value) : null;
    const path = call ? calleePath(call) : null;
    if (path) out.push(path.join('.'));
  }
  return out;
}

/** Go handler wrapping `a(b(mux))`: registers a and b; `http.HandlerFunc(f)` is a conversion, not a middleware. */
function goWrappers(node: Node, register: Register, how: string, depth = 0): void {
  const call = depth < 8 ? asCall(node) : null;
  if (!call) return;
  const path = calleePath(call);
  if (path && path.at(-1) !== 'HandlerFunc') register(node, [path.join('.')], how);
  for (const arg of call.args) goWrappers(arg, register, how, depth + 1);
}

function descendantsOf(node: Node, type: string): Node[] {
  return node.descendantsOfType(type).filter((n): n is Node => n !== null);
}

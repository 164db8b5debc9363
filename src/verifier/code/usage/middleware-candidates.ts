import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../parser.js';
import { asCall, calleePath, kids, pathOf, stringValue, symbolValue } from './syntax.js';

/**
 * The names an expression registers as middleware: `cors` for `cors()`, `CorsLayer` for `CorsLayer::permissive()`,
 * `AuthInterceptor` for `new AuthInterceptor()`, `Authenticate` for `Authenticate::class`, the dotted path of a
 * Django string entry, the symbol of a Rails callback. Names are dotted (`express.json`); the matcher compares whole
 * trailing segments.
 */

/**
 * Calls that wrap the real middleware in their arguments: Starlette `Middleware(X)`, axum `from_fn(f)`, Fastify
 * `fastify.auth([verifyJWT])`, actix-web-httpauth `HttpAuthentication::bearer(validator)`.
 */
const WRAPPERS =
  /^(Middleware|from_fn|from_fn_with_state|from_extractor|from_extractor_with_state|map_request|map_response|map_request_with_state|map_response_with_state|HandlerFunc|wrap_fn|forwardRef|auth|bearer|basic)$/;

export interface CandidateOptions {
  /** String literals name middleware (Django, Laravel, Rails, settings lists) rather than paths (Express). */
  strings: boolean;
}

export function candidatesOf(node: Node | null, lang: LanguageId, opts: CandidateOptions, depth = 0): string[] {
  if (!node || depth > 8) return [];
  const t = node.type;
  const str = stringValue(node, lang);
  if (str !== null) {
    if (!opts.strings || str.length === 0 || str.length > 200) return [];
    // Laravel `throttle:60,1` / `auth:sanctum`: the alias is the part before the parameters; the whole entry
    // (alias with its parameters) names it too
    if (lang !== 'php') return [str];
    const alias = str.split(':')[0] ?? str;
    return alias === str ? [str] : [alias, str];
  }
  const sym = symbolValue(node);
  if (sym !== null) return [sym];
  switch (t) {
    case 'parenthesized_expression':
    case 'await_expression':
    case 'argument':
    case 'array_element_initializer':
    case 'literal_element':
    case 'element':
    case 'spread_element':
    case 'non_null_expression':
    case 'as_expression':
    case 'reference_expression':
      return kids(node).flatMap((k) => candidatesOf(k, lang, opts, depth + 1));
    case 'list':
    case 'tuple':
    case 'array':
    case 'array_expression':
    case 'array_creation_expression':
    case 'tuple_expression':
    case 'set':
    case 'expression_list':
    case 'literal_value':
    case 'initializer_expression':
    case 'collection_expression':
    case 'array_initializer':
    case 'implicit_array_creation_expression':
    case 'array_creation':
      return kids(node).flatMap((k) => candidatesOf(k, lang, opts, depth + 1));
    case 'class_literal': // Java X.class
    case 'typeof_expression': // C# typeof(X)
      return joined(pathOf(node.childForFieldName('type') ?? kids(node)[0] ?? null));
    case 'class_constant_access_expression': {
      // PHP X::class
      const parts = kids(node);
      if (parts[parts.length - 1]?.text === 'class') return joined(pathOf(parts[0] ?? null));
      return joined(parts.map((p) => p.text));
    }
    case 'function_expression':
    case 'function':
    case 'generator_function': {
      // `app.use(function logger(req, res, next) {…})` registers `logger`
      const name = node.childForFieldName('name');
      return name ? [name.text] : [];
    }
  }
  const call = asCall(node);
  if (call) return callCandidates(call, lang, opts, depth);
  const path = pathOf(node);
  return path ? joined(path) : [];
}

function callCandidates(
  call: NonNullable<ReturnType<typeof asCall>>,
  lang: LanguageId,
  opts: CandidateOptions,
  depth: number,
): string[] {
  const out: string[] = [];
  const path = calleePath(call);
  if (path) {
    // the callee itself (`cors`, `gin.Logger`, `express.json`), and each type along a builder chain
    // (`CorsLayer::new().allow_origin(…)` → CorsLayer; `Rack::Attack.new` → Rack::Attack)
    out.push(path.join('.'));
    let lastType = -1;
    for (let i = 0; i < path.length - 1; i++) if (/^[A-Z]/.test(path[i] ?? '')) lastType = i;
    if (lastType >= 0) out.push(path.slice(0, lastType + 1).join('.'));
    // a factory on a middleware package's module object names the package too: passport.initialize(),
    // bodyParser.json(), cors.Default() register passport, bodyParser, cors
    const [root] = path;
    if (path.length === 2 && root && !/^(this|self|super|app|router|\$this|crate)$/.test(root)) out.push(root);
  }
  for (const typeArg of call.typeArgs) out.push(...joined(pathOf(typeArg)));
  // JS `this.audit.bind(this)` registers the bound method
  if (call.method === 'bind' && call.receiver) out.push(...candidatesOf(call.receiver, lang, opts, depth + 1));
  if (call.method && WRAPPERS.test(call.method)) {
    for (const arg of call.args) {
      if (stringValue(arg, lang) === null) out.push(...candidatesOf(arg, lang, opts, depth + 1));
    }
  }
  return out;
}

function joined(path: string[] | null): string[] {
  return path && path.length > 0 ? [path.map((p) => p.replace(/^\\/, '')).join('.')] : [];
}

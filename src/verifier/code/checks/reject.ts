import type { Node } from 'web-tree-sitter';
import type { LanguageRules } from '../defs/rules.js';
import { SKIP, scan } from '../defs/syntax.js';

/**
 * Does a branch reject (ruling 19)? It must raise/throw/abort, return an error value, or answer with a 4xx response.
 * A branch that only returns early on the success path (`return cached`, bare `return`) does not.
 */

/** Calls that end the request or raise, by last segment (lower case, `_` removed). */
const REJECTING_CALLS = new Set([
  'abort',
  'abortwithstatus',
  'abortwithstatusjson',
  'abortwitherror',
  'abortif',
  'abortunless',
  'halt',
  'panic',
  'die',
  'exit',
  'raise',
  'fail',
  'reject',
  'deny',
  'denyaccess',
  'bail',
  'forbid',
  'challenge',
  'createerror',
  'httperror',
  'throwhttpexception',
  'validationproblem',
  'throwerror',
]);

/** Capitalised error constructors: `ValidationError(…)`, `new Error(…)`, Rust `Err(…)`, Go `fmt.Errorf`. */
const ERROR_CONSTRUCTOR = /^(?:[A-Z]\w*(?:Error|Exception)|Error|Exception|Err|Errorf)$/;
/** Names of 4xx responses: `HttpResponseForbidden()`, `BadRequest()`, `PermissionDenied`, `render_not_found`. */
const ERROR_RESPONSE =
  /forbid|badrequest|bad_request|unauthori[sz]ed|unauthenticated|notfound|not_found|unprocessable|toomanyrequests|too_many_requests|denied/i;

/** Named 4xx statuses: `HTTP_400_BAD_REQUEST`, `http.StatusForbidden`, `HttpStatus.UNAUTHORIZED`, `:not_found`. */
const STATUS_NAME =
  /^(HTTP_4\d\d\w*|Status4\d\d\w*|Status(BadRequest|Unauthorized|PaymentRequired|Forbidden|NotFound|MethodNotAllowed|NotAcceptable|Conflict|Gone|PreconditionFailed|RequestEntityTooLarge|UnsupportedMediaType|UnprocessableEntity|TooManyRequests)|BAD_REQUEST|UNAUTHORIZED|FORBIDDEN|NOT_FOUND|METHOD_NOT_ALLOWED|CONFLICT|UNPROCESSABLE_ENTITY|UNPROCESSABLE_CONTENT|TOO_MANY_REQUESTS|PAYLOAD_TOO_LARGE|:(bad_request|unauthorized|forbidden|not_found|unprocessable_entity|unprocessable_content|too_many_requests|conflict|payment_required|method_not_allowed|gone))$/;

/** In a returned value: names that are error values (`err`, `ErrInvalid`, `errors.New`, `ValidationError`). */
const ERROR_VALUE = /^(err|errs|error|errors)$|^Err[A-Z_]|^err[A-Z_]|Error$|Exception$|^Err$|invalid/;
const FALSE = /^(false|False|FALSE)$/;

const LEAF_NAME = /^:?[A-Za-z_][\w]*$/;

/** What makes `branch` reject, for details (`raises`, `returns an error`, `responds 4xx`), or null. */
export function rejection(rules: LanguageRules, branch: Node): string | null {
  let found: string | null = null;
  scan(branch, (v) => {
    if (found) return SKIP;
    if (rules.stringTypes.has(v.type)) return SKIP;
    if (v.depth > 0 && rules.functionTypes.has(v.type)) return SKIP;
    if (rules.throwTypes.has(v.type)) {
      found = v.type.startsWith('exit') ? 'exits' : v.type.startsWith('raise') ? 'raises' : 'throws';
      return SKIP;
    }
    if (rules.callTypes.has(v.type)) {
      const path = rules.callee(v.node());
      const last = path?.[path.length - 1];
      if (last && REJECTING_CALLS.has(last.toLowerCase().replaceAll('_', ''))) {
        found = `calls ${last}`;
        return SKIP;
      }
      if (last && (ERROR_CONSTRUCTOR.test(last) || ERROR_RESPONSE.test(last))) {
        found = `builds an error (${last})`;
        return SKIP;
      }
    }
    const value = rules.returned(v);
    if (value && returnsError(rules, value)) {
      found = 'returns an error value';
      return SKIP;
    }
    if (rules.integerTypes.has(v.type)) {
      const n = Number(v.node().text.replace(/_/g, ''));
      if (n >= 400 && n <= 499) found = `responds ${n}`;
      return undefined;
    }
    if (v.node().childCount === 0) {
      const text = v.node().text;
      if (LEAF_NAME.test(text) && STATUS_NAME.test(text)) found = `responds ${text.replace(/^:/, '')}`;
    }
    return undefined;
  });
  return found;
}

function returnsError(rules: LanguageRules, value: Node): boolean {
  let error = false;
  scan(value, (v) => {
    if (error || rules.stringTypes.has(v.type)) return SKIP;
    if (v.depth > 0 && rules.functionTypes.has(v.type)) return SKIP;
    // Variables and constants only: a keyword or property named `error` (`jsonify(error=None)`) is not a value.
    const name = rules.reference(v);
    if ((name && ERROR_VALUE.test(name)) || (v.node().childCount === 0 && FALSE.test(v.node().text))) error = true;
    return undefined;
  });
  return error;
}

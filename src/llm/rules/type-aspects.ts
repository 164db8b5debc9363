import type { AssertionType } from '../../assertions/catalogue.js';
import type { Aspect } from './aspects.js';

/**
 * What each assertion type can evidence, for the rules evaluator.
 *
 * - `specific`: the type proves one kind of property by its nature (a file digest proves integrity, never input
 *   validation). It evidences its `fits`, plus — when `hinted` — the aspects its params name (a validated parameter
 *   called `token` supports authentication).
 * - `broad`: the type can carry many kinds of guard (a decorator, a middleware, a call). When its params name an
 *   aspect (`login_required`, `RateLimiter`), that is what it evidences; otherwise its usual `fits`.
 * - `generic`: the type can evidence anything (a function exists, a pattern matches, a test passes); only its params
 *   can tie it to the control. With no such tie it is `withoutHint` (tests: `coherent` as supporting evidence;
 *   others: `unchecked`, because nothing can be said).
 */
export type TypeRule =
  | { kind: 'specific'; fits: Aspect[]; hinted: boolean }
  | { kind: 'broad'; fits: Aspect[] }
  | { kind: 'generic'; fits: Aspect[]; withoutHint: 'coherent' | 'unchecked' };

const WEB_GUARDS: Aspect[] = [
  'authentication',
  'authorization',
  'rate limiting',
  'CSRF protection',
  'session management',
  'transport security and security headers',
];

export const TYPE_RULES: Record<AssertionType, TypeRule> = {
  function_exists: { kind: 'generic', fits: [], withoutHint: 'unchecked' },
  class_exists: { kind: 'generic', fits: [], withoutHint: 'unchecked' },
  decorator_present: {
    kind: 'broad',
    fits: ['authentication', 'authorization', 'input validation', 'rate limiting', 'CSRF protection'],
  },
  function_calls: { kind: 'broad', fits: ['authentication', 'authorization'] },
  parameter_validated: { kind: 'specific', fits: ['input validation'], hinted: true },
  error_handled: { kind: 'specific', fits: ['error handling'], hinted: true },
  import_present: { kind: 'generic', fits: [], withoutHint: 'unchecked' },
  file_exists: { kind: 'generic', fits: [], withoutHint: 'unchecked' },
  file_hash: { kind: 'specific', fits: ['integrity'], hinted: false },
  pattern_matches: { kind: 'generic', fits: [], withoutHint: 'unchecked' },
  pattern_absent: { kind: 'specific', fits: ['input validation', 'secrets management'], hinted: true },
  no_plaintext_secret: { kind: 'specific', fits: ['secrets management'], hinted: false },
  config_key_exists: { kind: 'generic', fits: [], withoutHint: 'unchecked' },
  config_value_matches: { kind: 'broad', fits: ['transport security and security headers'] },
  dependency_exists: { kind: 'specific', fits: ['dependency hygiene'], hinted: true },
  dependency_version: { kind: 'specific', fits: ['dependency hygiene'], hinted: true },
  env_var_referenced: { kind: 'specific', fits: ['secrets management'], hinted: true },
  middleware_registered: { kind: 'broad', fits: WEB_GUARDS },
  http_header_set: { kind: 'specific', fits: ['transport security and security headers'], hinted: true },
  test_exists: { kind: 'generic', fits: [], withoutHint: 'coherent' },
  test_passes: { kind: 'generic', fits: [], withoutHint: 'coherent' },
};

/** Params that are locations, not names: they may tie an assertion to an aspect but never contradict one. */
export const LOCATION_PARAMS = new Set(['file', 'manifest', 'pinned_in']);
/** Params that say nothing about meaning. */
export const IGNORED_PARAMS = new Set([
  'expected_hash',
  'algorithm',
  'operator',
  'constraint',
  'flags',
  'depth',
  'timeout_seconds',
]);

/**
 * The threat model `npm run demo` seeds for examples/demo-app, and what the demo expects of it. This file is the one
 * source: the seeding posts it, examples/demo-app/.assay/assertions.json is generated from it (a test keeps the two
 * equal) and the tests check every expectation against the real engine and the server's rules evaluator.
 */

export const DEMO_REPO = 'assay-demo/demo-app';
export const DEMO_WORKSPACE = 'Demo';
export const DEMO_OWNER_EMAIL = 'demo@assay.local';
/** examples/demo-app, relative to the root of the Assay checkout. */
export const DEMO_APP_DIR = 'examples/demo-app';
/** The assertions file for `assay check`, relative to the demo app. */
export const DEMO_ASSERTIONS_FILE = '.assay/assertions.json';

export interface DemoAssertion {
  /** A stable local id (`assay check` shows it). */
  id: string;
  type: string;
  params: Record<string, unknown>;
  description: string;
  /** The tier-1 result the demo app gives. */
  expected: 'pass' | 'fail';
}

export interface DemoControl {
  id: string;
  description: string;
  objective_ids: string[];
  /** The rules evaluator's verdict on the whole assertion set. */
  expectedSufficiency: 'sufficient' | 'insufficient';
  assertions: DemoAssertion[];
}

export const DEMO_MODEL = {
  title: 'Notes API (demo app)',
  description:
    'examples/demo-app: a small JSON API with password login, signed session tokens, a login rate limit and ' +
    'security headers. Seeded by `npm run demo`.',
  control_objectives: [
    { id: 'CO-1', description: 'Only signed-in users can read or write notes' },
    { id: 'CO-2', description: 'Accounts resist password guessing and credential theft' },
    { id: 'CO-3', description: 'Browsers reach the app over HTTPS only and do not run injected content' },
  ],
};

export const DEMO_CONTROLS: DemoControl[] = [
  {
    id: 'CTRL-01',
    description: 'Require authentication on every API route',
    objective_ids: ['CO-1'],
    expectedSufficiency: 'sufficient',
    assertions: [
      {
        id: 'auth-middleware-defined',
        type: 'function_exists',
        params: { file: 'src/middleware.js', name: 'requireAuth' },
        description: 'requireAuth rejects requests without a valid session token',
        expected: 'pass',
      },
      {
        id: 'auth-middleware-registered',
        type: 'middleware_registered',
        params: { file: 'src/app.js', middleware: 'requireAuth' },
        description: 'requireAuth is registered on the API router, so it runs before every /api route',
        expected: 'pass',
      },
      {
        id: 'auth-verifies-token',
        type: 'function_calls',
        params: { file: 'src/middleware.js', caller: 'requireAuth', callee: 'verifyToken' },
        description: 'requireAuth checks the session token with verifyToken',
        expected: 'pass',
      },
    ],
  },
  {
    id: 'CTRL-02',
    description: 'Rate limit login attempts per client',
    objective_ids: ['CO-2'],
    expectedSufficiency: 'sufficient',
    assertions: [
      {
        id: 'login-rate-limit-registered',
        type: 'middleware_registered',
        params: { file: 'src/app.js', middleware: 'loginRateLimit' },
        description: 'The login route goes through the loginRateLimit middleware',
        expected: 'pass',
      },
      {
        id: 'login-rate-limit-config',
        type: 'config_value_matches',
        params: { file: 'config/default.json', key: 'rateLimit.max', operator: 'lte', value: 10 },
        description: 'The rate limit allows at most 10 login attempts per window',
        expected: 'pass',
      },
      {
        id: 'login-rate-limit-test',
        type: 'test_passes',
        params: {
          file: 'test/rate-limit.test.js',
          test_name: 'blocks login attempts over rateLimit.max until the window ends',
        },
        description: 'The rate limit test passes: logins over the limit get 429 until the window ends',
        expected: 'pass',
      },
    ],
  },
  {
    id: 'CTRL-03',
    description: 'Sign session tokens with HMAC and expire them after the configured lifetime',
    objective_ids: ['CO-1', 'CO-2'],
    expectedSufficiency: 'sufficient',
    assertions: [
      {
        id: 'session-token-verified',
        type: 'function_exists',
        params: { file: 'src/session.js', name: 'verifyToken' },
        description: 'verifyToken checks the HMAC signature and the expiry of a session token',
        expected: 'pass',
      },
      {
        id: 'session-lifetime-config',
        type: 'config_value_matches',
        params: { file: 'config/default.json', key: 'session.ttlSeconds', operator: 'lte', value: 3600 },
        description: 'Sessions expire after at most one hour',
        expected: 'pass',
      },
      {
        id: 'session-expiry-test-exists',
        type: 'test_exists',
        params: { file: 'test/auth.test.js', test_name: 'rejects expired tokens' },
        description: 'A test covers expired session tokens',
        expected: 'pass',
      },
      {
        id: 'session-expiry-test-passes',
        type: 'test_passes',
        params: { file: 'test/auth.test.js', test_name: 'rejects expired tokens' },
        description: 'The expired session token test passes',
        expected: 'pass',
      },
    ],
  },
  {
    id: 'CTRL-04',
    description:
      'Send the Strict-Transport-Security, X-Content-Type-Options and Content-Security-Policy headers on every response',
    objective_ids: ['CO-3'],
    expectedSufficiency: 'sufficient',
    assertions: [
      {
        id: 'header-hsts',
        type: 'http_header_set',
        params: { file: 'src/middleware.js', header: 'Strict-Transport-Security', value_pattern: 'max-age=\\d{8,}' },
        description: 'HSTS is sent with a max-age of a year or more',
        expected: 'pass',
      },
      {
        id: 'header-nosniff',
        type: 'http_header_set',
        params: { file: 'src/middleware.js', header: 'X-Content-Type-Options', value_pattern: '^nosniff$' },
        description: 'X-Content-Type-Options: nosniff is sent',
        expected: 'pass',
      },
      {
        // deliberately false: the demo app sends no Content-Security-Policy
        id: 'header-csp',
        type: 'http_header_set',
        params: { file: 'src/middleware.js', header: 'Content-Security-Policy' },
        description: 'A Content-Security-Policy header is sent',
        expected: 'fail',
      },
    ],
  },
  {
    id: 'CTRL-05',
    description: 'Keep secrets out of the source code and hash passwords with scrypt',
    objective_ids: ['CO-2'],
    // deliberately insufficient: nothing evidences the password hashing (see examples/demo-app/README.md)
    expectedSufficiency: 'insufficient',
    assertions: [
      {
        id: 'secret-from-env',
        type: 'env_var_referenced',
        params: { file: 'src/config.js', variable: 'SESSION_SECRET' },
        description: 'The session secret is read from the environment',
        expected: 'pass',
      },
      {
        id: 'no-plaintext-secret',
        type: 'no_plaintext_secret',
        params: { file: '**/*.{js,json}' },
        description: 'No plaintext secret in the code or the config',
        expected: 'pass',
      },
    ],
  },
];

/** The assertions as `assay check` reads them: [{id, type, params, description}] in control order. */
export function demoAssertionsFile(): {
  id: string;
  type: string;
  params: Record<string, unknown>;
  description: string;
}[] {
  return DEMO_CONTROLS.flatMap((c) =>
    c.assertions.map(({ id, type, params, description }) => ({ id, type, params, description })),
  );
}

import { describe, expect, it } from 'vitest';
import type { AssertionRef } from './evaluator.js';
import { read, tokens } from './rules/aspects.js';
import { createRulesEvaluator } from './rules/evaluator.js';
import { requirements } from './rules/requirements.js';
import { stem } from './rules/stem.js';

const rules = createRulesEvaluator();
const control = (description: string) => ({ id: 'CTRL-1', description });
const a = (type: string, params: Record<string, unknown>, description = ''): AssertionRef => ({
  type,
  params,
  description,
});

const VALIDATION = 'Validate all user input on the API to prevent SQL injection';
const AUTHN = 'Require authentication on every API endpoint';
const AUTHZ = 'Only administrators may delete projects (role-based access control)';
const HEADERS = 'Send HSTS and a Content-Security-Policy header on every response';
const SECRETS = 'No credentials are hard-coded in the source; secrets come from the environment';
const DEPS = 'Keep third-party dependencies patched against known vulnerabilities';
const SESSIONS = 'Expire idle sessions after 15 minutes';
const RATE = 'Rate limit login attempts to prevent brute force';
const INTEGRITY = 'Verify the integrity of the deployment configuration before it is trusted';
const ERRORS = 'Errors never leak stack traces to clients';
const LOGGING = 'Write an audit log entry for every permission change';
const CRYPTO = 'Passwords are hashed with bcrypt';

const hash = a('file_hash', { file: 'src/validators.py', expected_hash: 'ab12', pinned_in: 'deploy/verify.py' });
const loginRequired = a('decorator_present', {
  file: 'api/views.py',
  function: 'get_profile',
  decorator: 'login_required',
});
const validated = a('parameter_validated', { file: 'api/users.py', function: 'update', parameter: 'user_id' });
const noEval = a('pattern_absent', { file: 'src/**/*.py', pattern: '\\beval\\(' });
const hsts = a('http_header_set', { file: 'server/app.js', header: 'Strict-Transport-Security' });
const csp = a('http_header_set', { file: 'server/app.js', header: 'Content-Security-Policy' });
const noSecret = a('no_plaintext_secret', { file: 'src/**/*' });
const envKey = a('env_var_referenced', { file: 'app/settings.py', variable: 'DATABASE_PASSWORD' });
const pinned = a('dependency_version', { manifest: 'requirements.txt', package: 'django', constraint: '>=4.2.8' });
const rateLimiter = a('middleware_registered', { file: 'app/main.py', middleware: 'RateLimiter' });
const authMiddleware = a('middleware_registered', { file: 'app/main.py', middleware: 'AuthenticationMiddleware' });
const adminCheck = a('function_calls', { file: 'api/projects.py', caller: 'delete_project', callee: 'require_role' });
const sessionTimeout = a('config_value_matches', {
  file: 'config.yaml',
  key: 'session.idle_timeout',
  operator: 'lte',
  value: 900,
});
const hstsConfig = a('config_value_matches', { file: 'security.yaml', key: 'HSTS_MAX_AGE', operator: 'gte', value: 1 });
const errorHandled = a('error_handled', { file: 'api/app.py', function: 'handle', exception: 'Exception' });
const auditCall = a('function_calls', { file: 'roles.py', caller: 'grant_role', callee: 'write_audit_log' });
const bcryptDep = a('dependency_exists', { manifest: 'requirements.txt', package: 'bcrypt' });
const someFunction = a('function_exists', { file: 'src/util.py', name: 'process' });
const encryptFunction = a('function_exists', { file: 'src/util.py', name: 'encrypt_payload' });
const someTest = a('test_passes', { file: 'tests/test_misc.py' });
const authTest = a('test_passes', { file: 'tests/test_api.py', test_name: 'test_rejects_unauthenticated' });

describe('rules evaluator: coherence', () => {
  const table: [string, AssertionRef, 'coherent' | 'incoherent' | 'unchecked'][] = [
    // a file digest proves integrity, never input validation
    [VALIDATION, hash, 'incoherent'],
    [INTEGRITY, hash, 'coherent'],
    [VALIDATION, validated, 'coherent'],
    [VALIDATION, noEval, 'coherent'],
    [VALIDATION, loginRequired, 'incoherent'],
    [AUTHN, loginRequired, 'coherent'],
    [AUTHN, authMiddleware, 'coherent'],
    [AUTHN, rateLimiter, 'incoherent'],
    [AUTHN, hash, 'incoherent'],
    [AUTHN, noEval, 'incoherent'],
    [AUTHN, pinned, 'incoherent'],
    [AUTHZ, adminCheck, 'coherent'],
    [AUTHZ, loginRequired, 'incoherent'],
    [HEADERS, hsts, 'coherent'],
    [HEADERS, hstsConfig, 'coherent'],
    [HEADERS, validated, 'incoherent'],
    [SECRETS, noSecret, 'coherent'],
    [SECRETS, envKey, 'coherent'],
    [SECRETS, hsts, 'incoherent'],
    [DEPS, pinned, 'coherent'],
    [DEPS, noSecret, 'incoherent'],
    [SESSIONS, sessionTimeout, 'coherent'],
    [SESSIONS, hstsConfig, 'incoherent'],
    [RATE, rateLimiter, 'coherent'],
    [ERRORS, errorHandled, 'coherent'],
    [ERRORS, pinned, 'incoherent'],
    [LOGGING, auditCall, 'coherent'],
    [CRYPTO, bcryptDep, 'coherent'],
    [CRYPTO, encryptFunction, 'coherent'],
    [RATE, encryptFunction, 'incoherent'],
    // generic types: nothing ties a function called "process" to anything
    [AUTHN, someFunction, 'unchecked'],
    // tests fit almost anything as supporting evidence
    [AUTHN, someTest, 'coherent'],
    [AUTHN, authTest, 'coherent'],
    [DEPS, authTest, 'incoherent'],
    // a wording the rules cannot read
    ['Keep the server room tidy', loginRequired, 'unchecked'],
  ];
  it.each(table)('%s ← %o is %s', async (wording, assertion, expected) => {
    const verdict = await rules.coherence(control(wording), assertion);
    expect(verdict.status).toBe(expected);
    expect(verdict.evaluator).toBe('rules');
    expect(verdict.reason).toContain('rules heuristic');
    expect(verdict.retry).toBeUndefined();
  });

  it('names the aspects in an incoherent verdict', async () => {
    const verdict = await rules.coherence(control(VALIDATION), hash);
    expect(verdict.reason).toMatch(/file_hash evidences integrity; the control is about input validation/);
  });

  it('says why it cannot judge a wording it does not know', async () => {
    const verdict = await rules.coherence(control('Keep the server room tidy'), loginRequired);
    expect(verdict.reason).toMatch(/names no security aspect the rules know/);
  });

  it('is deterministic', async () => {
    const first = await rules.coherence(control(AUTHZ), adminCheck);
    for (let i = 0; i < 3; i++) expect(await rules.coherence(control(AUTHZ), adminCheck)).toEqual(first);
  });
});

describe('rules evaluator: words', () => {
  it('matches stems, not substrings', () => {
    expect(stem('authentication')).toBe(stem('authenticated'));
    expect(stem('authentication')).not.toBe(stem('authorization'));
    expect(stem('authorize')).toBe(stem('authorization'));
    expect([...read('Authorization checks on every request').aspects]).toEqual(['authorization']);
    expect([...read('Authenticate every request').aspects]).toEqual(['authentication']);
    // "login" contains "log" but is not logging; "log in" is a login
    expect(read('users log in with SSO').aspects.has('logging and audit')).toBe(false);
    expect(read('logins are logged').aspects.has('logging and audit')).toBe(true);
    // "security" is not "secure", "https" is not "http", "do" is not "dos"
    expect(read('Do security reviews over http').aspects.size).toBe(0);
  });

  it('splits identifiers and joins phrases', () => {
    expect(tokens('isAuthenticated').map((t) => t.token)).toEqual(['is', stem('authenticated')]);
    expect(tokens('Strict-Transport-Security').map((t) => t.token)).toEqual(['hsts']);
    expect(tokens('CSRFMiddleware').map((t) => t.token)).toEqual(['csrf', 'middlewar']);
  });

  it('splits a control into requirements', () => {
    const texts = (d: string) => requirements(d).map((r) => r.text);
    expect(
      texts('Enforce authentication on all API endpoints and expire sessions after 15 minutes of inactivity'),
    ).toEqual(['Enforce authentication on all API endpoints', 'expire sessions after 15 minutes of inactivity']);
    expect(texts('Apply security headers, including HSTS, CSP and X-Frame-Options.')).toEqual([
      'Apply security headers',
      'HSTS',
      'CSP',
      'X-Frame-Options',
    ]);
    // a clause without an aspect qualifies its neighbour; "or" offers alternatives
    expect(texts('Require authentication on all endpoints, including the billing API')).toEqual([
      'Require authentication on all endpoints, including the billing API',
    ]);
    expect(texts('Use a password or a passkey to log in')).toHaveLength(1);
    expect(texts('Keep the server room tidy')).toEqual([]);
  });
});

describe('rules evaluator: sufficiency', () => {
  const TWO = 'Enforce authentication on all API endpoints and expire sessions after 15 minutes of inactivity';

  it('names the uncovered requirement of a two-requirement control covered only by an auth decorator', async () => {
    const verdict = await rules.sufficiency(control(TWO), [loginRequired]);
    expect(verdict.status).toBe('insufficient');
    expect(verdict.gaps).toEqual([
      '"expire sessions after 15 minutes of inactivity": no assertion evidences session management',
    ]);
    expect(verdict.reasoning).toContain('rules heuristic');
    expect(verdict.reasoning).toContain('decorator_present login_required');
  });

  it('is sufficient when every requirement is evidenced', async () => {
    const verdict = await rules.sufficiency(control(TWO), [loginRequired, sessionTimeout]);
    expect(verdict).toMatchObject({ status: 'sufficient', gaps: [], evaluator: 'rules' });
  });

  it('does not count incoherent or untied assertions', async () => {
    const verdict = await rules.sufficiency(control(TWO), [hash, someFunction, someTest]);
    expect(verdict.status).toBe('insufficient');
    expect(verdict.gaps).toHaveLength(2);
  });

  it('wants each named mechanism evidenced by name', async () => {
    const one = await rules.sufficiency(control(HEADERS), [hsts]);
    expect(one.status).toBe('insufficient');
    expect(one.gaps.join(' ')).toMatch(/Content-Security-Policy/);
    const both = await rules.sufficiency(control(HEADERS), [hsts, csp]);
    expect(both.status).toBe('sufficient');
  });

  it('no assertions: every requirement is a gap', async () => {
    const verdict = await rules.sufficiency(control(TWO), []);
    expect(verdict.status).toBe('insufficient');
    expect(verdict.gaps).toHaveLength(2);
  });

  it('stays pending for a wording it cannot read', async () => {
    const verdict = await rules.sufficiency(control('Keep the server room tidy'), [loginRequired]);
    expect(verdict.status).toBe('pending');
    expect(verdict.reasoning).toMatch(/cannot be judged/);
    expect(verdict.retry).toBeUndefined();
  });
});

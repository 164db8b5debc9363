import { z } from 'zod';
import { compileUserRegex, matchesEmpty } from '../verifier/regex.js';

/**
 * The one list of assertion types (spec: assertion-types.md). The server validates submissions with it, the CLI
 * verifies with it, the MCP adapter describes it and the UI renders its forms from it. Nothing else lists the types.
 */

/** Which verifier family decides the type (src/verifier/<family>/). */
export type Family = 'code' | 'files' | 'config' | 'deps' | 'tests';

const text = (what: string) => z.string({ error: `${what} must be a string` }).min(1, `${what} must not be empty`);
const file = text('file').describe('Path relative to the project root (POSIX separators)');
const pathOrGlob = text('file').describe('Path or glob relative to the project root');
const name = (what: string) => text(what).describe(`${what}; may be qualified (Class.method, pkg.func)`);

const regex = (what: string) =>
  text(what).superRefine((value, ctx) => {
    const compiled = compileUserRegex(value);
    if (!compiled.ok)
      ctx.addIssue({ code: 'custom', message: `${what} is not a valid RE2 regex: ${compiled.message}` });
  });

const flags = z
  .string()
  .regex(/^[ims]*$/, 'flags must be a subset of "ims"')
  .describe('Regex flags: i (case-insensitive), m (multi-line), s (dot matches newline)');

const patternParams = z.strictObject({
  file: pathOrGlob,
  pattern: regex('pattern'),
  flags: flags.optional(),
  scope_start: regex('scope_start').optional(),
  scope_end: regex('scope_end').optional(),
});

export const paramSchemas = {
  function_exists: z.strictObject({ file, name: name('name') }),
  class_exists: z.strictObject({ file, name: name('name') }),
  decorator_present: z.strictObject({
    file,
    function: name('function'),
    decorator: text('decorator').describe('Decorator/annotation/attribute name without @, [ ] or #[ ]'),
  }),
  function_calls: z.strictObject({
    file,
    caller: name('caller'),
    callee: name('callee'),
    depth: z
      .number({ error: 'depth must be an integer from 1 to 5' })
      .int('depth must be an integer from 1 to 5')
      .min(1, 'depth must be an integer from 1 to 5')
      .max(5, 'depth must be an integer from 1 to 5')
      .optional(),
  }),
  parameter_validated: z.strictObject({ file, function: name('function'), parameter: text('parameter') }),
  error_handled: z.strictObject({ file, function: name('function'), exception: text('exception').optional() }),
  import_present: z.strictObject({ file, module: text('module'), name: text('name').optional() }),
  file_exists: z.strictObject({ file }),
  file_hash: z.strictObject({
    file,
    expected_hash: z
      .string({ error: 'expected_hash must be a string' })
      .regex(/^[0-9a-fA-F]+$/, 'expected_hash must be hexadecimal'),
    pinned_in: text('pinned_in').describe('The file of the code that checks the hash, e.g. deploy/verify.py'),
    algorithm: z
      .enum(['sha256', 'sha384', 'sha512'], {
        error: 'algorithm must be sha256, sha384 or sha512 (md5 and sha1 are too weak to prove integrity)',
      })
      .optional(),
  }),
  pattern_matches: patternParams,
  pattern_absent: patternParams,
  no_plaintext_secret: z.strictObject({
    file: pathOrGlob,
    patterns: z.array(regex('patterns[]'), { error: 'patterns must be an array of regexes' }).max(100).optional(),
  }),
  config_key_exists: z.strictObject({ file, key: text('key') }),
  config_value_matches: z.strictObject({
    file,
    key: text('key'),
    operator: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'matches', 'in'], {
      error: 'operator must be one of eq, ne, gt, gte, lt, lte, matches, in',
    }),
    value: z.union([z.string(), z.number(), z.boolean()], { error: 'value must be a string, number or boolean' }),
  }),
  dependency_exists: z.strictObject({ manifest: text('manifest'), package: text('package') }),
  dependency_version: z.strictObject({
    manifest: text('manifest'),
    package: text('package'),
    constraint: text('constraint'),
  }),
  env_var_referenced: z.strictObject({ file, variable: text('variable') }),
  middleware_registered: z.strictObject({ file, middleware: text('middleware') }),
  http_header_set: z.strictObject({ file, header: text('header'), value_pattern: regex('value_pattern').optional() }),
  test_exists: z.strictObject({ file: pathOrGlob, test_name: text('test_name').optional() }),
  test_passes: z.strictObject({
    file: pathOrGlob,
    test_name: text('test_name').optional(),
    timeout_seconds: z
      .number({ error: 'timeout_seconds must be an integer from 1 to 1800' })
      .int('timeout_seconds must be an integer from 1 to 1800')
      .min(1, 'timeout_seconds must be an integer from 1 to 1800')
      .max(1800, 'timeout_seconds must be an integer from 1 to 1800')
      .optional(),
  }),
} as const;

export type AssertionType = keyof typeof paramSchemas;
export type ParamsOf<T extends AssertionType> = z.infer<(typeof paramSchemas)[T]>;

export interface TypeInfo {
  family: Family;
  description: string;
  example: { params: Record<string, unknown>; description: string };
  /** What the model must confirm beyond tier 1 (spec: "Tier 2 (semantic) criterion per type"). */
  criterion: string;
}

export const typeInfo: Record<AssertionType, TypeInfo> = {
  function_exists: {
    family: 'code',
    description: 'A function or method with this name is defined (implemented, not just declared) in the file.',
    example: { params: { file: 'auth/middleware.py', name: 'require_auth' }, description: 'Auth middleware exists' },
    criterion:
      'The function has real logic that enforces the stated aspect of the control; it is not a stub, a pass-through or dead code.',
  },
  class_exists: {
    family: 'code',
    description: 'A class, interface, enum, struct, trait, record or type alias with this name is defined in the file.',
    example: { params: { file: 'security/rate_limit.py', name: 'RateLimiter' }, description: 'Rate limiter class' },
    criterion: 'The type implements the stated aspect of the control with real behaviour, not an empty placeholder.',
  },
  decorator_present: {
    family: 'code',
    description: 'The definition of a function carries a decorator, annotation or attribute.',
    example: {
      params: { file: 'api/views.py', function: 'get_user_profile', decorator: 'login_required' },
      description: 'Profile view requires login',
    },
    criterion:
      'The decorator really enforces the stated aspect for this function (it is the right guard, applied as configured).',
  },
  function_calls: {
    family: 'code',
    description:
      'Inside the body of one function there is a call to another (optionally through helpers in the same file).',
    example: {
      params: { file: 'auth/session.py', caller: 'logout', callee: 'invalidate_session' },
      description: 'Logout invalidates the session',
    },
    criterion:
      'The call happens on every relevant path of the caller (not only in a branch that is never taken) and achieves the stated aspect.',
  },
  parameter_validated: {
    family: 'code',
    description:
      'A function validates one of its parameters: a rejecting condition, a validating call, or a validating type.',
    example: {
      params: { file: 'api/users.py', function: 'update_profile', parameter: 'user_id' },
      description: 'user_id is validated before use',
    },
    criterion:
      'The validation rejects the malicious or malformed inputs the control is about before the parameter is used.',
  },
  error_handled: {
    family: 'code',
    description: 'The body of a function handles errors (optionally a named exception type).',
    example: {
      params: { file: 'auth/login.py', function: 'login', exception: 'AuthenticationError' },
      description: 'Login handles authentication errors',
    },
    criterion:
      'The handler fails safely for the stated aspect (no information leak, no fail-open path), rather than swallowing the error.',
  },
  import_present: {
    family: 'code',
    description: 'The file imports a module (and optionally a named symbol from it).',
    example: {
      params: { file: 'crypto/storage.py', module: 'cryptography.fernet', name: 'Fernet' },
      description: 'Storage uses Fernet encryption',
    },
    criterion:
      'The imported module is actually used in the file to implement the stated aspect, not imported and left unused.',
  },
  file_exists: {
    family: 'files',
    description: 'A regular file exists at the path.',
    example: { params: { file: 'security/cors_config.py' }, description: 'CORS configuration exists' },
    criterion:
      'The file contains what the stated aspect requires and is used by the application, not an unused leftover.',
  },
  file_hash: {
    family: 'files',
    description: 'A file has the expected digest, and the code that checks it pins that digest literally.',
    example: {
      params: {
        file: 'deploy/nginx.conf',
        expected_hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        pinned_in: 'deploy/verify.py',
      },
      description: 'nginx.conf integrity is verified at deploy',
    },
    criterion:
      'The pinning code really verifies the file against the hash before the file is trusted, and fails closed on mismatch.',
  },
  pattern_matches: {
    family: 'files',
    description:
      'A regex (RE2 syntax) matches in the file, or in at least one file of a glob, optionally within a scope.',
    example: {
      params: { file: 'server/headers.js', pattern: 'Strict-Transport-Security' },
      description: 'HSTS header appears in responses',
    },
    criterion:
      'The matched text is live code or configuration that enforces the stated aspect, not a comment, example or dead branch.',
  },
  pattern_absent: {
    family: 'files',
    description: 'The files exist and a regex (RE2 syntax) matches in none of them.',
    example: { params: { file: 'src/**/*.py', pattern: '\\beval\\(' }, description: 'No eval() in the code base' },
    criterion:
      'The absence proves the stated aspect and no equivalent form (an alias, another API, an indirect call) slipped past the pattern.',
  },
  no_plaintext_secret: {
    family: 'files',
    description: 'No built-in secret rule and no custom pattern matches in the files.',
    example: { params: { file: 'src/**/*' }, description: 'No hard-coded credentials in the source tree' },
    criterion:
      'Secrets are really loaded from a secret store or the environment, and no credential is embedded in another form.',
  },
  config_key_exists: {
    family: 'config',
    description: 'A key path exists in a configuration file (JSON, YAML, TOML, INI, .env, .properties, XML).',
    example: { params: { file: 'config.yaml', key: 'session.timeout' }, description: 'Session timeout is configured' },
    criterion: 'The configured key is the one the application reads for the stated aspect, and its value is effective.',
  },
  config_value_matches: {
    family: 'config',
    description: 'The value at a key path compares true with the operator (eq, ne, gt, gte, lt, lte, matches, in).',
    example: {
      params: { file: 'config/security.yaml', key: 'HSTS_MAX_AGE', operator: 'gte', value: '31536000' },
      description: 'HSTS max-age is at least one year',
    },
    criterion:
      'The value is the effective setting in the deployed environment (not overridden elsewhere) and is strong enough for the stated aspect.',
  },
  dependency_exists: {
    family: 'deps',
    description: 'A package is declared in a dependency manifest.',
    example: { params: { manifest: 'requirements.txt', package: 'bcrypt' }, description: 'bcrypt is a dependency' },
    criterion: 'The package is actually used to implement the stated aspect, not merely declared.',
  },
  dependency_version: {
    family: 'deps',
    description: 'Every version the declaration (and the lockfile beside it) admits satisfies the constraint.',
    example: {
      params: { manifest: 'requirements.txt', package: 'cryptography', constraint: '>=41.0' },
      description: 'cryptography is at a patched version',
    },
    criterion: 'The constraint excludes the vulnerable versions relevant to the stated aspect.',
  },
  env_var_referenced: {
    family: 'code',
    description: 'Code reads the variable from the environment.',
    example: {
      params: { file: 'app/settings.py', variable: 'DATABASE_ENCRYPTION_KEY' },
      description: 'Encryption key comes from the environment',
    },
    criterion:
      'The value read from the environment is used for the stated aspect and there is no insecure hard-coded fallback.',
  },
  middleware_registered: {
    family: 'code',
    description: 'A middleware is registered with an app or router.',
    example: {
      params: { file: 'app/main.py', middleware: 'CORSMiddleware' },
      description: 'CORS middleware registered',
    },
    criterion:
      'The middleware is registered for every route the stated aspect covers, in an order where it takes effect.',
  },
  http_header_set: {
    family: 'code',
    description: 'A response header is set (optionally with a value matching a regex).',
    example: {
      params: { file: 'server/app.js', header: 'X-Content-Type-Options', value_pattern: '^nosniff$' },
      description: 'Responses carry nosniff',
    },
    criterion: 'The header is set on all relevant responses with a value strong enough for the stated aspect.',
  },
  test_exists: {
    family: 'tests',
    description: 'Test files exist and, with test_name, one of them defines a matching test.',
    example: { params: { file: 'tests/test_auth.py', test_name: 'test_logout_*' }, description: 'Logout is tested' },
    criterion: 'The test really exercises the stated aspect with meaningful assertions, including the failure case.',
  },
  test_passes: {
    family: 'tests',
    description: 'The matching tests run with the project’s runner and pass, and at least one of them ran.',
    example: {
      params: { file: 'tests/test_auth.py', test_name: 'test_require_auth_rejects_expired' },
      description: 'Auth middleware rejects expired tokens',
    },
    criterion:
      'The passing tests assert the stated aspect (not a trivially true assertion) and cover the failure case.',
  },
};

export const assertionTypes = Object.keys(paramSchemas) as AssertionType[];

export function isAssertionType(type: string): type is AssertionType {
  return Object.hasOwn(paramSchemas, type);
}

export type ParamsValidation =
  | { ok: true; type: AssertionType; params: Record<string, unknown> }
  | { ok: false; unknownType: boolean; issues: { path: string; message: string }[] };

/** Extra rules a schema cannot say alone (spec: refused at submission). */
function submissionRules(type: AssertionType, params: Record<string, unknown>): { path: string; message: string }[] {
  if (type === 'pattern_absent') {
    const compiled = compileUserRegex(String(params.pattern), String(params.flags ?? ''));
    if (compiled.ok && matchesEmpty(compiled.regex)) {
      return [{ path: 'pattern', message: 'pattern matches the empty string, so it could never be absent' }];
    }
  }
  return [];
}

/** Validates params for a type; each issue names the param. */
export function validateParams(type: string, params: unknown): ParamsValidation {
  if (!isAssertionType(type)) {
    return { ok: false, unknownType: true, issues: [{ path: 'type', message: `unknown assertion type "${type}"` }] };
  }
  const parsed = paramSchemas[type].safeParse(params);
  if (!parsed.success) {
    return {
      ok: false,
      unknownType: false,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.length ? issue.path.join('.') : 'params',
        message:
          issue.code === 'unrecognized_keys'
            ? `unknown param${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
            : issue.code === 'invalid_type' && issue.input === undefined
              ? `${issue.path.join('.') || 'params'} is required`
              : issue.message,
      })),
    };
  }
  const data = parsed.data as Record<string, unknown>;
  const extra = submissionRules(type, data);
  if (extra.length) return { ok: false, unknownType: false, issues: extra };
  return { ok: true, type, params: data };
}

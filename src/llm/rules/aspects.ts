import { stem, words } from './stem.js';

/**
 * The security aspects the rules evaluator can recognise in a control's wording and in an assertion's params, as
 * word stems. Phrases first become one token ("log in" → login, "Strict-Transport-Security" → hsts) so that a
 * phrase is never read as its parts ("log in" is not logging). A word may belong to several aspects ("auth" to
 * authentication and authorization, "xss" to input validation and security headers, "hash" to cryptography and
 * integrity).
 */

export const ASPECTS = [
  'authentication',
  'authorization',
  'input validation',
  'secrets management',
  'transport security and security headers',
  'rate limiting',
  'logging and audit',
  'cryptography',
  'dependency hygiene',
  'session management',
  'error handling',
  'integrity',
  'CSRF protection',
] as const;
export type Aspect = (typeof ASPECTS)[number];

/** Multi-word phrases (and spelling variants) → one token. Matched on stems, longest first. */
const PHRASES: Record<string, string[]> = {
  login: ['log in', 'log on', 'sign in', 'sign on', 'logon', 'signin'],
  logout: ['log out', 'log off', 'sign out', 'signout', 'logoff'],
  ratelimit: ['rate limit', 'rate limiter', 'rate limiting', 'ratelimiter', 'per second', 'per minute', 'per hour'],
  lockout: ['lock out', 'account lock', 'account lockout'],
  bruteforce: ['brute force'],
  denialofservice: ['denial of service', 'ddos', 'dos'],
  hsts: ['strict transport security', 'strict transport'],
  csp: ['content security policy'],
  xfo: ['x frame options', 'frame options', 'frame ancestors'],
  nosniff: ['x content type options', 'content type options'],
  xss: ['cross site scripting'],
  csrf: ['cross site request forgery', 'request forgery', 'xsrf', 'anti forgery', 'antiforgery'],
  cors: ['cross origin resource sharing'],
  mfa: ['multi factor', 'two factor', 'second factor', '2fa', 'totp', 'otp'],
  accesscontrol: ['access control', 'access controls', 'least privilege'],
  sqli: ['sql injection'],
  preparedstatement: ['prepared statement', 'parameterized query', 'parameterised query', 'parametrized query'],
  pathtraversal: ['path traversal', 'directory traversal'],
  stacktrace: ['stack trace', 'traceback', 'backtrace'],
  failsafe: ['fail safe', 'fail secure', 'fail securely', 'fail closed', 'fail open', 'fails closed', 'fails open'],
  supplychain: ['supply chain'],
  thirdparty: ['third party'],
  atrest: ['at rest'],
  intransit: ['in transit'],
  apikey: ['api key', 'api token', 'access key'],
  envvar: ['environment variable', 'env var', 'environ'],
  hardcoded: ['hard coded', 'hardcode', 'hard code'],
  plaintext: ['plain text', 'clear text', 'cleartext'],
  errormessage: ['error message', 'error page', 'error response'],
  sri: ['subresource integrity'],
  httponly: ['http only'],
  samesite: ['same site'],
};

/** Aspect → words (stemmed at load time; canonical phrase tokens are listed as themselves). */
const ASPECT_WORDS: Record<Aspect, string[]> = {
  authentication: [
    'authenticate',
    'authentication',
    'authenticated',
    'unauthenticated',
    'authenticator',
    'authn',
    'auth',
    'login',
    'password',
    'passphrase',
    'passwordless',
    'mfa',
    'sso',
    'oauth',
    'oauth2',
    'oidc',
    'saml',
    'jwt',
    'token',
    'bearer',
    'credential',
    'identity',
    'principal',
    'webauthn',
    'passkey',
  ],
  authorization: [
    'authorize',
    'authorization',
    'authorise',
    'authorisation',
    'authorized',
    'unauthorized',
    'unauthorised',
    'authz',
    'auth',
    'permission',
    'privilege',
    'role',
    'rbac',
    'abac',
    'accesscontrol',
    'acl',
    'admin',
    'administrator',
    'forbidden',
    'entitlement',
    'ownership',
    'owner',
    'own',
    'idor',
    'tenant',
  ],
  'input validation': [
    'validate',
    'validation',
    'validator',
    'sanitize',
    'sanitise',
    'sanitization',
    'sanitisation',
    'escape',
    'inject',
    'injection',
    'sqli',
    'sql',
    'xss',
    'input',
    'untrusted',
    'preparedstatement',
    'parameterized',
    'parameterised',
    'parametrized',
    'allowlist',
    'whitelist',
    'denylist',
    'blacklist',
    'deserialization',
    'deserialisation',
    'pathtraversal',
    'ssrf',
    'xxe',
    'schema',
    'encode',
    'encoding',
    'upload',
    'eval',
  ],
  'secrets management': [
    'secret',
    'credential',
    'apikey',
    'vault',
    'hardcoded',
    'plaintext',
    'envvar',
    'kms',
    'keystore',
    'rotation',
    'rotate',
    'dotenv',
  ],
  'transport security and security headers': [
    'tls',
    'ssl',
    'https',
    'hsts',
    'certificate',
    'cert',
    'mtls',
    'intransit',
    'header',
    'csp',
    'xfo',
    'nosniff',
    'cors',
    'clickjacking',
    'xss',
    'referrer',
    'helmet',
  ],
  'rate limiting': [
    'ratelimit',
    'throttle',
    'throttling',
    'bruteforce',
    'denialofservice',
    'quota',
    'lockout',
    'lock',
    'backoff',
  ],
  'logging and audit': [
    'log',
    'logging',
    'logger',
    'audit',
    'auditing',
    'trail',
    'monitor',
    'monitoring',
    'alert',
    'alerting',
    'siem',
    'telemetry',
  ],
  cryptography: [
    'encrypt',
    'encryption',
    'encrypted',
    'decrypt',
    'cipher',
    'crypto',
    'cryptography',
    'cryptographic',
    'aes',
    'rsa',
    'ecdsa',
    'hash',
    'hashing',
    'bcrypt',
    'scrypt',
    'argon2',
    'argon2id',
    'pbkdf2',
    'hmac',
    'salt',
    'kms',
    'atrest',
    'fernet',
    'sha256',
    'sha512',
    'md5',
    'sha1',
    'random',
    'nonce',
    'key',
  ],
  'dependency hygiene': [
    'dependency',
    'dependencies',
    'depend',
    'package',
    'library',
    'patch',
    'patched',
    'vulnerable',
    'vulnerability',
    'cve',
    'upgrade',
    'outdated',
    'sca',
    'thirdparty',
    'supplychain',
    'lockfile',
    'sbom',
  ],
  'session management': [
    'session',
    'cookie',
    'expire',
    'expiry',
    'expiration',
    'idle',
    'inactivity',
    'inactive',
    'timeout',
    'logout',
    'revoke',
    'revocation',
    'invalidate',
    'httponly',
    'samesite',
    'fixation',
    'remember',
  ],
  'error handling': [
    'error',
    'exception',
    'failsafe',
    'stacktrace',
    'errormessage',
    'debug',
    'verbose',
    'leak',
    'leakage',
    'disclose',
    'disclosure',
    'crash',
    'panic',
    'catch',
  ],
  integrity: [
    'integrity',
    'tamper',
    'tampering',
    'checksum',
    'digest',
    'hash',
    'signature',
    'signed',
    'sign',
    'sri',
    'supplychain',
    'sha256',
    'sha512',
    'immutable',
    'pinned',
  ],
  'CSRF protection': ['csrf', 'samesite'],
};

/**
 * Tokens specific enough that a requirement naming one needs an assertion naming it too (a requirement for HSTS
 * is not covered by a CSP header just because both are security headers).
 */
const SPECIFIC = [
  'hsts',
  'csp',
  'xfo',
  'nosniff',
  'cors',
  'mfa',
  'csrf',
  'httponly',
  'samesite',
  'bcrypt',
  'argon2',
  'scrypt',
  'pbkdf2',
  'sri',
];

/**
 * Acronyms and words the stemmer would mangle or merge: "https" is not "http", "dos" is not "do", "exception" is
 * not "except", "depending" is not "dependency".
 */
const PROTECTED = new Set([
  'https',
  'tls',
  'ssl',
  'mtls',
  'hsts',
  'cors',
  'aes',
  'kms',
  'rsa',
  'jwt',
  'sso',
  'mfa',
  'otp',
  'totp',
  'cve',
  'sca',
  'sri',
  'csp',
  'xss',
  'csrf',
  'xsrf',
  'sqli',
  'ssrf',
  'xxe',
  'idor',
  'acl',
  'rbac',
  'abac',
  'sbom',
  'siem',
  'oidc',
  'saml',
  'hmac',
  'ddos',
  'dos',
  'exception',
  'depending',
  'depends',
  'access',
  'process',
]);
const IRREGULAR: Record<string, string> = { exceptions: 'exception' };

/** One word → the token it counts as. */
const norm = (word: string): string => (PROTECTED.has(word) ? word : (IRREGULAR[word] ?? stem(word)));

const phraseTable: { stems: string[]; token: string }[] = Object.entries(PHRASES)
  .flatMap(([token, phrases]) => phrases.map((p) => ({ stems: words(p).map(norm), token })))
  .sort((a, b) => b.stems.length - a.stems.length);

const stemAspects = new Map<string, Set<Aspect>>();
for (const aspect of ASPECTS) {
  for (const word of ASPECT_WORDS[aspect]) {
    const s = norm(word);
    const set = stemAspects.get(s) ?? new Set<Aspect>();
    set.add(aspect);
    stemAspects.set(s, set);
  }
}
const specificStems = new Set(SPECIFIC.map(norm));

export interface Token {
  /** what it counts as: a stem, or a phrase's single token */
  token: string;
  /** the words as written, for messages */
  text: string;
}

/** The text's tokens: stems, with phrases joined into their single tokens. */
export function tokens(text: string): Token[] {
  const written = words(text);
  const input = written.map(norm);
  const out: Token[] = [];
  for (let i = 0; i < input.length; ) {
    const hit = phraseTable.find((p) => p.stems.every((s, k) => input[i + k] === s));
    const n = hit ? hit.stems.length : 1;
    out.push({ token: hit ? norm(hit.token) : (input[i] as string), text: written.slice(i, i + n).join(' ') });
    i += n;
  }
  return out;
}

export interface Reading {
  aspects: Set<Aspect>;
  /** the aspect words found: token → the words as written */
  keywords: Map<string, string>;
  /** the specific tokens found (hsts, mfa …) */
  specific: Set<string>;
}

export const emptyReading = (): Reading => ({ aspects: new Set(), keywords: new Map(), specific: new Set() });

/** The aspects a piece of text speaks of. */
export function read(text: string): Reading {
  const reading = emptyReading();
  for (const { token, text: written } of tokens(text)) {
    const hit = stemAspects.get(token);
    if (!hit) continue;
    if (!reading.keywords.has(token)) reading.keywords.set(token, written);
    for (const a of hit) reading.aspects.add(a);
    if (specificStems.has(token)) reading.specific.add(token);
  }
  return reading;
}

/** The words of a reading that name one of the given aspects, as written. */
export function wordsFor(reading: Reading, aspects: Iterable<Aspect>): string[] {
  const wanted = new Set(aspects);
  return [...reading.keywords]
    .filter(([token]) => [...(stemAspects.get(token) ?? [])].some((a) => wanted.has(a)))
    .map(([, written]) => written);
}

/** Aspects in the canonical order, for stable messages. */
export const ordered = (aspects: Iterable<Aspect>): Aspect[] => {
  const set = new Set(aspects);
  return ASPECTS.filter((a) => set.has(a));
};

export const list = (aspects: Iterable<Aspect>): string => {
  const a = ordered(aspects);
  return a.length <= 1 ? (a[0] ?? '') : `${a.slice(0, -1).join(', ')} and ${a[a.length - 1]}`;
};

/**
 * Judging the value and the name of a candidate secret: what is a placeholder, an environment read, prose, a path.
 * These are fixed JS regexes over one short candidate value or name (never over user-supplied patterns).
 */

/** Substrings that mark a value as a stand-in rather than a credential (compared lowercase). */
const PLACEHOLDER_WORDS = [
  'changeme',
  'change_me',
  'change-me',
  'example',
  'xxx',
  'placeholder',
  'replace_me',
  'replace-me',
  'replaceme',
  'replace-with',
  'replace_with',
  'change-this',
  'change_this',
  'changethis',
  'redacted',
  'dummy',
  'insert_',
  'insert-',
  'todo',
  'fake',
  'mock',
];

/** Whole values that are the name of the thing, not the thing (`password: "password"`). */
const GENERIC_WORDS = new Set([
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'undefined',
  'none',
  'null',
  'nil',
  'true',
  'false',
]);

/** Reads from the environment written into a value (`${process.env.X}` in a template, `os.environ[...]`). */
const ENV_READ = /os\.environ|process\.env|getenv|\bENV\[|\benv\(|import\.meta\.env|System\.getenv|Environment\.Get/i;

/**
 * Credentials published for local development, which grant nothing: the Azure Storage emulator's (Azurite's)
 * account key, the same in every installation.
 */
const PUBLIC_DEVELOPMENT_KEYS = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
]);

/** True when the value is a placeholder, a template or an environment read rather than a literal credential. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (PUBLIC_DEVELOPMENT_KEYS.has(v)) return true;
  const lower = v.toLowerCase();
  if (GENERIC_WORDS.has(lower)) return true;
  if (PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return true;
  if (/your[-_\s]|^your[a-z]/i.test(v)) return true; // your_api_key, your-token, yourpassword
  if (/^<[^<>]*>$/.test(v) || /<[a-z_-]+>/i.test(v)) return true; // <token>, postgres://u:<password>@h
  // ${VAR}, {{ x }}, %(x)s, f"{expr}" / $"{expr}" interpolation, %s
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)[sdr]|\{[A-Za-z_][^{}]*\}|%[sd]\b/.test(v)) return true;
  if (/^\$[A-Za-z_({]|^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true; // $VAR, $(cmd), %VAR%
  if (/\*\*\*|^\*+$|^\.{3,}$|…/.test(v)) return true; // ***, ..., masked
  if (/^(.)\1+$/.test(v)) return true; // aaaaaaaa, 00000000
  if (ENV_READ.test(v)) return true;
  return false;
}

/** `0x…` or hex digits only: digests, ids, colours — not counted under weak names (ruling 15). */
export function isBareHex(value: string): boolean {
  return /^(?:0x)?[0-9a-fA-F]+$/.test(value);
}

/** An environment variable's name (`GITHUB_TOKEN`): the value names where the secret lives. */
export function isEnvVarName(value: string): boolean {
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value);
}

/** A path to a key file or a URL, not the credential itself. */
export function isPathOrUrl(value: string): boolean {
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)/.test(value)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return true;
  return /^[\w./\\-]+\.(?:pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|env|gpg|asc|pub)$/i.test(value);
}

/**
 * A stored password hash, not the password: modular crypt format (`$2b$12$…` bcrypt, `$argon2id$v=19$…`,
 * `$6$rounds=…$salt$…`, `$pbkdf2-sha256$…`) or Django's `pbkdf2_sha256$iterations$salt$hash`. Seed data and test
 * fixtures hold these under `password`.
 */
/** A key that is public by design: Stripe publishable keys (`pk_live_…`, `pk_test_…`) are embedded in web pages. */
export function isPublishableKey(value: string): boolean {
  return /^pk_(?:live|test)_[A-Za-z0-9]+$/.test(value);
}

export function isPasswordHash(value: string): boolean {
  if (/^\$[a-z0-9-]{1,16}\$(?:[^\s$]+\$){1,3}[./A-Za-z0-9+=]{16,}$/.test(value)) return true;
  return /^[a-z0-9]+(?:_[a-z0-9]+)*\$\d+\$[^\s$]+\$[./A-Za-z0-9+=]{16,}$/.test(value);
}

/** Natural-language text (a UI label or message such as "Confirm password" or "Passwort"), not a credential. */
export function isProse(value: string): boolean {
  if (/^\p{Lu}\p{Ll}+$/u.test(value)) return true; // a capitalised word: "Password", "Contraseña"
  if (!/\s/.test(value)) return false;
  return /^[\p{L}][\p{L}\p{N} ,.'’!?:;()-]*$/u.test(value);
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Secret-like names (the last segment of `a.b.name`, lowercased, separators removed, must END with one of these):
 * `db_password`, `GITHUB_TOKEN`, `clientSecret`, `aws_secret_access_key`. Ending, not containing, keeps
 * `token_url`, `password_field` and `secret_name` out.
 */
const STRONG_SUFFIXES = [
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'secretkey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'secretkeybase',
];

/** Weaker names: any other `…key`, `auth`, `credential(s)`. Only high-entropy, non-hex values count under them. */
const WEAK_SUFFIXES = ['key', 'auth', 'credential', 'credentials'];

/** Words in a name that make it describe a secret rather than hold one (`INVALID_TOKEN`, `PASSWORD_PROMPT_TEXT`). */
const DESCRIPTIVE_WORDS = new Set([
  'invalid',
  'missing',
  'error',
  'err',
  'msg',
  'message',
  'label',
  'prompt',
  'hint',
  'placeholder',
  'field',
  'header',
  'param',
  'regex',
  'pattern',
  'url',
  'uri',
  'path',
  'file',
  'filename',
  'endpoint',
  'length',
  'len',
  'format',
  'input',
  'template',
  'example',
  'sample',
  'dummy',
]);

export type NameStrength = 'strong' | 'weak' | 'none';

/** Names repeat throughout a code base: judge each once (bounded, cleared when full). */
const strengthCache = new Map<string, NameStrength>();

export function nameStrength(rawName: string): NameStrength {
  let strength = strengthCache.get(rawName);
  if (strength === undefined) {
    strength = judgeName(rawName);
    if (strengthCache.size >= 50_000) strengthCache.clear();
    strengthCache.set(rawName, strength);
  }
  return strength;
}

function judgeName(rawName: string): NameStrength {
  const segments = rawName.split(/\.|->|::/).filter(Boolean);
  const last = segments[segments.length - 1] ?? rawName;
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((w) => DESCRIPTIVE_WORDS.has(w))) return 'none';
  const flat = words.join('');
  if (STRONG_SUFFIXES.some((s) => flat.endsWith(s))) return 'strong';
  if (WEAK_SUFFIXES.some((s) => flat.endsWith(s))) return 'weak';
  return 'none';
}

/**
 * Ruling 15 and the heuristic's exclusions: is the literal `value` assigned to `name` a plaintext credential?
 * Excluded: names that are not secret-like, empty strings and placeholders, environment reads, literals shorter than
 * 8 characters, environment-variable names, paths and URLs, prose, password hashes, publishable keys; bare hex only
 * counts under a strong name; under a weak name (`license_key`, `auth`) the value must also look random (16+ chars,
 * no spaces, letters and digits, ≥ 3.7 bits/char: 16 random characters give about 3.8, `users:profile:v2` gives 3.5).
 */
export function isCredentialAssignment(name: string, value: string): boolean {
  const strength = nameStrength(name);
  if (strength === 'none') return false;
  const v = value.trim();
  if (v.length < 8) return false;
  if (isPlaceholder(v) || isEnvVarName(v) || isPathOrUrl(v) || isProse(v)) return false;
  if (isPasswordHash(v) || isPublishableKey(v)) return false;
  if (strength === 'strong') return true;
  if (isBareHex(v)) return false;
  return v.length >= 16 && !/\s/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v) && entropy(v) >= 3.7;
}

import { RE2JS } from 're2js';
import { isCredentialAssignment, isPlaceholder, nameStrength } from './values.js';

/**
 * Assay's built-in secret rules, written for this project. All are RE2 patterns run on re2js (linear time), compiled
 * once at module load.
 *
 * Two kinds:
 * - `text` rules run over the whole text, and only when one of their case-sensitive `literals` occurs in it (a cheap
 *   indexOf that skips most files entirely).
 * - `line` rules (heuristics without a distinctive literal) run only on lines containing one of their lowercase
 *   `keywords`, which keeps a 100k-line glob fast.
 * The assignment heuristic is separate (ASSIGNMENT below): names are found in JS, the rest is an anchored RE2 match.
 * `accept` looks at the match's groups to drop placeholders.
 */
export interface SecretRule {
  name: string;
  regex: RE2JS;
  mode: 'text' | 'line';
  /** text rules: the rule cannot match unless one of these occurs in the text. */
  literals?: string[];
  /** line rules: the rule cannot match unless the lowercased line contains one of these. */
  keywords?: string[];
  accept?: (groups: (string | null)[]) => boolean;
}

const re = (source: string) => RE2JS.compile(source);

/** Group 1 (the token) must not be a placeholder such as `…EXAMPLE` or `xxxx`. */
const notPlaceholder = (groups: (string | null)[]) => !isPlaceholder(groups[1] ?? groups[0] ?? '');

/**
 * The sample token of jwt.io and the JWT specification's examples (payload `{"sub":"1234567890","name":"John Doe",…}`),
 * copied into countless READMEs and test fixtures: a documented example, like AWS's `…EXAMPLE` keys.
 */
const DOCUMENTATION_JWT_PAYLOADS = ['eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi'];
const isDocumentationJwt = (token: string) =>
  DOCUMENTATION_JWT_PAYLOADS.some((p) => token.split('.')[1]?.startsWith(p));

/** End of a token: a character outside the token alphabet, or the end of a line. */
const TOKEN_END = '(?:[^A-Za-z0-9_-]|$)';

export const BUILT_IN_RULES: SecretRule[] = [
  {
    // The header of a PEM private key (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP …), followed by key material or a PEM
    // header field, possibly after `\n` escapes inside a string literal. A bare header string in code that looks for
    // keys (`if line.startswith("-----BEGIN RSA PRIVATE KEY-----")`) has no body and does not count.
    name: 'private-key',
    literals: ['PRIVATE KEY'],
    mode: 'text',
    regex: re(
      '-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:\\s|\\\\r|\\\\n|["\'+,])*(?:[A-Za-z0-9+/=]{16}|Proc-Type:|Version:|Comment:)',
    ),
  },
  {
    // AWS access key ids: long-term (AKIA), temporary (ASIA) and a few other documented prefixes.
    name: 'aws-access-key-id',
    literals: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA'],
    mode: 'text',
    regex: re('(?m)\\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})(?:[^A-Za-z0-9]|$)'),
    accept: notPlaceholder,
  },
  {
    // An AWS secret access key (40 base64 chars) assigned to an aws/secret-key-like name, quoted or not
    // (~/.aws/credentials is INI without an extension).
    name: 'aws-secret-access-key',
    mode: 'line',
    keywords: ['secret'],
    regex: re(
      '(?i)(?:aws)?[_.-]?secret[_.-]?(?:access)?[_.-]?key["\'\\]]*\\s*(?::=|=>|=|:)\\s*["\'`]?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)',
    ),
    accept: notPlaceholder,
  },
  {
    name: 'github-token',
    literals: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    mode: 'text',
    regex: re(`(?m)\\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{40,240})${TOKEN_END}`),
    accept: notPlaceholder,
  },
  {
    name: 'gitlab-token',
    literals: ['gl'],
    mode: 'text',
    regex: re(`(?m)\\b(gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|oas)-[A-Za-z0-9_.-]{20,255})${TOKEN_END}`),
    accept: notPlaceholder,
  },
  {
    // Bot (xoxb), user (xoxp), app (xoxa), refresh (xoxr, xoxe), legacy (xoxs) and app-level (xapp) tokens: a
    // numeric id, then the secret part.
    name: 'slack-token',
    literals: ['xox', 'xapp-'],
    mode: 'text',
    regex: re('\\b((?:xox[abprse]|xapp)-[0-9]+-[A-Za-z0-9-]{8,})'),
    accept: notPlaceholder,
  },
  {
    name: 'slack-webhook',
    literals: ['hooks.slack.com'],
    mode: 'text',
    regex: re('https://hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/+-]{20,})'),
    accept: notPlaceholder,
  },
  {
    // Live secret and restricted keys only; test-mode keys (sk_test_) cannot move money.
    name: 'stripe-live-key',
    literals: ['_live_'],
    mode: 'text',
    regex: re('\\b((?:sk|rk)_live_[A-Za-z0-9]{16,})'),
    accept: notPlaceholder,
  },
  {
    // npm automation/publish tokens (`npm_` and 36 base62 characters), as .npmrc `_authToken` lines hold them.
    name: 'npm-token',
    literals: ['npm_'],
    mode: 'text',
    regex: re('(?m)\\b(npm_[A-Za-z0-9]{36})(?:[^A-Za-z0-9]|$)'),
    accept: notPlaceholder,
  },
  {
    // OpenAI keys (`sk-…`, `sk-proj-…`, `sk-svcacct-…`) carry `T3BlbkFJ`, base64 of "OpenAI", in the middle.
    name: 'openai-api-key',
    literals: ['T3BlbkFJ'],
    mode: 'text',
    regex: re(String.raw`\b(sk-[A-Za-z0-9_-]{10,}T3BlbkFJ[A-Za-z0-9_-]{10,})`),
    accept: notPlaceholder,
  },
  {
    name: 'anthropic-api-key',
    literals: ['sk-ant-'],
    mode: 'text',
    regex: re(String.raw`\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,120})`),
    accept: notPlaceholder,
  },
  {
    // PyPI API tokens are macaroons: `pypi-` and base64 starting `AgE`.
    name: 'pypi-token',
    literals: ['pypi-AgE'],
    mode: 'text',
    regex: re(String.raw`\b(pypi-AgE[A-Za-z0-9_-]{50,})`),
    accept: notPlaceholder,
  },
  {
    name: 'sendgrid-api-key',
    literals: ['SG.'],
    mode: 'text',
    regex: re(String.raw`(?m)\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)`),
    accept: notPlaceholder,
  },
  {
    name: 'docker-hub-token',
    literals: ['dckr_pat_'],
    mode: 'text',
    regex: re(String.raw`\b(dckr_pat_[A-Za-z0-9_-]{27,})`),
    accept: notPlaceholder,
  },
  {
    name: 'google-api-key',
    literals: ['AIza'],
    mode: 'text',
    regex: re('(?m)\\b(AIza[A-Za-z0-9_-]{35})(?:[^A-Za-z0-9_-]|$)'),
    accept: notPlaceholder,
  },
  {
    // A JWT: base64url header starting `eyJ` (`{"`), payload, signature.
    name: 'jwt',
    literals: ['eyJ'],
    mode: 'text',
    regex: re('\\b(eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})'),
    accept: (groups) => notPlaceholder(groups) && !isDocumentationJwt(groups[1] ?? ''),
  },
  {
    // scheme://user:password@host (user may be empty: redis://:pw@host). Placeholders (`${DB_PASS}`, `<password>`,
    // `{password}`, `%s`, `****`) and the word "password" itself do not count.
    name: 'url-credentials',
    literals: ['://'],
    mode: 'text',
    regex: re('://([^\\s:@/?#\'"`<>]*):([^\\s@/?#\'"`]+)@[A-Za-z0-9_.\\[{$%-]'),
    accept: (groups) => {
      const password = groups[2] ?? '';
      return !isPlaceholder(password) && !/^(?:pass|password|passwd|pwd|secret)$/i.test(password);
    },
  },
  {
    // The password of an ADO.NET/ODBC/JDBC-style connection string (`Server=db;User Id=sa;Password=…;`), or the key
    // of an Azure Storage / Service Bus one (`AccountKey=…`, `SharedAccessKey=…`): such a segment after a `;`, or
    // followed by `;`. Judged like an assignment to `password`.
    name: 'connection-string-password',
    mode: 'line',
    keywords: ['password', 'pwd', 'accountkey', 'sharedaccesskey'],
    // Leading, the segment must be followed by another `key=` segment: `password = getPassword();` is a statement.
    regex: re(
      '(?i);[ \\t]*(?:password|pwd|accountkey|sharedaccesskey)[ \\t]*=[ \\t]*([^;"\'`\\s]+)|(?:^|["\'`\\s])(?:password|pwd|accountkey|sharedaccesskey)[ \\t]*=[ \\t]*([^;"\'`\\s]+)[ \\t]*;[ \\t]*[A-Za-z][A-Za-z0-9 _.-]*=',
    ),
    // a call or a member path (`randomText()`, `cfg.db.password`) is code that computes the value, not a literal
    accept: (groups) => {
      const value = groups[1] ?? groups[2] ?? '';
      if (/[()]/.test(value) || /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
      return isCredentialAssignment('password', value);
    },
  },
  {
    // A secret-like name set to a literal through a call rather than `=`: PHP `define('DB_PASSWORD', '…')`
    // (wp-config.php), `os.environ.setdefault("SECRET_KEY", "…")`, Go `os.Setenv("API_TOKEN", "…")`, Java
    // `System.setProperty("db.password", "…")`. Judged like the assignment heuristic.
    name: 'hardcoded-credential',
    literals: ['define', 'setdefault', 'etenv', 'setProperty'],
    mode: 'text',
    regex: re(
      String.raw`\b(?:define|setdefault|[sS]etenv|setProperty)\s*\(\s*["']([A-Za-z0-9_.-]+)["']\s*,\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')`,
    ),
    accept: (groups) => isCredentialAssignment(groups[1] ?? '', groups[2] ?? groups[3] ?? ''),
  },
  {
    // A JWT signing/verification secret passed as a literal: `jwt.sign(payload, "…")`, `jwt.verify(token, '…')`
    // (jsonwebtoken), `jwt.encode(payload, "…", algorithm=…)`/`jwt.decode(…)` (PyJWT). The first argument is a name,
    // a member access or a flat object literal.
    name: 'jwt-signing-secret',
    literals: ['jwt.'],
    mode: 'text',
    regex: re(
      String.raw`\bjwt\.(?:sign|verify|encode|decode)\s*\(\s*(?:[A-Za-z_$][\w$.]*|\{[^{}]*\})\s*,\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|\x60([^\x60\\$\n]*)\x60)`,
    ),
    accept: (groups) => isCredentialAssignment('secret', groups[1] ?? groups[2] ?? groups[3] ?? ''),
  },
  {
    // ASP.NET's JWT signing key built from a literal: `new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…"))`.
    name: 'jwt-signing-secret',
    literals: ['SymmetricSecurityKey'],
    mode: 'text',
    regex: re(String.raw`\bSymmetricSecurityKey\s*\(\s*Encoding\.\w+\.GetBytes\s*\(\s*"([^"\\\n]*)"`),
    accept: (groups) => isCredentialAssignment('secret', groups[1] ?? ''),
  },
  {
    // A literal credential in an Authorization header: `Authorization: "Bearer …"`, `("Authorization", "Basic …")`,
    // `-H "Authorization: Bearer …"`. Interpolations (`Bearer ${token}`, f"Bearer {token}") stop the token early.
    name: 'authorization-header',
    mode: 'line',
    keywords: ['authorization'],
    regex: re(
      '(?i)authorization(?:["\'\\]]*[ \\t]*[:=,][ \\t]*[rRbBuUfF$@]{0,2}["\'`]|:[ \\t]*)(?:bearer|basic|token)[ \\t]+([A-Za-z0-9._~+/=-]{16,})(?:[^A-Za-z0-9._~+/={-]|$)',
    ),
    accept: (groups) => {
      const token = groups[1] ?? '';
      return !isPlaceholder(token) && /\d/.test(token) && /[A-Za-z]/.test(token);
    },
  },
];

/**
 * The assignment heuristic: a string literal assigned to a secret-like name.
 *
 * Names are found in JS: around each occurrence of a keyword, the identifier is widened over `[A-Za-z0-9_$@.-]`
 * (`self.client_secret`, `$password`, `x-api-key`, `spring.datasource.password`) and judged by `nameStrength`. Only
 * then does `TAIL` (RE2, anchored at the end of the name) look for the operator and the value:
 * - operators `=`, `:=`, `:`, `=>`, `??=`, `||=`, after an optional closing quote/bracket of a key (`"password":`,
 *   `['token'] =`) and an optional type annotation (`password: str =`, `apiKey: string =`);
 * - values "…", '…', `…` (with r/b/u/f or @/$ prefixes), or — only where unquoted values are literals (.env, YAML,
 *   INI, properties, shell, Dockerfile) — an unquoted word.
 * `==`, `===`, `!=` never match: after the operator a quote or a value character must follow, and `=` is neither.
 */
export const ASSIGNMENT = {
  name: 'hardcoded-credential',
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential'],
  tail: re(
    '["\'\\]]*[ \\t]*(?::[ \\t]*[A-Za-z_][A-Za-z0-9_.\\[\\]<>|?]*[ \\t]*)?(?::=|=>|\\?\\?=|\\|\\|=|=|:)[ \\t]*' +
      '(?:(?:[rRbBuUfF]{1,2}|[@$]|\\[\\]byte\\(|Encoding\\.\\w+\\.GetBytes\\(|Buffer\\.from\\()?(?:"((?:[^"\\\\]|\\\\.)*)"|\'((?:[^\'\\\\]|\\\\.)*)\'|`([^`\\\\]*)`)' +
      '|([^\\s"\'`#;,=|>&*!{}\\[\\]()$%][^\\s#;,]*))',
  ),
  /** Name characters: identifiers plus the separators of dotted/dashed keys and PHP/Ruby sigils. */
  isNameChar: (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$@.-]/.test(c),
  nameStrength,
  /** groups: [whole, double-quoted, single-quoted, backtick, unquoted]. */
  accept(name: string, groups: (string | null)[], unquotedValues: boolean): boolean {
    const quoted = groups[1] ?? groups[2] ?? groups[3];
    if (quoted !== null && quoted !== undefined) return isCredentialAssignment(name, quoted);
    if (!unquotedValues) return false;
    return isCredentialAssignment(name, (groups[4] ?? '').replace(/[)\]}]+$/, ''));
  },
};

/**
 * Files whose unquoted values are string literals: dotenv files (`.env`, `.env.local`, `prod.env`), YAML, INI/CFG,
 * .properties, TOML, shell scripts, Dockerfiles (ruling 15: unquoted values in `.env` files count).
 */
export function hasUnquotedValues(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  if (base.startsWith('.env') || base.endsWith('.env') || base === '.envrc') return true;
  if (base === 'dockerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile')) return true;
  // npm, yarn and pip client configuration: `key=value` lines (`//registry/:_authToken=…`, `password = …`).
  if (base === '.npmrc' || base === '.yarnrc' || base === '.pypirc') return true;
  return /\.(?:ya?ml|ini|cfg|conf|properties|toml|sh|bash|zsh)$/.test(base);
}

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders such as ${VAR} are the test data
import { afterEach, describe, expect, it } from 'vitest';
import { noPlaintextSecret } from './no-plaintext-secret.js';
import { Project } from './test-fixture.js';

/**
 * Each built-in rule, positive and negative. Secrets are assembled at run time from a seeded generator so the
 * repository holds no token-shaped literal; every failing result is checked not to contain the secret.
 */
function fake(alphabet: string, length: number, seed = 7): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}_-`;

let project: Project | undefined;
afterEach(() => project?.remove());

/** Scans one file with the given content; returns the result. */
async function scan(file: string, content: string, patterns?: string[]) {
  project = new Project().write(file, content);
  return noPlaintextSecret(patterns ? { file, patterns } : { file }, project.ctx());
}

/** Asserts a finding by `rule` at `line`, and that neither the secret nor its line leaks into the result. */
async function expectSecret(file: string, content: string, rule: string, line: number, secret: string) {
  const r = await scan(file, content);
  expect(r.result, `${rule} in ${file}`).toBe('fail');
  expect(r.details).toContain(`${file}:${line} (${rule})`);
  expect(r.evidence).toEqual({ file, line, end_line: line });
  const serialized = JSON.stringify(r);
  expect(serialized).not.toContain(secret);
  expect(serialized).not.toContain(secret.slice(-12));
}

async function expectClean(file: string, content: string) {
  const r = await scan(file, content);
  expect(r.result, `${file}: ${content}`).toBe('pass');
  expect(r.details).toBe(`no plaintext secret found in ${file}`);
}

const PEM_BODY = fake(B64, 64);

describe('private keys', () => {
  it.each([
    ['RSA PRIVATE KEY', `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\n`],
    ['PRIVATE KEY', `x = 1\n-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n`],
    ['OPENSSH PRIVATE KEY', `-----BEGIN OPENSSH PRIVATE KEY-----\r\n${PEM_BODY}\r\n`],
    ['EC PRIVATE KEY', `-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}\n`],
    ['ENCRYPTED', `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES\n\n${PEM_BODY}\n`],
    ['PGP', `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG\n\n${PEM_BODY}\n`],
    ['escaped in JSON', `{"key": "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----"}`],
  ])('%s is found', async (_what, content) => {
    const line = content.startsWith('x = 1') ? 2 : 1;
    await expectSecret('key.pem', content, 'private-key', line, PEM_BODY);
  });

  it.each([
    ['a public key', `-----BEGIN PUBLIC KEY-----\n${PEM_BODY}\n`],
    ['a certificate', `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n`],
    ['a header in code that detects keys', `if line.startswith("-----BEGIN RSA PRIVATE KEY-----"):\n    reject()\n`],
  ])('%s is not', async (_what, content) => {
    await expectClean('check.py', content);
  });
});

describe('AWS', () => {
  const akia = `AKIA${fake(UPPER_DIGITS, 16)}`;
  const asia = `ASIA${fake(UPPER_DIGITS, 16, 3)}`;
  const secret = fake(B64, 40, 11);

  it('access key ids (AKIA, ASIA)', async () => {
    await expectSecret('cfg.py', `KEY_ID = "${akia}"\n`, 'aws-access-key-id', 1, akia);
    await expectSecret('cfg.js', `const x = {\n  id: '${asia}',\n};\n`, 'aws-access-key-id', 2, asia);
  });

  it('secret access keys in an extension-less credentials file (unquoted)', async () => {
    const content = `[default]\naws_access_key_id = ${akia}\naws_secret_access_key = ${secret}\n`;
    const r = await scan('credentials', content);
    expect(r.details).toBe(
      '2 possible plaintext secrets found: credentials:2 (aws-access-key-id), credentials:3 (aws-secret-access-key)',
    );
    expect(JSON.stringify(r)).not.toContain(secret);
  });

  it('the documentation examples, lowercase and short ids are not keys', async () => {
    await expectClean('docs.md', 'Use AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    await expectClean('a.py', `x = "${akia.toLowerCase()}"\ny = "AKIA1234"\n`);
  });
});

describe('tokens with a known prefix', () => {
  const cases: [string, string][] = [
    ['github-token', `ghp_${fake(ALNUM, 36)}`],
    ['github-token', `gho_${fake(ALNUM, 36, 2)}`],
    ['github-token', `ghu_${fake(ALNUM, 36, 3)}`],
    ['github-token', `ghs_${fake(ALNUM, 36, 4)}`],
    ['github-token', `ghr_${fake(ALNUM, 36, 5)}`],
    ['github-token', `github_pat_${fake(ALNUM, 22)}_${fake(ALNUM, 59)}`],
    ['gitlab-token', `glpat-${fake(ALNUM, 20)}`],
    ['slack-token', `xoxb-${fake('0123456789', 12)}-${fake('0123456789', 13)}-${fake(ALNUM, 24)}`],
    ['slack-token', `xoxp-${fake('0123456789', 10)}-${fake('0123456789', 10)}-${fake(ALNUM, 32)}`],
    [
      'slack-webhook',
      `https://hooks.slack.com/services/T${fake(UPPER_DIGITS, 8)}/B${fake(UPPER_DIGITS, 8)}/${fake(ALNUM, 24)}`,
    ],
    ['stripe-live-key', `sk_live_${fake(ALNUM, 24)}`],
    ['stripe-live-key', `rk_live_${fake(ALNUM, 24, 9)}`],
    ['google-api-key', `AIza${fake(B64URL, 35)}`],
    ['jwt', `eyJhbGciOiJIUzI1NiJ9.${fake(B64URL, 40)}.${fake(B64URL, 43)}`],
  ];

  it.each(cases)('%s: %s', async (rule, token) => {
    // In a comment, a string, a config value: a token is a token wherever it sits.
    await expectSecret('app.ts', `// setup\nclient.init("${token}");\n`, rule, 2, token);
    await expectSecret('notes.txt', `${token}\n`, rule, 1, token);
  });

  it.each([
    ['a too-short GitHub token', `ghp_${fake(ALNUM, 10)}`],
    ['a placeholder GitHub token', `ghp_${'x'.repeat(36)}`],
    ['a placeholder GitLab token', 'glpat-xxxxxxxxxxxxxxxxxxxx'],
    ['a Slack placeholder', 'xoxb-your-token-here'],
    ['the Slack docs webhook', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ['a Stripe test key', `sk_test_${fake(ALNUM, 24)}`],
    ['a Stripe publishable key', `pk_live_${fake(ALNUM, 24)}`],
    ['a short AIza', `AIza${fake(ALNUM, 10)}`],
    ['a lone JWT header', 'eyJhbGciOiJIUzI1NiJ9'],
  ])('%s is not a secret', async (_what, value) => {
    await expectClean('app.ts', `const v = "${value}";\n`);
  });
});

describe('credentials in URLs (ruling 15)', () => {
  const pw = fake(ALNUM, 14);
  it.each([
    `DATABASE_URL = "postgres://admin:${pw}@db.internal:5432/app"`,
    `redis://:${pw}@cache:6379/0`,
    `url: mongodb+srv://svc:${pw}@cluster0.mongodb.net/db`,
    `git clone https://deploy:${pw}@git.example.org/repo.git`,
  ])('%s', async (line) => {
    await expectSecret('settings.txt', `${line}\n`, 'url-credentials', 1, pw);
  });

  it.each([
    'postgres://admin:${DB_PASSWORD}@db:5432/app',
    'postgres://admin:<password>@db:5432/app',
    'postgres://{user}:{password}@{host}/db',
    'postgres://%s:%s@%s/db',
    'postgres://admin:****@db/app',
    'https://user:password@example.com/',
    'https://user:changeme@host/',
    'https://deploy@git.example.org/repo.git',
    'postgres://admin:$DB_PASS@db/app',
    'amqp://guest:%(password)s@rabbit//',
  ])('placeholder %s', async (line) => {
    await expectClean('settings.txt', `${line}\n`);
  });
});

describe('custom patterns', () => {
  it('a custom RE2 pattern is a rule of its own, reported by number, never echoing the match', async () => {
    const r = await scan('a.txt', 'ok\ninternal-token: ACME-12345-SECRET\n', ['ACME-[0-9]+-[A-Z]+', 'zzz']);
    expect(r.result).toBe('fail');
    expect(r.details).toBe('1 possible plaintext secret found: a.txt:2 (custom pattern #1)');
    expect(JSON.stringify(r)).not.toContain('ACME-12345');
  });

  it('an invalid custom pattern is an error; an empty match does not count', async () => {
    const bad = await scan('a.txt', 'x\n', ['ok', '(?=x)']);
    expect(bad.result).toBe('error');
    expect(bad.details).toMatch(/^patterns\[1\] is not a valid RE2 regex/);
    const empty = await scan('a.txt', 'abc\n', ['q*']);
    expect(empty.result).toBe('pass');
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders such as ${VAR} are the test data
import { afterEach, describe, expect, it } from 'vitest';
import { noPlaintextSecret } from './no-plaintext-secret.js';
import { Project } from './test-fixture.js';

/**
 * Secrets in the shapes real repositories hold them (.npmrc auth lines, .NET connection strings, hard-coded bearer
 * headers, Slack app-level and refresh tokens) and the stand-ins real `.env.example` files use. Secrets are built at
 * run time from a seeded generator, and every failing result is checked not to contain them.
 */
function fake(alphabet: string, length: number, seed = 11): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[(x >> 8) % alphabet.length];
  }
  return out;
}
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';

let project: Project | undefined;
afterEach(() => project?.remove());

async function scan(file: string, content: string) {
  project = new Project().write(file, content);
  return noPlaintextSecret({ file }, project.ctx());
}

async function expectSecret(file: string, content: string, rule: string, line: number, secret: string) {
  const r = await scan(file, content);
  expect(r.result, `${rule} in ${file}`).toBe('fail');
  expect(r.details).toContain(`${file}:${line} (${rule})`);
  const serialized = JSON.stringify(r);
  expect(serialized).not.toContain(secret);
}

async function expectClean(file: string, content: string) {
  const r = await scan(file, content);
  expect(r.result, `${file}: ${content}`).toBe('pass');
}

describe('real-world secret shapes', () => {
  it('finds Slack app-level (xapp-) and refresh (xoxe-) tokens by their prefix', async () => {
    const app = `xapp-1-A0${fake('ABCDEFGHIJ0123456789', 9)}-${fake(DIGITS, 13)}-${fake('abcdef0123456789', 64)}`;
    await expectSecret('bot.py', `app = App(socket_mode_handler="${app}")\n`, 'slack-token', 1, app);
    const refresh = `xoxe-1-${fake(ALNUM, 48)}`;
    await expectSecret('.env', `SLACK_REFRESH=${refresh}\n`, 'slack-token', 1, refresh);
    await expectClean('bot.py', 'app = App(token="xapp-your-app-token")\n');
  });

  it('reads .npmrc / .yarnrc / .pypirc auth values, which are unquoted', async () => {
    const token = `npm_${fake(ALNUM, 36)}`;
    await expectSecret(
      '.npmrc',
      `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${token}\n`,
      'npm-token',
      2,
      token,
    );
    const legacy = fake(ALNUM, 32);
    await expectSecret('.npmrc', `//npm.pkg.github.com/:_authToken=${legacy}\n`, 'hardcoded-credential', 1, legacy);
    const pw = fake(ALNUM, 20);
    await expectSecret('.pypirc', `[pypi]\nusername = __token__\npassword = ${pw}\n`, 'hardcoded-credential', 3, pw);
    await expectClean('.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true\n');
  });

  it('finds the password inside a connection string', async () => {
    const pw = fake(ALNUM, 16);
    await expectSecret(
      'appsettings.json',
      `{\n  "ConnectionStrings": {\n    "Default": "Server=db;Database=app;User Id=sa;Password=${pw};TrustServerCertificate=True"\n  }\n}\n`,
      'connection-string-password',
      3,
      pw,
    );
    await expectSecret(
      'Startup.cs',
      `var cs = "Host=localhost;Username=app;Pwd=${pw};Database=x";\n`,
      'connection-string-password',
      1,
      pw,
    );
    await expectClean(
      'appsettings.json',
      '{ "ConnectionStrings": { "Default": "Server=(localdb)\\\\mssqllocaldb;Database=x;Trusted_Connection=True;", "Other": "Server=db;Password=${DB_PASSWORD};", "Dev": "Server=db;Password=<password>;" } }\n',
    );
  });

  it('a statement assigning a computed password is code, not a connection string', async () => {
    await expectClean('test/auth.test.js', "test('x', async () => {\n  const password = randomText();\n});\n");
    await expectClean('Login.java', 'this.password = user.getPassword(); this.pwd = cfg.db.password;\n');
    await expectClean('login.php', '$password = bcrypt_hash($input); $pwd = $request->password;\n');
    await expectClean('db.cs', 'var pwd = Environment.GetEnvironmentVariable("DB_PASSWORD");\n');
    // a connection string with the password first is still found
    const pw = fake(ALNUM, 14) + '7Q';
    await expectSecret(
      'web.config',
      `<add connectionString="Password=${pw};Server=db;Database=x" />\n`,
      'connection-string-password',
      1,
      pw,
    );
  });

  it('finds a hard-coded bearer token in an Authorization header', async () => {
    const token = fake(ALNUM, 40);
    await expectSecret(
      'client.js',
      `fetch(url, { headers: { Authorization: "Bearer ${token}" } });\n`,
      'authorization-header',
      1,
      token,
    );
    await expectSecret(
      'client.py',
      `headers = {"Authorization": f"Bearer ${token}"}\n`,
      'authorization-header',
      1,
      token,
    );
    await expectClean(
      'client.js',
      'fetch(url, { headers: { Authorization: `Bearer ${token}` } });\nconst h = { Authorization: "Bearer <your-token>" };\nconst doc = "Send the header Authorization: Bearer followed by your token";\n',
    );
  });

  it('does not count the stand-ins .env.example files use', async () => {
    await expectClean(
      '.env.example',
      'JWT_SECRET=replace-with-a-long-random-string\nSECRET_KEY=change-this-in-production\nAPI_TOKEN=put-your-token-here\nDB_PASSWORD=changethis\n',
    );
  });
});

describe('password hashes are not plaintext passwords', () => {
  it.each([
    [
      'database/factories/UserFactory.php',
      "'password' => '$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi', // password\n",
    ],
    [
      'test/fixtures/users.json',
      '[{"email": "a@b.c", "password": "$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"}]\n',
    ],
    [
      'db/seeds.py',
      'ADMIN = {"password": "pbkdf2_sha256$600000$c2FsdHNhbHQ$Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy"}\n',
    ],
    [
      'seed.yml',
      'admin:\n  password_digest: $argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG\n',
    ],
    ['shadow.conf', 'root_password = $6$rounds=5000$saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ\n'],
  ])('%s', async (file, content) => {
    await expectClean(file, content);
  });

  it('still counts a plaintext password that merely starts with $', async () => {
    const pw = `$4${fake(ALNUM, 14)}`;
    await expectSecret('seed.py', `ADMIN_PASSWORD = "${pw}"\n`, 'hardcoded-credential', 1, pw);
  });
});

describe('provider tokens with distinctive shapes, wherever they sit', () => {
  it('finds OpenAI, Anthropic, PyPI, SendGrid and Docker Hub tokens passed straight to a client', async () => {
    const openai = `sk-proj-${fake(ALNUM, 40)}T3BlbkFJ${fake(ALNUM, 40, 3)}`;
    await expectSecret('bot.py', `client = OpenAI(${JSON.stringify(openai)})\n`, 'openai-api-key', 1, openai);
    const anthropic = `sk-ant-api03-${fake(`${ALNUM}_-`, 93)}AA`;
    await expectSecret(
      'agent.ts',
      `const c = new Anthropic({ apiKey: '${anthropic}' });\n`,
      'anthropic-api-key',
      1,
      anthropic,
    );
    const pypi = `pypi-AgEIcHlwaS5vcmc${fake(`${ALNUM}_-`, 60)}`;
    await expectSecret('publish.sh', `twine upload -u __token__ -p ${pypi} dist/*\n`, 'pypi-token', 1, pypi);
    const sendgrid = `SG.${fake(`${ALNUM}_-`, 22)}.${fake(`${ALNUM}_-`, 43, 5)}`;
    await expectSecret('mail.js', `sgMail.setApiKey("${sendgrid}");\n`, 'sendgrid-api-key', 1, sendgrid);
    const docker = `dckr_pat_${fake(`${ALNUM}_-`, 27)}`;
    await expectSecret(
      'ci.sh',
      `echo ${docker} | docker login -u acme --password-stdin\n`,
      'docker-hub-token',
      1,
      docker,
    );
  });

  it('does not count their look-alikes', async () => {
    await expectClean(
      'notes.py',
      'prefix = "sk-"\nmodel = "sk-learn"\nheader = "SG.example"\nOpenAI("sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")\n',
    );
  });

  it('finds the account key of an Azure storage or Service Bus connection string, not the emulator key', async () => {
    const key = `${fake(`${ALNUM}+/`, 86)}==`;
    await expectSecret(
      'appsettings.json',
      `{ "Storage": "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${key};EndpointSuffix=core.windows.net" }\n`,
      'connection-string-password',
      1,
      key,
    );
    const sas = fake(`${ALNUM}+/`, 44);
    await expectSecret(
      'local.settings.json',
      `{ "Bus": "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${sas}" }\n`,
      'connection-string-password',
      1,
      sas,
    );
    await expectClean(
      'appsettings.Development.json',
      '{ "Storage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;" }\n',
    );
  });
});

describe('values that are public or stand-ins by their own convention', () => {
  it('does not count Stripe publishable keys, which ship to browsers by design', async () => {
    await expectClean(
      '.env.production',
      `NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_${fake(ALNUM, 60)}\nSTRIPE_PUBLIC_KEY="pk_test_${fake(ALNUM, 60, 9)}"\n`,
    );
    const secret = `sk_live_${fake(ALNUM, 60)}`;
    await expectSecret('.env.production', `STRIPE_SECRET_KEY=${secret}\n`, 'stripe-live-key', 1, secret);
  });

  it('does not count fake and mock values in tests', async () => {
    await expectClean(
      'tests/test_api.py',
      'API_TOKEN = "fake-token-for-tests"\nclient_secret = "mock_client_secret_value"\npassword = "FakePassword123"\n',
    );
  });
});

describe('documentation sample tokens', () => {
  it("does not count jwt.io's John Doe sample token, but does count other JWTs", async () => {
    await expectClean(
      'README.md',
      'curl -H "X-Token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c" /api\n',
    );
    const payload = Buffer.from(JSON.stringify({ sub: 'svc-billing', scope: 'admin', iat: 1716239022 })).toString(
      'base64url',
    );
    const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.${fake(`${ALNUM}_-`, 43)}`;
    await expectSecret('README.md', `curl -H "X-Token: ${token}" /api\n`, 'jwt', 1, token);
  });
});

describe('credentials set through a call instead of =', () => {
  it.each([
    ['wp-config.php', (v: string) => `<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_PASSWORD', '${v}' );\n`, 3],
    ['settings.py', (v: string) => `import os\nos.environ.setdefault("DJANGO_SECRET_KEY", "${v}")\n`, 2],
    ['main_test.go', (v: string) => `func TestX(t *testing.T) {\n\tt.Setenv("API_TOKEN", "${v}")\n}\n`, 2],
    ['App.java', (v: string) => `class App {\n  static { System.setProperty("db.password", "${v}"); }\n}\n`, 2],
  ] as const)('finds the literal in %s', async (file, content, line) => {
    const value = fake(ALNUM, 20);
    await expectSecret(file, content(value), 'hardcoded-credential', line, value);
  });

  it('does not count placeholders, env reads or names that are not secret-like', async () => {
    await expectClean(
      'wp-config.php',
      "<?php\ndefine( 'AUTH_KEY', 'put your unique phrase here' );\ndefine( 'DB_PASSWORD', getenv('DB_PASSWORD') );\ndefine( 'WP_HOME', 'https://example.org' );\ndefine( 'DB_USER', 'wordpress_user' );\n",
    );
  });
});

describe('Go byte-slice literals', () => {
  it('finds a secret written as []byte("…")', async () => {
    const value = fake(ALNUM, 24);
    await expectSecret(
      'auth/jwt.go',
      `package auth\n\nvar jwtSecret = []byte("${value}")\n`,
      'hardcoded-credential',
      3,
      value,
    );
    await expectSecret(
      'main.go',
      `func main() {\n\tsigningKey := []byte("${value}")\n}\n`,
      'hardcoded-credential',
      2,
      value,
    );
    await expectClean('auth/jwt.go', 'package auth\n\nvar jwtSecret = []byte(os.Getenv("JWT_SECRET"))\n');
  });
});

describe('JWT secrets passed straight to the library', () => {
  it.each([
    ['routes/auth.js', (v: string) => `const token = jwt.sign({ id: user.id }, "${v}", { expiresIn: '1h' });\n`],
    ['middleware/auth.ts', (v: string) => `const claims = jwt.verify(token, '${v}');\n`],
    ['app/auth.py', (v: string) => `token = jwt.encode(payload, "${v}", algorithm="HS256")\n`],
  ] as const)('finds the literal secret in %s', async (file, content) => {
    const value = fake(ALNUM, 18);
    await expectSecret(file, content(value), 'jwt-signing-secret', 1, value);
  });

  it('does not count secrets read from configuration, or placeholders', async () => {
    await expectClean(
      'routes/auth.js',
      "const a = jwt.sign({ id }, process.env.JWT_SECRET);\nconst b = jwt.verify(token, config.jwtSecret);\nconst c = jwt.sign(payload, 'changeme');\nconst d = jwt.sign(payload, `${prefix}-key`);\n",
    );
  });
});

describe('secrets turned into bytes in place (.NET, Node)', () => {
  it('finds the literal inside Encoding.X.GetBytes(…) and Buffer.from(…)', async () => {
    const value = fake(ALNUM, 32);
    await expectSecret(
      'Program.cs',
      `builder.Services.AddAuthentication().AddJwtBearer(o => {\n  o.TokenValidationParameters = new() {\n    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("${value}")),\n  };\n});\n`,
      'jwt-signing-secret',
      3,
      value,
    );
    await expectSecret(
      'Startup.cs',
      `var secretKey = Encoding.ASCII.GetBytes("${value}");\n`,
      'hardcoded-credential',
      1,
      value,
    );
    await expectSecret(
      'auth.js',
      `const jwtSecret = Buffer.from('${value}', 'base64');\n`,
      'hardcoded-credential',
      1,
      value,
    );
    await expectClean(
      'Program.cs',
      'var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!));\nvar secretKey = Encoding.ASCII.GetBytes("REPLACE WITH YOUR OWN SECRET");\n',
    );
  });
});

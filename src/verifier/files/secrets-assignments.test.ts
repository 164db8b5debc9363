// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders such as ${VAR} are the test data
import { afterEach, describe, expect, it } from 'vitest';
import { noPlaintextSecret } from './no-plaintext-secret.js';
import { Project } from './test-fixture.js';

/** The assignment heuristic (spec row no_plaintext_secret, ruling 15) across languages and config formats. */
const SECRET = 'Zq8vR2mK9xLp4TbW';
const RULE = 'hardcoded-credential';

let project: Project | undefined;
afterEach(() => project?.remove());

async function scan(file: string, content: string) {
  project = new Project().write(file, content);
  return noPlaintextSecret({ file }, project.ctx());
}

describe('string literals assigned to secret-like names are found', () => {
  it.each([
    ['app.py', `password = "${SECRET}"`],
    ['app.py', `DB_PASSWORD: str = '${SECRET}'`],
    ['app.py', `conn = connect(host="db", passwd="${SECRET}")`],
    ['app.py', `settings = {"api_key": r"${SECRET}"}`],
    ['app.py', `self.client_secret = "${SECRET}"`],
    ['app.py', `SECRET_KEY = 'django-insecure-${SECRET}'`],
    ['app.js', `const apiKey = '${SECRET}';`],
    ['app.js', `module.exports = { auth_token: \`${SECRET}\` };`],
    ['app.ts', `const accessKey: string = "${SECRET}";`],
    ['app.ts', `config.private_key ??= "${SECRET}";`],
    ['main.go', `token := "${SECRET}"`],
    ['main.go', `var apiSecret = "${SECRET}"`],
    ['App.java', `private static final String PASSWORD = "${SECRET}";`],
    ['App.cs', `options.ClientSecret = @"${SECRET}";`],
    ['app.rb', `config.secret = '${SECRET}'`],
    ['app.rb', `{ :password => "${SECRET}" }`],
    ['app.rb', `{ password: "${SECRET}" }`],
    ['app.php', `'password' => '${SECRET}',`],
    ['app.php', `$apikey = "${SECRET}";`],
    ['main.rs', `let token = "${SECRET}";`],
    ['config.json', `{"db": {"password": "${SECRET}"}}`],
    ['config.yaml', `db:\n  password: ${SECRET}`],
    ['config.yml', `auth_token: "${SECRET}"`],
    ['.env', `API_KEY=${SECRET}`],
    ['.env.production', `export ACCESS_KEY=${SECRET}`],
    ['prod.env', `CLIENT_SECRET="${SECRET}"`],
    ['app.properties', `spring.datasource.password=${SECRET}`],
    ['setup.ini', `[db]\npassword = ${SECRET}`],
    ['deploy.sh', `export GITHUB_TOKEN=${SECRET}`],
    ['Dockerfile', `ENV DB_PASSWORD=${SECRET}`],
    ['config.toml', `token = "${SECRET}"`],
  ])('%s: %s', async (file, content) => {
    const r = await scan(file, `# header\n${content}\n`);
    expect(r.result).toBe('fail');
    expect(r.details).toContain(`${file}:${content.includes('\n') ? 3 : 2} (${RULE})`);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('a bare hex literal counts under a secret-like name', async () => {
    const r = await scan('app.py', 'api_key = "9f86d081884c7d659a2feaa0c55ad015"\n');
    expect(r.details).toBe(`1 possible plaintext secret found: app.py:1 (${RULE})`);
  });

  it('a random-looking value counts under a weaker key name; hex does not', async () => {
    expect((await scan('app.py', 'license_key = "q7Z-pW3x_Lk9vB2mN8rT"\n')).result).toBe('fail');
    expect((await scan('app.py', 'cache_key = "9f86d081884c7d659a2feaa0c55ad015"\n')).result).toBe('pass');
    expect((await scan('app.py', 'cache_key = "users:profile:v2"\n')).result).toBe('pass');
  });
});

describe('excluded by the heuristic', () => {
  it.each([
    ['an empty string', 'password = ""'],
    ['a literal shorter than 8 characters', 'password = "hunter2"'],
    ['changeme', 'password = "changeme123"'],
    ['an example value', 'api_key = "example-key-value"'],
    ['xxx', 'token = "xxxxxxxxxxxxxxxx"'],
    ['your_…', 'api_key = "your_api_key_here"'],
    ['<…>', 'token = "<insert token>"'],
    ['${VAR}', 'password = "${DB_PASSWORD}"'],
    ['{{…}}', 'password: "{{ vault_db_password }}"'],
    ['%(…)s', 'password = "%(db_password)s"'],
    ['***', 'password = "********"'],
    ['a masked value', 'secret: "abc***xyz-masked"'],
    ['os.environ', 'password = os.environ["DB_PASSWORD"]'],
    ['os.environ.get with a literal key', 'password = os.environ.get("DB_PASSWORD_VALUE")'],
    ['os.getenv', "secret = os.getenv('APP_SECRET_VALUE')"],
    ['process.env', 'const token = process.env.GITHUB_TOKEN;'],
    ['ENV[…]', "token = ENV['API_TOKEN_VALUE']"],
    ['Go os.Getenv', 'token := os.Getenv("API_TOKEN_VALUE")'],
    ['a comparison, not an assignment', 'if password == "Zq8vR2mK9xLp4TbW": pass'],
    ['a strict comparison', 'if (token === "Zq8vR2mK9xLp4TbW") {}'],
    ['a call result', 'password = get_password_from_vault()'],
    ['an unquoted value in code', 'const token = tokenFromHeader;'],
    ['a name that is not secret-like', 'username = "Zq8vR2mK9xLp4TbW"'],
    ['a name that ends elsewhere', 'token_url = "https://auth.internal/oauth/token"'],
    ['a descriptive name', 'INVALID_TOKEN = "invalid-or-expired"'],
    ['a UI label', '"password": "Password"'],
    ['a UI message', 'forgot_password = "Forgot your password?"'],
    ['an env var name', 'token_var = "GITHUB_TOKEN"; api_token = "GITHUB_TOKEN_V2"'],
    ['a path to a key file', 'private_key = "/etc/ssl/private/server.key"'],
    ['a relative key file', 'private_key = "certs/server.pem"'],
    ['a template expression', 'const token = `${process.env.TOKEN}`;'],
    ['an f-string', 'password = f"{vault.read(path)}"'],
  ])('%s', async (_what, content) => {
    const r = await scan('app.py', `${content}\n`);
    expect(r.result, content).toBe('pass');
  });

  it.each([
    ['.env', 'DB_PASSWORD=${DB_PASSWORD}'],
    ['.env', 'DB_PASSWORD='],
    ['.env', 'DB_PASSWORD=$(cat /run/secrets/db)'],
    ['.env', 'API_TOKEN=<token>'],
    ['config.yaml', 'password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256'],
    ['config.yaml', 'password: ${DB_PASSWORD}'],
    ['config.yaml', 'password: "{{ .Values.password }}"'],
    ['config.yaml', 'token: short'],
  ])('%s: %s', async (file, content) => {
    const r = await scan(file, `${content}\n`);
    expect(r.result, content).toBe('pass');
  });
});

import { describe, expect, it } from 'vitest';
import { keyExists, valueMatches } from './test-project.js';

describe('INI / CFG', () => {
  const setupCfg = `; setup.cfg
server.ssl.enabled = on
[metadata]
name = demo
[options]
install_requires =
    requests>=2
    cryptography
python_requires: >=3.9  ; inline comment
[tool:pytest]
addopts = -ra # inline
[mypy-pkg.sub]
strict = True
[remote "origin"]
url = "git@example.com:x.git"
[Session]
Cookie_Secure = yes
server.port = 8443
`;
  it('looks up a dotted key whole first, then as section.key', async () => {
    const flat = await valueMatches('setup.cfg', setupCfg, 'server.ssl.enabled', 'eq', true);
    expect(flat).toMatchObject({ result: 'pass', evidence: { file: 'setup.cfg', line: 2 } });
    expect((await valueMatches('setup.cfg', setupCfg, 'metadata.name', 'eq', 'demo')).evidence?.line).toBe(4);
    expect((await valueMatches('setup.cfg', setupCfg, 'tool:pytest.addopts', 'eq', '-ra')).result).toBe('pass');
    expect((await valueMatches('setup.cfg', setupCfg, 'options.python_requires', 'eq', '>=3.9')).result).toBe('pass');
    expect((await keyExists('setup.cfg', setupCfg, 'mypy-pkg.sub.strict')).evidence?.line).toBe(13);
    expect((await keyExists('setup.cfg', setupCfg, '"mypy-pkg.sub".strict')).result).toBe('pass');
    expect((await keyExists('setup.cfg', setupCfg, 'Session.server.port')).evidence?.line).toBe(18);
    expect((await keyExists('setup.cfg', setupCfg, 'metadata')).evidence?.line).toBe(3);
    expect((await keyExists('setup.cfg', setupCfg, 'metadata.version')).result).toBe('fail');
  });

  it('joins continuation lines and unquotes values; git subsections become dotted', async () => {
    const deps = await valueMatches('setup.cfg', setupCfg, 'options.install_requires', 'matches', 'cryptography');
    expect(deps).toMatchObject({ result: 'pass', evidence: { line: 6, end_line: 8 } });
    expect((await valueMatches('setup.cfg', setupCfg, 'remote.origin.url', 'eq', 'git@example.com:x.git')).result).toBe(
      'pass',
    );
  });

  it('reads on/off/yes/no/1/0 as booleans against true/false, and keys case-insensitively', async () => {
    expect((await valueMatches('setup.cfg', setupCfg, 'session.cookie_secure', 'eq', 'true')).result).toBe('pass');
    expect((await valueMatches('setup.cfg', setupCfg, 'Session.Cookie_Secure', 'ne', false)).result).toBe('pass');
    expect((await valueMatches('setup.cfg', setupCfg, 'mypy-pkg.sub.strict', 'eq', true)).result).toBe('pass');
    expect((await valueMatches('php.ini', 'expose_php = 0\n', 'expose_php', 'eq', false)).result).toBe('pass');
    expect((await valueMatches('php.ini', 'expose_php = 0\n', 'expose_php', 'eq', 0)).result).toBe('pass');
    expect((await valueMatches('php.ini', 'expose_php = Off\n', 'expose_php', 'eq', true)).result).toBe('fail');
    expect((await valueMatches('php.ini', 'expose_php = maybe\n', 'expose_php', 'eq', true)).result).toBe('fail');
  });

  it('reads .editorconfig, and reports an unclosed section header with its line', async () => {
    const editorconfig = 'root = true\n\n[*.{js,py}]\nindent_style = space\n';
    expect((await valueMatches('.editorconfig', editorconfig, '"*.{js,py}".indent_style', 'eq', 'space')).result).toBe(
      'pass',
    );
    expect((await valueMatches('.editorconfig', editorconfig, 'root', 'eq', true)).result).toBe('pass');
    const bad = await keyExists('tox.ini', '[tox]\nenvlist = py3\n[testenv\ndeps = x\n', 'tox.envlist');
    expect(bad).toEqual({ result: 'error', details: 'tox.ini:3: INI parse error: section header without closing "]"' });
  });
});

describe('.env', () => {
  const env = `# settings
export HSTS_MAX_AGE=31536000
DEBUG=off
URL=http://x/#anchor
GREETING="hello # not a comment" # comment
SINGLE='literal \\n "x"'
MULTI="line one
line two"
EMPTY=
TAGGED=abc #comment
spring.profiles.active=prod
`;
  it('handles export, quotes, comments and multi-line values', async () => {
    const hsts = await valueMatches('.env', env, 'HSTS_MAX_AGE', 'gte', '31536000');
    expect(hsts).toMatchObject({ result: 'pass', evidence: { file: '.env', line: 2, end_line: 2 } });
    expect(hsts.details).toBe('.env:2: HSTS_MAX_AGE is "31536000", which is at least 31536000');
    expect((await valueMatches('.env', env, 'URL', 'eq', 'http://x/#anchor')).result).toBe('pass');
    expect((await valueMatches('.env', env, 'GREETING', 'eq', 'hello # not a comment')).result).toBe('pass');
    expect((await valueMatches('.env', env, 'TAGGED', 'eq', 'abc')).result).toBe('pass');
    expect((await valueMatches('.env', env, 'EMPTY', 'eq', '')).result).toBe('pass');
    expect((await valueMatches('.env', env, 'SINGLE', 'eq', 'literal \\n "x"')).result).toBe('pass');
    const multi = await valueMatches('.env', env, 'MULTI', 'eq', 'line one\nline two');
    expect(multi).toMatchObject({ result: 'pass', evidence: { line: 7, end_line: 8 } });
    expect((await valueMatches('.env', env, 'DEBUG', 'eq', false)).result).toBe('pass');
    expect((await keyExists('.env', env, 'spring.profiles.active')).evidence?.line).toBe(11);
    expect((await keyExists('.env', env, 'spring.profiles')).result).toBe('pass');
  });

  it('is recognised as .env, .env.* and *.env', async () => {
    expect((await keyExists('.env.production', 'A=1\n', 'A')).result).toBe('pass');
    expect((await keyExists('deploy/prod.env', 'A=1\n', 'A')).result).toBe('pass');
  });

  it('reports malformed lines and unterminated quotes with their line', async () => {
    expect(await keyExists('.env', 'A=1\nnot a pair\n', 'A')).toEqual({
      result: 'error',
      details: '.env:2: dotenv parse error: expected KEY=VALUE',
    });
    expect((await keyExists('.env', 'A=1\nB="open\nC=2\n', 'A')).details).toBe(
      '.env:2: dotenv parse error: unterminated " quote',
    );
  });

  it('never prints the value of a secret-looking key', async () => {
    const r = await valueMatches('.env', 'DB_PASSWORD=hunter2hunter2\n', 'DB_PASSWORD', 'eq', 'other');
    expect(r.result).toBe('fail');
    expect(r.details).not.toContain('hunter2');
    expect(r.details).toContain('not shown');
    const url = await valueMatches(
      '.env',
      'DATABASE_URL=postgres://u:pw123456@db/x\n',
      'DATABASE_URL',
      'matches',
      '^postgres',
    );
    expect(url.result).toBe('pass');
    expect(url.details).not.toContain('pw123456');
  });
});

describe('.properties', () => {
  const props = `# comment
! also a comment
server.ssl.enabled=true
server.port : 8443
spring.datasource.url   jdbc:postgresql://db/app
message = hello \\
    world
greeting=caf\\u00e9
key\\ with\\ spaces=1
servers[0].port=80
trailing=ends with backslash \\\\
`;
  it('reads separators, continuations and escapes', async () => {
    expect((await valueMatches('a.properties', props, 'server.ssl.enabled', 'eq', true)).evidence?.line).toBe(3);
    expect((await valueMatches('a.properties', props, 'server.port', 'eq', 8443)).result).toBe('pass');
    expect((await valueMatches('a.properties', props, 'spring.datasource.url', 'matches', '^jdbc:')).result).toBe(
      'pass',
    );
    const message = await valueMatches('a.properties', props, 'message', 'eq', 'hello world');
    expect(message).toMatchObject({ result: 'pass', evidence: { line: 6, end_line: 7 } });
    expect((await valueMatches('a.properties', props, 'greeting', 'eq', 'café')).result).toBe('pass');
    expect((await keyExists('a.properties', props, '"key with spaces"')).result).toBe('pass');
    expect((await keyExists('a.properties', props, 'servers[0].port')).evidence?.line).toBe(10);
    expect((await valueMatches('a.properties', props, 'trailing', 'eq', 'ends with backslash \\')).result).toBe('pass');
  });

  it('treats a prefix of dotted keys as an existing path', async () => {
    const r = await keyExists('a.properties', props, 'server.ssl');
    expect(r).toMatchObject({ result: 'pass', evidence: { line: 3 } });
    expect((await keyExists('a.properties', props, 'server.ss')).result).toBe('fail');
    expect((await valueMatches('a.properties', props, 'server', 'matches', '"port":"8443"')).result).toBe('pass');
  });

  it('reports a malformed \\u escape with its line', async () => {
    expect(await keyExists('b.properties', 'a=1\nb=\\u12\n', 'a')).toEqual({
      result: 'error',
      details: 'b.properties:2: properties parse error: malformed \\uXXXX escape',
    });
  });
});

describe('format detection', () => {
  it('maps names and extensions, preferring a known extension over the .env. prefix', async () => {
    const { configFormatOf } = await import('./formats.js');
    expect(configFormatOf('a/.env')).toBe('env');
    expect(configFormatOf('.env.local')).toBe('env');
    expect(configFormatOf('.env.json')).toBe('json');
    expect(configFormatOf('x/prod.env')).toBe('env');
    expect(configFormatOf('setup.cfg')).toBe('ini');
    expect(configFormatOf('.editorconfig')).toBe('ini');
    expect(configFormatOf('App.csproj')).toBe('xml');
    expect(configFormatOf('web.config')).toBe('xml');
    expect(configFormatOf('Pipfile')).toBe('toml');
    expect(configFormatOf('CONFIG.YML')).toBe('yaml');
    expect(configFormatOf('nginx.conf')).toBeNull();
    expect(configFormatOf('Makefile')).toBeNull();
  });

  it('ignores a byte-order mark', async () => {
    expect((await keyExists('a.json', '\uFEFF{"a": 1}', 'a')).result).toBe('pass');
    expect((await keyExists('a.toml', '\uFEFFa = 1\n', 'a')).result).toBe('pass');
    expect((await keyExists('a.xml', '\uFEFF<a x="1"/>', 'a.@x')).result).toBe('pass');
  });
});

import { describe, expect, it } from 'vitest';
import { keyExists, valueMatches } from './test-project.js';

describe('JSON and JSONC', () => {
  const tsconfig = `{
  // comments and trailing commas, as in tsconfig.json
  "compilerOptions": {
    "strict": true,
    "paths": { "a.b": ["x"], },
  },
  "servers": [
    { "port": 80 },
    { "port": 443, "tls": { "min_version": "TLSv1.2" } },
  ],
}
`;
  it('finds nested, indexed and quoted keys with the key line', async () => {
    const r = await keyExists('tsconfig.json', tsconfig, 'compilerOptions.strict');
    expect(r).toMatchObject({ result: 'pass', evidence: { file: 'tsconfig.json', line: 4, end_line: 4 } });
    expect(r.details).toContain('tsconfig.json:4');
    expect((await keyExists('tsconfig.json', tsconfig, 'servers[1].tls.min_version')).evidence?.line).toBe(9);
    expect((await keyExists('tsconfig.json', tsconfig, 'compilerOptions.paths."a.b"[0]')).result).toBe('pass');
    const sub = await keyExists('tsconfig.json', tsconfig, 'servers[1].tls');
    expect(sub.evidence).toEqual({ file: 'tsconfig.json', line: 9, end_line: 9 });
  });

  it('fails on a missing key, naming the deepest prefix present', async () => {
    const r = await keyExists('tsconfig.json', tsconfig, 'servers[0].tls.min_version');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('servers[0].tls.min_version not found in tsconfig.json');
    expect(r.details).toContain('servers[0] is at tsconfig.json:8');
    expect((await keyExists('tsconfig.json', tsconfig, 'servers[2]')).result).toBe('fail');
    // An unquoted dotted key is a path, not a flat key, in structured formats.
    expect((await keyExists('tsconfig.json', tsconfig, 'compilerOptions.paths.a.b')).result).toBe('fail');
  });

  it('reports a parse error with its line', async () => {
    const r = await keyExists('settings.jsonc', '{\n  "a": 1\n  "b": 2\n}\n', 'a');
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/^settings\.jsonc:3: JSON parse error: CommaExpected/);
  });

  it('compares typed values', async () => {
    const text = '{"hsts": {"max_age": 31536000, "preload": true, "mode": "strict", "none": null}}';
    expect((await valueMatches('a.json', text, 'hsts.max_age', 'gte', '31536000')).result).toBe('pass');
    expect((await valueMatches('a.json', text, 'hsts.preload', 'eq', true)).result).toBe('pass');
    expect((await valueMatches('a.json', text, 'hsts.preload', 'eq', 'true')).result).toBe('pass');
    expect((await valueMatches('a.json', text, 'hsts.mode', 'eq', 'strict')).result).toBe('pass');
    expect((await valueMatches('a.json', text, 'hsts.none', 'eq', 'null')).result).toBe('pass');
  });
});

describe('YAML', () => {
  const anchors = `defaults: &defaults
  timeout: 30
  tls:
    min_version: TLSv1.2
production:
  <<: *defaults
  timeout: 60
extra:
  <<: [*defaults, {retries: 3}]
copy: *defaults
`;
  it('resolves merge keys with explicit keys winning, and aliases', async () => {
    expect(await valueMatches('app.yaml', anchors, 'production.timeout', 'eq', 60)).toMatchObject({ result: 'pass' });
    const merged = await valueMatches('app.yaml', anchors, 'production.tls.min_version', 'eq', 'TLSv1.2');
    expect(merged.result).toBe('pass');
    expect(merged.details).toContain('app.yaml:4');
    expect((await valueMatches('app.yml', anchors, 'extra.retries', 'eq', '3')).result).toBe('pass');
    expect((await valueMatches('app.yml', anchors, 'extra.timeout', 'eq', 30)).result).toBe('pass');
    expect((await keyExists('app.yml', anchors, 'copy.tls.min_version')).result).toBe('pass');
    expect((await keyExists('app.yml', anchors, 'production.<<')).result).toBe('fail');
  });

  const stream = `kind: Deployment
spec:
  runAsNonRoot: true
---
kind: Service
port: 80
---
kind: Deployment
spec:
  runAsNonRoot: false
`;
  it('looks in every document of a stream', async () => {
    const r = await keyExists('k8s.yaml', stream, 'port');
    expect(r).toMatchObject({ result: 'pass', evidence: { line: 6 } });
    expect(r.details).toContain('(document 2)');
  });

  it('requires every document that sets the key to compare true', async () => {
    const r = await valueMatches('k8s.yaml', stream, 'spec.runAsNonRoot', 'eq', true);
    expect(r.result).toBe('fail');
    expect(r.details).toBe('k8s.yaml:10: spec.runAsNonRoot is false, which does not equal true (document 3)');
    expect(r.evidence).toEqual({ file: 'k8s.yaml', line: 10, end_line: 10 });
    const kinds = await valueMatches('k8s.yaml', stream, 'kind', 'in', '["Deployment","Service"]');
    expect(kinds.result).toBe('pass');
    expect(kinds.details).toContain('in all 3 documents');
  });

  it('distinguishes true from "true" only where it matters, and reads YAML 1.1 yes/on as booleans for eq', async () => {
    const text = 'a: true\nb: "true"\nc: yes\nd: "yes"\ne: on\n';
    expect((await valueMatches('x.yaml', text, 'a', 'eq', 'true')).result).toBe('pass');
    expect((await valueMatches('x.yaml', text, 'b', 'eq', true)).result).toBe('pass');
    expect((await valueMatches('x.yaml', text, 'c', 'eq', true)).result).toBe('pass');
    expect((await valueMatches('x.yaml', text, 'd', 'eq', true)).result).toBe('fail');
    expect((await valueMatches('x.yaml', text, 'e', 'ne', false)).result).toBe('pass');
    expect((await valueMatches('x.yaml', text, 'a', 'matches', '^true$')).result).toBe('pass');
    expect((await valueMatches('x.yaml', text, 'b', 'matches', '^true$')).result).toBe('pass');
  });

  it('reports a parse error with its line and no code excerpt', async () => {
    const r = await keyExists('bad.yaml', 'a: 1\nb: [1, 2\nc: 3\n', 'a');
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/^bad\.yaml:\d+: YAML parse error: /);
    expect(r.details).not.toContain('\n');
    const second = await keyExists('bad.yaml', 'a: 1\n---\nb: {\n', 'a');
    expect(second.result).toBe('error');
  });

  it('keeps the last value of a duplicate key and tolerates custom tags', async () => {
    expect((await valueMatches('d.yaml', 'a: 1\na: 2\n', 'a', 'eq', 2)).result).toBe('pass');
    expect((await valueMatches('cf.yaml', 'Bucket: !Ref MyBucket\n', 'Bucket', 'eq', 'MyBucket')).result).toBe('pass');
  });

  it('stays linear on alias bombs', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `${bomb.join('\n')}\n`;
    expect((await keyExists('bomb.yaml', text, 'm[0][0][0].x')).result).toBe('fail');
    const r = await valueMatches('bomb.yaml', text, 'm', 'matches', 'zzz');
    expect(r.result).toBe('fail');
  });
});

describe('TOML', () => {
  const text = `title = "app"
[server]
port = 8443
tls.min_version = "TLSv1.3"

[server."X.Y"]
z = 1

[[servers]]
port = 80

[[servers]]
port = 443
hosts = [
  "a",
  "b",
]
[servers.tls]
enabled = true
`;
  it('finds keys with their lines, including arrays of tables and dotted keys', async () => {
    expect((await keyExists('c.toml', text, 'server.port')).evidence).toEqual({ file: 'c.toml', line: 3, end_line: 3 });
    expect((await keyExists('c.toml', text, 'server.tls.min_version')).evidence?.line).toBe(4);
    expect((await keyExists('c.toml', text, 'server."X.Y".z')).evidence?.line).toBe(7);
    expect((await keyExists('c.toml', text, 'servers[1].port')).evidence?.line).toBe(13);
    expect((await keyExists('c.toml', text, 'servers[1].hosts')).evidence).toMatchObject({ line: 14, end_line: 17 });
    expect((await keyExists('c.toml', text, 'servers[1].tls.enabled')).evidence?.line).toBe(19);
    expect((await keyExists('c.toml', text, 'servers[0].tls')).result).toBe('fail');
    const implicit = await keyExists('d.toml', 'a = 1\n\n[x.y.z]\nk = 2\n', 'x.y');
    expect(implicit).toMatchObject({ result: 'pass', evidence: { line: 3 } });
  });

  it('compares values', async () => {
    expect((await valueMatches('c.toml', text, 'servers[1].port', 'gt', 80)).result).toBe('pass');
    expect((await valueMatches('c.toml', text, 'servers[1].hosts', 'matches', '^\\["a","b"\\]$')).result).toBe('pass');
    expect((await valueMatches('c.toml', text, 'server.tls.min_version', 'in', '["TLSv1.3"]')).result).toBe('pass');
  });

  it('reports a parse error with its line', async () => {
    const r = await keyExists('bad.toml', 'a = 1\n[b]\nc = \n', 'a');
    expect(r).toEqual({ result: 'error', details: 'bad.toml:3: TOML parse error: invalid value' });
  });
});

describe('XML', () => {
  const web = `<?xml version="1.0" encoding="utf-8"?>
<!-- web.config -->
<configuration>
  <system.web>
    <httpCookies requireSSL="true" httpOnlyCookies="true" />
    <sessionState timeout="20">in-proc</sessionState>
  </system.web>
  <system.webServer>
    <httpProtocol>
      <customHeaders>
        <add name="X-Frame-Options" value="DENY" />
        <add name="Strict-Transport-Security" value="max-age=31536000" />
      </customHeaders>
    </httpProtocol>
  </system.webServer>
  <appSettings><add key="Mode">strict</add></appSettings>
</configuration>
`;
  it('starts at the root element and addresses attributes with @', async () => {
    const r = await valueMatches('web.config', web, 'configuration."system.web".httpCookies.@requireSSL', 'eq', true);
    expect(r.result).toBe('pass');
    expect(r.evidence).toEqual({ file: 'web.config', line: 5, end_line: 5 });
    expect((await keyExists('web.config', web, '"system.web".httpCookies')).result).toBe('fail');
    expect(
      (await valueMatches('web.config', web, 'configuration."system.web".sessionState', 'eq', 'in-proc')).result,
    ).toBe('pass');
    const timeout = 'configuration."system.web".sessionState.@timeout';
    expect((await valueMatches('web.config', web, timeout, 'lte', 30)).result).toBe('pass');
  });

  it('makes repeated elements arrays addressable by index, and searches them all without one', async () => {
    const headers = 'configuration."system.webServer".httpProtocol.customHeaders.add';
    const second = await valueMatches('web.config', web, `${headers}[1].@name`, 'eq', 'Strict-Transport-Security');
    expect(second).toMatchObject({ result: 'pass', evidence: { line: 12 } });
    expect(
      (await valueMatches('web.config', web, `${headers}[0].@name`, 'eq', 'Strict-Transport-Security')).result,
    ).toBe('fail');
    expect((await valueMatches('web.config', web, `${headers}.@name`, 'eq', 'Strict-Transport-Security')).result).toBe(
      'pass',
    );
    expect((await keyExists('web.config', web, `${headers}[2]`)).result).toBe('fail');
    expect((await keyExists('web.config', web, 'configuration.appSettings.add[0].@key')).result).toBe('pass');
    expect((await valueMatches('web.config', web, 'configuration.appSettings.add', 'eq', 'strict')).result).toBe(
      'pass',
    );
    const each = await valueMatches('web.config', web, `${headers}.@value`, 'matches', '^max-age=\\d+$');
    expect(each).toMatchObject({ result: 'pass', evidence: { line: 12 } });
    const named = await valueMatches('web.config', web, headers, 'matches', 'Strict-Transport');
    expect(named).toMatchObject({ result: 'pass', evidence: { line: 12 } });
    const whole = await keyExists('web.config', web, headers);
    expect(whole).toMatchObject({ result: 'pass', evidence: { line: 11 } });
  });

  it('reports malformed XML with its line', async () => {
    const r = await keyExists('pom.xml', '<project>\n  <a>\n  </b>\n</project>\n', 'project');
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/^pom\.xml:3: XML parse error: /);
  });
});

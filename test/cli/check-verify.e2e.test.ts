// End-to-end: runs the BUILT command (`node bin/assay.js`, what users run; `npm test` builds first) in temp projects.
// The checks used here are engine-level behaviours (unknown type, bad params, --no-exec) and the config family, so
// the expectations do not depend on which other checker families exist.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/assay.js');
let project: string;

function assay(args: string[], cwd = project) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function writeJson(name: string, value: unknown): string {
  const p = path.join(project, name);
  fs.writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
}

const passing = {
  type: 'config_value_matches',
  params: { file: 'conf/app.yaml', key: 'server.port', operator: 'eq', value: 8080 },
};
const failing = { type: 'config_key_exists', params: { file: 'conf/app.yaml', key: 'server.tls.min_version' } };
const invalid = { type: 'config_key_exists', params: { file: 'conf/app.yaml' } };
const unknown = { type: 'quantum_entangled', params: {} };
const testRun = { type: 'test_passes', params: { file: 'tests/test_app.py' } };

beforeAll(() => {
  if (!fs.existsSync(path.join(repo, 'dist/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build` first');
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-e2e-'));
  fs.mkdirSync(path.join(project, 'conf'));
  fs.mkdirSync(path.join(project, 'tests'));
  fs.writeFileSync(path.join(project, 'conf/app.yaml'), 'server:\n  port: 8080\n  host: example.org\n');
  fs.writeFileSync(path.join(project, 'tests/test_app.py'), 'def test_ok():\n    assert True\n');
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('assay check', () => {
  it('exits 0 when everything passes or is skipped, and prints the table', () => {
    const file = writeJson('ok.json', [passing, unknown, testRun]);
    const out = assay(['check', file, '--no-exec']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^PASS {3}local_001 {2}config_value_matches/m);
    expect(out.stdout).toMatch(/^SKIP {3}local_002 {2}quantum_entangled +unknown assertion type "quantum_entangled"$/m);
    expect(out.stdout).toMatch(
      /^SKIP {3}local_003 {2}test_passes +test_passes runs project code and --no-exec is set$/m,
    );
    expect(out.stdout).toContain('3 assertions: 1 passed, 0 failed, 0 errors, 2 skipped');
  });

  it('exits 1 on a failure or an error, with JSON results in file order', () => {
    const file = writeJson('mixed.json', [passing, { ...failing, id: 'CTRL-7/tls' }, invalid, unknown]);
    const out = assay(['check', file, '--output', 'json', '--project-root', project], repo);
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout);
    expect(json.summary).toEqual({ pass: 1, fail: 1, error: 1, skipped: 1, total: 4 });
    expect(json.results.map((r: { id: string; result: string }) => [r.id, r.result])).toEqual([
      ['local_001', 'pass'],
      ['CTRL-7/tls', 'fail'],
      ['local_003', 'error'],
      ['local_004', 'skipped'],
    ]);
    expect(json.results[0].evidence).toEqual({ file: 'conf/app.yaml', line: 2, end_line: 2 });
    expect(json.results[2].details).toBe('invalid params: key is required');
  });

  it('writes SARIF 2.1.0 that code scanning can place', () => {
    const file = writeJson('sarif.json', [passing, failing, invalid, testRun]);
    const out = assay(['check', file, '--output', 'sarif', '--no-exec']);
    expect(out.code).toBe(1);
    const sarif = JSON.parse(out.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules).toHaveLength(21);
    expect(
      run.tool.driver.rules.find((r: { id: string }) => r.id === 'config_key_exists').shortDescription.text,
    ).toMatch(/key path exists/);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.results).toHaveLength(2);
    for (const result of run.results) {
      expect(result.ruleId).toBe('config_key_exists');
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('conf/app.yaml');
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning']);
  });

  it('spreads a large file over worker threads from dist/ and keeps the answers', () => {
    const many = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? failing : i % 3 === 1 ? passing : unknown));
    const out = assay(['check', writeJson('many.json', many), '--output', 'json']);
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout);
    expect(json.summary).toEqual({ pass: 40, fail: 40, error: 0, skipped: 40, total: 120 });
    expect(json.results[119].id).toBe('local_120');
    expect(json.results[119].result).toBe('skipped');
  });

  it.each([
    [
      'an unknown flag',
      () => ['check', writeJson('u.json', [passing]), '--frobnicate'],
      /unknown option '--frobnicate'/,
    ],
    [
      'an unreadable file',
      () => ['check', path.join(project, 'nope.json')],
      /^assay: cannot read assertions file .*: no such file$/,
    ],
    ['a directory', () => ['check', project], /^assay: cannot read assertions file .*: it is a directory$/],
    [
      'malformed JSON',
      () => ['check', writeJson('m.json', '[{"type":')],
      /^assay: assertions file .* is not valid JSON: /,
    ],
    [
      'not an array',
      () => ['check', writeJson('o.json', { assertions: [] })],
      /must contain a JSON array of assertions$/,
    ],
    [
      'an entry without type',
      () => ['check', writeJson('t.json', [{ params: {} }])],
      /entry 1: "type" must be a string$/,
    ],
    ['a bad --output', () => ['check', writeJson('b.json', [passing]), '--output', 'xml'], /argument 'xml' is invalid/],
    [
      'a missing project root',
      () => ['check', writeJson('r.json', [passing]), '--project-root', '/nonexistent/x'],
      /project root \/nonexistent\/x does not exist/,
    ],
  ])('exits 2 on %s, saying what is wrong', (_name, args, message) => {
    const out = assay(args());
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n')[0]).toMatch(message);
  });
});

describe('assay verify', () => {
  it('runs one check and prints JSON with the coerced params', () => {
    const out = assay([
      'verify',
      'config_value_matches',
      '-p',
      'file=conf/app.yaml',
      '-p',
      'key=server.port',
      '-p',
      'operator=gte',
      '-p',
      'value=8000',
      '--output',
      'json',
    ]);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({
      type: 'config_value_matches',
      params: { file: 'conf/app.yaml', key: 'server.port', operator: 'gte', value: 8000 },
      result: 'pass',
      evidence: { file: 'conf/app.yaml', line: 2, end_line: 2 },
    });
    expect(Object.keys(json)).toEqual(['type', 'params', 'result', 'details', 'evidence']);
  });

  it('takes arrays as JSON, but keeps the text where the catalogue wants a string', () => {
    const secrets = assay([
      'verify',
      'no_plaintext_secret',
      '-p',
      'file=conf/*.yaml',
      '-p',
      'patterns=["sk_[0-9]+"]',
      '--output',
      'json',
    ]);
    expect(JSON.parse(secrets.stdout).params).toEqual({ file: 'conf/*.yaml', patterns: ['sk_[0-9]+'] });
    // config_value_matches' `in` takes its list as JSON text: the value must stay the string the user typed.
    const out = assay([
      'verify',
      'config_value_matches',
      '-p',
      'file=conf/app.yaml',
      '-p',
      'key=server.host',
      '-p',
      'operator=in',
      '-p',
      'value=["a.org","example.org"]',
      '--output',
      'json',
    ]);
    const json = JSON.parse(out.stdout);
    expect(json.params.value).toBe('["a.org","example.org"]');
    expect(json.result).toBe('pass');
    expect(out.code).toBe(0);
  });

  it('exits 1 when the check does not pass', () => {
    const text = assay(['verify', 'config_key_exists', '-p', 'file=conf/app.yaml', '-p', 'key=server.tls']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^FAIL {2}config_key_exists {2}key server\.tls/);
  });

  it('refuses an unknown type and a malformed param as usage errors', () => {
    const unknownType = assay(['verify', 'no_such_type', '-p', 'file=x']);
    expect(unknownType.code).toBe(2);
    expect(unknownType.stderr).toMatch(/^assay: unknown assertion type "no_such_type" \(known: function_exists, /);
    const badParam = assay(['verify', 'file_exists', '-p', 'file']);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toBe('assay: param "file" must be key=value\n');
  });

  it('answers a path escape as a failure, never reading outside the root', () => {
    const out = assay([
      'verify',
      'config_key_exists',
      '-p',
      'file=../../etc/passwd',
      '-p',
      'key=root',
      '--output',
      'json',
    ]);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({
      result: 'fail',
      details: '../../etc/passwd: path escapes project root',
    });
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeRunners, installFakeRunners } from './fake-runner.test-util.js';
import { context, project } from './fixture.test-util.js';
import { testPasses } from './test-passes.js';

/**
 * Projects gate their whole suite on coverage (pytest-cov `--cov-fail-under`, vitest `coverage.thresholds`, jest
 * `coverageThreshold`). A run of a few selected tests never reaches the suite's coverage, so the gate would fail it
 * however the tests end: test_passes turns coverage off for its run.
 */
function has(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The gate of pytest-cov, reduced to what matters here: --cov-fail-under fails the session unless --no-cov is given.
const COV_GATE = `def pytest_addoption(parser):
    parser.addoption("--cov", action="append", default=[])
    parser.addoption("--cov-fail-under", type=int, default=None)
    parser.addoption("--no-cov", action="store_true", default=False)


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if config.getoption("--cov-fail-under") and not config.getoption("--no-cov"):
        session.exitstatus = 2
`;

describe.skipIf(!has('python3', ['-m', 'pytest', '--version']))(
  'pytest with a coverage gate in addopts (runs for real)',
  { timeout: 60_000 },
  () => {
    const TESTS = 'def test_login():\n    assert True\n\ndef test_logout():\n    assert True\n';
    it.each([
      ['pyproject.toml', '[tool.pytest.ini_options]\naddopts = [\n  "--cov=app",\n  "--cov-fail-under=95",\n]\n'],
      ['setup.cfg', '[tool:pytest]\naddopts =\n    -ra\n    --cov=app --cov-fail-under=95\n'],
      ['pytest.ini', '[pytest]\naddopts = -ra --cov=app --cov-fail-under=95\n'],
    ])('passes the selected test with %s', async (config, text) => {
      const root = project({ [config]: text, 'conftest.py': COV_GATE, 'tests/test_auth.py': TESTS });
      const r = await testPasses({ file: 'tests/test_auth.py', test_name: 'test_login' }, context(root));
      expect(r.result, r.details).toBe('pass');
      expect(r.details).toContain('-q --no-cov --junitxml=<report>');
    });

    it('adds nothing when addopts do not use pytest-cov', async () => {
      const root = project({
        'pyproject.toml': '[tool.pytest.ini_options]\naddopts = "-ra"\n\n[tool.coverage.run]\nbranch = true\n',
        'tests/test_auth.py': TESTS,
      });
      const r = await testPasses({ file: 'tests/test_auth.py', test_name: 'test_login' }, context(root));
      expect(r.result, r.details).toBe('pass');
      expect(r.details).not.toContain('--no-cov');
    });
  },
);

describe('vitest with coverage enabled in its config (runs for real)', { timeout: 60_000 }, () => {
  it('turns coverage off for the run, so a missing or unmet coverage setup does not fail it', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'fixture', type: 'module', devDependencies: { vitest: '^4.0.0' } }),
      'vitest.config.mjs':
        "export default { test: { coverage: { enabled: true, provider: 'v8', thresholds: { lines: 100 } } } };\n",
      'src/auth.test.ts': "import { it, expect } from 'vitest';\nit('logs in', () => { expect(1).toBe(1); });\n",
    });
    fs.symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
    const r = await testPasses({ file: 'src/auth.test.ts', test_name: 'logs in' }, context(root));
    expect(r.result, r.details).toBe('pass');
    expect(r.details).toContain('--coverage.enabled=false');
  });
});

describe('jest with a coverageThreshold (recorded)', () => {
  let fake: FakeRunners;
  beforeAll(() => {
    fake = installFakeRunners(['jest']);
  });
  afterAll(() => fake.restore());

  it('passes --coverage=false when package.json configures coverage', async () => {
    const root = project({
      'package.json': JSON.stringify({
        devDependencies: { jest: '^29' },
        jest: { collectCoverage: true, coverageThreshold: { global: { lines: 90 } } },
      }),
      'src/auth.test.js': "describe('auth', () => {\n  it('logs in', () => {});\n});\n",
    });
    const report = {
      numPassedTests: 1,
      numFailedTests: 0,
      testResults: [{ assertionResults: [{ status: 'passed', fullName: 'auth logs in' }] }],
    };
    fake.use({ report: { prefix: '--outputFile=', content: JSON.stringify(report) } });
    const r = await testPasses({ file: 'src/auth.test.js', test_name: 'logs in' }, context(root));
    expect(r.result, r.details).toBe('pass');
    expect(fake.lastCall().argv).toContain('--coverage=false');
  });
});

describe('package.json saved with a byte order mark (recorded)', () => {
  let fake: FakeRunners;
  beforeAll(() => {
    fake = installFakeRunners(['jest']);
  });
  afterAll(() => fake.restore());

  it('still detects the runner it declares', async () => {
    const root = project({
      'package.json': `\uFEFF${JSON.stringify({ devDependencies: { jest: '^29' } }, null, 2)}`,
      'src/auth.test.js': "describe('auth', () => {\n  it('logs in', () => {});\n});\n",
    });
    const report = {
      numPassedTests: 1,
      numFailedTests: 0,
      testResults: [{ assertionResults: [{ status: 'passed', fullName: 'auth logs in' }] }],
    };
    fake.use({ report: { prefix: '--outputFile=', content: JSON.stringify(report) } });
    const r = await testPasses({ file: 'src/auth.test.js', test_name: 'logs in' }, context(root));
    expect(r.result, r.details).toBe('pass');
    expect(r.details).toContain('command: jest');
  });
});

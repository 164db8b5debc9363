import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeRunners, installFakeRunners } from './fake-runner.test-util.js';
import { context, project } from './fixture.test-util.js';
import { testPasses } from './test-passes.js';

// Runners this machine lacks are replaced by recorders (fake-runner.test-util.ts) that replay real output samples.
let fake: FakeRunners;
beforeAll(() => {
  fake = installFakeRunners(['go', 'dotnet', 'mvn', 'gradle', 'rspec', 'ruby', 'phpunit', 'pest', 'jest', 'mocha']);
});
afterAll(() => fake.restore());

const goEvents = (lines: object[]): string => lines.map((l) => JSON.stringify(l)).join('\n');
const GO_TEST = `package auth

import "testing"

func TestLogin(t *testing.T) {
	t.Run("rejects expired tokens", func(t *testing.T) {})
}

func TestLogout(t *testing.T) {}
`;

describe('test_passes — go test (recorded)', () => {
  const root = project({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'auth/auth_test.go': GO_TEST });

  it('selects by -run from the module root and counts pass events', async () => {
    fake.use({
      stdout: goEvents([
        { Action: 'start', Package: 'example.com/app/auth' },
        { Action: 'run', Package: 'example.com/app/auth', Test: 'TestLogin' },
        { Action: 'output', Package: 'example.com/app/auth', Test: 'TestLogin', Output: '=== RUN   TestLogin\n' },
        { Action: 'pass', Package: 'example.com/app/auth', Test: 'TestLogin', Elapsed: 0 },
        { Action: 'pass', Package: 'example.com/app/auth', Elapsed: 0.01 },
      ]),
    });
    const r = await testPasses({ file: 'auth/auth_test.go', test_name: 'TestLogin' }, context(root));
    expect(r.result).toBe('pass');
    expect(r.details).toContain("command: go test -json -count=1 -run '^(?:TestLogin)$' ./auth");
    expect(fake.lastCall().argv).toEqual(['test', '-json', '-count=1', '-run', '^(?:TestLogin)$', './auth']);
  });

  it('selects a single subtest level by level', async () => {
    fake.use({
      stdout: goEvents([
        { Action: 'pass', Package: 'p', Test: 'TestLogin/rejects_expired_tokens' },
        { Action: 'pass', Package: 'p', Test: 'TestLogin' },
      ]),
    });
    const r = await testPasses(
      { file: 'auth/auth_test.go', test_name: 'TestLogin/rejects_expired_tokens' },
      context(root),
    );
    expect(r.result).toBe('pass');
    expect(fake.lastCall().argv[4]).toBe('^TestLogin$/^rejects_expired_tokens$');
  });

  it('fails when go test ran nothing ("no tests to run")', async () => {
    fake.use({
      stdout: goEvents([
        { Action: 'output', Package: 'p', Output: 'testing: warning: no tests to run\n' },
        { Action: 'pass', Package: 'p' },
      ]),
    });
    const r = await testPasses({ file: 'auth/auth_test.go', test_name: 'TestLogout' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no matching test ran (go test exited 0 but ran 0 tests)');
  });

  it('fails with the failing test names', async () => {
    fake.use({
      exit: 1,
      stdout: goEvents([
        { Action: 'fail', Package: 'p', Test: 'TestLogout' },
        { Action: 'fail', Package: 'p' },
      ]),
    });
    const r = await testPasses({ file: 'auth/auth_test.go' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('go test failed (exit code 1), failing: TestLogout');
    expect(fake.lastCall().argv[4]).toBe('^(?:TestLogin|TestLogout)$');
  });

  it('errors when there is no go.mod', async () => {
    const bare = project({ 'x_test.go': GO_TEST });
    const r = await testPasses({ file: 'x_test.go' }, context(bare));
    expect(r.result).toBe('error');
    expect(r.details).toContain('runner not found: no go.mod');
  });
});

const CS = `namespace Acme.Tests;
public class AuthTests {
  [Fact] public void RejectsExpiredTokens() {}
  [Fact] public void Other() {}
}
`;
const trx = (passed: number, failed: number, failedName = ''): string => `<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    ${failedName ? `<UnitTestResult executionId="1" testId="2" testName="${failedName}" computerName="ci" duration="00:00:00.01" outcome="Failed" />` : ''}
  </Results>
  <ResultSummary outcome="${failed ? 'Failed' : 'Completed'}">
    <Counters total="${passed + failed}" executed="${passed + failed}" passed="${passed}" failed="${failed}" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="0" />
  </ResultSummary>
</TestRun>`;

describe('test_passes — dotnet test (recorded)', () => {
  const root = project({
    'tests/Acme.Tests/Acme.Tests.csproj': '<Project Sdk="Microsoft.NET.Sdk" />',
    'tests/Acme.Tests/AuthTests.cs': CS,
  });

  it('filters by fully qualified name and counts the TRX report', async () => {
    fake.use({ report: { dirAfter: '--results-directory', name: 'assay.trx', content: trx(1, 0) } });
    const r = await testPasses(
      { file: 'tests/Acme.Tests/AuthTests.cs', test_name: 'RejectsExpiredTokens' },
      context(root),
    );
    expect(r.result).toBe('pass');
    const argv = fake.lastCall().argv;
    expect(argv.slice(0, 5)).toEqual([
      'test',
      'tests/Acme.Tests/Acme.Tests.csproj',
      '--nologo',
      '--filter',
      'FullyQualifiedName~Acme.Tests.AuthTests.RejectsExpiredTokens',
    ]);
    expect(r.details).toContain("--logger 'trx;LogFileName=assay.trx' --results-directory <report>");
  });

  it('fails when the filter matched nothing (exit 0, zero executed)', async () => {
    fake.use({
      stdout: 'No test matches the given testcase filter',
      report: { dirAfter: '--results-directory', name: 'assay.trx', content: trx(0, 0) },
    });
    const r = await testPasses({ file: 'tests/Acme.Tests/AuthTests.cs', test_name: 'Other' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no matching test ran');
  });

  it('names the failing test', async () => {
    fake.use({
      exit: 1,
      report: { dirAfter: '--results-directory', name: 'assay.trx', content: trx(1, 1, 'Acme.Tests.AuthTests.Other') },
    });
    const r = await testPasses({ file: 'tests/Acme.Tests/AuthTests.cs' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('failing: Acme.Tests.AuthTests.Other');
  });
});

const JAVA = `package com.acme.auth;
class AuthServiceTest {
  @Test void rejectsExpiredTokens() {}
  @Test void breaks() {}
  @Nested class WhenLoggedOut { @Test void redirects() {} }
}
`;
const MAVEN_OK = `[INFO] Running com.acme.auth.AuthServiceTest
[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.05 s - in com.acme.auth.AuthServiceTest
[INFO]
[INFO] Results:
[INFO]
[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0
[INFO]
[INFO] BUILD SUCCESS
`;
const MAVEN_FAIL = `[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! - in com.acme.auth.AuthServiceTest
[ERROR] com.acme.auth.AuthServiceTest.breaks  Time elapsed: 0.01 s  <<< FAILURE!
[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR]   AuthServiceTest.breaks:4 expected: <1> but was: <2>
[INFO]
[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0
[INFO] BUILD FAILURE
`;

describe('test_passes — Maven and Gradle (recorded)', () => {
  const mvnRoot = project({ 'pom.xml': '<project/>', 'src/test/java/com/acme/auth/AuthServiceTest.java': JAVA });
  const file = 'src/test/java/com/acme/auth/AuthServiceTest.java';

  it('mvn -Dtest=Class#method, counted from the surefire summary', async () => {
    fake.use({ stdout: MAVEN_OK });
    const r = await testPasses({ file, test_name: 'rejectsExpiredTokens' }, context(mvnRoot));
    expect(r.result).toBe('pass');
    expect(r.details).toContain('1 matching test ran and passed');
    expect(r.details).toContain("command: mvn -B test '-Dtest=AuthServiceTest#rejectsExpiredTokens'");
  });

  it('nested classes use the binary name Outer$Inner', async () => {
    fake.use({ stdout: MAVEN_OK });
    await testPasses({ file, test_name: 'WhenLoggedOut.redirects' }, context(mvnRoot));
    expect(fake.lastCall().argv[2]).toBe('-Dtest=AuthServiceTest$WhenLoggedOut#redirects');
  });

  it('mvn failure names the failing test', async () => {
    fake.use({ exit: 1, stdout: MAVEN_FAIL });
    const r = await testPasses({ file, test_name: '*' }, context(mvnRoot));
    expect(r.result).toBe('fail');
    expect(r.details).toContain(
      'maven failed (exit code 1), failing: com.acme.auth.AuthServiceTest.breaks, AuthServiceTest.breaks',
    );
  });

  it('mvn with zero tests run fails', async () => {
    fake.use({ stdout: '[INFO] Tests run: 0, Failures: 0, Errors: 0, Skipped: 0\n[INFO] BUILD SUCCESS\n' });
    const r = await testPasses({ file, test_name: 'breaks' }, context(mvnRoot));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no matching test ran');
  });

  it('gradle --tests pkg.Class.method; success proves a match (gradle fails on an empty filter)', async () => {
    const gradleRoot = project({ 'build.gradle.kts': 'plugins { java }', [file]: JAVA });
    fake.use({ stdout: 'BUILD SUCCESSFUL in 2s\n' });
    const r = await testPasses({ file, test_name: 'breaks' }, context(gradleRoot));
    expect(r.result).toBe('pass');
    expect(r.details).toContain('gradle fails when no test matches --tests');
    expect(fake.lastCall().argv).toEqual([
      'test',
      '--console=plain',
      '--tests',
      'com.acme.auth.AuthServiceTest.breaks',
    ]);
    fake.use({ exit: 1, stdout: 'Execution failed for task :test.\n> No tests found for given includes: [x]\n' });
    const none = await testPasses({ file, test_name: 'breaks' }, context(gradleRoot));
    expect(none.result).toBe('fail');
    expect(none.details).toContain('no matching test ran');
  });
});

const SPEC = `RSpec.describe "Sessions" do
  it "clears the session" do
  end
  it "other" do
  end
end
`;
const rspecJson = (statuses: string[]): string =>
  JSON.stringify({
    examples: statuses.map((status, i) => ({ full_description: `Sessions example ${i}`, status })),
    summary: { example_count: statuses.length },
  });

describe('test_passes — RSpec and Minitest (recorded)', () => {
  const root = project({ 'spec/sessions_spec.rb': SPEC });

  it('rspec selects by file:line and counts the JSON report', async () => {
    fake.use({ report: { after: '--out', content: rspecJson(['passed']) } });
    const r = await testPasses({ file: 'spec/sessions_spec.rb', test_name: 'clears the session' }, context(root));
    expect(r.result).toBe('pass');
    expect(r.details).toContain(
      'command: rspec spec/sessions_spec.rb:2 --format json --out <report> --format progress',
    );
  });

  it('rspec: pending-only results are zero tests run', async () => {
    fake.use({ report: { after: '--out', content: rspecJson(['pending']) } });
    const r = await testPasses({ file: 'spec/sessions_spec.rb', test_name: 'other' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no matching test ran');
  });

  it('minitest: ruby -Itest FILE -n /regex/, counted from the summary line', async () => {
    const mt = project({
      'test/session_test.rb':
        'class SessionTest < Minitest::Test\n  def test_refresh\n  end\n  test "logs out" do\n  end\nend\n',
    });
    fake.use({
      stdout: 'Run options: --seed 1\n\n# Running:\n\n.\n\n1 runs, 1 assertions, 0 failures, 0 errors, 0 skips\n',
    });
    const r = await testPasses({ file: 'test/session_test.rb', test_name: 'logs out' }, context(mt));
    expect(r.result).toBe('pass');
    expect(fake.lastCall().argv).toEqual(['-Itest', 'test/session_test.rb', '-n', '/^(?:test_logs_out)$/']);
    fake.use({
      exit: 1,
      stdout:
        '  1) Failure:\nSessionTest#test_refresh [test/session_test.rb:3]:\nExpected false to be truthy.\n\n1 runs, 1 assertions, 1 failures, 0 errors, 0 skips\n',
    });
    const failed = await testPasses({ file: 'test/session_test.rb', test_name: 'test_refresh' }, context(mt));
    expect(failed.result).toBe('fail');
    expect(failed.details).toContain('minitest failed (exit code 1), failing: SessionTest#test_refresh');
  });
});

const PHP = `<?php
final class AuthTest extends TestCase {
    public function testRejectsExpiredTokens(): void {}
    public function testOther(): void {}
}
`;
const junit = (cases: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="AuthTest" tests="1" skipped="0">${cases}</testsuite></testsuites>`;

describe('test_passes — PHPUnit and Pest (recorded)', () => {
  it('phpunit --filter on ::method, counted from the JUnit log', async () => {
    const root = project({ 'composer.json': '{}', 'tests/AuthTest.php': PHP });
    fake.use({
      report: {
        after: '--log-junit',
        content: junit('<testcase name="testRejectsExpiredTokens" classname="AuthTest"/>'),
      },
    });
    const r = await testPasses({ file: 'tests/AuthTest.php', test_name: 'testRejectsExpiredTokens' }, context(root));
    expect(r.result).toBe('pass');
    expect(fake.lastCall().argv.slice(0, 3)).toEqual([
      'tests/AuthTest.php',
      '--filter',
      '/::(?:testRejectsExpiredTokens)(?: |$)/',
    ]);
    fake.use({
      report: {
        after: '--log-junit',
        content: junit('<testcase name="testOther" classname="AuthTest"><skipped/></testcase>'),
      },
    });
    const skippedAtRun = await testPasses({ file: 'tests/AuthTest.php', test_name: 'testOther' }, context(root));
    expect(skippedAtRun.result).toBe('fail');
    expect(skippedAtRun.details).toContain('no matching test ran');
  });

  it('pest for Pest files', async () => {
    const root = project({
      'composer.json': '{}',
      'tests/AuthTest.php': "<?php\nit('rejects tokens', function () {});\n",
    });
    fake.use({
      exit: 1,
      report: {
        after: '--log-junit',
        content: junit('<testcase name="it rejects tokens" classname="P"><failure>x</failure></testcase>'),
      },
    });
    const r = await testPasses({ file: 'tests/AuthTest.php' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('pest failed (exit code 1), failing: P::it rejects tokens');
    expect(fake.lastCall().bin).toBe('pest');
  });
});

describe('test_passes — Jest and Mocha (recorded)', () => {
  const JS = "describe('auth', () => {\n  it('rejects expired tokens', () => {});\n});\n";

  it('jest --runTestsByPath FILE -t full-name, counted from --json', async () => {
    const root = project({
      'package.json': JSON.stringify({ devDependencies: { jest: '^29' } }),
      'src/auth.test.js': JS,
    });
    const report = {
      numPassedTests: 1,
      numFailedTests: 0,
      testResults: [{ assertionResults: [{ status: 'passed', fullName: 'auth rejects expired tokens' }] }],
    };
    fake.use({ report: { prefix: '--outputFile=', content: JSON.stringify(report) } });
    const r = await testPasses({ file: 'src/auth.test.js', test_name: 'rejects expired tokens' }, context(root));
    expect(r.result).toBe('pass');
    expect(fake.lastCall().argv.slice(0, 5)).toEqual([
      '--ci',
      '--runTestsByPath',
      'src/auth.test.js',
      '-t',
      '^(?:auth rejects expired tokens)$',
    ]);
  });

  it('mocha --grep full-title, counted from the JSON reporter', async () => {
    const root = project({ 'package.json': JSON.stringify({ scripts: { test: 'mocha' } }), 'test/auth.spec.js': JS });
    const report = { stats: { passes: 0, failures: 1 }, failures: [{ fullTitle: 'auth rejects expired tokens' }] };
    fake.use({ exit: 1, report: { prefix: 'output=', content: JSON.stringify(report) } });
    const r = await testPasses(
      { file: 'test/auth.spec.js', test_name: 'auth > rejects expired tokens' },
      context(root),
    );
    expect(r.result).toBe('fail');
    expect(r.details).toContain('mocha failed (exit code 1), failing: auth rejects expired tokens');
    expect(fake.lastCall().argv.slice(0, 3)).toEqual([
      'test/auth.spec.js',
      '--grep',
      '^(?:auth rejects expired tokens)$',
    ]);
  });
});

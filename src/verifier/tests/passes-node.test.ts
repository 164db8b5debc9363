import { describe, expect, it } from 'vitest';
import { context, project } from './fixture.test-util.js';
import { testPasses } from './test-passes.js';

const NODE_TEST = `import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';

describe('auth', () => {
  it('rejects expired tokens', () => {
    assert.equal(1, 1);
  });
  it('breaks', () => {
    assert.equal(1, 2);
  });
});

test('slow one', async () => {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
});

test.skip('skipped one', () => {});
`;

function nodeProject(): string {
  return project({
    'package.json': JSON.stringify({ name: 'fixture', type: 'module', scripts: { test: 'node --test' } }),
    'test/auth.test.js': NODE_TEST,
  });
}

describe('test_passes — node --test (runs for real)', () => {
  const root = nodeProject();

  it('passes when the selected test ran and passed, and puts the command in details', async () => {
    const r = await testPasses(
      { file: 'test/auth.test.js', test_name: 'auth > rejects expired tokens' },
      context(root),
    );
    expect(r.result).toBe('pass');
    expect(r.details).toContain('1 matching test ran and passed');
    expect(r.details).toContain(
      "command: node --test --test-reporter=tap '--test-name-pattern=^(?:auth rejects expired tokens|rejects expired tokens)$' test/auth.test.js",
    );
    expect(r.evidence).toEqual({ file: 'test/auth.test.js', line: 5, end_line: 7 });
  });

  it('fails with the failing test name when the test fails', async () => {
    const r = await testPasses({ file: 'test/auth.test.js', test_name: 'breaks' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('node --test failed (exit code 1), failing: breaks');
  });

  it('fails when no test matches the name (zero selected is not a pass)', async () => {
    const r = await testPasses({ file: 'test/auth.test.js', test_name: 'does not exist' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no matching test ran');
  });

  it('fails when the runner ran zero tests even though one was selected (skipped at run time)', async () => {
    const dir = project({
      'package.json': JSON.stringify({ type: 'module', scripts: { test: 'node --test' } }),
      'test/cond.test.js':
        "import { test } from 'node:test';\nconst off = true;\ntest('conditional', { skip: off }, () => {});\n",
    });
    const r = await testPasses({ file: 'test/cond.test.js' }, context(dir));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no matching test ran (node --test exited 0 but ran 0 tests)');
  });

  it('fails when the only matching test is skipped', async () => {
    const r = await testPasses({ file: 'test/auth.test.js', test_name: 'skipped one' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no matching test ran');
    expect(r.details).toContain('is skipped (.skip)');
  });

  it('times out and kills the runner', async () => {
    const started = Date.now();
    const r = await testPasses({ file: 'test/auth.test.js', test_name: 'slow one', timeout_seconds: 2 }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('timed out after 2s');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a matching describe selects its tests (and fails here because one of them fails)', async () => {
    const r = await testPasses({ file: 'test/auth.test.js', test_name: 'auth' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('failing: breaks');
  });

  it('is skipped with --no-exec', async () => {
    const r = await testPasses({ file: 'test/auth.test.js' }, context(root, { allowExec: false }));
    expect(r).toEqual({ result: 'skipped', details: 'test execution disabled (--no-exec)' });
  });

  it('an aborted check stops the runner', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const r = await testPasses(
      { file: 'test/auth.test.js', test_name: 'slow one' },
      context(root, { signal: controller.signal }),
    );
    expect(r.result).toBe('error');
    expect(r.details).toContain('aborted');
  });

  it('without a detectable runner, is an error', async () => {
    const bare = project({ 'spec/a.test.js': "it('a', () => {});\n" });
    const r = await testPasses({ file: 'spec/a.test.js' }, context(bare));
    expect(r.result).toBe('error');
    expect(r.details).toContain('runner not found');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { context, project } from './fixture.test-util.js';
import { testPasses } from './test-passes.js';

const SPEC = `import { describe, expect, it } from 'vitest';

describe('auth', () => {
  it('rejects expired tokens', () => {
    expect(1 + 1).toBe(2);
  });
  it('rejects (bad) signatures', () => {
    expect(1).toBe(2);
  });
  it.each([[1, 2], [2, 3]])('adds one to %i', (a, b) => {
    expect(a + 1).toBe(b);
  });
});
`;

/** A tiny vitest project that borrows this repository's node_modules (vitest is installed here). */
function vitestProject(): string {
  const root = project({
    'package.json': JSON.stringify({ name: 'fixture', type: 'module', devDependencies: { vitest: '^4.0.0' } }),
    'src/auth.test.ts': SPEC,
  });
  fs.symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
  return root;
}

describe('test_passes — vitest (runs for real)', { timeout: 60_000 }, () => {
  const root = vitestProject();

  it('runs the selected test by its full name and passes', async () => {
    const r = await testPasses({ file: 'src/auth.test.ts', test_name: 'auth > rejects expired tokens' }, context(root));
    expect(r.result).toBe('pass');
    expect(r.details).toContain('1 matching test ran and passed');
    expect(r.details).toContain(
      "command: node_modules/.bin/vitest run src/auth.test.ts -t '^(?:auth rejects expired tokens)$' --reporter=json --outputFile=<report>",
    );
  });

  it('escapes regex syntax in titles and reports the failing test', async () => {
    const r = await testPasses({ file: 'src/auth.test.ts', test_name: 'rejects (bad) signatures' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('vitest failed (exit code 1), failing: auth rejects (bad) signatures');
  });

  it('runs .each tables through their format-string title', async () => {
    const r = await testPasses({ file: 'src/auth.test.ts', test_name: 'adds one to %i' }, context(root));
    expect(r.result).toBe('pass');
    expect(r.details).toContain('2 matching tests ran and passed');
  });

  it('runs the whole file without test_name (and fails on the failing test)', async () => {
    const r = await testPasses({ file: 'src/*.test.ts' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('failing: auth rejects (bad) signatures');
  });
});

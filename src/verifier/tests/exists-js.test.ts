import { describe, expect, it } from 'vitest';
import { existsIn } from './fixture.test-util.js';

const TS = `import { describe, expect, it, test } from 'vitest';

// it('rejects in a comment', () => {})
const text = "it('rejects in a string', () => {})";

describe('auth', () => {
  it('rejects expired tokens', () => {
    expect(1).toBe(1);
  });
  it.skip('rejects skipped', () => {});
  xit('rejects x-skipped', () => {});
  test.todo('rejects later');
  it('rejects pending');
  it.each([[1, 2]])('adds %i', (a, b) => {});
  describe('refresh', () => {
    test.concurrent('rotates the token', async () => {});
  });
  describe.skip('legacy', () => {
    it('old behaviour', () => {});
  });
  test('options skip', { skip: true }, () => {});
  it('context skip', (ctx) => {
    ctx.skip();
  });
});

describe('empty group', () => {});
`;

describe('test_exists — JavaScript / TypeScript', () => {
  it('matches a test by its own title', async () => {
    const r = await existsIn('src/auth.test.ts', TS, 'rejects expired tokens');
    expect(r.result).toBe('pass');
    expect(r.details).toBe(
      'test `auth > rejects expired tokens` matching "rejects expired tokens" is defined at src/auth.test.ts:7',
    );
    expect(r.evidence).toEqual({ file: 'src/auth.test.ts', line: 7, end_line: 9 });
  });

  it('matches the full describe path joined with " > " (ruling 14)', async () => {
    expect((await existsIn('src/auth.test.ts', TS, 'auth > rejects expired tokens')).result).toBe('pass');
    expect((await existsIn('src/auth.test.ts', TS, 'auth > refresh > rotates the token')).result).toBe('pass');
    expect((await existsIn('src/auth.test.ts', TS, 'other > rejects expired tokens')).result).toBe('fail');
  });

  it('matches name globs and describe titles', async () => {
    expect((await existsIn('src/auth.test.ts', TS, 'auth > *')).result).toBe('pass');
    expect((await existsIn('src/auth.test.ts', TS, '*expired*')).result).toBe('pass');
    const group = await existsIn('src/auth.test.ts', TS, 'refresh');
    expect(group.result).toBe('pass');
    expect(group.details).toContain('test group `auth > refresh`');
  });

  it('counts .each tables by their title as written', async () => {
    expect((await existsIn('src/auth.test.ts', TS, 'adds %i')).result).toBe('pass');
  });

  it.each([
    ['rejects skipped', '.skip'],
    ['rejects x-skipped', 'xit'],
    ['rejects later', '.todo'],
    ['rejects pending', 'pending'],
    ['old behaviour', '.skip'],
    ['options skip', '{ skip }'],
    ['context skip', 'ctx.skip()'],
  ])('does not count a skipped/todo/pending test: %s', async (name, reason) => {
    const r = await existsIn('src/auth.test.ts', TS, name);
    expect(r.result).toBe('fail');
    expect(r.details).toContain('is skipped');
    expect(r.details).toContain(reason);
  });

  it('does not count a group whose tests are all skipped, nor an empty group', async () => {
    const r = await existsIn('src/auth.test.ts', TS, 'legacy');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('.skip');
    expect((await existsIn('src/auth.test.ts', TS, 'empty group')).result).toBe('fail');
  });

  it('ignores titles inside comments and strings', async () => {
    expect((await existsIn('src/auth.test.ts', TS, 'rejects in a comment')).result).toBe('fail');
    expect((await existsIn('src/auth.test.ts', TS, 'rejects in a string')).result).toBe('fail');
  });

  it('finds node:test tests and subtests in plain JavaScript', async () => {
    const js = `const test = require('node:test');
test('parent', async (t) => {
  await t.test('child works', () => {});
});
test('skipped by option', { skip: 'not now' }, () => {});
`;
    expect((await existsIn('test/a.test.js', js, 'parent > child works')).result).toBe('pass');
    expect((await existsIn('test/a.test.js', js, 'skipped by option')).result).toBe('fail');
  });

  it('understands Playwright test.describe and ignores test.skip(condition) calls', async () => {
    const js = `import { test } from '@playwright/test';
test.describe('checkout', () => {
  test('pays', async ({ page }) => {
    test.skip(browserName === 'firefox', 'not supported');
  });
  test.fixme('refunds', async () => {});
});
`;
    expect((await existsIn('e2e/checkout.spec.ts', js, 'checkout > pays')).result).toBe('pass');
    expect((await existsIn('e2e/checkout.spec.ts', js, 'refunds')).details).toContain('.fixme');
    expect((await existsIn('e2e/checkout.spec.ts', js, 'not supported')).result).toBe('fail');
  });

  it('works in TSX and JSX', async () => {
    const tsx = `describe('Button', () => { it('renders', () => { render(<Button label="x" />); }); });\n`;
    expect((await existsIn('src/Button.test.tsx', tsx, 'Button > renders')).result).toBe('pass');
    expect((await existsIn('src/Button.test.jsx', tsx, 'renders')).result).toBe('pass');
  });

  it('without test_name, fails for a file with only skipped tests', async () => {
    const r = await existsIn('a.test.js', "it.skip('a', () => {});\nxdescribe('b', () => { it('c', () => {}); });\n");
    expect(r.result).toBe('fail');
    expect(r.details).toContain('a.test.js defines no test that runs; 2 skipped');
  });
});

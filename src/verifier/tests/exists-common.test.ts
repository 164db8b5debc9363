import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { context, existsIn, project } from './fixture.test-util.js';
import { testExists } from './test-exists.js';

describe('test_exists — files, globs and params', () => {
  const root = project({
    'tests/test_a.py': 'def helper():\n    pass\n',
    'tests/test_b.py': 'def test_b_works():\n    pass\n',
    'tests/data.json': '{}',
    'tests/README.md': '# def test_b_works',
    'notes.txt': 'def test_x(): pass',
  });

  it('a glob passes when one of its files defines the test, and names it', async () => {
    const r = await testExists({ file: 'tests/**/*.py', test_name: 'test_b_*' }, context(root));
    expect(r.result).toBe('pass');
    expect(r.details).toContain('tests/test_b.py:1');
  });

  it('a glob without test_name counts the files with tests', async () => {
    const r = await testExists({ file: 'tests/*' }, context(root));
    expect(r.result).toBe('pass');
    expect(r.details).toBe('1 of 2 files matching tests/* define 1 test (first: `test_b_works` at tests/test_b.py:1)');
  });

  it('a glob matching no file fails', async () => {
    const r = await testExists({ file: 'spec/**/*_spec.rb' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('matches no file');
  });

  it('a missing file fails, an unsupported language is skipped', async () => {
    const missing = await testExists({ file: 'tests/test_c.py' }, context(root));
    expect(missing.result).toBe('fail');
    expect(missing.details).toContain('does not exist');
    const unsupported = await testExists({ file: 'notes.txt', test_name: 'test_x' }, context(root));
    expect(unsupported.result).toBe('skipped');
    expect(unsupported.details).toContain('language not supported');
  });

  it('paths that leave the root fail', async () => {
    for (const file of ['../etc/passwd.py', '/etc/x.py', 'tests/../../x/*.py']) {
      const r = await testExists({ file }, context(root));
      expect(r.result).toBe('fail');
      expect(r.details).toContain('path escapes project root');
    }
  });

  it('a symlink out of the root fails', async () => {
    const outside = project({ 'test_out.py': 'def test_out():\n    pass\n' });
    fs.symlinkSync(path.join(outside, 'test_out.py'), path.join(root, 'tests', 'link.py'));
    const r = await testExists({ file: 'tests/link.py' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('path escapes project root');
  });

  it('an empty test_name is an error', async () => {
    const r = await testExists({ file: 'tests/test_b.py', test_name: '  ' }, context(root));
    expect(r.result).toBe('error');
    expect(r.details).toContain('test_name');
  });

  it('a name that matches nothing fails and says how many tests were found', async () => {
    const r = await existsIn('t.test.js', "test('a', () => {});\n", 'b');
    expect(r.result).toBe('fail');
    expect(r.details).toBe('no test matching "b" in t.test.js (1 test defined)');
  });

  it('test_name globs match the name string: * crosses " > " and "/", brackets and parens stay usable', async () => {
    const js = "describe('a/b', () => { it('handles [x] (y)', () => {}); });\n";
    expect((await existsIn('t.test.js', js, 'a/b > *')).result).toBe('pass');
    expect((await existsIn('t.test.js', js, '*(y)')).result).toBe('pass');
    expect((await existsIn('t.test.js', js, 'handles [x] (y)')).result).toBe('pass');
    expect((await existsIn('t.test.js', js, 'handles*')).result).toBe('pass');
    expect((await existsIn('t.test.js', js, 'handle')).result).toBe('fail');
  });
});

describe('test_name glob translation', () => {
  it('supports ?, classes, negated classes, braces and escapes, and treats regex syntax literally', async () => {
    const { nameMatcher } = await import('./names.js');
    const cases: [string, string, boolean][] = [
      ['test_log?ut', 'test_logout', true],
      ['test_[lr]ogin', 'test_rogin', true],
      ['test_[!lr]ogin', 'test_login', false],
      ['test_{login,logout}', 'test_logout', true],
      ['test_{login,logout}', 'test_logoff', false],
      ['a.b*', 'axb', false],
      ['a\\*', 'a*', true],
      ['a\\*', 'ab', false],
      ['x+y*', 'x+yz', true],
      ['^a$*', '^a$b', true],
    ];
    for (const [glob, name, expected] of cases)
      expect([glob, name, nameMatcher(glob)(name)]).toEqual([glob, name, expected]);
  });
});

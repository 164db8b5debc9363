import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateParams } from '../../assertions/catalogue.js';
import { MAX_PARSE_BYTES } from '../project-files.js';
import { patternAbsent, patternMatches } from './pattern.js';
import { Project } from './test-fixture.js';

const APP = [
  'import os', // 1
  '', // 2
  'def login(user):', // 3
  '    check_password(user)', // 4
  '    return True', // 5
  '', // 6
  'def logout(user):', // 7
  '    session.clear()', // 8
  '    eval(user)', // 9
  '',
].join('\n');

let p: Project;
beforeAll(() => {
  p = new Project()
    .write('src/app.py', APP)
    .write('src/util.py', 'def helper():\n    return 1\n')
    .write('src/sub/deep.py', 'SECURE = True\n')
    .write('src/.hidden.py', 'eval(x)\n')
    .write('src/logo.png', Buffer.from([1, 2, 0, 3]))
    .write('src/huge.py', Buffer.alloc(MAX_PARSE_BYTES + 10, 0x61))
    .write('assets/a.bin', Buffer.from([0, 0, 0]))
    .write('assets/b.bin', Buffer.from([0, 1]))
    .write('headers.js', "res.setHeader('Strict-Transport-Security', 'max-age=31536000');\n")
    .write('redos.txt', `${'a'.repeat(100_000)}!`)
    .write('multi.txt', 'BEGIN\nfirst\nEND\nBEGIN\nsecond\nEND\n')
    .write('node_modules/x/index.py', 'eval(1)\n');
});
afterAll(() => p.remove());

describe('pattern_matches', () => {
  it('passes with the file:line of the first match and its evidence', async () => {
    const r = await patternMatches({ file: 'src/app.py', pattern: 'check_\\w+\\(' }, p.ctx());
    expect(r).toEqual({
      result: 'pass',
      details: 'pattern matches at src/app.py:4',
      evidence: { file: 'src/app.py', line: 4, end_line: 4 },
    });
  });

  it('fails when the pattern is not there', async () => {
    const r = await patternMatches({ file: 'src/app.py', pattern: 'verify_token' }, p.ctx());
    expect(r.result).toBe('fail');
    expect(r.details).toBe('pattern not found in src/app.py');
  });

  it('honours flags i, m and s', async () => {
    const ctx = p.ctx();
    expect((await patternMatches({ file: 'headers.js', pattern: 'strict-transport' }, ctx)).result).toBe('fail');
    expect((await patternMatches({ file: 'headers.js', pattern: 'strict-transport', flags: 'i' }, ctx)).result).toBe(
      'pass',
    );
    expect((await patternMatches({ file: 'src/app.py', pattern: '^def logout' }, ctx)).result).toBe('fail');
    const m = await patternMatches({ file: 'src/app.py', pattern: '^def logout', flags: 'm' }, ctx);
    expect(m.details).toBe('pattern matches at src/app.py:7');
    expect((await patternMatches({ file: 'src/app.py', pattern: 'login.*logout' }, ctx)).result).toBe('fail');
    const s = await patternMatches({ file: 'src/app.py', pattern: 'login.*logout', flags: 's' }, ctx);
    expect(s.evidence).toEqual({ file: 'src/app.py', line: 3, end_line: 7 });
  });

  it('an empty match does not count', async () => {
    const r = await patternMatches({ file: 'src/util.py', pattern: 'z*' }, p.ctx());
    expect(r.result).toBe('fail');
    const nonEmpty = await patternMatches({ file: 'src/util.py', pattern: 'e*' }, p.ctx());
    expect(nonEmpty.result).toBe('pass');
    expect(nonEmpty.details).toBe('pattern matches at src/util.py:1');
  });

  it('a glob passes if any file matches; ** recurses; dotfiles and node_modules excluded', async () => {
    const r = await patternMatches({ file: 'src/**/*.py', pattern: 'SECURE' }, p.ctx());
    expect(r.details).toBe('pattern matches at src/sub/deep.py:1 (skipped 1 file over 5 MiB)');
    const hidden = await patternMatches({ file: 'src/**/*.py', pattern: 'eval\\(x\\)' }, p.ctx());
    expect(hidden.result).toBe('fail');
    const named = await patternMatches({ file: 'src/.*.py', pattern: 'eval\\(x\\)' }, p.ctx());
    expect(named.result).toBe('pass');
    const nm = await patternMatches({ file: '**/*.py', pattern: 'eval\\(1\\)' }, p.ctx());
    expect(nm.result).toBe('fail');
  });

  it('a glob matching no file fails', async () => {
    const r = await patternMatches({ file: 'lib/**/*.rb', pattern: 'x' }, p.ctx());
    expect(r).toEqual({ result: 'fail', details: 'glob lib/**/*.rb matches no file' });
  });

  it('a plain path to a binary or too-large file fails with the reason', async () => {
    const bin = await patternMatches({ file: 'src/logo.png', pattern: 'x' }, p.ctx());
    expect(bin).toEqual({ result: 'fail', details: 'src/logo.png is a binary file' });
    const big = await patternMatches({ file: 'src/huge.py', pattern: 'a' }, p.ctx());
    expect(big.result).toBe('fail');
    expect(big.details).toContain('file too large');
  });

  it('in a glob, binary and large files are skipped and counted; all skipped → fail', async () => {
    const r = await patternMatches({ file: 'src/*', pattern: 'nothing-here' }, p.ctx());
    expect(r.details).toBe(
      'pattern not found in any of 2 files matched by src/* (skipped 1 binary file and 1 file over 5 MiB)',
    );
    const all = await patternMatches({ file: 'assets/*.bin', pattern: 'x' }, p.ctx());
    expect(all).toEqual({
      result: 'fail',
      details: 'every file matched by assets/*.bin was skipped (skipped 2 binary files)',
    });
  });

  it('path escapes fail', async () => {
    for (const file of ['../etc/passwd', '/etc/passwd', '../**/*.py']) {
      const r = await patternMatches({ file, pattern: 'x' }, p.ctx());
      expect(r.result).toBe('fail');
      expect(r.details).toContain('path escapes project root');
    }
  });

  it('an invalid pattern or scope is an error with the parse message; lookaround and backreferences are refused', async () => {
    const bad = await patternMatches({ file: 'src/app.py', pattern: '(unclosed' }, p.ctx());
    expect(bad.result).toBe('error');
    expect(bad.details).toMatch(/^pattern is not a valid RE2 regex: .*missing/);
    const look = await patternMatches({ file: 'src/app.py', pattern: 'a(?=b)' }, p.ctx());
    expect(look.result).toBe('error');
    const back = await patternMatches({ file: 'src/app.py', pattern: '(a)\\1' }, p.ctx());
    expect(back.result).toBe('error');
    const scope = await patternMatches({ file: 'src/app.py', pattern: 'x', scope_start: '[' }, p.ctx());
    expect(scope.result).toBe('error');
    expect(scope.details).toContain('scope_start is not a valid RE2 regex');
    expect(validateParams('pattern_matches', { file: 'a', pattern: '(?<=x)y' }).ok).toBe(false);
  });

  it('ReDoS: (a+)+$ against 100k characters finishes fast with the right answer', async () => {
    const started = Date.now();
    const r = await patternMatches({ file: 'redos.txt', pattern: '(a+)+$' }, p.ctx());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.result).toBe('fail');
    const t2 = Date.now();
    const hit = await patternMatches({ file: 'redos.txt', pattern: '(a+)+!$' }, p.ctx());
    expect(Date.now() - t2).toBeLessThan(2000);
    expect(hit.result).toBe('pass');
  });
});

describe('scopes (ruling 17)', () => {
  it('searches only from the first scope_start match to the next scope_end match', async () => {
    const inLogin = { file: 'src/app.py', scope_start: 'def login', scope_end: '\\ndef ' };
    expect((await patternMatches({ ...inLogin, pattern: 'check_password' }, p.ctx())).details).toBe(
      'pattern matches in scope at src/app.py:4',
    );
    const evalInLogin = await patternMatches({ ...inLogin, pattern: 'eval' }, p.ctx());
    expect(evalInLogin).toEqual({ result: 'fail', details: 'pattern not found in scope in src/app.py' });
    const absent = await patternAbsent({ ...inLogin, pattern: 'eval' }, p.ctx());
    expect(absent.result).toBe('pass');
    expect(absent.evidence).toEqual({ file: 'src/app.py', line: 3, end_line: 5 });
  });

  it('without a scope_end match the scope runs to the end of the file', async () => {
    const r = await patternMatches(
      { file: 'src/app.py', scope_start: 'def logout', scope_end: 'NEVER', pattern: 'eval' },
      p.ctx(),
    );
    expect(r.details).toBe('pattern matches in scope at src/app.py:9');
  });

  it('only the first scope is searched', async () => {
    const r = await patternMatches(
      { file: 'multi.txt', scope_start: 'BEGIN', scope_end: 'END', pattern: 'second' },
      p.ctx(),
    );
    expect(r.result).toBe('fail');
  });

  it('the scope_end is searched after the scope_start match, so it cannot cut the start itself', async () => {
    const r = await patternMatches(
      { file: 'src/app.py', scope_start: 'def login', scope_end: 'def', pattern: 'check_password' },
      p.ctx(),
    );
    expect(r.result).toBe('pass');
  });

  it('flags apply to the scopes too', async () => {
    const base = { file: 'src/app.py', scope_start: 'DEF LOGOUT', pattern: 'EVAL' };
    expect((await patternMatches(base, p.ctx())).details).toBe('scope_start not found in src/app.py');
    expect((await patternMatches({ ...base, flags: 'i' }, p.ctx())).result).toBe('pass');
    // scope_end `$` with m ends the scope at the end of the scope_start line.
    const line = await patternMatches(
      { file: 'src/app.py', scope_start: 'def logout', scope_end: '$', flags: 'm', pattern: 'session' },
      p.ctx(),
    );
    expect(line.result).toBe('fail');
  });

  it('a missing scope_start fails both types', async () => {
    const params = { file: 'src/app.py', scope_start: 'def register', pattern: 'eval' };
    expect(await patternMatches(params, p.ctx())).toEqual({
      result: 'fail',
      details: 'scope_start not found in src/app.py',
    });
    expect(await patternAbsent(params, p.ctx())).toEqual({
      result: 'fail',
      details: 'scope_start not found in src/app.py',
    });
  });

  it('in a glob, pattern_absent fails if any file lacks the scope', async () => {
    const r = await patternAbsent(
      { file: 'src/*.py', scope_start: 'def login', scope_end: '\\ndef ', pattern: 'eval' },
      p.ctx(),
    );
    expect(r).toEqual({ result: 'fail', details: 'scope_start not found in src/util.py (skipped 1 file over 5 MiB)' });
  });
});

describe('pattern_absent', () => {
  it('passes when no file matches', async () => {
    const r = await patternAbsent({ file: 'src/**/*.py', pattern: 'exec\\(' }, p.ctx());
    expect(r.result).toBe('pass');
    expect(r.details).toBe('pattern absent from all 3 files matched by src/**/*.py (skipped 1 file over 5 MiB)');
  });

  it('fails listing file:line hits', async () => {
    const r = await patternAbsent({ file: 'src/**/*.py', pattern: 'eval\\(|return' }, p.ctx());
    expect(r.result).toBe('fail');
    expect(r.details).toBe('pattern found at src/app.py:5, src/util.py:2 (skipped 1 file over 5 MiB)');
    expect(r.evidence).toEqual({ file: 'src/app.py', line: 5, end_line: 5 });
  });

  it('a missing file or empty glob fails', async () => {
    expect((await patternAbsent({ file: 'src/none.py', pattern: 'x' }, p.ctx())).result).toBe('fail');
    expect((await patternAbsent({ file: 'none/**', pattern: 'x' }, p.ctx())).details).toBe(
      'glob none/** matches no file',
    );
  });

  it('a binary plain path fails', async () => {
    expect(await patternAbsent({ file: 'src/logo.png', pattern: 'x' }, p.ctx())).toEqual({
      result: 'fail',
      details: 'src/logo.png is a binary file',
    });
  });

  it('a pattern that matches the empty string is refused at validation and by the checker', async () => {
    for (const pattern of ['a*', '^', '(x)?', 'x|']) {
      const v = validateParams('pattern_absent', { file: 'src/app.py', pattern });
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.issues[0]?.message).toContain('empty string');
      const r = await patternAbsent({ file: 'src/app.py', pattern }, p.ctx());
      expect(r.result).toBe('error');
    }
    expect(validateParams('pattern_matches', { file: 'src/app.py', pattern: 'a*' }).ok).toBe(true);
    expect(validateParams('pattern_absent', { file: 'src/app.py', pattern: 'a+' }).ok).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternAbsent, patternMatches } from './pattern.js';
import { Project } from './test-fixture.js';

/**
 * Files saved on Windows (CRLF line ends, a UTF-8 byte order mark) hold the same lines as their LF twins: `$` with
 * the `m` flag ends a line before `\r\n`, `^` starts the first line after a BOM, and line numbers stay right.
 */
let p: Project;
beforeAll(() => {
  p = new Project()
    .write('settings.py', 'import os\r\n\r\nDEBUG = True\r\nALLOWED_HOSTS = ["*"]\r\n')
    .write(
      'Program.cs',
      '\uFEFFusing System;\r\nvar builder = WebApplication.CreateBuilder(args);\r\napp.UseHttpsRedirection();\r\n',
    )
    .write('lf.py', 'DEBUG = False\n');
});
afterAll(() => p.remove());

describe('CRLF and BOM files', () => {
  it('pattern_absent does not pass a CRLF file that holds the line', async () => {
    const r = await patternAbsent({ file: 'settings.py', pattern: '^DEBUG = True$', flags: 'm' }, p.ctx());
    expect(r.result, r.details).toBe('fail');
    expect(r.details).toBe('pattern found at settings.py:3');
    expect(r.evidence).toEqual({ file: 'settings.py', line: 3, end_line: 3 });
  });

  it('pattern_matches finds line-anchored patterns in CRLF and BOM files', async () => {
    const end = await patternMatches({ file: '*.py', pattern: 'ALLOWED_HOSTS = \\[.*\\]$', flags: 'm' }, p.ctx());
    expect(end.result, end.details).toBe('pass');
    expect(end.details).toBe('pattern matches at settings.py:4');
    const start = await patternMatches({ file: 'Program.cs', pattern: '^using System;$', flags: 'm' }, p.ctx());
    expect(start.result, start.details).toBe('pass');
    expect(start.evidence).toEqual({ file: 'Program.cs', line: 1, end_line: 1 });
    const scoped = await patternMatches(
      { file: 'Program.cs', pattern: '^app\\.UseHttpsRedirection\\(\\);$', flags: 'm', scope_start: '^var builder' },
      p.ctx(),
    );
    expect(scoped.result, scoped.details).toBe('pass');
    expect(scoped.evidence?.line).toBe(3);
  });

  it('still fails what is really absent', async () => {
    const r = await patternMatches({ file: 'lf.py', pattern: '^DEBUG = True$', flags: 'm' }, p.ctx());
    expect(r.result).toBe('fail');
  });
});

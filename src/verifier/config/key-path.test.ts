import { describe, expect, it } from 'vitest';
import { formatKeyPath, joinSteps, parseKeyPath } from './key-path.js';

describe('parseKeyPath', () => {
  it('splits dotted names and indices', () => {
    expect(parseKeyPath('servers[0].port')).toEqual({
      ok: true,
      steps: [
        { kind: 'name', name: 'servers' },
        { kind: 'index', index: 0 },
        { kind: 'name', name: 'port' },
      ],
    });
    expect(parseKeyPath('a[1][2]')).toMatchObject({ ok: true, steps: [{ name: 'a' }, { index: 1 }, { index: 2 }] });
    expect(parseKeyPath('[3].name')).toMatchObject({ ok: true, steps: [{ index: 3 }, { name: 'name' }] });
  });

  it('keeps quoted segments whole, dots included', () => {
    expect(parseKeyPath('headers."X-Frame-Options"')).toMatchObject({
      ok: true,
      steps: [{ name: 'headers' }, { name: 'X-Frame-Options' }],
    });
    expect(parseKeyPath('configuration."system.web".httpCookies.@requireSSL')).toMatchObject({
      ok: true,
      steps: [{ name: 'configuration' }, { name: 'system.web' }, { name: 'httpCookies' }, { name: '@requireSSL' }],
    });
    expect(parseKeyPath(`a.'b.c'[0]`)).toMatchObject({
      ok: true,
      steps: [{ name: 'a' }, { name: 'b.c' }, { index: 0 }],
    });
    expect(parseKeyPath('"say \\"hi\\""')).toMatchObject({ ok: true, steps: [{ name: 'say "hi"' }] });
  });

  it.each([
    ['', 'empty'],
    ['a..b', 'empty segment'],
    ['.a', 'empty segment'],
    ['a.', 'ends with a dot'],
    ['a."b', 'unterminated quote'],
    ['a[x]', 'not a non-negative integer'],
    ['a[-1]', 'not a non-negative integer'],
    ['a[0', 'unclosed'],
    ['a]b', 'unexpected "]"'],
    ['"a"b', 'unexpected "b"'],
    ['a.""', 'empty quoted segment'],
  ])('rejects %j', (key, why) => {
    const parsed = parseKeyPath(key);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain(why);
      expect(parsed.message).toContain(JSON.stringify(key));
    }
  });

  it('joins steps back into a flat key and formats them for details', () => {
    const parsed = parseKeyPath('servers[0]."a.b".port');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(joinSteps(parsed.steps)).toBe('servers[0].a.b.port');
    expect(joinSteps(parsed.steps, 0, 2)).toBe('servers[0]');
    expect(formatKeyPath(parsed.steps)).toBe('servers[0]."a.b".port');
  });
});

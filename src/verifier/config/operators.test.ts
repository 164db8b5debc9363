import { describe, expect, it } from 'vitest';
import { valueMatches } from './test-project.js';

const yaml = `HSTS_MAX_AGE: 31536000
short_age: 86400
ratio: 0.75
port_text: "8443"
mode: strict
version: "1.10"
enabled: true
nothing: null
list: [a, 1, true]
map: {k: v}
`;
const check = (key: string, operator: Parameters<typeof valueMatches>[3], value: string | number | boolean) =>
  valueMatches('config/security.yaml', yaml, key, operator, value);

describe('config_value_matches operators', () => {
  it('decides the spec example HSTS_MAX_AGE gte "31536000"', async () => {
    const r = await check('HSTS_MAX_AGE', 'gte', '31536000');
    expect(r).toEqual({
      result: 'pass',
      details: 'config/security.yaml:1: HSTS_MAX_AGE is 31536000, which is at least 31536000',
      evidence: { file: 'config/security.yaml', line: 1, end_line: 1 },
    });
    const short = await check('short_age', 'gte', '31536000');
    expect(short.result).toBe('fail');
    expect(short.details).toBe('config/security.yaml:2: short_age is 86400, which is not at least 31536000');
  });

  it.each([
    ['HSTS_MAX_AGE', 'gt', 31535999, 'pass'],
    ['HSTS_MAX_AGE', 'gt', '31536000', 'fail'],
    ['HSTS_MAX_AGE', 'lt', '31536001', 'pass'],
    ['HSTS_MAX_AGE', 'lte', 31536000, 'pass'],
    ['HSTS_MAX_AGE', 'lte', '3.1e7', 'fail'],
    ['ratio', 'gte', '0.5', 'pass'],
    ['ratio', 'lt', 0.5, 'fail'],
    ['port_text', 'gte', 1024, 'pass'],
    ['HSTS_MAX_AGE', 'eq', '31536000', 'pass'],
    ['HSTS_MAX_AGE', 'eq', 31536000, 'pass'],
    ['HSTS_MAX_AGE', 'eq', '31536000.0', 'pass'],
    ['HSTS_MAX_AGE', 'ne', 86400, 'pass'],
    ['HSTS_MAX_AGE', 'eq', true, 'fail'],
    ['port_text', 'eq', 8443, 'pass'],
    ['port_text', 'eq', '8443', 'pass'],
    ['mode', 'eq', 'strict', 'pass'],
    ['mode', 'eq', 'Strict', 'fail'],
    ['mode', 'ne', 'lax', 'pass'],
    ['mode', 'ne', 'strict', 'fail'],
    ['version', 'eq', '1.1', 'fail'],
    ['version', 'eq', '1.10', 'pass'],
    ['enabled', 'eq', true, 'pass'],
    ['enabled', 'eq', 'TRUE', 'pass'],
    ['enabled', 'eq', false, 'fail'],
    ['enabled', 'ne', 'false', 'pass'],
    ['enabled', 'eq', 1, 'fail'],
    ['nothing', 'eq', 'null', 'pass'],
    ['nothing', 'eq', '', 'fail'],
    ['mode', 'matches', '^strict$', 'pass'],
    ['mode', 'matches', '^"strict"$', 'fail'],
    ['HSTS_MAX_AGE', 'matches', '^31536000$', 'pass'],
    ['enabled', 'matches', '^true$', 'pass'],
    ['nothing', 'matches', '^null$', 'pass'],
    ['HSTS_MAX_AGE', 'matches', 31536000, 'pass'],
    ['enabled', 'matches', true, 'pass'],
    ['enabled', 'matches', false, 'fail'],
    ['list', 'matches', '^\\["a",1,true\\]$', 'pass'],
    ['map', 'matches', '^\\{"k":"v"\\}$', 'pass'],
    ['mode', 'in', '["lax", "strict"]', 'pass'],
    ['mode', 'in', '["lax", "none"]', 'fail'],
    ['HSTS_MAX_AGE', 'in', '[31536000, 63072000]', 'pass'],
    ['HSTS_MAX_AGE', 'in', '["31536000"]', 'pass'],
    ['enabled', 'in', '[true]', 'pass'],
    ['nothing', 'in', '[null]', 'pass'],
  ] as const)('%s %s %j → %s', async (key, operator, value, expected) => {
    const r = await check(key, operator, value);
    expect(r.result).toBe(expected);
    expect(r.details).toContain(`config/security.yaml:`);
    expect(r.details).toContain(key);
  });

  it('names the list of in as written', async () => {
    const r = await check('mode', 'in', '["lax","strict"]');
    expect(r.details).toBe('config/security.yaml:5: mode is "strict", which is one of ["lax","strict"]');
    expect((await check('  mode ', 'eq', 'strict')).result).toBe('pass');
  });

  it('fails with a clear message when the value is not numeric for an order operator', async () => {
    const r = await check('mode', 'gt', 3);
    expect(r.result).toBe('fail');
    expect(r.details).toBe('config/security.yaml:5: mode is "strict", which is not a number, so gt cannot hold');
    expect((await check('enabled', 'gte', 0)).details).toContain('not a number');
  });

  it('fails with a clear message when eq meets an object or array', async () => {
    const r = await check('map', 'eq', '{"k":"v"}');
    expect(r.result).toBe('fail');
    expect(r.details).toBe(
      'config/security.yaml:10: map is an object with 1 key, which is not a single value, so eq cannot compare it',
    );
    expect((await check('list', 'ne', 'a')).details).toContain('is an array of 3, which is not a single value');
    expect((await check('list', 'in', '["a"]')).result).toBe('fail');
  });

  it.each([
    ['mode', 'gt', 'abc', 'operator gt needs a numeric value, got "abc"'],
    ['mode', 'lte', true, 'operator lte needs a numeric value, got true'],
    ['mode', 'matches', '(unclosed', 'invalid regex "(unclosed"'],
    ['mode', 'matches', '(?=look)', 'invalid regex'],
    ['mode', 'in', 'strict', 'operator in needs value to be a JSON array'],
    ['mode', 'in', '{"a":1}', 'operator in needs value to be a JSON array'],
    ['mode', 'in', '[["strict"]]', 'the array may hold strings, numbers, booleans, null'],
    ['mode', 'in', 3, 'operator in needs value to be a JSON array'],
  ] as const)('%s %s %j is an error', async (key, operator, value, message) => {
    const r = await check(key, operator, value);
    expect(r.result).toBe('error');
    expect(r.details).toContain(message);
  });
});

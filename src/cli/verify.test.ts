import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { parseParams } from './verify.js';

describe('assay verify: -p key=value', () => {
  it('takes JSON arrays, numbers and booleans as JSON and everything else as text', () => {
    expect(parseParams('function_calls', ['file=a.py', 'caller=f', 'callee=g', 'depth=3'])).toEqual({
      file: 'a.py',
      caller: 'f',
      callee: 'g',
      depth: 3,
    });
    expect(parseParams('no_plaintext_secret', ['file=src/**/*.py', 'patterns=["sk_[a-z]+","x=y"]'])).toEqual({
      file: 'src/**/*.py',
      patterns: ['sk_[a-z]+', 'x=y'],
    });
    expect(parseParams('config_value_matches', ['key=a.b', 'value=true', 'operator=eq'])).toMatchObject({
      value: true,
    });
    expect(parseParams('config_value_matches', ['value=31536000'])).toMatchObject({ value: 31536000 });
    // A JSON string or object is not in the rule: the text is kept as typed.
    expect(parseParams('config_value_matches', ['value="strict"'])).toMatchObject({ value: '"strict"' });
    expect(parseParams('config_value_matches', ['value=null'])).toMatchObject({ value: 'null' });
  });

  it('keeps digits as text where the catalogue wants a string, and splits at the first =', () => {
    expect(parseParams('function_exists', ['file=a.py', 'name=123'])).toEqual({ file: 'a.py', name: '123' });
    expect(parseParams('file_hash', ['expected_hash=0123456789'])).toEqual({ expected_hash: '0123456789' });
    expect(parseParams('pattern_matches', ['pattern=a=b'])).toEqual({ pattern: 'a=b' });
    // A wrong JSON type for a number param stays JSON, so validation names the param.
    expect(parseParams('function_calls', ['depth=[1]'])).toEqual({ depth: [1] });
  });

  it('refuses a pair without a key or given twice', () => {
    expect(() => parseParams('function_exists', ['file'])).toThrow(UsageError);
    expect(() => parseParams('function_exists', ['=x'])).toThrow('param "=x" must be key=value');
    expect(() => parseParams('function_exists', ['name=a', 'name=b'])).toThrow('param name is given twice');
  });
});

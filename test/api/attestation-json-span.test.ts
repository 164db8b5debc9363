import { describe, expect, it } from 'vitest';
import { topLevelMemberSpan } from '../../src/attestation/json-span.js';

/** The scanner that finds the exact bytes of `results` in a request body, without re-serializing. */
const span = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = topLevelMemberSpan(bytes, 'results');
  return s ? bytes.subarray(s.start, s.end).toString('utf8') : null;
};

describe('topLevelMemberSpan', () => {
  it('returns the value exactly as written, whitespace and escapes inside it included', () => {
    expect(span('{"results":[1, 2 ,3]}')).toBe('[1, 2 ,3]');
    expect(span(' {\n "a": {"results": "no"},\n  "results" :\t[ {"x": "]}\\"[{", "é": "✓"} ] \n}\n')).toBe(
      '[ {"x": "]}\\"[{", "é": "✓"} ]',
    );
    expect(span('{"a":"\\"results\\"","results":null}')).toBe('null');
    expect(span('{"results":-1.5e3,"b":true}')).toBe('-1.5e3');
  });

  it('decodes escaped member names the way JSON.parse does', () => {
    expect(span('{"re\\u0073ults":[true]}')).toBe('[true]');
  });

  it('ignores a "results" member nested deeper than the top level', () => {
    expect(span('{"pipeline":{"results":[1]}}')).toBeNull();
  });

  it('refuses ambiguity and anything it does not understand', () => {
    expect(span('{"results":[1],"results":[2]}')).toBeNull();
    expect(span('[{"results":[1]}]')).toBeNull();
    expect(span('{"results":[1]} trailing')).toBeNull();
    expect(span('{"results":[1}')).toBeNull();
    expect(span('{}')).toBeNull();
    expect(span('')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { existsIn } from './fixture.test-util.js';

describe('Rust test frameworks as real crates write them', () => {
  const LIB = `pub fn add(a: u32, b: u32) -> u32 { a + b }

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(1, 2)]
    fn adds_cases(#[case] a: u32, #[case] b: u32) { assert!(add(a, b) > 0); }

    #[quickcheck]
    fn adds_commute(a: u32, b: u32) -> bool { add(a, b) == add(b, a) }

    #[wasm_bindgen_test]
    fn adds_in_wasm() {}

    #[rstest]
    #[ignore]
    fn slow_case() {}

    #[cfg(feature = "x")]
    fn helper() {}
}
`;
  it.each(['adds_cases', 'tests::adds_commute', 'adds_in_wasm'])('counts %s', async (name) => {
    const r = await existsIn('src/lib.rs', LIB, name);
    expect(r.result, r.details).toBe('pass');
  });

  it('still skips ignored ones and plain functions', async () => {
    const ignored = await existsIn('src/lib.rs', LIB, 'slow_case');
    expect(ignored.result).toBe('fail');
    expect(ignored.details).toContain('#[ignore]');
    const helper = await existsIn('src/lib.rs', LIB, 'helper');
    expect(helper.result).toBe('fail');
  });
});

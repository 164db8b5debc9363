import { describe, expect, it } from 'vitest';
import { existsIn } from './fixture.test-util.js';

const GO = `package auth

import "testing"

// func TestInComment(t *testing.T) {}
var s = "func TestInString(t *testing.T) {}"

func TestLogin(t *testing.T) {
	t.Run("rejects expired tokens", func(t *testing.T) {
		t.Run("deep", func(t *testing.T) {})
	})
	t.Run("skipped sub", func(t *testing.T) {
		t.Skip("later")
	})
}

func TestLogoutSkipped(t *testing.T) {
	t.Skipf("flaky on %s", "ci")
}

func Testlowercase(t *testing.T) {}

func TestHelper(x int) {}

func BenchmarkLogin(b *testing.B) {}
`;

describe('test_exists — Go', () => {
  it('finds func TestX(t *testing.T) by name and glob', async () => {
    const r = await existsIn('auth/auth_test.go', GO, 'TestLogin');
    expect(r.result).toBe('pass');
    expect(r.details).toContain('auth/auth_test.go:8');
    expect((await existsIn('auth/auth_test.go', GO, 'TestLog*')).result).toBe('pass');
  });

  it('finds subtests by title, by TestX/name and by the underscored go test name', async () => {
    expect((await existsIn('auth/auth_test.go', GO, 'rejects expired tokens')).result).toBe('pass');
    expect((await existsIn('auth/auth_test.go', GO, 'TestLogin/rejects_expired_tokens')).result).toBe('pass');
    expect((await existsIn('auth/auth_test.go', GO, 'TestLogin/rejects expired tokens/deep')).result).toBe('pass');
    expect((await existsIn('auth/auth_test.go', GO, 'TestLogin > rejects expired tokens')).result).toBe('pass');
  });

  it('does not count a test or subtest whose body starts with t.Skip', async () => {
    const r = await existsIn('auth/auth_test.go', GO, 'TestLogoutSkipped');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('t.Skipf()');
    expect((await existsIn('auth/auth_test.go', GO, 'skipped sub')).details).toContain('t.Skip()');
  });

  it('does not count lowercase Test names, wrong signatures, benchmarks, comments or strings', async () => {
    for (const name of ['Testlowercase', 'TestHelper', 'BenchmarkLogin', 'TestInComment', 'TestInString']) {
      expect((await existsIn('auth/auth_test.go', GO, name)).result).toBe('fail');
    }
  });

  it('only reads _test.go files (go test ignores the rest)', async () => {
    const r = await existsIn('auth/auth.go', GO, 'TestLogin');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('0 tests defined');
  });
});

const RS = `pub fn add(a: i32, b: i32) -> i32 { a + b }

// #[test] fn in_comment() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_two_numbers() {
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    #[ignore = "slow"]
    fn ignored_case() {}

    /// docs between attribute and fn
    #[tokio::test(flavor = "multi_thread")]
    async fn async_case() {}

    #[test_case(1)]
    fn not_a_test_attribute(x: i32) {}

    fn helper() {}
}
`;

describe('test_exists — Rust', () => {
  it('finds #[test] functions by name, module path and glob', async () => {
    const r = await existsIn('src/lib.rs', RS, 'adds_two_numbers');
    expect(r.result).toBe('pass');
    expect(r.evidence).toEqual({ file: 'src/lib.rs', line: 9, end_line: 12 });
    expect((await existsIn('src/lib.rs', RS, 'tests::adds_two_numbers')).result).toBe('pass');
    expect((await existsIn('src/lib.rs', RS, 'tests::*')).result).toBe('pass');
  });

  it('counts any attribute whose last segment is test (#[tokio::test])', async () => {
    expect((await existsIn('src/lib.rs', RS, 'async_case')).result).toBe('pass');
    expect((await existsIn('src/lib.rs', RS, 'not_a_test_attribute')).result).toBe('fail');
  });

  it('does not count #[ignore] tests, helpers or comments', async () => {
    const r = await existsIn('src/lib.rs', RS, 'ignored_case');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('#[ignore]');
    expect((await existsIn('src/lib.rs', RS, 'helper')).result).toBe('fail');
    expect((await existsIn('src/lib.rs', RS, 'in_comment')).result).toBe('fail');
  });

  it('without test_name, counts the runnable tests', async () => {
    const r = await existsIn('src/lib.rs', RS);
    expect(r.result).toBe('pass');
    expect(r.details).toBe('src/lib.rs defines 2 tests (first: `tests > adds_two_numbers` at src/lib.rs:9)');
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { context, project } from './fixture.test-util.js';
import { testPasses } from './test-passes.js';

function has(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const PYTEST = `import pytest

def test_login_ok():
    assert 1 + 1 == 2

def test_login_broken():
    assert 1 == 2

class TestSession:
    def test_expiry(self):
        assert True

    @pytest.mark.parametrize("n", [1, 2, 3])
    def test_param(self, n):
        assert n > 0
`;

describe.skipIf(!has('python3', ['-m', 'pytest', '--version']))(
  'test_passes — pytest (runs for real)',
  { timeout: 60_000 },
  () => {
    const root = project({ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'tests/test_auth.py': PYTEST });

    it('runs a class method by node id and passes', async () => {
      const r = await testPasses({ file: 'tests/test_auth.py', test_name: 'TestSession.test_*' }, context(root));
      expect(r.result).toBe('pass');
      expect(r.details).toContain('4 matching tests ran and passed');
      expect(r.details).toContain(
        'command: python3 -m pytest -p no:cacheprovider -q --junitxml=<report> tests/test_auth.py::TestSession::test_expiry tests/test_auth.py::TestSession::test_param',
      );
    });

    it('fails with the failing test name', async () => {
      const r = await testPasses({ file: 'tests/test_auth.py', test_name: 'test_login_*' }, context(root));
      expect(r.result).toBe('fail');
      expect(r.details).toContain('pytest failed (exit code 1), failing: tests.test_auth::test_login_broken');
    });

    it('fails when no test matches', async () => {
      const r = await testPasses({ file: 'tests/test_auth.py', test_name: 'test_logout' }, context(root));
      expect(r.result).toBe('fail');
      expect(r.details).toContain('no matching test ran');
    });
  },
);

const UNITTEST = `import unittest

class AuthCase(unittest.TestCase):
    def test_token(self):
        self.assertTrue(True)

    def test_refresh(self):
        self.assertEqual(1, 2)

if __name__ == "__main__":
    unittest.main()
`;

describe.skipIf(!has('python3', ['--version']))('test_passes — unittest (runs for real)', { timeout: 60_000 }, () => {
  const root = project({ 'tests/__init__.py': '', 'tests/test_auth.py': UNITTEST });

  it('uses python -m unittest when nothing points at pytest', async () => {
    const r = await testPasses({ file: 'tests/test_auth.py', test_name: 'AuthCase.test_token' }, context(root));
    expect(r.result).toBe('pass');
    expect(r.details).toContain('1 matching test ran and passed');
    expect(r.details).toContain('command: python3 -m unittest -v tests.test_auth.AuthCase.test_token');
  });

  it('reports the failing unittest', async () => {
    const r = await testPasses({ file: 'tests/test_auth.py' }, context(root));
    expect(r.result).toBe('fail');
    expect(r.details).toContain('unittest failed (exit code 1), failing: tests.test_auth.AuthCase.test_refresh');
  });
});

const LIB_RS = `pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_two_numbers() {
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    fn broken_addition() {
        assert_eq!(add(1, 1), 3);
    }

    #[test]
    #[ignore]
    fn ignored_case() {}
}
`;

describe.skipIf(!has('cargo', ['--version']))(
  'test_passes — cargo test (runs for real, offline, no dependencies)',
  { timeout: 240_000 },
  () => {
    const root = project({
      'Cargo.toml': '[package]\nname = "assay_fixture"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
      'src/lib.rs': LIB_RS,
    });

    it('runs a #[test] by its module path and passes', async () => {
      const r = await testPasses({ file: 'src/lib.rs', test_name: 'adds_two_numbers' }, context(root));
      expect(r.result).toBe('pass');
      expect(r.details).toContain('1 matching test ran and passed');
      expect(r.details).toContain('command: cargo test --manifest-path Cargo.toml --lib -- tests::adds_two_numbers');
    });

    it('fails with the failing test name', async () => {
      const r = await testPasses({ file: 'src/lib.rs', test_name: 'tests::broken_*' }, context(root));
      expect(r.result).toBe('fail');
      expect(r.details).toContain('failing: tests::broken_addition');
    });

    it('an ignored test is never selected', async () => {
      const r = await testPasses({ file: 'src/lib.rs', test_name: 'ignored_case' }, context(root));
      expect(r.result).toBe('fail');
      expect(r.details).toContain('is skipped (#[ignore])');
    });
  },
);

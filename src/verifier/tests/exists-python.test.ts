import { describe, expect, it } from 'vitest';
import { existsIn } from './fixture.test-util.js';

const PY = `import pytest
import unittest

def helper():
    "def test_in_string(): pass"
    # def test_in_comment(): pass

def test_login_ok():
    assert True

async def test_logout_clears_session():
    assert True

@pytest.mark.skip(reason="flaky")
def test_logout_skipped():
    pass

@pytest.mark.skipif(True, reason="ci only")
def test_conditional():
    pass

def test_starts_with_skip():
    """Docstring first."""
    pytest.skip("not yet")

class TestSession:
    def test_expiry(self):
        pass
    def helper_test(self):
        pass
    class TestNested:
        def test_deep(self):
            pass

@unittest.skip("broken")
class TestDisabled(unittest.TestCase):
    def test_never(self):
        pass

class AuthCase(unittest.TestCase):
    def testRefresh(self):
        self.skipTest("later")
    def test_token(self):
        pass

class Helpers:
    def test_not_collected(self):
        pass
`;

describe('test_exists — Python (pytest / unittest)', () => {
  it('finds a module-level test function by exact name', async () => {
    const r = await existsIn('tests/test_auth.py', PY, 'test_login_ok');
    expect(r.result).toBe('pass');
    expect(r.details).toContain('tests/test_auth.py:8');
    expect(r.evidence).toEqual({ file: 'tests/test_auth.py', line: 8, end_line: 9 });
  });

  it('matches a name glob against async tests and ignores skipped ones', async () => {
    const r = await existsIn('tests/test_auth.py', PY, 'test_logout_*');
    expect(r.result).toBe('pass');
    expect(r.details).toContain('test_logout_clears_session');
  });

  it('does not count @pytest.mark.skip, but counts skipif', async () => {
    const skipped = await existsIn('tests/test_auth.py', PY, 'test_logout_skipped');
    expect(skipped.result).toBe('fail');
    expect(skipped.details).toContain('@pytest.mark.skip');
    expect((await existsIn('tests/test_auth.py', PY, 'test_conditional')).result).toBe('pass');
  });

  it('does not count a body that starts with pytest.skip() or self.skipTest()', async () => {
    const r = await existsIn('tests/test_auth.py', PY, 'test_starts_with_skip');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('pytest.skip()');
    expect((await existsIn('tests/test_auth.py', PY, 'testRefresh')).details).toContain('self.skipTest()');
  });

  it('finds methods of Test classes and unittest.TestCase subclasses, nested classes and qualified names', async () => {
    expect((await existsIn('tests/test_auth.py', PY, 'test_expiry')).result).toBe('pass');
    expect((await existsIn('tests/test_auth.py', PY, 'TestSession.test_expiry')).result).toBe('pass');
    expect((await existsIn('tests/test_auth.py', PY, 'TestSession > TestNested > test_deep')).result).toBe('pass');
    expect((await existsIn('tests/test_auth.py', PY, 'TestNested::test_deep')).result).toBe('pass');
    expect((await existsIn('tests/test_auth.py', PY, 'AuthCase.test_token')).result).toBe('pass');
    expect((await existsIn('tests/test_auth.py', PY, 'Other.test_token')).result).toBe('fail');
  });

  it('does not count a class-level skip, non-test classes, or names in strings and comments', async () => {
    const r = await existsIn('tests/test_auth.py', PY, 'test_never');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('@unittest.skip');
    expect((await existsIn('tests/test_auth.py', PY, 'test_not_collected')).result).toBe('fail');
    expect((await existsIn('tests/test_auth.py', PY, 'test_in_string')).result).toBe('fail');
    expect((await existsIn('tests/test_auth.py', PY, 'test_in_comment')).result).toBe('fail');
    expect((await existsIn('tests/test_auth.py', PY, 'helper_test')).result).toBe('fail');
  });

  it('without test_name, passes when the file defines a runnable test', async () => {
    const r = await existsIn('tests/test_auth.py', PY);
    expect(r.result).toBe('pass');
    expect(r.details).toMatch(/tests\/test_auth.py defines \d+ tests \(first: `test_login_ok`/);
  });

  it('fails for a file whose tests are all skipped by pytestmark', async () => {
    const src = 'import pytest\npytestmark = pytest.mark.skip(reason="x")\n\ndef test_a():\n    pass\n';
    const r = await existsIn('tests/test_x.py', src);
    expect(r.result).toBe('fail');
    expect(r.details).toContain('no test that runs');
    expect(r.details).toContain('pytestmark skip');
  });

  it('fails for a file with no tests at all', async () => {
    const r = await existsIn('tests/conftest.py', 'import pytest\n\n@pytest.fixture\ndef client():\n    return 1\n');
    expect(r.result).toBe('fail');
    expect(r.details).toBe('tests/conftest.py defines no test that runs');
  });
});

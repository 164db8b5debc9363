import { describe, expect, it } from 'vitest';
import { existsIn } from './fixture.test-util.js';

const JAVA = `package com.acme.auth;

import org.junit.jupiter.api.*;

class AuthServiceTest {
  // @Test void inComment() {}
  @Test
  void rejectsExpiredTokens() {}

  @org.junit.jupiter.api.Test
  @Disabled("flaky")
  void disabledCase() {}

  @ParameterizedTest
  @ValueSource(strings = {"a"})
  void parameterized(String s) {}

  @RepeatedTest(3) void repeated() {}

  @TestFactory Stream<DynamicTest> factory() { return null; }

  void helperMethod() {}

  @Nested
  class WhenLoggedOut {
    @Test void redirects() {}
  }
}

@Disabled
class LegacyTest {
  @Test void old() {}
}

class LegacyJUnit3Test extends junit.framework.TestCase {
  public void testLegacyLogin() {}
  public void helper() {}
}

class TestNgTest {
  @Test(enabled = false) public void off() {}
}
`;

describe('test_exists — Java (JUnit 3/4/5, TestNG)', () => {
  it.each(['rejectsExpiredTokens', 'parameterized', 'repeated', 'factory', 'redirects', 'testLegacyLogin'])(
    'finds %s',
    async (name) => {
      const r = await existsIn('src/test/java/AuthServiceTest.java', JAVA, name);
      expect(r.result).toBe('pass');
      expect(r.details).toContain(name);
    },
  );

  it('matches Class.method and nested class paths', async () => {
    const f = 'src/test/java/AuthServiceTest.java';
    expect((await existsIn(f, JAVA, 'AuthServiceTest.rejectsExpiredTokens')).result).toBe('pass');
    expect((await existsIn(f, JAVA, 'AuthServiceTest.WhenLoggedOut.redirects')).result).toBe('pass');
    expect((await existsIn(f, JAVA, 'WhenLoggedOut.redirects')).result).toBe('pass');
    expect((await existsIn(f, JAVA, 'LegacyTest.rejectsExpiredTokens')).result).toBe('fail');
  });

  it.each([
    ['disabledCase', '@Disabled'],
    ['old', '@Disabled'],
    ['off', '@Test(enabled = false)'],
  ])('does not count disabled test %s', async (name, reason) => {
    const r = await existsIn('src/test/java/AuthServiceTest.java', JAVA, name);
    expect(r.result).toBe('fail');
    expect(r.details).toContain(reason);
  });

  it('does not count helpers or comments', async () => {
    for (const name of ['helperMethod', 'helper', 'inComment']) {
      expect((await existsIn('src/test/java/AuthServiceTest.java', JAVA, name)).result).toBe('fail');
    }
  });
});

const CS = `using Xunit;
namespace Acme.Tests;

public class AuthTests
{
    // [Fact] public void InComment() {}
    [Fact]
    public void RejectsExpiredTokens() {}

    [Fact(Skip = "flaky")]
    public void SkippedFact() {}

    [Theory]
    [InlineData(1)]
    public async Task TheoryCase(int x) {}

    [NUnit.Framework.TestAttribute]
    public void NUnitQualified() {}

    [Test, Ignore("later")]
    public void IgnoredNUnit() {}

    [TestCase(1), TestCase(2)]
    public void Cases(int x) {}

    [TestMethod]
    public void MsTest() {}

    public void Helper() {}
}

[Ignore]
public class DisabledTests
{
    [TestMethod] public void Never() {}
}
`;

describe('test_exists — C# (xUnit, NUnit, MSTest)', () => {
  it.each(['RejectsExpiredTokens', 'TheoryCase', 'NUnitQualified', 'Cases', 'MsTest', 'AuthTests.MsTest'])(
    'finds %s',
    async (name) => {
      expect((await existsIn('tests/AuthTests.cs', CS, name)).result).toBe('pass');
    },
  );

  it.each([
    ['SkippedFact', '[Fact(Skip = …)]'],
    ['IgnoredNUnit', '[Ignore]'],
    ['Never', '[Ignore]'],
  ])('does not count skipped test %s', async (name, reason) => {
    const r = await existsIn('tests/AuthTests.cs', CS, name);
    expect(r.result).toBe('fail');
    expect(r.details).toContain(reason);
  });

  it('does not count helpers or comments', async () => {
    expect((await existsIn('tests/AuthTests.cs', CS, 'Helper')).result).toBe('fail');
    expect((await existsIn('tests/AuthTests.cs', CS, 'InComment')).result).toBe('fail');
  });
});

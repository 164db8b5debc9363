import { describe, expect, it } from 'vitest';
import { existsIn } from './fixture.test-util.js';

const SPEC = `require "rails_helper"

# it "in a comment" do end
RSpec.describe SessionsController, type: :request do
  describe "DELETE /logout" do
    it "clears the session" do
      expect(session).to be_empty
    end

    it "is pending without a block"
    xit "is x-skipped" do
    end
    it "has skip metadata", skip: "later" do
    end
    it "skips in the body" do
      skip "not yet"
    end
    specify { expect(1).to eq(1) }
  end

  xcontext "legacy" do
    it "never runs" do
    end
  end
end
`;

describe('test_exists — Ruby (RSpec, Minitest, Rails)', () => {
  it('matches an RSpec example by title and by full path', async () => {
    const r = await existsIn('spec/requests/sessions_spec.rb', SPEC, 'clears the session');
    expect(r.result).toBe('pass');
    expect(r.details).toContain('SessionsController > DELETE /logout > clears the session');
    expect(r.evidence?.line).toBe(6);
    const full = 'SessionsController > DELETE /logout > clears the session';
    expect((await existsIn('spec/requests/sessions_spec.rb', SPEC, full)).result).toBe('pass');
    expect((await existsIn('spec/requests/sessions_spec.rb', SPEC, 'DELETE /logout')).result).toBe('pass');
  });

  it.each([
    ['is pending without a block', 'pending'],
    ['is x-skipped', 'xit'],
    ['has skip metadata', 'skip metadata'],
    ['skips in the body', 'skip'],
    ['never runs', 'xcontext'],
    ['legacy', 'xcontext'],
    ['in a comment', ''],
  ])('does not count %s', async (name, reason) => {
    const r = await existsIn('spec/requests/sessions_spec.rb', SPEC, name);
    expect(r.result).toBe('fail');
    expect(r.details).toContain(reason);
  });

  it('finds Minitest def test_* and Rails test "name" blocks', async () => {
    const rb = `require "test_helper"
class SessionTest < ActiveSupport::TestCase
  test "logs out the user" do
    assert true
  end

  def test_refresh
    assert true
  end

  def test_skipped
    skip "flaky"
  end

  def helper_test_thing; end
end
`;
    expect((await existsIn('test/session_test.rb', rb, 'logs out the user')).result).toBe('pass');
    expect((await existsIn('test/session_test.rb', rb, 'test_logs_out_the_user')).result).toBe('pass');
    expect((await existsIn('test/session_test.rb', rb, 'SessionTest#test_refresh')).result).toBe('pass');
    expect((await existsIn('test/session_test.rb', rb, 'test_refresh')).result).toBe('pass');
    expect((await existsIn('test/session_test.rb', rb, 'test_skipped')).details).toContain('is skipped (skip)');
    expect((await existsIn('test/session_test.rb', rb, 'helper_test_thing')).result).toBe('fail');
  });
});

const PHP = `<?php
namespace App\\Tests;

use PHPUnit\\Framework\\TestCase;
use PHPUnit\\Framework\\Attributes\\Test;

final class AuthTest extends TestCase
{
    // public function testInComment() {}
    public function testRejectsExpiredTokens(): void
    {
        $this->assertTrue(true);
    }

    #[Test]
    public function logout_clears_session(): void {}

    /** @test */
    public function refresh_rotates_token(): void {}

    public function testSkipped(): void
    {
        $this->markTestSkipped('later');
    }

    private function testPrivateHelper(): void {}

    public function helper(): void {}
}
`;

describe('test_exists — PHP (PHPUnit, Pest)', () => {
  it.each(['testRejectsExpiredTokens', 'logout_clears_session', 'refresh_rotates_token', 'AuthTest::logout_*'])(
    'finds %s',
    async (name) => {
      expect((await existsIn('tests/AuthTest.php', PHP, name)).result).toBe('pass');
    },
  );

  it('does not count markTestSkipped, private or non-test methods, comments', async () => {
    const r = await existsIn('tests/AuthTest.php', PHP, 'testSkipped');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('markTestSkipped()');
    for (const name of ['testPrivateHelper', 'helper', 'testInComment']) {
      expect((await existsIn('tests/AuthTest.php', PHP, name)).result).toBe('fail');
    }
  });

  it('finds Pest tests in describe blocks and ignores ->skip() / ->todo()', async () => {
    const pest = `<?php
describe('auth', function () {
    it('rejects expired tokens', function () {
        expect(true)->toBeTrue();
    });
    test('skipped one', function () {})->skip();
    it('todo one')->todo();
});
`;
    expect((await existsIn('tests/Feature/AuthTest.php', pest, 'auth > rejects expired tokens')).result).toBe('pass');
    expect((await existsIn('tests/Feature/AuthTest.php', pest, 'it rejects expired tokens')).result).toBe('pass');
    expect((await existsIn('tests/Feature/AuthTest.php', pest, 'skipped one')).details).toContain('->skip()');
    expect((await existsIn('tests/Feature/AuthTest.php', pest, 'todo one')).result).toBe('fail');
  });
});

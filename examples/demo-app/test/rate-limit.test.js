import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomText, startApp } from './helpers.js';

let app;
before(async () => {
  app = await startApp();
});
after(() => app.close());

test('blocks login attempts over rateLimit.max until the window ends', async () => {
  const { max, windowSeconds } = app.config.rateLimit;
  for (let i = 0; i < max; i++) assert.equal((await app.login(randomText())).status, 401);
  const blocked = await app.login();
  assert.equal(blocked.status, 429, 'even the right password is refused while blocked');
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  app.clock.now += windowSeconds * 1000;
  assert.equal((await app.login()).status, 200);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp } from './helpers.js';

let app;
before(async () => {
  app = await startApp();
});
after(() => app.close());

test('sets security headers on every response', async () => {
  for (const path of ['/health', '/api/notes', '/nowhere']) {
    const res = await app.request(path);
    assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  }
});

test('sets an HttpOnly, SameSite=Strict, Secure session cookie', async () => {
  const cookie = (await app.login()).headers.get('set-cookie');
  assert.match(cookie, /^session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600; Secure$/);
});

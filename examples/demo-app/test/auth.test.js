import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashPassword, verifyPassword } from '../src/passwords.js';
import { signToken, verifyToken } from '../src/session.js';
import { randomText, startApp } from './helpers.js';

let app;
before(async () => {
  app = await startApp();
});
after(() => app.close());

test('hashes passwords with scrypt and a salt', async () => {
  const password = randomText();
  const [a, b] = [await hashPassword(password), await hashPassword(password)];
  assert.match(a, /^scrypt\$/);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword(password, a), true);
  assert.equal(await verifyPassword(`${password}x`, a), false);
});

test('rejects a wrong password', async () => {
  const res = await app.login(randomText());
  assert.equal(res.status, 401);
});

test('requires a session on every API route', async () => {
  for (const path of ['/api/me', '/api/notes']) assert.equal((await app.request(path)).status, 401);
  const { token } = await (await app.login()).json();
  const created = await app.request('/api/notes', { method: 'POST', token, body: { text: 'hello' } });
  assert.equal(created.status, 201);
  const res = await app.request('/api/notes', { token });
  assert.deepEqual(await res.json(), { notes: [{ id: 1, text: 'hello' }] });
});

test('rejects expired tokens', async () => {
  const secret = app.config.sessionSecret;
  const issuedAt = Date.now() - 2 * 3600 * 1000;
  const token = signToken({ sub: 'alice@example.com' }, secret, 3600, issuedAt);
  assert.equal(verifyToken(token, secret), null);
  assert.equal((await app.request('/api/me', { token })).status, 401);
  // a fresh token expires after session.ttlSeconds
  const { token: fresh } = await (await app.login()).json();
  assert.equal((await app.request('/api/me', { token: fresh })).status, 200);
  app.clock.now += (app.config.session.ttlSeconds + 1) * 1000;
  assert.equal((await app.request('/api/me', { token: fresh })).status, 401);
  app.clock.now = Date.now();
});

test('rejects tampered tokens', async () => {
  const secret = app.config.sessionSecret;
  const token = signToken({ sub: 'alice@example.com' }, secret, 3600);
  const [body, signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ sub: 'mallory@example.com', exp: 4e9 })).toString('base64url');
  assert.equal(verifyToken(`${forged}.${signature}`, secret), null);
  assert.equal(verifyToken(`${body}.${signature}`, randomText() + randomText()), null);
  assert.equal((await app.request('/api/me', { token: `${forged}.${signature}` })).status, 401);
});

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createUserStore } from '../src/users.js';

export const randomText = () => randomBytes(16).toString('hex');

/** The app on a random port with one user and a clock the test controls. */
export async function startApp() {
  const config = loadConfig(randomText() + randomText());
  const users = createUserStore();
  const user = { email: 'alice@example.com', password: randomText() };
  await users.add(user.email, user.password);
  const clock = { now: Date.now() };
  const server = http.createServer(createApp({ config, users, now: () => clock.now }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const request = (path, { method = 'GET', body, token } = {}) =>
    fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const login = (password = user.password) =>
    request('/api/login', { method: 'POST', body: { email: user.email, password } });
  return { config, user, clock, request, login, close: () => new Promise((r) => server.close(r)) };
}

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createUserStore } from './users.js';

const config = loadConfig();
const users = createUserStore();
const email = 'alice@example.com';
const generated = !process.env.DEMO_USER_PASSWORD;
const initialPassword = process.env.DEMO_USER_PASSWORD || randomBytes(12).toString('base64url');
await users.add(email, initialPassword);

const port = Number(process.env.PORT) || config.port;
const server = http.createServer(createApp({ config, users }));
server.listen(port, '127.0.0.1', () => {
  console.log(`notes API on http://127.0.0.1:${port}`);
  console.log(
    `log in as ${email} with ${generated ? `the generated password ${initialPassword}` : 'DEMO_USER_PASSWORD'}`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));

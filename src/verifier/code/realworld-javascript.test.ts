import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from Express, Fastify and Next.js projects, written fresh for these tests.

describe('real-world JavaScript: Express app, routers and CommonJS exports', () => {
  const text = `'use strict';
const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const rateLimit = require('express-rate-limit');
const { body, validationResult } = require('express-validator');
const jwt = require('jsonwebtoken');
const { authenticate, requireRole } = require('./middleware/auth');

const app = express();
const router = express.Router();
const { JWT_SECRET, NODE_ENV = 'development' } = process.env;
const port = process.env.PORT || 3000;

app.use(helmet({ contentSecurityPolicy: false }));
app.use(cors({ origin: process.env['CORS_ORIGIN'] }));
app.use('/api', rateLimit({ windowMs: 60000, max: 100 }));
app.use('/api', authenticate, router);
router.use(requireRole('admin'));
app.disable('x-powered-by');

const verifyToken = (req, res, next) => {
  const header = req.headers.authorization;
  if (!header) return res.status(401).json({ error: 'missing token' });
  try {
    req.user = jwt.verify(header.split(' ')[1], JWT_SECRET);
    next();
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) return res.status(401).end();
    next(err);
  }
};

router.post('/users', verifyToken, body('email').isEmail(), async (req, res) => {
  const errors = validationResult(req);
  if (!errors.isEmpty()) return res.status(400).json({ errors: errors.array() });
  res.set('Cache-Control', 'no-store');
  res.setHeader('X-Request-Id', req.id);
  res.header('Access-Control-Allow-Origin', '*');
  res.status(201).json(await createUser(req.body));
});

async function createUser(data) {
  return db.users.insert(data);
}

module.exports.verifyToken = verifyToken;
exports.handler = async function (event) {
  return { statusCode: 200, headers: { 'Strict-Transport-Security': 'max-age=31536000' } };
};
module.exports = { app, createUser, ping() { return 'pong'; } };
`;
  cases('src/app.js', text, [
    ['function_exists', { name: 'verifyToken' }, 'pass'],
    ['function_exists', { name: 'createUser' }, 'pass'],
    ['function_exists', { name: 'handler' }, 'pass'],
    ['function_exists', { name: 'ping' }, 'pass'],
    ['function_exists', { name: 'authenticate' }, 'fail'],
    ['function_calls', { caller: 'verifyToken', callee: 'jwt.verify' }, 'pass'],
    ['function_calls', { caller: 'verifyToken', callee: 'next' }, 'pass'],
    ['function_calls', { caller: 'createUser', callee: 'insert' }, 'pass'],
    ['function_calls', { caller: 'createUser', callee: 'verify' }, 'fail'],
    ['error_handled', { function: 'verifyToken' }, 'pass'],
    ['error_handled', { function: 'verifyToken', exception: 'TokenExpiredError' }, 'pass'],
    ['error_handled', { function: 'verifyToken', exception: 'SyntaxError' }, 'fail'],
    ['error_handled', { function: 'createUser' }, 'fail'],
    ['parameter_validated', { function: 'verifyToken', parameter: 'req' }, 'pass'],
    ['import_present', { module: 'express' }, 'pass'],
    ['import_present', { module: 'express-validator', name: 'body' }, 'pass'],
    ['import_present', { module: 'express-validator', name: 'check' }, 'fail'],
    ['import_present', { module: './middleware/auth', name: 'authenticate' }, 'pass'],
    ['import_present', { module: 'helmet' }, 'pass'],
    ['import_present', { module: 'express-session' }, 'fail'],
    ['env_var_referenced', { variable: 'JWT_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'NODE_ENV' }, 'pass'],
    ['env_var_referenced', { variable: 'PORT' }, 'pass'],
    ['env_var_referenced', { variable: 'CORS_ORIGIN' }, 'pass'],
    ['env_var_referenced', { variable: 'HOME' }, 'fail'],
    ['middleware_registered', { middleware: 'helmet' }, 'pass'],
    ['middleware_registered', { middleware: 'cors' }, 'pass'],
    ['middleware_registered', { middleware: 'rateLimit' }, 'pass'],
    ['middleware_registered', { middleware: 'authenticate' }, 'pass'],
    ['middleware_registered', { middleware: 'requireRole' }, 'pass'],
    ['middleware_registered', { middleware: 'verifyToken' }, 'pass'],
    ['middleware_registered', { middleware: 'createUser' }, 'fail'],
    ['middleware_registered', { middleware: 'jwt' }, 'fail'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'X-Request-Id' }, 'pass'],
    ['http_header_set', { header: 'access-control-allow-origin' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'pass'],
    ['http_header_set', { header: 'Authorization' }, 'fail'],
  ]);
});

describe('real-world JavaScript: ES modules, Fastify plugins and Next.js handlers', () => {
  const text = `import Fastify from 'fastify';
import fastifyJwt from '@fastify/jwt';
import helmet from '@fastify/helmet';
import * as Sentry from '@sentry/node';

const fastify = Fastify({ logger: true });
await fastify.register(helmet, { global: true });
fastify.register(fastifyJwt, { secret: process.env.JWT_SECRET });
fastify.addHook('onRequest', async (request, reply) => {
  try {
    await request.jwtVerify();
  } catch (err) {
    reply.send(err);
  }
});

fastify.get('/health', { onRequest: [fastify.authenticate] }, async (request, reply) => {
  reply.header('X-Frame-Options', 'DENY').code(200);
  return { ok: true };
});

export default async function handler(req, res) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', ['POST']);
    return res.status(405).end();
  }
  res.status(200).json({ key: import.meta.env.VITE_API_KEY });
}

export async function show(req, res) {
  const item = await db.items.find(req.params.id);
  if (!item) return res.status(404).end();
  res.json(item);
}

export const login = async (req, res) => {
  const { email, password } = req.body;
  if (!email || !password) return res.status(400).json({ error: 'missing credentials' });
  res.json(await signIn(email, password));
};

export const config = { api: { bodyParser: false } };
export async function getServerSideProps(context) {
  const session = await getSession(context);
  if (!session) return { redirect: { destination: '/login', permanent: false } };
  return { props: { session } };
}

export const GET = async (request) => {
  const res = await fetch(process.env.UPSTREAM_URL);
  return new Response(await res.text(), { headers: { 'Content-Type': 'text/plain' } });
};
`;
  cases('pages/api/login.js', text, [
    ['function_exists', { name: 'handler' }, 'pass'],
    ['function_exists', { name: 'getServerSideProps' }, 'pass'],
    ['function_exists', { name: 'GET' }, 'pass'],
    ['function_exists', { name: 'config' }, 'fail'],
    ['function_calls', { caller: 'getServerSideProps', callee: 'getSession' }, 'pass'],
    ['function_calls', { caller: 'GET', callee: 'fetch' }, 'pass'],
    ['function_calls', { caller: 'handler', callee: 'setHeader' }, 'pass'],
    ['parameter_validated', { function: 'handler', parameter: 'req' }, 'pass'],
    ['import_present', { module: '@fastify/jwt' }, 'pass'],
    ['import_present', { module: '@fastify/jwt', name: 'fastifyJwt' }, 'pass'],
    ['import_present', { module: '@sentry/node', name: 'Sentry' }, 'pass'],
    ['import_present', { module: '@sentry/node', name: 'captureException' }, 'fail'],
    ['import_present', { module: '@fastify/cookie' }, 'fail'],
    ['env_var_referenced', { variable: 'JWT_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'VITE_API_KEY' }, 'pass'],
    ['env_var_referenced', { variable: 'UPSTREAM_URL' }, 'pass'],
    ['middleware_registered', { middleware: 'helmet' }, 'pass'],
    ['middleware_registered', { middleware: 'fastifyJwt' }, 'pass'],
    ['middleware_registered', { middleware: 'authenticate' }, 'pass'],
    ['middleware_registered', { middleware: 'Sentry' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: '^DENY$' }, 'pass'],
    ['http_header_set', { header: 'Allow' }, 'pass'],
    ['http_header_set', { header: 'Content-Type' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'ALLOW-FROM' }, 'fail'],
    ['parameter_validated', { function: 'show', parameter: 'req' }, 'fail'],
    ['parameter_validated', { function: 'login', parameter: 'req' }, 'pass'],
    ['parameter_validated', { function: 'login', parameter: 'res' }, 'fail'],
  ]);
});

describe('real-world JavaScript: CommonJS middleware modules, Koa and classes', () => {
  const text = `const Koa = require('koa');
const Router = require('@koa/router');
const session = require('express-session');

module.exports = function requireLogin(req, res, next) {
  if (!req.session || !req.session.userId) {
    return res.sendStatus(401);
  }
  next();
};

class AuthService {
  #secret = process.env.AUTH_SECRET;

  static async create(opts = {}) {
    return new AuthService(opts);
  }

  get ttl() { return Number(process.env.TOKEN_TTL ?? 3600); }

  async login(user, password) {
    const ok = await this.#compare(password, user.hash);
    if (!ok) throw new Error('invalid credentials');
    return this.sign(user);
  }

  async #compare(a, b) { return bcrypt.compare(a, b); }
}

const app = new Koa();
const router = new Router();
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true } }));
app.use(async (ctx, next) => {
  ctx.set('X-Frame-Options', 'DENY');
  await next();
});
router.get('/me', requireAuth, async (ctx) => {
  ctx.body = ctx.state.user;
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(process.env.PORT);
res.writeHead(200, { 'Content-Type': 'text/html', 'X-XSS-Protection': '0' });
`;
  cases('lib/auth.js', text, [
    ['function_exists', { name: 'requireLogin' }, 'pass'],
    ['function_exists', { name: 'AuthService.create' }, 'pass'],
    ['function_exists', { name: 'AuthService.login' }, 'pass'],
    ['function_exists', { name: 'ttl' }, 'pass'],
    ['function_exists', { name: 'compare' }, 'pass'],
    ['function_calls', { caller: 'login', callee: 'compare' }, 'pass'],
    ['function_calls', { caller: 'login', callee: 'sign' }, 'pass'],
    ['function_calls', { caller: 'login', callee: 'bcrypt.compare', depth: 2 }, 'pass'],
    ['parameter_validated', { function: 'requireLogin', parameter: 'req' }, 'pass'],
    ['parameter_validated', { function: 'login', parameter: 'password' }, 'fail'],
    ['env_var_referenced', { variable: 'AUTH_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'TOKEN_TTL' }, 'pass'],
    ['env_var_referenced', { variable: 'SESSION_SECRET' }, 'pass'],
    ['middleware_registered', { middleware: 'session' }, 'pass'],
    ['middleware_registered', { middleware: 'requireAuth' }, 'pass'],
    ['middleware_registered', { middleware: 'routes' }, 'pass'],
    ['middleware_registered', { middleware: 'allowedMethods' }, 'pass'],
    ['middleware_registered', { middleware: 'requireLogin' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Content-Type' }, 'pass'],
    ['http_header_set', { header: 'X-XSS-Protection', value_pattern: '^0$' }, 'pass'],
    ['import_present', { module: '@koa/router' }, 'pass'],
    ['import_present', { module: 'express-session' }, 'pass'],
  ]);
});

describe('real-world JavaScript: named function expressions are not double-counted', () => {
  const text = `const verify = function verify(token) { return token; };
exports.check = function check(req) { return verify(req.token); };
const handlers = { list: function list() { return []; } };
app.use(function requestLogger(req, res, next) { next(); });
const anonymous = function () {};
`;
  cases('lib/handlers.js', text, [
    ['function_exists', { name: 'verify' }, 'pass'],
    ['function_exists', { name: 'check' }, 'pass'],
    ['function_exists', { name: 'handlers.list' }, 'pass'],
    ['function_exists', { name: 'requestLogger' }, 'pass'],
    ['function_exists', { name: 'anonymous' }, 'pass'],
    ['function_calls', { caller: 'check', callee: 'verify' }, 'pass'],
    ['middleware_registered', { middleware: 'requestLogger' }, 'pass'],
  ]);
});

describe('real-world JavaScript: near misses that must not pass', () => {
  const text = `async function sync(ids) {
  const valid = ids.filter(validate);
  const res = await fetch(url, { headers: { 'X-Frame-Options': 'DENY', Authorization: token } });
  axios.defaults.headers.common['X-Requested-With'] = 'XMLHttpRequest';
  const name = 'process.env.FAKE_VAR';
  // app.use(commentedMiddleware)
  router.get('/public', publicHandler);
  return valid;
}
`;
  cases('src/sync.js', text, [
    ['function_calls', { caller: 'sync', callee: 'validate' }, 'fail'],
    ['function_calls', { caller: 'sync', callee: 'fetch' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options' }, 'fail'],
    ['http_header_set', { header: 'X-Requested-With' }, 'fail'],
    ['env_var_referenced', { variable: 'FAKE_VAR' }, 'fail'],
    ['middleware_registered', { middleware: 'commentedMiddleware' }, 'fail'],
    ['middleware_registered', { middleware: 'publicHandler' }, 'fail'],
  ]);
});

describe('real-world JavaScript: CORS and Fastify auth composition', () => {
  const text = `import cors from '@fastify/cors';
import fastifyAuth from '@fastify/auth';

await fastify.register(cors, { origin: 'https://app.example.com', credentials: true });
await fastify.register(fastifyAuth);
fastify.addHook('preHandler', fastify.auth([fastify.verifyJWT, verifyApiKey], { relation: 'or' }));
expressApp.use(corsMiddleware({ origin: allowList }));
`;
  cases('src/server.js', text, [
    [
      'http_header_set',
      { header: 'Access-Control-Allow-Origin', value_pattern: '^https://app\\.example\\.com$' },
      'pass',
    ],
    ['http_header_set', { header: 'Access-Control-Allow-Origin', value_pattern: '^\\*$' }, 'fail'],
    ['middleware_registered', { middleware: 'cors' }, 'pass'],
    ['middleware_registered', { middleware: 'verifyApiKey' }, 'pass'],
    ['middleware_registered', { middleware: 'verifyJWT' }, 'pass'],
    ['middleware_registered', { middleware: 'corsMiddleware' }, 'pass'],
  ]);
  cases('src/open.js', "const cors = require('cors');\napp.use(cors());\n", [
    ['http_header_set', { header: 'Access-Control-Allow-Origin', value_pattern: '^\\*$' }, 'pass'],
  ]);
});

describe('real-world JavaScript: middleware factories on a package object', () => {
  const text = `const passport = require('passport');
const bodyParser = require('body-parser');
app.use(bodyParser.json({ limit: '1mb' }));
app.use(passport.initialize());
app.get('/me', passport.authenticate('jwt', { session: false }), (req, res) => res.json(req.user));
app.use(this.audit.bind(this));
const limiter = rateLimiter.create();
`;
  cases('src/passport.js', text, [
    ['middleware_registered', { middleware: 'passport' }, 'pass'],
    ['middleware_registered', { middleware: 'passport.initialize' }, 'pass'],
    ['middleware_registered', { middleware: 'authenticate' }, 'pass'],
    ['middleware_registered', { middleware: 'bodyParser' }, 'pass'],
    ['middleware_registered', { middleware: 'audit' }, 'pass'],
    ['middleware_registered', { middleware: 'rateLimiter' }, 'fail'],
  ]);
});

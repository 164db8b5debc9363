import { describe, expect, it } from 'vitest';
import { run } from './testkit.js';

const mw = (file: string, text: string, middleware: string) => run('middleware_registered', file, text, { middleware });

async function registered(file: string, text: string, middleware: string, line?: number) {
  const r = await mw(file, text, middleware);
  expect(r.result, r.details).toBe('pass');
  expect(r.details).toContain(`registers ${middleware}`);
  if (line !== undefined) expect(r.evidence?.line, r.details).toBe(line);
}
async function notRegistered(file: string, text: string, middleware: string) {
  const r = await mw(file, text, middleware);
  expect(r.result, r.details).toBe('fail');
  expect(r.details).toMatch(/never registers|does not register/);
  return r;
}

describe('middleware_registered: Express / Koa', () => {
  const app = [
    "import cors from 'cors';",
    "import helmet from 'helmet';",
    "import { rateLimiter } from './limits';",
    'const app = express();',
    'app.use(helmet());',
    "app.use('/api', cors({ origin: true }), express.json());",
    "router.get('/admin', requireAdmin, (req, res) => res.send('ok'));",
    "router.route('/users').post(validateBody, createUser);",
    'app.use(function requestLogger(req, res, next) { next(); });',
    '// app.use(csrfProtection)',
    "const note = 'app.use(sessionMiddleware)';",
    'const limiter = rateLimiter;',
  ].join('\n');
  it('arguments of use(), call or bare, after a path', async () => {
    await registered('src/app.ts', app, 'helmet', 5);
    await registered('src/app.ts', app, 'cors', 6);
    await registered('src/app.ts', app, 'json', 6);
    await registered('src/app.ts', app, 'express.json', 6);
    await registered('src/app.ts', app, 'requestLogger', 9);
  });
  it('route-level middleware, but not the handler position or the path', async () => {
    await registered('src/app.ts', app, 'requireAdmin', 7);
    await registered('src/app.ts', app, 'validateBody', 8);
    await notRegistered('src/app.ts', app, 'createUser');
  });
  it('comments, strings and mere mentions do not count', async () => {
    await notRegistered('src/app.ts', app, 'csrfProtection');
    await notRegistered('src/app.ts', app, 'sessionMiddleware');
    const r = await notRegistered('src/app.ts', app, 'rateLimiter');
    expect(r.details).toContain('mentions rateLimiter at line 3');
  });
  it('names compare by whole segments', async () => {
    await notRegistered('src/app.ts', app, 'elmet');
    await notRegistered('src/app.ts', app, 'helmetx');
  });
});

describe('middleware_registered: Fastify', () => {
  const f = [
    "fastify.register(require('@fastify/helmet'), { global: true });",
    'fastify.register(rateLimit, { max: 100 });',
    "fastify.addHook('onRequest', verifyJwt);",
    "fastify.get('/me', { preHandler: [fastify.authenticate] }, handler);",
    'fastify.register(routes, { prefix: optionsPlugin });',
  ].join('\n');
  it('register, addHook and route hooks', async () => {
    await registered('server.js', f, 'rateLimit', 2);
    await registered('server.js', f, 'verifyJwt', 3);
    await registered('server.js', f, 'authenticate', 4);
    await notRegistered('server.js', f, 'optionsPlugin');
  });
});

describe('middleware_registered: NestJS', () => {
  const nest = [
    '@Module({ providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }] })',
    'export class AppModule {',
    '  configure(consumer: MiddlewareConsumer) { consumer.apply(LoggerMiddleware).forRoutes("*"); }',
    '}',
    '@Controller("cats")',
    '@UseGuards(AuthGuard("jwt"), RolesGuard)',
    'export class CatsController {}',
    'async function bootstrap() {',
    '  const app = await NestFactory.create(AppModule);',
    '  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));',
    '  app.useGlobalInterceptors(new LoggingInterceptor());',
    '}',
    'const unused = new CsrfGuard();',
  ].join('\n');
  it('global providers, consumer.apply, @UseGuards, useGlobal*', async () => {
    await registered('src/app.module.ts', nest, 'ThrottlerGuard', 1);
    await registered('src/app.module.ts', nest, 'LoggerMiddleware', 3);
    await registered('src/app.module.ts', nest, 'RolesGuard', 6);
    await registered('src/app.module.ts', nest, 'AuthGuard', 6);
    await registered('src/app.module.ts', nest, 'ValidationPipe', 10);
    await registered('src/app.module.ts', nest, 'LoggingInterceptor', 11);
    await notRegistered('src/app.module.ts', nest, 'CsrfGuard');
  });
});

import { describe, expect, it } from 'vitest';
import { run } from './testkit.js';

const hdr = (file: string, text: string, header: string, value_pattern?: string) =>
  run('http_header_set', file, text, value_pattern === undefined ? { header } : { header, value_pattern });

async function sets(file: string, text: string, header: string, line?: number, value_pattern?: string) {
  const r = await hdr(file, text, header, value_pattern);
  expect(r.result, r.details).toBe('pass');
  expect(r.details).toContain(`sets the ${header} header`);
  if (line !== undefined) expect(r.evidence?.line, r.details).toBe(line);
  return r;
}
async function doesNotSet(file: string, text: string, header: string, value_pattern?: string) {
  const r = await hdr(file, text, header, value_pattern);
  expect(r.result, r.details).toBe('fail');
  return r;
}

describe('http_header_set: Express / Node', () => {
  const js = [
    "res.setHeader('X-Content-Type-Options', 'nosniff');",
    "res.set('Cache-Control', 'no-store');",
    "res.header('x-frame-options', 'DENY');",
    "res.set({ 'Referrer-Policy': 'no-referrer', Pragma: 'no-cache' });",
    "res.append('Set-Cookie', cookie);",
    "res.writeHead(200, { 'Content-Security-Policy': \"default-src 'self'\" });",
    "console.log('Strict-Transport-Security is set by the proxy');",
    "// res.setHeader('Permissions-Policy', 'geolocation=()')",
    "req.headers['x-forwarded-proto'] = 'https';",
    "res.setHeader('X-Powered-By', computeValue());",
  ].join('\n');
  it('setHeader, set, header, append, object forms, writeHead', async () => {
    await sets('app.js', js, 'X-Content-Type-Options', 1);
    await sets('app.js', js, 'Cache-Control', 2);
    await sets('app.js', js, 'X-Frame-Options', 3);
    await sets('app.js', js, 'referrer-policy', 4);
    await sets('app.js', js, 'Pragma', 4);
    await sets('app.js', js, 'Set-Cookie', 5);
    await sets('app.js', js, 'Content-Security-Policy', 6);
  });
  it('value_pattern against the literal value', async () => {
    const r = await sets('app.js', js, 'X-Content-Type-Options', 1, '^nosniff$');
    expect(r.details).toContain('"nosniff"');
    const bad = await doesNotSet('app.js', js, 'X-Frame-Options', '^SAMEORIGIN$');
    expect(bad.details).toContain('does not match');
    expect(bad.evidence?.line).toBe(3);
  });
  it('a computed value fails a value_pattern, saying so', async () => {
    const r = await doesNotSet('app.js', js, 'X-Powered-By', '.');
    expect(r.details).toContain('not a literal');
  });
  it('a header name in a log message, a comment or on the request does not count', async () => {
    const r = await doesNotSet('app.js', js, 'Strict-Transport-Security');
    expect(r.details).toContain('does not set the Strict-Transport-Security header');
    expect(r.details).toContain('line 7');
    await doesNotSet('app.js', js, 'Permissions-Policy');
    await doesNotSet('app.js', js, 'X-Forwarded-Proto');
  });
  it('a header name held in a constant of the file', async () => {
    const src = "const HSTS = 'Strict-Transport-Security';\nconst V = 'max-age=63072000';\nres.setHeader(HSTS, V);\n";
    await sets('a.ts', src, 'Strict-Transport-Security', 3, 'max-age=63072000');
  });
  it('Next.js headers() config entries', async () => {
    const next = [
      'module.exports = { async headers() { return [{ source: "/(.*)", headers: [',
      "  { key: 'X-Frame-Options', value: 'DENY' },",
      '] }]; } };',
    ].join('\n');
    await sets('next.config.js', next, 'X-Frame-Options', 2, '^DENY$');
  });
  it('new Response(body, { headers })', async () => {
    const src = "return new Response(body, { status: 200, headers: { 'Cache-Control': 'no-store' } });";
    await sets('route.ts', src, 'Cache-Control', 1, 'no-store');
  });
});

describe('http_header_set: helmet', () => {
  it('helmet() with defaults emits its default headers and values', async () => {
    const src = "import helmet from 'helmet';\napp.use(helmet());\n";
    await sets('app.js', src, 'X-Frame-Options', 2, '^SAMEORIGIN$');
    await sets('app.js', src, 'Strict-Transport-Security', 2, 'max-age=31536000');
    await sets('app.js', src, 'X-Content-Type-Options', 2, 'nosniff');
    await sets('app.js', src, 'Content-Security-Policy', 2, "default-src 'self'");
    await doesNotSet('app.js', src, 'Cross-Origin-Embedder-Policy');
    await doesNotSet('app.js', src, 'Permissions-Policy');
  });
  it('options turn headers off or change their values', async () => {
    const src = [
      'app.use(helmet({',
      '  frameguard: { action: "deny" },',
      '  hsts: { maxAge: 63072000, preload: true },',
      '  contentSecurityPolicy: false,',
      '  referrerPolicy: { policy: ["origin", "unsafe-url"] },',
      '  crossOriginEmbedderPolicy: true,',
      '}));',
    ].join('\n');
    await sets('app.js', src, 'X-Frame-Options', 1, '^DENY$');
    await sets('app.js', src, 'Strict-Transport-Security', 1, '^max-age=63072000; includeSubDomains; preload$');
    await sets('app.js', src, 'Referrer-Policy', 1, '^origin,unsafe-url$');
    await sets('app.js', src, 'Cross-Origin-Embedder-Policy', 1, 'require-corp');
    await doesNotSet('app.js', src, 'Content-Security-Policy');
  });
  it('CSP directives merge with the defaults', async () => {
    const src =
      "app.use(helmet({ contentSecurityPolicy: { directives: { scriptSrc: [\"'self'\", 'cdn.example.com'] } } }));";
    await sets('app.js', src, 'Content-Security-Policy', 1, "script-src 'self' cdn\\.example\\.com");
    await sets('app.js', src, 'Content-Security-Policy', 1, "object-src 'none'");
  });
  it('individual middlewares and Fastify registration', async () => {
    await sets(
      'a.js',
      'app.use(helmet.hsts({ maxAge: 600 }));',
      'Strict-Transport-Security',
      1,
      '^max-age=600; includeSubDomains$',
    );
    await sets('a.js', 'app.use(helmet.frameguard({ action: "sameorigin" }));', 'X-Frame-Options', 1, 'SAMEORIGIN');
    await doesNotSet('a.js', 'app.use(helmet.hsts());', 'X-Frame-Options');
    const fastify = "await fastify.register(import('@fastify/helmet'), { frameguard: false });\n";
    await doesNotSet('server.js', fastify, 'X-Frame-Options');
    await sets('server.js', fastify, 'X-Content-Type-Options', 1);
  });
  it('helmet options held in a variable: headers set, values unknown', async () => {
    const r = await doesNotSet('a.js', 'app.use(helmet(opts));', 'X-Frame-Options', 'DENY');
    expect(r.details).toContain('not a literal');
  });
});

describe('http_header_set: Fastify and NestJS', () => {
  it('reply.header and reply.headers', async () => {
    const src = "reply.header('X-Request-Id', id);\nreply.headers({ 'Cache-Control': 'private' });\n";
    await sets('r.ts', src, 'X-Request-Id', 1);
    await sets('r.ts', src, 'Cache-Control', 2, 'private');
  });
  it('NestJS @Header() decorator and res.set', async () => {
    const src = "class C {\n  @Header('Cache-Control', 'none')\n  findAll() {}\n}\n";
    await sets('c.ts', src, 'Cache-Control', 2, 'none');
  });
});

describe('http_header_set: unsupported files and bad params', () => {
  it('an unsupported file type is skipped', async () => {
    const r = await hdr('README.md', 'add_header X-Frame-Options DENY;', 'X-Frame-Options');
    expect(r.result).toBe('skipped');
    expect(r.details).toContain('language not supported');
  });
  it('an invalid value_pattern is an error', async () => {
    const r = await hdr('a.js', "res.setHeader('X-A', 'b');", 'X-A', '(unclosed');
    expect(r.result).toBe('error');
    expect(r.details).toContain('value_pattern');
  });
  it('a lookaround pattern (not RE2) is an error, not a hang', async () => {
    const r = await hdr('a.js', "res.setHeader('X-A', 'b');", 'X-A', '(?=b)');
    expect(r.result).toBe('error');
  });
});

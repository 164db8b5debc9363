import { describe, expect, it } from 'vitest';
import { run } from './testkit.js';

const hdr = (file: string, text: string, header: string, value_pattern?: string) =>
  run('http_header_set', file, text, value_pattern === undefined ? { header } : { header, value_pattern });

async function sets(file: string, text: string, header: string, line?: number, value_pattern?: string) {
  const r = await hdr(file, text, header, value_pattern);
  expect(r.result, r.details).toBe('pass');
  if (line !== undefined) expect(r.evidence?.line, r.details).toBe(line);
  return r;
}
async function doesNotSet(file: string, text: string, header: string, value_pattern?: string) {
  const r = await hdr(file, text, header, value_pattern);
  expect(r.result, r.details).toBe('fail');
  return r;
}

describe('http_header_set: Python (Flask, FastAPI, Django)', () => {
  const py = [
    '@app.after_request',
    'def secure(response):',
    "    response.headers['X-Frame-Options'] = 'DENY'",
    '    response.headers.set("Cache-Control", "no-store")',
    "    logger.info('Strict-Transport-Security not set')",
    "    request.headers['X-Forwarded-For'] = 'x'",
    '    return response',
    'def view(request):',
    "    resp = HttpResponse('ok')",
    "    resp['Content-Security-Policy'] = \"default-src 'self'\"",
    "    return JSONResponse({}, headers={'X-Request-Id': rid})",
  ].join('\n');
  it('headers[...] =, headers.set, Django response[...] =, Response(headers=)', async () => {
    await sets('app.py', py, 'X-Frame-Options', 3, '^DENY$');
    await sets('app.py', py, 'cache-control', 4);
    await sets('app.py', py, 'Content-Security-Policy', 10, "'self'");
    await sets('app.py', py, 'X-Request-Id', 11);
  });
  it('log messages and request headers do not count', async () => {
    await doesNotSet('app.py', py, 'Strict-Transport-Security');
    await doesNotSet('app.py', py, 'X-Forwarded-For');
  });
  const settings = [
    "X_FRAME_OPTIONS = 'DENY'",
    'SECURE_HSTS_SECONDS = 31536000',
    'SECURE_HSTS_INCLUDE_SUBDOMAINS = True',
    'SECURE_CONTENT_TYPE_NOSNIFF = True',
    'SECURE_REFERRER_POLICY = "same-origin"',
    'SECURE_BROWSER_XSS_FILTER = False',
  ].join('\n');
  it('Django security settings emit their headers', async () => {
    await sets('settings.py', settings, 'X-Frame-Options', 1, 'DENY');
    await sets('settings.py', settings, 'Strict-Transport-Security', 2, '^max-age=31536000; includeSubDomains$');
    await sets('settings.py', settings, 'X-Content-Type-Options', 4, 'nosniff');
    await sets('settings.py', settings, 'Referrer-Policy', 5, 'same-origin');
    await doesNotSet('settings.py', settings, 'X-XSS-Protection');
  });
});

describe('http_header_set: Go (net/http, Gin, chi, Echo, unrolled/secure)', () => {
  const go = [
    'package main',
    'func h(w http.ResponseWriter, r *http.Request) {',
    '  w.Header().Set("X-Content-Type-Options", "nosniff")',
    '  w.Header().Add("Vary", "Origin")',
    '  w.Header()["X-Frame-Options"] = []string{"DENY"}',
    '  r.Header.Set("X-Upstream", "1")',
    '  log.Printf("Strict-Transport-Security: %s", v)',
    '}',
    'func g(c *gin.Context) { c.Header("Cache-Control", "no-store") }',
    'func e(c echo.Context) error { c.Response().Header().Set(echo.HeaderXFrameOptions, "SAMEORIGIN"); return nil }',
    'var mw = secure.New(secure.Options{STSSeconds: 63072000, ContentTypeNosniff: true, FrameDeny: false})',
  ].join('\n');
  it('Header().Set/Add, header map index, Gin c.Header, Echo constants, secure.Options', async () => {
    await sets('main.go', go, 'X-Content-Type-Options', 3, 'nosniff');
    await sets('main.go', go, 'Vary', 4);
    await sets('main.go', go, 'X-Frame-Options', 5, '^DENY$');
    await sets('main.go', go, 'Cache-Control', 9);
    await sets('main.go', go, 'X-Frame-Options', 10, 'SAMEORIGIN');
    await sets('main.go', go, 'Strict-Transport-Security', 11, 'max-age=63072000');
  });
  it('request headers and log format strings do not count', async () => {
    await doesNotSet('main.go', go, 'X-Upstream');
    await doesNotSet('main.go', go, 'Strict-Transport-Security', 'includeSubDomains');
  });
});

describe('http_header_set: Java (Servlet, Spring)', () => {
  const java = [
    'class F {',
    '  void doFilter(HttpServletResponse response) {',
    '    response.setHeader("X-Frame-Options", "DENY");',
    '    response.addHeader("Cache-Control", "no-store");',
    '    log.info("Referrer-Policy missing");',
    '  }',
    '  SecurityFilterChain chain(HttpSecurity http) {',
    '    http.headers(h -> h',
    '        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src \'self\'"))',
    '        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31536000).includeSubDomains(true))',
    '        .frameOptions(f -> f.sameOrigin())',
    '        .xssProtection(x -> x.disable()));',
    '    return http.build();',
    '  }',
    '  ResponseEntity<String> ok() { return ResponseEntity.ok().header("X-Trace", "1").body("x"); }',
    '}',
  ].join('\n');
  it('setHeader/addHeader, ResponseEntity.header and the Spring Security DSL', async () => {
    await sets('F.java', java, 'X-Frame-Options', 3, '^DENY$');
    await sets('F.java', java, 'Cache-Control', 4);
    await sets('F.java', java, 'Content-Security-Policy', 9, "default-src 'self'");
    await sets('F.java', java, 'Strict-Transport-Security', 10, 'max-age=31536000');
    await sets('F.java', java, 'X-Frame-Options', 11, 'SAMEORIGIN');
    await sets('F.java', java, 'X-Trace', 15);
  });
  it('a disabled DSL header and a log message do not count', async () => {
    await doesNotSet('F.java', java, 'X-XSS-Protection');
    await doesNotSet('F.java', java, 'Referrer-Policy');
  });
});

describe('http_header_set: C# (ASP.NET Core)', () => {
  const cs = [
    'app.Use(async (context, next) => {',
    '  context.Response.Headers["X-Frame-Options"] = "DENY";',
    '  context.Response.Headers.Append("X-Content-Type-Options", "nosniff");',
    '  context.Response.Headers.Add("Referrer-Policy", "no-referrer");',
    '  context.Response.Headers.ContentSecurityPolicy = "default-src \'self\'";',
    '  context.Response.Headers[HeaderNames.CacheControl] = "no-store";',
    '  context.Request.Headers["X-Real-IP"] = "1";',
    '  _logger.LogInformation("Strict-Transport-Security");',
    '  await next();',
    '});',
  ].join('\n');
  it('Headers[...] =, Append, Add, typed properties, HeaderNames constants', async () => {
    await sets('Program.cs', cs, 'X-Frame-Options', 2, 'DENY');
    await sets('Program.cs', cs, 'X-Content-Type-Options', 3, 'nosniff');
    await sets('Program.cs', cs, 'Referrer-Policy', 4);
    await sets('Program.cs', cs, 'Content-Security-Policy', 5, "'self'");
    await sets('Program.cs', cs, 'Cache-Control', 6, 'no-store');
  });
  it('request headers and log messages do not count', async () => {
    await doesNotSet('Program.cs', cs, 'X-Real-IP');
    await doesNotSet('Program.cs', cs, 'Strict-Transport-Security');
  });
});

describe('http_header_set: Ruby (Rails, Rack, Sinatra)', () => {
  const rb = [
    'class ApplicationController < ActionController::Base',
    '  def set_headers',
    "    response.headers['X-Frame-Options'] = 'DENY'",
    "    response.set_header('Cache-Control', 'no-store')",
    "    Rails.logger.info('Content-Security-Policy not configured')",
    '  end',
    'end',
    "Rails.application.config.action_dispatch.default_headers = { 'X-Content-Type-Options' => 'nosniff' }",
    "app = ->(env) { [200, { 'Referrer-Policy' => 'same-origin' }, ['ok']] }",
    "get '/' do",
    "  headers 'X-Sinatra' => 'yes'",
    'end',
  ].join('\n');
  it('response.headers[]=, set_header, default_headers, Rack triple, Sinatra headers', async () => {
    await sets('app.rb', rb, 'X-Frame-Options', 3, 'DENY');
    await sets('app.rb', rb, 'Cache-Control', 4);
    await sets('app.rb', rb, 'X-Content-Type-Options', 8, 'nosniff');
    await sets('app.rb', rb, 'Referrer-Policy', 9, 'same-origin');
    await sets('app.rb', rb, 'X-Sinatra', 11, 'yes');
    await doesNotSet('app.rb', rb, 'Content-Security-Policy');
  });
});

describe('http_header_set: Rust (axum, actix, tower-http)', () => {
  const rs = [
    'use http::header;',
    'const CUSTOM: &str = "x-custom";',
    'async fn h() -> impl IntoResponse {',
    '    let mut headers = HeaderMap::new();',
    '    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));',
    '    headers.insert(HeaderName::from_static("x-request-id"), "abc".parse().unwrap());',
    '    headers.insert(CUSTOM, HeaderValue::from_static("1"));',
    '    HttpResponse::Ok().insert_header(("X-Content-Type-Options", "nosniff")).finish();',
    '    let layer = SetResponseHeaderLayer::overriding(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000"));',
    '    tracing::info!("Referrer-Policy");',
    '}',
  ].join('\n');
  it('headers.insert with constants and from_static, insert_header tuples, SetResponseHeaderLayer', async () => {
    await sets('src/main.rs', rs, 'X-Frame-Options', 5, 'DENY');
    await sets('src/main.rs', rs, 'X-Request-Id', 6, '^abc$');
    await sets('src/main.rs', rs, 'x-custom', 7);
    await sets('src/main.rs', rs, 'X-Content-Type-Options', 8, 'nosniff');
    await sets('src/main.rs', rs, 'Strict-Transport-Security', 9, 'max-age=63072000');
    await doesNotSet('src/main.rs', rs, 'Referrer-Policy');
  });
});

describe('http_header_set: PHP (plain, Laravel, Symfony, PSR-7)', () => {
  const php = [
    '<?php',
    "header('X-Frame-Options: DENY');",
    'header("Content-Security-Policy: default-src \'self\'", true);',
    "$response->headers->set('Cache-Control', 'no-store');",
    "return response($body)->header('X-Laravel', 'yes');",
    "return $res->withHeader('Referrer-Policy', 'no-referrer');",
    "error_log('Strict-Transport-Security missing');",
  ].join('\n');
  it("header('Name: value'), headers->set, ->header, ->withHeader", async () => {
    await sets('public/index.php', php, 'X-Frame-Options', 2, '^DENY$');
    await sets('public/index.php', php, 'Content-Security-Policy', 3, "default-src 'self'");
    await sets('public/index.php', php, 'Cache-Control', 4);
    await sets('public/index.php', php, 'X-Laravel', 5);
    await sets('public/index.php', php, 'Referrer-Policy', 6, 'no-referrer');
    await doesNotSet('public/index.php', php, 'Strict-Transport-Security');
  });
});

describe('http_header_set: nginx, Apache, IIS', () => {
  const nginx = [
    'server {',
    '    listen 443 ssl;',
    '    # add_header X-Commented "1";',
    '    add_header X-Frame-Options "DENY" always;',
    "    add_header Strict-Transport-Security 'max-age=63072000; includeSubDomains' always;",
    '    add_header X-Served-By $hostname;',
    '    more_set_headers "X-Content-Type-Options: nosniff";',
    '}',
  ].join('\n');
  it('nginx add_header and more_set_headers', async () => {
    await sets('deploy/nginx.conf', nginx, 'X-Frame-Options', 4, '^DENY$');
    await sets('deploy/nginx.conf', nginx, 'Strict-Transport-Security', 5, 'includeSubDomains');
    await sets('deploy/nginx.conf', nginx, 'X-Content-Type-Options', 7, 'nosniff');
    await doesNotSet('deploy/nginx.conf', nginx, 'X-Commented');
    const r = await doesNotSet('deploy/nginx.conf', nginx, 'X-Served-By', 'host');
    expect(r.details).toContain('not a literal');
  });
  it('extensionless files under sites-available are nginx config', async () => {
    await sets('etc/nginx/sites-available/default', nginx, 'X-Frame-Options', 4);
  });

  const apache = [
    '<IfModule mod_headers.c>',
    '  Header always set X-Frame-Options "SAMEORIGIN"',
    '  Header set Content-Security-Policy "default-src \'self\'"',
    '  # Header set X-Commented "1"',
    '  Header unset X-Powered-By',
    '  RequestHeader set X-Request-Only "1"',
    '</IfModule>',
  ].join('\n');
  it('Apache Header set / always set; unset, RequestHeader and comments do not count', async () => {
    await sets('public/.htaccess', apache, 'X-Frame-Options', 2, 'SAMEORIGIN');
    await sets('apache/site.conf', apache, 'Content-Security-Policy', 3, "'self'");
    await doesNotSet('public/.htaccess', apache, 'X-Commented');
    await doesNotSet('public/.htaccess', apache, 'X-Powered-By');
    await doesNotSet('public/.htaccess', apache, 'X-Request-Only');
  });

  const iis = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <system.webServer>',
    '    <httpProtocol>',
    '      <customHeaders>',
    '        <!-- <add name="X-Commented" value="1" /> -->',
    '        <remove name="X-Powered-By" />',
    '        <add name="X-Frame-Options" value="DENY" />',
    '        <add name="Strict-Transport-Security" value="max-age=31536000" />',
    '      </customHeaders>',
    '    </httpProtocol>',
    '  </system.webServer>',
    '</configuration>',
  ].join('\n');
  it('IIS web.config customHeaders', async () => {
    await sets('web.config', iis, 'X-Frame-Options', 8, 'DENY');
    await sets('web.config', iis, 'strict-transport-security', 9, '31536000');
    await doesNotSet('web.config', iis, 'X-Commented');
    await doesNotSet('web.config', iis, 'X-Powered-By');
  });
  it('malformed XML is an error naming the line', async () => {
    const r = await hdr('web.config', '<configuration>\n<customHeaders>\n</configuration>\n', 'X-Frame-Options');
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/web\.config:\d+/);
  });
});

// Writes a deterministic (seeded) synthetic checkout for the verifier benchmark: services in nine languages, their
// tests, configuration files in seven formats, dependency manifests with lockfiles, and a deploy script pinning file
// hashes. Returns an inventory of what it wrote, from which the assertion generator draws.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES, renderModule, renderTests, snake } from './languages.mjs';

/** mulberry32: small, fast, good enough for a reproducible benchmark. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.chance = (p) => next() < p;
  return next;
}

const RESOURCES = [
  'order',
  'user',
  'invoice',
  'payment',
  'session',
  'account',
  'report',
  'token',
  'cart',
  'shipment',
  'profile',
  'audit',
];
const VERBS = [
  'get',
  'create',
  'update',
  'delete',
  'list',
  'validate',
  'load',
  'store',
  'sync',
  'refresh',
  'export',
  'render',
];
const HELPERS = ['fetch', 'normalize', 'encode', 'decode', 'persist', 'hydrate', 'check', 'compute'];
const PARAMS = ['payload', 'token', 'ident', 'request', 'options', 'amount'];
export const HEADERS = [
  ['X-Frame-Options', 'DENY'],
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cache-Control', 'no-store'],
];

const TEST_DIR = {
  python: 'py',
  javascript: 'js',
  typescript: 'ts',
  go: 'go',
  java: 'java',
  csharp: 'cs',
  ruby: 'rb',
  rust: 'rs',
  php: 'php',
};

function testFileName(lang, svc) {
  return {
    python: `test_${svc}.py`,
    javascript: `${svc}.test.js`,
    typescript: `${svc}.test.ts`,
    go: `${svc}_test.go`,
    java: `${svc.toUpperCase()}Test.java`,
    csharp: `${svc.toUpperCase()}Tests.cs`,
    ruby: `${svc}_spec.rb`,
    rust: `${svc}.rs`,
    php: `${svc.toUpperCase()}Test.php`,
  }[lang];
}

function modulePlan(r, lang, svc, index) {
  const L = LANGUAGES[lang];
  const resource = RESOURCES[(index + svc.length) % RESOURCES.length];
  const helperNames = HELPERS.slice(0, 6).map((h) => L.fn([h, resource, String(index)]));
  const fnSpec = (name, callees) => ({
    name,
    params: [r.pick(PARAMS), r.pick(PARAMS)].filter((p, i, a) => a.indexOf(p) === i),
    decorator: L.decorators.length && r.chance(0.6) ? r.pick(L.decorators) : null,
    calls: callees,
    env: r.chance(0.4)
      ? `${svc.toUpperCase()}_${resource.toUpperCase()}_${r.pick(['KEY', 'URL', 'SECRET', 'TIMEOUT'])}_${index}`
      : null,
    header: r.chance(0.3) ? r.pick(HEADERS) : null,
    validates: r.chance(0.5),
    handles: r.chance(0.5) ? (L.exceptions.length ? r.pick(L.exceptions) : 'err') : null,
    size: 8 + r.int(16),
    seed: r.int(1000),
  });
  // Helpers call the next helper (chains for function_calls depth > 1); methods call one or two helpers.
  const functions = helperNames.map((name, i) => {
    const f = fnSpec(name, i + 1 < helperNames.length && r.chance(0.7) ? [helperNames[i + 1]] : []);
    f.decorator = null;
    return f;
  });
  const methods = VERBS.slice(0, 6).map((verb, i) =>
    fnSpec(L.fn([VERBS[(i + index) % VERBS.length] ?? verb, resource, String(index)]), [
      r.pick(helperNames),
      ...(r.chance(0.4) ? [r.pick(helperNames)] : []),
    ]),
  );
  const imports = [];
  for (const imp of L.imports) if (r.chance(0.6)) imports.push(imp);
  if (imports.length === 0) imports.push(L.imports[0]);
  return {
    lang,
    className: `${resource.charAt(0).toUpperCase()}${resource.slice(1)}Service${index}`,
    methods,
    functions,
    imports,
    middleware: r.pick(L.middleware),
    namespace:
      { go: svc, java: `com.acme.${svc}`, csharp: `Acme.${svc.toUpperCase()}`, php: `App\\${svc.toUpperCase()}` }[
        lang
      ] ?? `${svc}.${resource}_${index}`,
  };
}

function configFiles(r, svc) {
  const port = 8000 + r.int(1000);
  const timeout = 60 * (1 + r.int(60));
  const tls = r.pick(['1.2', '1.3']);
  const hsts = r.pick([31536000, 63072000, 86400]);
  const keys = [];
  const yaml = [
    'server:',
    `  port: ${port}`,
    `  host: ${svc}.internal`,
    '  tls:',
    `    min_version: "${tls}"`,
    '    enabled: true',
    'session:',
    `  timeout: ${timeout}`,
    '  secure: true',
    `HSTS_MAX_AGE: ${hsts}`,
    'features:',
  ];
  for (let i = 0; i < 30; i++) yaml.push(`  flag_${i}: ${r.chance(0.5)}`);
  yaml.push('servers:', `  - name: a\n    port: ${port + 1}`, `  - name: b\n    port: ${port + 2}`);
  keys.push(
    { file: 'config/app.yaml', key: 'server.port', value: port },
    { file: 'config/app.yaml', key: 'server.tls.min_version', value: tls },
    { file: 'config/app.yaml', key: 'session.timeout', value: timeout },
    { file: 'config/app.yaml', key: 'HSTS_MAX_AGE', value: hsts },
    { file: 'config/app.yaml', key: 'servers[1].port', value: port + 2 },
  );
  const json = {
    logging: { level: 'info', json: true },
    security: { csrf: true, cors: { origins: [`https://${svc}.example.org`] }, headers: { 'X-Frame-Options': 'DENY' } },
    limits: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`limit_${i}`, r.int(1000)])),
  };
  keys.push(
    { file: 'config/settings.json', key: 'security.csrf', value: true },
    { file: 'config/settings.json', key: 'security.headers."X-Frame-Options"', value: 'DENY' },
    { file: 'config/settings.json', key: 'logging.level', value: 'info' },
  );
  const toml = [
    '[server]',
    `port = ${port}`,
    `workers = ${1 + r.int(16)}`,
    '',
    '[database]',
    `pool_size = ${5 + r.int(20)}`,
    'ssl_mode = "verify-full"',
    '',
  ];
  for (let i = 0; i < 20; i++) toml.push(`[cache.region_${i}]`, `ttl = ${r.int(3600)}`, '');
  keys.push(
    { file: 'config/app.toml', key: 'database.ssl_mode', value: 'verify-full' },
    { file: 'config/app.toml', key: 'server.port', value: port },
  );
  const ini = [
    '[auth]',
    'password_min_length = 12',
    'lockout_attempts = 5',
    '',
    '[cookies]',
    'secure = on',
    'httponly = yes',
    '',
  ];
  keys.push(
    { file: 'config/app.ini', key: 'auth.password_min_length', value: 12 },
    { file: 'config/app.ini', key: 'cookies.secure', value: true },
  );
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference, as .env files write them
  const env = [`PORT=${port}`, `LOG_LEVEL=info`, `SESSION_TIMEOUT=${timeout}`, 'DATABASE_URL=${DATABASE_URL}'];
  keys.push({ file: 'config/.env', key: 'SESSION_TIMEOUT', value: timeout });
  const props = [
    `server.port=${port}`,
    'server.ssl.enabled=true',
    'spring.jpa.open-in-view=false',
    `management.port=${port + 100}`,
  ];
  keys.push({ file: 'config/application.properties', key: 'server.ssl.enabled', value: true });
  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <system.web>',
    '    <httpCookies requireSSL="true" httpOnlyCookies="true" />',
    `    <sessionState timeout="${timeout / 60}" />`,
    '  </system.web>',
    '</configuration>',
  ];
  keys.push({ file: 'config/web.config', key: 'configuration."system.web".httpCookies.@requireSSL', value: true });
  return {
    files: {
      'config/app.yaml': `${yaml.join('\n')}\n`,
      'config/settings.json': `${JSON.stringify(json, null, 2)}\n`,
      'config/app.toml': `${toml.join('\n')}\n`,
      'config/app.ini': `${ini.join('\n')}\n`,
      'config/.env': `${env.join('\n')}\n`,
      'config/application.properties': `${props.join('\n')}\n`,
      'config/web.config': `${xml.join('\n')}\n`,
    },
    keys,
  };
}

function manifests(r) {
  const v = () => `${1 + r.int(9)}.${r.int(20)}.${r.int(10)}`;
  const deps = {};
  const files = {};
  const npm = { express: v(), helmet: v(), jsonwebtoken: v(), bcrypt: v(), zod: v(), lodash: v() };
  files['package.json'] = JSON.stringify(
    {
      name: 'svc',
      version: '1.0.0',
      dependencies: Object.fromEntries(Object.entries(npm).map(([k, x]) => [k, `^${x}`])),
      devDependencies: { vitest: '^1.6.0' },
    },
    null,
    2,
  );
  files['package-lock.json'] = JSON.stringify(
    {
      name: 'svc',
      lockfileVersion: 3,
      packages: {
        '': { name: 'svc' },
        ...Object.fromEntries(Object.entries(npm).map(([k, x]) => [`node_modules/${k}`, { version: x }])),
      },
    },
    null,
    2,
  );
  deps['package.json'] = npm;
  const py = { django: v(), cryptography: v(), requests: v(), pydantic: v(), 'python-jose': v() };
  files['requirements.txt'] = Object.entries(py)
    .map(([k, x]) => `${k}==${x}`)
    .join('\n');
  deps['requirements.txt'] = py;
  files['pyproject.toml'] = `[project]\nname = "svc"\nversion = "1.0.0"\ndependencies = [\n${Object.entries(py)
    .map(([k, x]) => `  "${k}>=${x},<${Number(x.split('.')[0]) + 1}"`)
    .join(',\n')}\n]\n`;
  deps['pyproject.toml'] = py;
  const go = { 'github.com/gin-gonic/gin': `v${v()}`, 'golang.org/x/crypto': `v0.${r.int(30)}.0` };
  files['go.mod'] = `module example.com/svc\n\ngo 1.22\n\nrequire (\n${Object.entries(go)
    .map(([k, x]) => `\t${k} ${x}`)
    .join('\n')}\n)\n`;
  deps['go.mod'] = go;
  const cargo = { serde: v(), tokio: v(), axum: v(), sha2: v() };
  files['Cargo.toml'] = `[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\n${Object.entries(cargo)
    .map(([k, x]) => `${k} = "${x}"`)
    .join('\n')}\n`;
  files['Cargo.lock'] = Object.entries(cargo)
    .map(([k, x]) => `[[package]]\nname = "${k}"\nversion = "${x}"\n`)
    .join('\n');
  deps['Cargo.toml'] = cargo;
  const maven = { 'org.springframework:spring-web': v(), 'com.google.guava:guava': v() };
  files['pom.xml'] =
    `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.acme</groupId>\n  <artifactId>svc</artifactId>\n  <version>1.0</version>\n  <dependencies>\n${Object.entries(
      maven,
    )
      .map(
        ([k, x]) =>
          `    <dependency>\n      <groupId>${k.split(':')[0]}</groupId>\n      <artifactId>${k.split(':')[1]}</artifactId>\n      <version>${x}</version>\n    </dependency>`,
      )
      .join('\n')}\n  </dependencies>\n</project>`;
  deps['pom.xml'] = maven;
  files['build.gradle'] = `dependencies {\n${Object.entries(maven)
    .map(([k, x]) => `    implementation '${k}:${x}'`)
    .join('\n')}\n}`;
  deps['build.gradle'] = maven;
  const gems = { rails: v(), devise: v(), bcrypt: v() };
  files.Gemfile = `source "https://rubygems.org"\n\n${Object.entries(gems)
    .map(([k, x]) => `gem "${k}", "~> ${x}"`)
    .join('\n')}\n`;
  files['Gemfile.lock'] = `GEM\n  remote: https://rubygems.org/\n  specs:\n${Object.entries(gems)
    .map(([k, x]) => `    ${k} (${x})`)
    .join('\n')}\n`;
  deps.Gemfile = gems;
  const composer = { 'symfony/http-foundation': v(), 'firebase/php-jwt': v() };
  files['composer.json'] = JSON.stringify(
    { require: Object.fromEntries(Object.entries(composer).map(([k, x]) => [k, `^${x}`])) },
    null,
    2,
  );
  deps['composer.json'] = composer;
  const nuget = { 'Microsoft.AspNetCore.Authentication.JwtBearer': v(), Serilog: v() };
  files['App.csproj'] = `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n${Object.entries(nuget)
    .map(([k, x]) => `    <PackageReference Include="${k}" Version="${x}" />`)
    .join('\n')}\n  </ItemGroup>\n</Project>`;
  deps['App.csproj'] = nuget;
  return { files, deps };
}

/**
 * Writes the repository under `root`. `modulesPerLanguage` sets the size: 20 services × 9 languages × 17 modules
 * is about a million lines.
 */
export function generateRepo(root, { seed = 42, services = 20, modulesPerLanguage = 17 } = {}) {
  const r = rng(seed);
  const inventory = {
    modules: [],
    tests: [],
    configs: [],
    manifests: [],
    hashed: [],
    textFiles: [],
    services: [],
    lines: 0,
    files: 0,
  };
  const write = (rel, text) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    inventory.files++;
    let lines = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    inventory.lines += lines;
    return text;
  };
  for (let s = 0; s < services; s++) {
    const svc = `svc${String(s).padStart(2, '0')}`;
    const base = `services/${svc}`;
    inventory.services.push(base);
    for (const lang of Object.keys(LANGUAGES)) {
      for (let m = 0; m < modulesPerLanguage; m++) {
        const plan = modulePlan(r, lang, svc, m);
        const file = `${base}/${lang}/${snake([plan.className.replace(/Service\d+$/, '').toLowerCase(), String(m)])}.${LANGUAGES[lang].ext}`;
        const text = write(file, renderModule(plan));
        inventory.modules.push({
          file,
          ...plan,
          methods: plan.methods.map(strip),
          functions: plan.functions.map(strip),
        });
        if (r.chance(0.05)) inventory.hashed.push({ file, sha256: createHash('sha256').update(text).digest('hex') });
      }
      const names = Array.from({ length: 8 }, (_, i) => snake(['test', r.pick(VERBS), r.pick(RESOURCES), String(i)]));
      const testFile = `${base}/tests/${TEST_DIR[lang]}/${testFileName(lang, svc)}`;
      write(testFile, renderTests(lang, `${svc.toUpperCase()}`, names));
      inventory.tests.push({ file: testFile, lang, names, dir: `${base}/tests/${TEST_DIR[lang]}` });
    }
    const config = configFiles(r, svc);
    for (const [rel, text] of Object.entries(config.files)) write(`${base}/${rel}`, text);
    for (const k of config.keys) inventory.configs.push({ ...k, file: `${base}/${k.file}` });
    const m = manifests(r);
    for (const [rel, text] of Object.entries(m.files)) write(`${base}/${rel}`, `${text}\n`);
    for (const [rel, deps] of Object.entries(m.deps)) inventory.manifests.push({ file: `${base}/${rel}`, deps });
    // A few leaked credentials, so no_plaintext_secret has something to find (built at run time, never in source).
    if (s % 5 === 0) {
      const key = [
        'sk',
        'live',
        Array.from({ length: 24 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[r.int(36)]).join(''),
      ].join('_');
      write(`${base}/config/payments.env`, `STRIPE_KEY=${key}\nSTRIPE_MODE=live\n`);
    }
  }
  write(
    'deploy/verify.py',
    `import hashlib\n\nPINNED = {\n${inventory.hashed.map((h) => `    "${h.file}": "${h.sha256}",`).join('\n')}\n}\n\n\ndef verify(path):\n    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()\n    if digest != PINNED[path]:\n        raise SystemExit(f"{path}: hash mismatch")\n`,
  );
  write('README.md', '# Benchmark checkout\n\nGenerated by scripts/bench/generate-repo.mjs.\n');
  return inventory;
}

const strip = (f) => ({
  name: f.name,
  params: f.params,
  decorator: f.decorator,
  calls: f.calls,
  env: f.env,
  header: f.header,
  validates: f.validates,
  handles: f.handles,
});

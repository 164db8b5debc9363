// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell, YAML and Spring placeholders are the subject here
import { describe, expect, it } from 'vitest';
import { run } from './testkit.js';

const env = (file: string, text: string, variable: string) => run('env_var_referenced', file, text, { variable });

async function expectPass(file: string, text: string, variable: string, line?: number) {
  const r = await env(file, text, variable);
  expect(r.result, r.details).toBe('pass');
  expect(r.details).toContain(variable);
  if (line !== undefined) expect(r.evidence?.line).toBe(line);
  return r;
}
async function expectFail(file: string, text: string, variable: string) {
  const r = await env(file, text, variable);
  expect(r.result, r.details).toBe('fail');
  expect(r.details).toContain(`does not read ${variable}`);
  return r;
}

describe('env_var_referenced: Python', () => {
  const py = [
    'import os',
    "a = os.environ['SECRET_KEY']",
    'b = os.environ.get("DB_URL", "sqlite://")',
    "c = os.getenv('PORT')",
    "if 'DEBUG' in os.environ: pass",
    "# os.environ['COMMENTED']",
    'd = "os.getenv(\'IN_STRING\')"',
    'e = os.environ[name]',
    "os.environ['WRITTEN'] = 'x'",
    "f = env('DJANGO_ENV_VAR')",
    "g = os.getenv(f'PREFIX_{x}')",
  ].join('\n');
  it('subscript, .get, getenv and membership', async () => {
    await expectPass('s.py', py, 'SECRET_KEY', 2);
    await expectPass('s.py', py, 'DB_URL', 3);
    await expectPass('s.py', py, 'PORT', 4);
    await expectPass('s.py', py, 'DEBUG', 5);
    await expectPass('s.py', py, 'DJANGO_ENV_VAR', 10);
  });
  it('comments, strings, computed keys and writes do not count', async () => {
    await expectFail('s.py', py, 'COMMENTED');
    await expectFail('s.py', py, 'IN_STRING');
    await expectFail('s.py', py, 'WRITTEN');
    const r = await expectFail('s.py', py, 'name');
    expect(r.details).toContain('computed key');
    await expectFail('s.py', py, 'PREFIX_');
  });
  it('decouple config() only when decouple is imported', async () => {
    await expectPass('a.py', "from decouple import config\nK = config('API_KEY')\n", 'API_KEY');
    await expectFail('a.py', "K = config('API_KEY')\n", 'API_KEY');
  });
  it('from os import environ', async () => {
    await expectPass('a.py', "from os import environ\nk = environ['TOKEN']\n", 'TOKEN');
  });
});

describe('env_var_referenced: JavaScript / TypeScript', () => {
  const js = [
    'const a = process.env.JWT_SECRET;',
    "const b = process.env['REDIS_URL'];",
    'const { PORT, DB: database = "x" } = process.env;',
    'const c = import.meta.env.VITE_API;',
    'const e = process.env[key];',
    '// process.env.COMMENTED',
    "const s = 'process.env.IN_STRING';",
    'const env = process.env; const f = env.ALIASED;',
    "process.env.WRITTEN = 'x';",
    "const g = Deno.env.get('DENO_VAR');",
    'const h = process.env?.OPTIONAL;',
  ].join('\n');
  it('member, subscript, destructuring, import.meta.env, alias, Deno', async () => {
    await expectPass('a.ts', js, 'JWT_SECRET', 1);
    await expectPass('a.ts', js, 'REDIS_URL', 2);
    await expectPass('a.ts', js, 'PORT', 3);
    await expectPass('a.ts', js, 'DB', 3);
    await expectPass('a.ts', js, 'VITE_API', 4);
    await expectPass('a.ts', js, 'ALIASED', 8);
    await expectPass('a.ts', js, 'DENO_VAR', 10);
    await expectPass('a.js', js, 'OPTIONAL', 11);
  });
  it('computed keys, comments, strings, writes and the destructured alias do not count', async () => {
    const r = await expectFail('a.ts', js, 'key');
    expect(r.details).toContain('computed key');
    expect(r.details).toContain('a.ts:5');
    await expectFail('a.ts', js, 'COMMENTED');
    await expectFail('a.ts', js, 'IN_STRING');
    await expectFail('a.ts', js, 'WRITTEN');
    await expectFail('a.ts', js, 'database');
  });
});

describe('env_var_referenced: Go, Java, C#', () => {
  const go = [
    'package main',
    'type C struct {',
    '  Port int `env:"APP_PORT" envDefault:"80"`',
    '}',
    'func main() {',
    '  a := os.Getenv("DATABASE_URL")',
    '  b, ok := os.LookupEnv(`API_KEY`)',
    '  // os.Getenv("COMMENTED")',
    '  c := os.Getenv(name)',
    '  fmt.Println("os.Getenv(\\"IN_STRING\\")")',
    '}',
  ].join('\n');
  it('Go Getenv, LookupEnv and env struct tags', async () => {
    await expectPass('main.go', go, 'DATABASE_URL', 6);
    await expectPass('main.go', go, 'API_KEY', 7);
    await expectPass('main.go', go, 'APP_PORT', 3);
    await expectFail('main.go', go, 'COMMENTED');
    await expectFail('main.go', go, 'IN_STRING');
  });

  const java = [
    'class Config {',
    '  @Value("${DB_PASSWORD}") String pw;',
    '  @Value("${SERVER_PORT:8080}") int port;',
    '  String a = System.getenv("JWT_KEY");',
    '  String b = System.getenv().get("MAP_KEY");',
    '  // System.getenv("COMMENTED")',
    '  String c = "System.getenv(\\"IN_STRING\\")";',
    '}',
  ].join('\n');
  it('Java System.getenv and Spring @Value placeholders with defaults', async () => {
    await expectPass('Config.java', java, 'DB_PASSWORD', 2);
    await expectPass('Config.java', java, 'SERVER_PORT', 3);
    await expectPass('Config.java', java, 'JWT_KEY', 4);
    await expectPass('Config.java', java, 'MAP_KEY', 5);
    await expectFail('Config.java', java, 'COMMENTED');
    await expectFail('Config.java', java, 'IN_STRING');
    await expectFail('Config.java', java, '8080');
  });

  const cs = [
    'class A { void F() {',
    '  var a = Environment.GetEnvironmentVariable("CONN_STRING");',
    '  var b = System.Environment.GetEnvironmentVariable("OTHER", EnvironmentVariableTarget.Process);',
    '  // Environment.GetEnvironmentVariable("COMMENTED")',
    '  var c = Environment.GetEnvironmentVariable(name);',
    '}}',
  ].join('\n');
  it('C# Environment.GetEnvironmentVariable', async () => {
    await expectPass('A.cs', cs, 'CONN_STRING', 2);
    await expectPass('A.cs', cs, 'OTHER', 3);
    await expectFail('A.cs', cs, 'COMMENTED');
    expect((await expectFail('A.cs', cs, 'name')).details).toContain('computed key');
  });
});

describe('env_var_referenced: Ruby, Rust, PHP', () => {
  const rb = [
    "a = ENV['RAILS_KEY']",
    'b = ENV.fetch("REDIS_URL") { "x" }',
    "c = ENV.fetch('OPT', nil)",
    "# ENV['COMMENTED']",
    'd = "ENV[\'IN_STRING\']"',
    'e = ENV["#{prefix}_KEY"]',
    "ENV['WRITTEN'] = 'x'",
  ].join('\n');
  it('Ruby ENV[] and ENV.fetch', async () => {
    await expectPass('config/a.rb', rb, 'RAILS_KEY', 1);
    await expectPass('config/a.rb', rb, 'REDIS_URL', 2);
    await expectPass('config/a.rb', rb, 'OPT', 3);
    await expectFail('config/a.rb', rb, 'COMMENTED');
    await expectFail('config/a.rb', rb, 'IN_STRING');
    await expectFail('config/a.rb', rb, '_KEY');
    await expectFail('config/a.rb', rb, 'WRITTEN');
  });

  const rs = [
    'use std::env;',
    'fn main() {',
    '  let a = std::env::var("DATABASE_URL").unwrap();',
    '  let b = env::var_os("HOME");',
    '  let c = env!("CARGO_PKG_VERSION");',
    '  let d = option_env!("BUILD_ID");',
    '  // env::var("COMMENTED")',
    '  env::set_var("WRITTEN", "x");',
    '  let e = dotenvy::var("DOTENV_KEY");',
    '}',
  ].join('\n');
  it('Rust std::env::var, var_os, env!, option_env!, dotenvy', async () => {
    await expectPass('src/main.rs', rs, 'DATABASE_URL', 3);
    await expectPass('src/main.rs', rs, 'HOME', 4);
    await expectPass('src/main.rs', rs, 'CARGO_PKG_VERSION', 5);
    await expectPass('src/main.rs', rs, 'BUILD_ID', 6);
    await expectPass('src/main.rs', rs, 'DOTENV_KEY', 9);
    await expectFail('src/main.rs', rs, 'COMMENTED');
    await expectFail('src/main.rs', rs, 'WRITTEN');
  });

  const php = [
    '<?php',
    "$a = getenv('DB_HOST');",
    "$b = $_ENV['APP_KEY'];",
    "$c = env('MAIL_PASSWORD', 'default');",
    '$d = $_SERVER["SERVER_VAR"];',
    "// getenv('COMMENTED')",
    '$e = "getenv(\'IN_STRING\')";',
    '$f = getenv($name);',
  ].join('\n');
  it('PHP getenv, $_ENV, $_SERVER and Laravel env()', async () => {
    await expectPass('config/a.php', php, 'DB_HOST', 2);
    await expectPass('config/a.php', php, 'APP_KEY', 3);
    await expectPass('config/a.php', php, 'MAIL_PASSWORD', 4);
    await expectPass('config/a.php', php, 'SERVER_VAR', 5);
    await expectFail('config/a.php', php, 'COMMENTED');
    await expectFail('config/a.php', php, 'IN_STRING');
    expect((await expectFail('config/a.php', php, 'name')).details).toContain('computed key');
  });
});

import { describe, expect, it } from 'vitest';
import { usageCheckers } from './index.js';
import { project, run } from './testkit.js';

const imp = (file: string, text: string, module: string, name?: string) =>
  run('import_present', file, text, name ? { module, name } : { module });

describe('import_present: Python', () => {
  const src = [
    'import os, hashlib as h',
    'from cryptography.fernet import Fernet as F, MultiFernet',
    'from .models import User',
    'from flask import *',
    '# import lodash',
    'x = "import secrets"',
    'mod = importlib.import_module("yaml")',
  ].join('\n');

  it('finds a plain import and its line', async () => {
    const r = await imp('app/crypto.py', src, 'hashlib');
    expect(r.result).toBe('pass');
    expect(r.details).toContain('app/crypto.py:1');
    expect(r.evidence).toEqual({ file: 'app/crypto.py', line: 1, end_line: 1 });
  });
  it('a submodule satisfies its package, with the name', async () => {
    const r = await imp('app/crypto.py', src, 'cryptography', 'Fernet');
    expect(r.result).toBe('pass');
    expect(r.details).toContain(':2');
  });
  it('module plus name, exact', async () => {
    expect((await imp('app/crypto.py', src, 'cryptography.fernet', 'MultiFernet')).result).toBe('pass');
  });
  it('a package does not satisfy a submodule', async () => {
    const r = await imp('app/crypto.py', 'import cryptography\n', 'cryptography.fernet');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('does not import cryptography.fernet');
  });
  it('the alias is not the imported name', async () => {
    const r = await imp('app/crypto.py', src, 'cryptography.fernet', 'F');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('but not the name F');
    expect(r.evidence?.line).toBe(2);
  });
  it('relative imports resolve against the package path', async () => {
    expect((await imp('app/crypto.py', src, 'app.models', 'User')).result).toBe('pass');
    expect((await imp('app/crypto.py', src, '.models', 'User')).result).toBe('pass');
  });
  it('from m import * satisfies any name', async () => {
    const r = await imp('app/crypto.py', src, 'flask', 'request');
    expect(r.result).toBe('pass');
    expect(r.details).toContain('wildcard');
  });
  it('comments and strings never count', async () => {
    expect((await imp('app/crypto.py', src, 'lodash')).result).toBe('fail');
    expect((await imp('app/crypto.py', src, 'secrets')).result).toBe('fail');
  });
  it('importlib.import_module with a literal counts', async () => {
    expect((await imp('app/crypto.py', src, 'yaml')).result).toBe('pass');
  });
  it('prefixes only at segment boundaries', async () => {
    expect((await imp('app/crypto.py', src, 'crypto')).result).toBe('fail');
    expect((await imp('app/crypto.py', src, 'o')).result).toBe('fail');
  });
  it('from pkg import submodule imports pkg.submodule', async () => {
    expect((await imp('a.py', 'from cryptography import fernet\n', 'cryptography.fernet')).result).toBe('pass');
  });
});

describe('import_present: JavaScript / TypeScript', () => {
  const ts = [
    "import express, { Router as R, json } from 'express';",
    "import * as crypto from 'node:crypto';",
    "import type { Options } from 'lodash/merge';",
    "import { helper } from './lib/util.js';",
    "const { sign, verify: v } = require('jsonwebtoken');",
    "const bcrypt = require('bcrypt');",
    "const mod = await import('dyn-mod');",
    "const s = 'import x from \"fake\"'; // require('commented')",
    "export { Thing } from '@scope/pkg/sub';",
    'const z = require(name);',
  ].join('\n');

  it('default, named and aliased specifiers', async () => {
    expect((await imp('src/a.ts', ts, 'express', 'Router')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, 'express', 'json')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, 'express', 'express')).result).toBe('pass');
    const r = await imp('src/a.ts', ts, 'express', 'R');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('but not the name R');
  });
  it('node: prefix is optional, both ways', async () => {
    expect((await imp('src/a.ts', ts, 'crypto')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, 'node:crypto')).result).toBe('pass');
  });
  it('import type counts; a subpath satisfies its package but not a prefix of the name', async () => {
    expect((await imp('src/a.ts', ts, 'lodash', 'Options')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, 'lodash/merge')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, 'lod')).result).toBe('fail');
  });
  it('relative imports match as written, without extension, or resolved from the root', async () => {
    expect((await imp('src/a.ts', ts, './lib/util.js')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, './lib/util')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, 'src/lib/util', 'helper')).result).toBe('pass');
  });
  it('require with destructuring binds the property names', async () => {
    expect((await imp('src/a.ts', ts, 'jsonwebtoken', 'verify')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, 'bcrypt')).result).toBe('pass');
  });
  it('dynamic import and re-exports count', async () => {
    expect((await imp('src/a.ts', ts, 'dyn-mod')).result).toBe('pass');
    expect((await imp('src/a.ts', ts, '@scope/pkg', 'Thing')).result).toBe('pass');
  });
  it('strings, comments and computed requires never count', async () => {
    expect((await imp('src/a.ts', ts, 'fake')).result).toBe('fail');
    expect((await imp('src/a.ts', ts, 'commented')).result).toBe('fail');
  });
  it('works in JSX and TSX files', async () => {
    const jsx = "import React from 'react';\nexport const A = () => <div>{'import x from \"y\"'}</div>;\n";
    expect((await imp('ui/a.jsx', jsx, 'react', 'React')).result).toBe('pass');
    expect((await imp('ui/a.tsx', jsx, 'react')).result).toBe('pass');
    expect((await imp('ui/a.tsx', jsx, 'y')).result).toBe('fail');
  });
});

describe('import_present: Go, Java, C#', () => {
  const go = 'package main\nimport (\n  "crypto/tls"\n  jwt "github.com/golang-jwt/jwt/v5"\n)\n// import "os"\n';
  it('Go import specs, package path boundaries', async () => {
    expect((await imp('main.go', go, 'crypto/tls')).result).toBe('pass');
    expect((await imp('main.go', go, 'crypto')).result).toBe('pass');
    expect((await imp('main.go', go, 'github.com/golang-jwt/jwt/v5', 'jwt')).result).toBe('pass');
    expect((await imp('main.go', go, 'os')).result).toBe('fail');
    expect((await imp('main.go', go, 'crypto/tl')).result).toBe('fail');
  });

  const java = [
    'import java.util.*;',
    'import javax.crypto.Cipher;',
    'import static org.junit.Assert.assertEquals;',
    '// import org.evil.Thing;',
    'class A { String s = "import a.b.C;"; }',
  ].join('\n');
  it('Java single-type, wildcard and static imports', async () => {
    expect((await imp('A.java', java, 'javax.crypto', 'Cipher')).result).toBe('pass');
    expect((await imp('A.java', java, 'javax.crypto.Cipher')).result).toBe('pass');
    const w = await imp('A.java', java, 'java.util', 'List');
    expect(w.result).toBe('pass');
    expect(w.details).toContain('wildcard');
    expect((await imp('A.java', java, 'org.junit.Assert', 'assertEquals')).result).toBe('pass');
    expect((await imp('A.java', java, 'javax.crypto', 'KeyGenerator')).result).toBe('fail');
    expect((await imp('A.java', java, 'org.evil')).result).toBe('fail');
    expect((await imp('A.java', java, 'a.b')).result).toBe('fail');
  });

  const cs =
    'using System.Security.Cryptography;\nusing static System.Math;\nusing Json = Newtonsoft.Json.JsonConvert;\n';
  it('C# using, using static and aliases', async () => {
    expect((await imp('A.cs', cs, 'System.Security.Cryptography')).result).toBe('pass');
    expect((await imp('A.cs', cs, 'System.Security')).result).toBe('pass');
    expect((await imp('A.cs', cs, 'System.Security.Cryptography', 'Aes')).result).toBe('pass');
    expect((await imp('A.cs', cs, 'Newtonsoft.Json', 'JsonConvert')).result).toBe('pass');
    expect((await imp('A.cs', cs, 'System.Sec')).result).toBe('fail');
  });
});

describe('import_present: Rust, Ruby, PHP', () => {
  const rs =
    'use std::env;\nuse a::{b, c::D, self};\nuse tower_http::cors::*;\nuse crate::auth::jwt as j;\nextern crate serde;\n// use evil::x;\n';
  it('Rust use paths, groups, wildcards, crate-relative', async () => {
    expect((await imp('src/main.rs', rs, 'std::env')).result).toBe('pass');
    expect((await imp('src/main.rs', rs, 'std', 'env')).result).toBe('pass');
    expect((await imp('src/main.rs', rs, 'a::c', 'D')).result).toBe('pass');
    expect((await imp('src/main.rs', rs, 'a', 'b')).result).toBe('pass');
    expect((await imp('src/main.rs', rs, 'tower_http::cors', 'CorsLayer')).result).toBe('pass');
    expect((await imp('src/main.rs', rs, 'auth::jwt')).result).toBe('pass');
    expect((await imp('src/main.rs', rs, 'serde')).result).toBe('pass');
    expect((await imp('src/main.rs', rs, 'evil')).result).toBe('fail');
    expect((await imp('src/main.rs', rs, 'a::c', 'E')).result).toBe('fail');
  });

  const rb =
    "require 'openssl'\nrequire_relative '../lib/auth'\nrequire 'active_support/core_ext'\n# require 'evil'\nx = \"require 'str'\"\n";
  it('Ruby require and require_relative', async () => {
    expect((await imp('app/a.rb', rb, 'openssl')).result).toBe('pass');
    expect((await imp('app/a.rb', rb, 'active_support')).result).toBe('pass');
    expect((await imp('app/a.rb', rb, '../lib/auth')).result).toBe('pass');
    expect((await imp('app/a.rb', rb, 'lib/auth')).result).toBe('pass');
    expect((await imp('app/a.rb', rb, 'evil')).result).toBe('fail');
    expect((await imp('app/a.rb', rb, 'str')).result).toBe('fail');
  });

  const php = [
    '<?php',
    'use App\\Models\\User;',
    'use Illuminate\\Support\\{Str, Facades\\Hash as H};',
    "require_once 'vendor/autoload.php';",
    'class K { use HasFactory; }',
    '// use Evil\\Thing;',
  ].join('\n');
  it('PHP use, grouped use, require; trait use is not an import', async () => {
    expect((await imp('src/a.php', php, 'App\\Models', 'User')).result).toBe('pass');
    expect((await imp('src/a.php', php, 'App\\Models\\User')).result).toBe('pass');
    expect((await imp('src/a.php', php, '\\app\\models\\user')).result).toBe('pass');
    expect((await imp('src/a.php', php, 'Illuminate\\Support\\Facades', 'Hash')).result).toBe('pass');
    expect((await imp('src/a.php', php, 'Illuminate\\Support', 'Str')).result).toBe('pass');
    expect((await imp('src/a.php', php, 'vendor/autoload.php')).result).toBe('pass');
    expect((await imp('src/a.php', php, 'HasFactory')).result).toBe('fail');
    expect((await imp('src/a.php', php, 'Evil')).result).toBe('fail');
  });
});

describe('import_present: files', () => {
  it('an unsupported extension is skipped', async () => {
    const r = await imp('notes.txt', 'import os', 'os');
    expect(r.result).toBe('skipped');
    expect(r.details).toContain('language not supported');
  });
  it('a missing file fails, an escaping path fails', async () => {
    const { ctx } = project({ 'a.py': 'import os' });
    const missing = await usageCheckers.import_present!({ file: 'b.py', module: 'os' }, ctx);
    expect(missing.result).toBe('fail');
    expect(missing.details).toContain('does not exist');
    const escaping = await usageCheckers.import_present!({ file: '../x.txt', module: 'os' }, ctx);
    expect(escaping.result).toBe('fail');
    expect(escaping.details).toContain('path escapes project root');
  });
});

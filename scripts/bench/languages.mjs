// Code emitters for the benchmark repository: one per language. Each turns a language-neutral module plan into
// realistic source (a service class with decorated methods, helper functions, imports, environment reads, response
// headers, middleware registration, validation and error handling) and reports what it defined, so the assertion
// generator can ask about things that exist (and, on purpose, some that do not).

const cap = (w) => w.charAt(0).toUpperCase() + w.slice(1);
export const snake = (words) => words.join('_');
export const camel = (words) => words[0] + words.slice(1).map(cap).join('');
export const pascal = (words) => words.map(cap).join('');

/** Per-language vocabulary: naming, and the libraries/decorators/exceptions a real codebase of that kind uses. */
export const LANGUAGES = {
  python: {
    ext: 'py',
    fn: snake,
    decorators: ['login_required', 'require_auth', 'cache_page', 'csrf_protect'],
    exceptions: ['KeyError', 'ValueError', 'PermissionError'],
    imports: [
      ['cryptography.fernet', 'Fernet'],
      ['fastapi', 'FastAPI'],
      ['pydantic', 'BaseModel'],
      ['jwt', null],
      ['hashlib', null],
      ['requests', null],
    ],
    middleware: ['CORSMiddleware', 'GZipMiddleware', 'SessionMiddleware'],
  },
  javascript: {
    ext: 'js',
    fn: camel,
    decorators: [],
    exceptions: ['TypeError', 'RangeError', 'SyntaxError'],
    imports: [
      ['express', null],
      ['helmet', null],
      ['jsonwebtoken', null],
      ['bcrypt', null],
      ['lodash/merge', null],
      ['node:crypto', 'randomBytes'],
    ],
    middleware: ['helmet', 'cors', 'rateLimiter', 'csrfProtection'],
  },
  typescript: {
    ext: 'ts',
    fn: camel,
    decorators: ['Get', 'Post', 'UseGuards', 'Roles', 'Throttle'],
    exceptions: ['HttpException', 'TypeError', 'ValidationError'],
    imports: [
      ['@nestjs/common', 'Injectable'],
      ['class-validator', 'IsString'],
      ['express', 'Request'],
      ['zod', 'z'],
      ['jose', 'jwtVerify'],
      ['node:crypto', 'createHash'],
    ],
    middleware: ['helmet', 'cors', 'compression', 'authMiddleware'],
  },
  go: {
    ext: 'go',
    fn: pascal,
    decorators: [],
    exceptions: [],
    imports: [
      ['net/http', null],
      ['os', null],
      ['github.com/gin-gonic/gin', null],
      ['golang.org/x/crypto/bcrypt', null],
      ['encoding/json', null],
      ['crypto/sha256', null],
    ],
    middleware: ['AuthMiddleware', 'LoggingMiddleware', 'RecoveryMiddleware'],
  },
  java: {
    ext: 'java',
    fn: camel,
    decorators: ['Transactional', 'PreAuthorize', 'GetMapping', 'Valid'],
    exceptions: ['IOException', 'IllegalArgumentException', 'AccessDeniedException'],
    imports: [
      ['org.springframework.web.bind.annotation', 'GetMapping'],
      ['org.springframework.transaction.annotation', 'Transactional'],
      ['java.util', 'List'],
      ['javax.crypto', 'Cipher'],
      ['java.security', 'MessageDigest'],
      ['org.slf4j', 'Logger'],
    ],
    middleware: ['AuthInterceptor', 'RateLimitInterceptor', 'AuditInterceptor'],
  },
  csharp: {
    ext: 'cs',
    fn: pascal,
    decorators: ['Authorize', 'HttpGet', 'ValidateAntiForgeryToken', 'AllowAnonymous'],
    exceptions: ['InvalidOperationException', 'ArgumentException', 'UnauthorizedAccessException'],
    imports: [
      ['Microsoft.AspNetCore.Mvc', null],
      ['System.Security.Cryptography', null],
      ['System.Text.Json', null],
      ['Microsoft.Extensions.Logging', null],
      ['System.Linq', null],
      ['System.Net.Http', null],
    ],
    middleware: ['RequestLogging', 'TenantResolver', 'SecurityHeaders'],
  },
  ruby: {
    ext: 'rb',
    fn: snake,
    decorators: [],
    exceptions: ['ArgumentError', 'ActiveRecord::RecordNotFound', 'KeyError'],
    imports: [
      ['json', null],
      ['openssl', null],
      ['bcrypt', null],
      ['net/http', null],
      ['securerandom', null],
      ['jwt', null],
    ],
    middleware: ['authenticate_user', 'verify_tenant', 'set_locale'],
  },
  rust: {
    ext: 'rs',
    fn: snake,
    decorators: ['instrument', 'inline', 'must_use'],
    exceptions: [],
    imports: [
      ['axum::Router', null],
      ['serde', 'Deserialize'],
      ['std::collections', 'HashMap'],
      ['tokio::sync', 'Mutex'],
      ['tracing', 'instrument'],
      ['sha2', 'Sha256'],
    ],
    middleware: ['TraceLayer', 'CorsLayer', 'CompressionLayer'],
  },
  php: {
    ext: 'php',
    fn: camel,
    decorators: ['Route', 'IsGranted', 'Cache'],
    exceptions: [
      'RuntimeException',
      'InvalidArgumentException',
      'Symfony\\Component\\Security\\Core\\Exception\\AccessDeniedException',
    ],
    imports: [
      ['Symfony\\Component\\HttpFoundation\\Response', null],
      ['Psr\\Log\\LoggerInterface', null],
      ['Doctrine\\ORM\\EntityManagerInterface', null],
      ['App\\Entity\\User', null],
      ['Symfony\\Component\\Routing\\Annotation\\Route', null],
      ['Firebase\\JWT\\JWT', null],
    ],
    middleware: ['TrustProxies', 'EncryptCookies', 'VerifyCsrfToken'],
  },
};

/** Lines of ordinary work inside a body, so files have realistic size and the parsers real work. */
function filler(lang, n, v) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = (v * 7 + i * 3) % 97;
    switch (lang) {
      case 'python':
        out.push(i % 3 === 0 ? `# step ${i}: accumulate the running total` : `total = total + ${k} * len(str(${v}))`);
        break;
      case 'ruby':
        out.push(i % 3 === 0 ? `# step ${i}: accumulate the running total` : `total += ${k} * items.size`);
        break;
      case 'go':
        out.push(i % 3 === 0 ? `// step ${i}: accumulate the running total` : `total += ${k} * len(items)`);
        break;
      case 'rust':
        out.push(i % 3 === 0 ? `// step ${i}: accumulate the running total` : `total += ${k} * items.len();`);
        break;
      case 'php':
        out.push(i % 3 === 0 ? `// step ${i}: accumulate the running total` : `$total += ${k} * count($items);`);
        break;
      default:
        out.push(i % 3 === 0 ? `// step ${i}: accumulate the running total` : `total += ${k} * items.length;`);
    }
  }
  return out;
}

const indent = (lines, by) => lines.map((l) => (l ? by + l : l));

/** One function's body in `lang`. `f`: {name, params, calls, env, header, validates, handles, seed}. */
function body(lang, f, self) {
  const p = f.params[0];
  const lines = [];
  const call = (c) => (self ? `${self}${c}` : c);
  switch (lang) {
    case 'python':
      lines.push('total = 0', 'items = []');
      if (f.validates) lines.push(`if not ${p}:`, `    raise ValueError("${p} is required")`);
      if (f.env) lines.push(`api_key = os.environ.get("${f.env}")`);
      lines.push(...filler(lang, f.size, f.seed));
      if (f.handles)
        lines.push(
          'try:',
          ...f.calls.map((c) => `    items.append(${call(c)}(${p}))`),
          `except ${f.handles} as exc:`,
          '    logger.warning("failed: %s", exc)',
          '    return None',
        );
      else lines.push(...f.calls.map((c) => `items.append(${call(c)}(${p}))`));
      if (f.header) lines.push(`response.headers["${f.header[0]}"] = "${f.header[1]}"`);
      lines.push('return {"total": total, "items": items}');
      return lines;
    case 'javascript':
    case 'typescript':
      lines.push('let total = 0;', 'const items = [];');
      if (f.validates) lines.push(`if (!${p}) {`, `  throw new TypeError('${p} is required');`, '}');
      if (f.env) lines.push(`const apiKey = process.env.${f.env};`);
      lines.push(...filler(lang, f.size, f.seed));
      if (f.handles)
        lines.push(
          'try {',
          ...f.calls.map((c) => `  items.push(${call(c)}(${p}));`),
          '} catch (err) {',
          `  if (err instanceof ${f.handles}) return null;`,
          '  throw err;',
          '}',
        );
      else lines.push(...f.calls.map((c) => `items.push(${call(c)}(${p}));`));
      if (f.header) lines.push(`res.setHeader('${f.header[0]}', '${f.header[1]}');`);
      lines.push('return { total, items };');
      return lines;
    case 'go':
      lines.push('total := 0', 'items := []string{}');
      if (f.validates) lines.push(`if ${p} == "" {`, `\treturn 0, errors.New("${p} is required")`, '}');
      if (f.env) lines.push(`apiKey := os.Getenv("${f.env}")`, '_ = apiKey');
      lines.push(...filler(lang, f.size, f.seed));
      for (const c of f.calls) {
        lines.push(`v${c.length}, err := ${call(c)}(${p})`);
        lines.push(f.handles ? 'if err != nil {\n\t\treturn 0, err\n\t}' : '_ = err');
        lines.push(`_ = v${c.length}`);
      }
      if (f.header) lines.push(`w.Header().Set("${f.header[0]}", "${f.header[1]}")`);
      lines.push('return total, nil');
      return lines;
    case 'java':
    case 'csharp': {
      const cs = lang === 'csharp';
      lines.push('int total = 0;', cs ? 'var items = new List<object>();' : 'List<Object> items = new ArrayList<>();');
      if (f.validates)
        lines.push(
          `if (${p} == null) {`,
          `    throw new ${cs ? 'ArgumentException' : 'IllegalArgumentException'}("${p} is required");`,
          '}',
        );
      if (f.env)
        lines.push(
          cs
            ? `var apiKey = Environment.GetEnvironmentVariable("${f.env}");`
            : `String apiKey = System.getenv("${f.env}");`,
        );
      lines.push(
        ...filler(lang, f.size, f.seed).map((l) => l.replace('items.length', cs ? 'items.Count' : 'items.size()')),
      );
      const calls = f.calls.map((c) => `    items.${cs ? 'Add' : 'add'}(${call(c)}(${p}));`);
      if (f.handles) lines.push('try {', ...calls, `} catch (${f.handles} e) {`, '    return null;', '}');
      else lines.push(...calls.map((l) => l.trim()));
      if (f.header)
        lines.push(
          cs
            ? `Response.Headers.Append("${f.header[0]}", "${f.header[1]}");`
            : `response.setHeader("${f.header[0]}", "${f.header[1]}");`,
        );
      lines.push('return items;');
      return lines;
    }
    case 'ruby':
      lines.push('total = 0', 'items = []');
      if (f.validates) lines.push(`raise ArgumentError, "${p} is required" if ${p}.nil?`);
      if (f.env) lines.push(`api_key = ENV["${f.env}"]`);
      lines.push(...filler(lang, f.size, f.seed));
      if (f.handles)
        lines.push(
          'begin',
          ...f.calls.map((c) => `  items << ${c}(${p})`),
          `rescue ${f.handles} => e`,
          '  logger.warn(e.message)',
          '  return nil',
          'end',
        );
      else lines.push(...f.calls.map((c) => `items << ${c}(${p})`));
      if (f.header) lines.push(`response.set_header("${f.header[0]}", "${f.header[1]}")`);
      lines.push('{ total: total, items: items }');
      return lines;
    case 'rust':
      lines.push('let mut total: usize = 0;', 'let mut items: Vec<String> = Vec::new();');
      if (f.validates)
        lines.push(`if ${p}.is_empty() {`, `    return Err(AppError::BadRequest("${p} is required".into()));`, '}');
      if (f.env) lines.push(`let api_key = std::env::var("${f.env}").unwrap_or_default();`);
      lines.push(...filler(lang, f.size, f.seed));
      for (const c of f.calls) {
        if (f.handles)
          lines.push(
            `match ${call(c)}(${p}) {`,
            '    Ok(v) => items.push(v),',
            '    Err(e) => return Err(AppError::Internal(e.to_string())),',
            '}',
          );
        else lines.push(`items.push(${call(c)}(${p})?);`);
      }
      if (f.header)
        lines.push(
          `headers.insert(header::${f.header[0].toUpperCase().replaceAll('-', '_')}, HeaderValue::from_static("${f.header[1]}"));`,
        );
      lines.push('Ok(total)');
      return lines;
    case 'php':
      lines.push('$total = 0;', '$items = [];');
      if (f.validates)
        lines.push(`if (empty($${p})) {`, `    throw new \\InvalidArgumentException('${p} is required');`, '}');
      if (f.env) lines.push(`$apiKey = getenv('${f.env}');`);
      lines.push(...filler(lang, f.size, f.seed));
      if (f.handles)
        lines.push(
          'try {',
          ...f.calls.map((c) => `    $items[] = ${self ? '$this->' : ''}${c}($${p});`),
          `} catch (\\${f.handles.replace(/^\\/, '')} $e) {`,
          '    return null;',
          '}',
        );
      else lines.push(...f.calls.map((c) => `$items[] = ${self ? '$this->' : ''}${c}($${p});`));
      if (f.header) lines.push(`header('${f.header[0]}: ${f.header[1]}');`);
      lines.push('return $items;');
      return lines;
  }
  return lines;
}

const paramList = (lang, params) => {
  switch (lang) {
    case 'go':
      return params.map((p) => `${p} string`).join(', ');
    case 'java':
    case 'csharp':
      return params.map((p) => `String ${p}`.replace(/^String/, lang === 'csharp' ? 'string' : 'String')).join(', ');
    case 'rust':
      return params.map((p) => `${p}: &str`).join(', ');
    case 'php':
      return params.map((p) => `string $${p}`).join(', ');
    case 'typescript':
      return params.map((p) => `${p}: string`).join(', ');
    default:
      return params.join(', ');
  }
};

function decoratorLine(lang, d) {
  switch (lang) {
    case 'python':
      return `@${d}`;
    case 'typescript':
      return `@${d}()`;
    case 'java':
      return `@${d}`;
    case 'csharp':
      return `[${d}]`;
    case 'php':
      return `#[${d}]`;
    case 'rust':
      return `#[${d}]`;
    default:
      return null;
  }
}

/** A method or function definition. */
function definition(lang, f, inClass) {
  const ps = paramList(lang, f.params);
  const b = body(
    lang,
    f,
    inClass
      ? {
          python: 'self.',
          javascript: 'this.',
          typescript: 'this.',
          java: 'this.',
          csharp: '',
          ruby: '',
          rust: 'self.',
          php: '$this->',
          go: 's.',
        }[lang]
      : '',
  );
  const deco = f.decorator ? decoratorLine(lang, f.decorator) : null;
  const head = [];
  if (deco) head.push(deco);
  switch (lang) {
    case 'python':
      return [...head, `def ${f.name}(${inClass ? `self, ${ps}` : ps}):`, ...indent(b, '    ')];
    case 'javascript':
      return inClass
        ? [`${f.name}(${ps}) {`, ...indent(b, '  '), '}']
        : [`export function ${f.name}(${ps}) {`, ...indent(b, '  '), '}'];
    case 'typescript':
      return inClass
        ? [...head, `async ${f.name}(${ps}): Promise<unknown> {`, ...indent(b, '  '), '}']
        : [`export const ${f.name} = (${ps}): unknown => {`, ...indent(b, '  '), '};'];
    case 'go':
      return [`func ${inClass ? `(s *${inClass}) ` : ''}${f.name}(${ps}) (int, error) {`, ...indent(b, '\t'), '}'];
    case 'java':
      return [...head, `public List<Object> ${f.name}(${ps}) {`, ...indent(b, '    '), '}'];
    case 'csharp':
      return [...head, `public List<object> ${f.name}(${ps})`, '{', ...indent(b, '    '), '}'];
    case 'ruby':
      return [`def ${f.name}(${ps})`, ...indent(b, '  '), 'end'];
    case 'rust':
      return [
        ...head,
        `pub fn ${f.name}(${inClass ? `&self, ${ps}` : ps}) -> Result<usize, AppError> {`,
        ...indent(b, '    '),
        '}',
      ];
    case 'php':
      return [...head, `public function ${f.name}(${ps}): array`, '{', ...indent(b, '    '), '}'];
  }
  return [];
}

function importLines(lang, imports) {
  return imports.map(([mod, name]) => {
    switch (lang) {
      case 'python':
        return name ? `from ${mod} import ${name}` : `import ${mod}`;
      case 'javascript':
        return name ? `import { ${name} } from '${mod}';` : `const ${mod.replace(/\W/g, '_')} = require('${mod}');`;
      case 'typescript':
        return name ? `import { ${name} } from '${mod}';` : `import ${mod.replace(/\W/g, '_')} from '${mod}';`;
      case 'go':
        return `\t"${mod}"`;
      case 'java':
        return `import ${mod}.${name ?? '*'};`;
      case 'csharp':
        return `using ${mod};`;
      case 'ruby':
        return `require "${mod}"`;
      case 'rust':
        return name ? `use ${mod}::${name};` : `use ${mod};`;
      case 'php':
        return `use ${mod};`;
    }
    return '';
  });
}

function middlewareLines(lang, mw) {
  switch (lang) {
    case 'python':
      return [`app.add_middleware(${mw})`];
    case 'javascript':
    case 'typescript':
      return [`app.use(${mw}());`];
    case 'go':
      return [`func Register(r *gin.Engine) {`, `\tr.Use(${mw}())`, '}'];
    case 'java':
      return null; // registered inside the class (addInterceptor)
    case 'csharp':
      return null;
    case 'ruby':
      return null;
    case 'rust':
      return [`pub fn router() -> Router {`, `    Router::new().layer(${mw}::new())`, '}'];
    case 'php':
      return [`function registerMiddleware($middleware): void`, '{', `    $middleware->append(${mw}::class);`, '}'];
  }
  return null;
}

/**
 * Renders a module plan: {lang, className, methods[], functions[], imports[], middleware, namespace}. Returns the
 * file text. The plan itself is the record of what exists.
 */
export function renderModule(plan) {
  const { lang, className: cls, methods, functions, imports, middleware, namespace } = plan;
  const out = [];
  const methodBlocks = () => methods.flatMap((m) => [...definition(lang, m, cls), '']);
  const functionBlocks = () => functions.flatMap((f) => [...definition(lang, f, null), '']);
  const mw = middlewareLines(lang, middleware) ?? [];
  switch (lang) {
    case 'python':
      out.push(
        `"""${namespace}: service module generated for the Assay benchmark."""`,
        'import os',
        'import logging',
        ...importLines(lang, imports),
        '',
        'logger = logging.getLogger(__name__)',
        'app = FastAPI()',
        ...mw,
        '',
        '',
      );
      out.push(
        `class ${cls}:`,
        `    """Service object for ${namespace}."""`,
        '',
        ...indent(methodBlocks(), '    '),
        '',
      );
      out.push(...functionBlocks());
      break;
    case 'javascript':
    case 'typescript':
      out.push(
        `// ${namespace}: service module generated for the Assay benchmark.`,
        ...importLines(lang, imports),
        '',
        'const app = express();',
        ...mw,
        '',
      );
      out.push(`export class ${cls} {`, ...indent(methodBlocks(), '  '), '}', '');
      out.push(...functionBlocks());
      break;
    case 'go':
      out.push(
        `// Package ${namespace.replace(/\W/g, '')} is generated for the Assay benchmark.`,
        `package ${namespace.split('.').at(-1)}`,
        '',
        'import (',
        '\t"errors"',
        ...importLines(lang, imports),
        ')',
        '',
      );
      out.push(
        `// ${cls} serves requests.`,
        `type ${cls} struct {`,
        '\tdb *sql.DB',
        '}',
        '',
        ...mw,
        '',
        ...methodBlocks(),
        ...functionBlocks(),
      );
      break;
    case 'java':
      out.push(
        `package ${namespace};`,
        '',
        ...importLines(lang, imports),
        '',
        '@RestController',
        `public class ${cls} implements WebMvcConfigurer {`,
        '',
      );
      out.push(
        '    @Override',
        '    public void addInterceptors(InterceptorRegistry registry) {',
        `        registry.addInterceptor(new ${middleware}());`,
        '    }',
        '',
      );
      out.push(
        ...indent(methodBlocks(), '    '),
        ...indent(
          functionBlocks().map((l) => l.replace('public List', 'public static List')),
          '    ',
        ),
        '}',
      );
      break;
    case 'csharp':
      out.push(
        ...importLines(lang, imports),
        '',
        `namespace ${namespace};`,
        '',
        `public class ${cls} : ControllerBase`,
        '{',
      );
      out.push(
        '    public static void Configure(IApplicationBuilder app)',
        '    {',
        `        app.UseMiddleware<${middleware}>();`,
        '    }',
        '',
      );
      out.push(
        ...indent(methodBlocks(), '    '),
        ...indent(
          functionBlocks().map((l) => l.replace('public List', 'public static List')),
          '    ',
        ),
        '}',
      );
      break;
    case 'ruby':
      out.push(
        `# ${namespace}: generated for the Assay benchmark.`,
        ...importLines(lang, imports),
        '',
        `class ${cls} < ApplicationController`,
        `  before_action :${middleware}`,
        '',
      );
      out.push(
        ...indent(methodBlocks(), '  '),
        'end',
        '',
        `module ${cls}Helpers`,
        ...indent(functionBlocks(), '  '),
        'end',
      );
      break;
    case 'rust':
      out.push(
        `//! ${namespace}: generated for the Assay benchmark.`,
        ...importLines(lang, imports),
        'use axum::http::{header, HeaderValue};',
        '',
        `pub struct ${cls} {`,
        '    pool: PgPool,',
        '}',
        '',
        ...mw,
        '',
      );
      out.push(`impl ${cls} {`, ...indent(methodBlocks(), '    '), '}', '', ...functionBlocks());
      break;
    case 'php':
      out.push('<?php', '', `namespace ${namespace};`, '', ...importLines(lang, imports), '', ...mw, '');
      out.push(`class ${cls}`, '{', ...indent(methodBlocks(), '    '), ...indent(functionBlocks(), '    '), '}');
      break;
  }
  return `${out.join('\n')}\n`;
}

/** A test file per language, defining the given test names (in the framework's own form). */
export function renderTests(lang, cls, names) {
  const t = names;
  switch (lang) {
    case 'python':
      return `import pytest\n\n${t.map((n) => `def ${n}():\n    assert ${JSON.stringify(n)}.startswith("test")\n`).join('\n')}`;
    case 'javascript':
    case 'typescript':
      return `import { describe, it, expect } from 'vitest';\n\ndescribe('${cls}', () => {\n${t.map((n) => `  it('${n.replaceAll('_', ' ')}', () => {\n    expect(1 + 1).toBe(2);\n  });\n`).join('\n')}});\n`;
    case 'go':
      return `package tests\n\nimport "testing"\n\n${t.map((n) => `func ${pascal(n.split('_'))}(t *testing.T) {\n\tif 1+1 != 2 {\n\t\tt.Fatal("math")\n\t}\n}\n`).join('\n')}`;
    case 'java':
      return `package tests;\n\nimport org.junit.jupiter.api.Test;\n\nclass ${cls}Test {\n${t.map((n) => `    @Test\n    void ${camel(n.split('_'))}() {\n        assert 1 + 1 == 2;\n    }\n`).join('\n')}}\n`;
    case 'csharp':
      return `using Xunit;\n\npublic class ${cls}Tests\n{\n${t.map((n) => `    [Fact]\n    public void ${pascal(n.split('_'))}()\n    {\n        Assert.Equal(2, 1 + 1);\n    }\n`).join('\n')}}\n`;
    case 'ruby':
      return `require "spec_helper"\n\nRSpec.describe ${cls} do\n${t.map((n) => `  it "${n.replaceAll('_', ' ')}" do\n    expect(1 + 1).to eq(2)\n  end\n`).join('\n')}end\n`;
    case 'rust':
      return `${t.map((n) => `#[test]\nfn ${n}() {\n    assert_eq!(1 + 1, 2);\n}\n`).join('\n')}`;
    case 'php':
      return `<?php\n\nuse PHPUnit\\Framework\\TestCase;\n\nclass ${cls}Test extends TestCase\n{\n${t.map((n) => `    public function ${camel(n.split('_'))}(): void\n    {\n        $this->assertSame(2, 1 + 1);\n    }\n`).join('\n')}}\n`;
  }
  return '';
}

/** The name under which a test defined from `name` is found by test_exists in `lang`. */
export function testTitle(lang, name) {
  switch (lang) {
    case 'javascript':
    case 'typescript':
    case 'ruby':
      return name.replaceAll('_', ' ');
    case 'go':
    case 'csharp':
      return pascal(name.split('_'));
    case 'java':
    case 'php':
      return camel(name.split('_'));
    default:
      return name;
  }
}

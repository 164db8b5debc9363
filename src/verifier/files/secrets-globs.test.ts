import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PARSE_BYTES } from '../project-files.js';
import { noPlaintextSecret } from './no-plaintext-secret.js';
import { Project } from './test-fixture.js';

const SECRET = 'Zq8vR2mK9xLp4TbW';

describe('no_plaintext_secret over globs', () => {
  let p: Project;
  beforeAll(() => {
    p = new Project()
      .write('src/app.py', 'import os\npassword = os.environ["DB_PASSWORD"]\n')
      .write('src/lib/db.py', `def connect():\n    return open_db(password="${SECRET}")\n`)
      .write('src/logo.png', Buffer.from([0x89, 0, 1, 2]))
      .write('src/dump.sql', Buffer.alloc(MAX_PARSE_BYTES + 1, 0x61))
      .write('.env', `API_TOKEN=${SECRET}\n`)
      .write('clean/a.py', 'x = 1\n')
      .write('clean/b.bin', Buffer.from([0]))
      .write('bin/only.bin', Buffer.from([0, 0]))
      .write('node_modules/dep/config.js', `const token = "${SECRET}";\n`);
  });
  afterAll(() => p.remove());

  it('reports every hit as file:line (rule), skipping binary and large files with a count', async () => {
    const r = await noPlaintextSecret({ file: 'src/**/*' }, p.ctx());
    expect(r).toEqual({
      result: 'fail',
      details:
        '1 possible plaintext secret found: src/lib/db.py:2 (hardcoded-credential) (skipped 1 binary file and 1 file over 5 MiB)',
      evidence: { file: 'src/lib/db.py', line: 2, end_line: 2 },
    });
  });

  it('passes on a clean glob, saying how many files were searched', async () => {
    const r = await noPlaintextSecret({ file: 'clean/*' }, p.ctx());
    expect(r).toEqual({
      result: 'pass',
      details: 'no plaintext secret found in 1 file matched by clean/* (skipped 1 binary file)',
    });
  });

  it('dotfiles are searched only when named; node_modules never', async () => {
    expect((await noPlaintextSecret({ file: '*' }, p.ctx())).result).toBe('fail'); // '*' matches nothing: no root files
    const named = await noPlaintextSecret({ file: '.env' }, p.ctx());
    expect(named.details).toBe('1 possible plaintext secret found: .env:1 (hardcoded-credential)');
    const nm = await noPlaintextSecret({ file: '**/*.js' }, p.ctx());
    expect(nm).toEqual({ result: 'fail', details: 'glob **/*.js matches no file' });
  });

  it('a glob whose files are all binary fails; a binary plain path fails', async () => {
    expect(await noPlaintextSecret({ file: 'bin/*' }, p.ctx())).toEqual({
      result: 'fail',
      details: 'every file matched by bin/* was skipped (skipped 1 binary file)',
    });
    expect(await noPlaintextSecret({ file: 'src/logo.png' }, p.ctx())).toEqual({
      result: 'fail',
      details: 'src/logo.png is a binary file',
    });
    const big = await noPlaintextSecret({ file: 'src/dump.sql' }, p.ctx());
    expect(big.details).toContain('file too large');
  });

  it('missing files and escapes fail', async () => {
    expect((await noPlaintextSecret({ file: 'src/none.py' }, p.ctx())).result).toBe('fail');
    const esc = await noPlaintextSecret({ file: '../**/*.py' }, p.ctx());
    expect(esc.details).toContain('path escapes project root');
  });
});

describe('performance', () => {
  let p: Project;
  const LINES_PER_FILE = 5000;
  const FILES = 20;
  beforeAll(() => {
    p = new Project();
    const body: string[] = [];
    for (let i = 0; i < LINES_PER_FILE; i++) {
      switch (i % 8) {
        case 0:
          body.push(`def handler_${i}(request, token_store):`);
          break;
        case 1:
          body.push(`    key = request.headers.get("X-Api-Key-${i}")`);
          break;
        case 2:
          body.push(`    password = os.environ.get("DB_PASSWORD")  # never a literal`);
          break;
        case 3:
          body.push(`    url = "https://service.internal/v1/items/${i}?page=2"`);
          break;
        case 4:
          body.push(`    cache_key = f"user:{request.user_id}:profile"`);
          break;
        default:
          body.push(`    result_${i} = compute(item, value=${i}, label="row ${i}")`);
      }
    }
    for (let f = 0; f < FILES; f++) {
      const lines = [...body];
      if (f === FILES - 1) lines[LINES_PER_FILE - 3] = `    api_secret = "${SECRET}"`;
      p.write(`src/pkg${f % 4}/mod${f}.py`, `${lines.join('\n')}\n`);
    }
  });
  afterAll(() => p.remove());

  it('scans 100k lines quickly and scans each file once per run', async () => {
    const ctx = p.ctx();
    const started = Date.now();
    const r = await noPlaintextSecret({ file: 'src/**/*' }, ctx);
    const elapsed = Date.now() - started;
    expect(r.result).toBe('fail');
    expect(r.details).toBe(
      `1 possible plaintext secret found: src/pkg3/mod${FILES - 1}.py:${LINES_PER_FILE - 2} (hardcoded-credential)`,
    );
    expect(elapsed).toBeLessThan(5000);
    const parses = ctx.files.stats.parses;
    const again = Date.now();
    const second = await noPlaintextSecret({ file: 'src/pkg3/**/*.py' }, ctx);
    expect(second.result).toBe('fail');
    expect(ctx.files.stats.parses).toBe(parses);
    expect(Date.now() - again).toBeLessThan(200);
  });

  it('a huge minified line stays linear, and secrets on it are still found', async () => {
    const q = new Project();
    try {
      const unit = 'a.key=\\"x\\";b.token=t(k);c.secret_ref=d;';
      const line = unit.repeat(Math.floor((2 * 1024 * 1024) / unit.length));
      const awsSecret = 'Zq8vR2mK9xLp4TbWZq8vR2mK9xLp4TbW/+abcdef'.slice(0, 40);
      q.write('dist/bundle.min.js', `${line}var aws_secret_access_key="${awsSecret}";${line}\n`);
      q.write('dist/clean.min.js', `${line}\n`);
      const started = Date.now();
      const r = await noPlaintextSecret({ file: 'dist/bundle.min.js' }, q.ctx());
      expect(r.details).toBe(
        '2 possible plaintext secrets found: dist/bundle.min.js:1 (aws-secret-access-key), dist/bundle.min.js:1 (hardcoded-credential)',
      );
      expect(JSON.stringify(r)).not.toContain(awsSecret);
      const clean = await noPlaintextSecret({ file: 'dist/clean.min.js' }, q.ctx());
      expect(clean.result).toBe('pass');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      q.remove();
    }
  });
});

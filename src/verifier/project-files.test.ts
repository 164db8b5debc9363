import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileFailure, failureResult, isGlob, MAX_PARSE_BYTES, ProjectFiles, type Read } from './project-files.js';

/**
 * Path safety of ProjectFiles: every family reads the checkout through it, so escapes are tested here once,
 * thoroughly. Layout: <tmp>/outside/{secret.txt,dir/} next to <tmp>/root/ (the project).
 */
let base: string;
let root: string;
let outside: string;

function write(rel: string, content: string | Buffer): void {
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
}

function link(rel: string, target: string): void {
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.symlinkSync(target, abs);
}

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-pf-'));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET');
  fs.writeFileSync(path.join(outside, 'dir', 'inner.txt'), 'outside inner');
  write('src/app.py', 'print("hi")\n');
  write('src/lib/util.py', 'def f(): pass\n');
  write('.env', 'X=1\n');
  write('src/.hidden/h.py', 'hidden\n');
  write('.git/config', '[core]\n');
  write('node_modules/pkg/index.js', 'module.exports = 1;\n');
  write('src/node_modules/x.js', 'nested\n');
  write('bin/tool.bin', Buffer.from([0x7f, 0x45, 0x00, 0x01]));
  write('big.txt', Buffer.alloc(MAX_PARSE_BYTES + 1, 0x61));
  // links out of the root: a file link, a directory link, a relative link, a link chain, a dangling link
  link('escape-file', path.join(outside, 'secret.txt'));
  link('escape-dir', path.join(outside, 'dir'));
  link('src/rel-escape', '../../outside/secret.txt');
  link('src/deep/chain', path.join(root, 'escape-file'));
  link('dangling-out', path.join(outside, 'nope.txt'));
  // links that stay inside
  link('inside-file', 'src/app.py');
  link('inside-dir', 'src/lib');
  link('dangling-in', 'src/missing.py');
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const files = () => ProjectFiles.at(root);

async function failureOf(read: Promise<Read<unknown>>): Promise<FileFailure> {
  const r = await read;
  if (r.ok) throw new Error('expected a failure');
  return r.failure;
}

describe('normalize: lexical escapes', () => {
  it.each([
    '../outside/secret.txt',
    'src/../../outside/secret.txt',
    '..',
    'a/b/../../..',
    '/etc/passwd',
    '/tmp',
    '..\\outside\\secret.txt',
    'C:\\Windows\\win.ini',
    'c:/Windows/win.ini',
    'C:relative.txt',
    '\\\\server\\share\\x.txt',
    '//server/share/x.txt',
    'src/app.py\u0000.txt',
  ])('%j escapes the project root', async (userPath) => {
    const f = await failureOf(files().readText(userPath));
    expect(f.kind).toBe('escape');
    expect(f.message).toContain('path escapes project root');
    expect(failureResult(f).result).toBe('fail');
  });

  it('keeps `..` that stays inside and normalises separators', () => {
    const pf = files();
    expect(pf.normalize('src/lib/../app.py')).toEqual({ ok: true, value: 'src/app.py' });
    expect(pf.normalize('./src//app.py')).toEqual({ ok: true, value: 'src/app.py' });
    expect(pf.normalize('src\\lib\\util.py')).toEqual({ ok: true, value: 'src/lib/util.py' });
    expect(pf.normalize('src/')).toEqual({ ok: true, value: 'src' });
  });

  it('refuses the empty path', async () => {
    const f = await failureOf(files().regularFile(''));
    expect(f.message).toBe('empty path');
  });
});

describe('symlinks', () => {
  it.each([
    ['a file link out of the root', 'escape-file'],
    ['a relative file link out of the root', 'src/rel-escape'],
    ['a link chain ending outside', 'src/deep/chain'],
    ['a directory link out of the root, used as a path component', 'escape-dir/inner.txt'],
    ['a directory link out of the root, itself', 'escape-dir'],
    ['a missing file under an escaping directory link', 'escape-dir/nope.txt'],
    ['a dangling link pointing outside', 'dangling-out'],
  ])('%s → escape', async (_what, userPath) => {
    const pf = files();
    const f = await failureOf(pf.resolve(userPath));
    expect(f.kind).toBe('escape');
    expect(f.message).toBe(`${userPath}: path escapes project root`);
    const text = await pf.readText(userPath);
    expect(text.ok).toBe(false);
    expect(JSON.stringify(text)).not.toContain('TOP SECRET');
    expect(JSON.stringify(text)).not.toContain('outside inner');
    expect((await pf.digest(userPath, 'sha256')).ok).toBe(false);
    expect(await pf.exists(userPath)).toBe(false);
  });

  it('follows a file link that stays inside the root', async () => {
    const text = await files().readText('inside-file');
    expect(text).toEqual({ ok: true, value: 'print("hi")\n' });
  });

  it('follows a directory link that stays inside the root', async () => {
    expect(await files().readText('inside-dir/util.py')).toEqual({ ok: true, value: 'def f(): pass\n' });
  });

  it('a dangling link inside the root is missing, not an escape', async () => {
    const f = await failureOf(files().regularFile('dangling-in'));
    expect(f.kind).toBe('missing');
    expect(f.message).toContain('broken symlink');
  });

  it('an escape message names the normalised path whatever spelling came first (determinism)', async () => {
    const pf = files();
    const a = await failureOf(pf.resolve('./escape-file'));
    const b = await failureOf(pf.resolve('escape-file'));
    expect(a.message).toBe(b.message);
    expect(a.message).toBe('escape-file: path escapes project root');
  });
});

describe('regular files, size and binary limits', () => {
  it('a directory is not a regular file', async () => {
    const f = await failureOf(files().regularFile('src'));
    expect(f.kind).toBe('not_file');
    expect(f.message).toBe('src is not a regular file');
  });

  it('a missing file is missing (fail, not error)', async () => {
    const f = await failureOf(files().readText('src/nope.py'));
    expect(f.kind).toBe('missing');
    expect(failureResult(f).result).toBe('fail');
  });

  it('a file over 5 MiB is too large to parse but can be digested', async () => {
    const pf = files();
    const f = await failureOf(pf.readText('big.txt'));
    expect(f.kind).toBe('too_large');
    expect(f.message).toContain('file too large');
    const digest = await pf.digest('big.txt', 'sha256');
    expect(digest.ok).toBe(true);
  });

  it('a NUL byte makes a file binary', async () => {
    const f = await failureOf(files().readText('bin/tool.bin'));
    expect(f.kind).toBe('binary');
    expect(f.message).toBe('bin/tool.bin is a binary file');
    expect(await files().exists('bin/tool.bin')).toBe(true);
  });

  it('reads and parses each file once per run', async () => {
    const pf = files();
    let parses = 0;
    for (let i = 0; i < 3; i++) {
      await pf.readText('src/app.py');
      await pf.memo('src/app.py', 'test-kind', (t) => {
        parses++;
        return t.length;
      });
    }
    expect(pf.stats.reads).toBe(1);
    expect(parses).toBe(1);
  });
});

describe('globs', () => {
  it('recognises globs by *, ?, [ or {', () => {
    expect(['*.py', 'a?.py', '[ab].py', '{a,b}.py'].every(isGlob)).toBe(true);
    expect(isGlob('src/app.py')).toBe(false);
  });

  it('** is recursive; dotfiles and dot-directories are excluded unless named', async () => {
    const pf = files();
    const all = await pf.glob('**/*');
    expect(all).toContain('src/app.py');
    expect(all).toContain('src/lib/util.py');
    expect(all).not.toContain('.env');
    expect(all).not.toContain('src/.hidden/h.py');
    expect(await pf.glob('src/**/*.py')).toEqual(['src/app.py', 'src/lib/util.py']);
    expect(await pf.glob('.env*')).toEqual(['.env']);
    expect(await pf.glob('**/.hidden/*.py')).toEqual(['src/.hidden/h.py']);
  });

  it('never walks .git/ or node_modules/ (at any depth)', async () => {
    const pf = files();
    const all = await pf.listFiles();
    expect(all.some((f) => f.startsWith('.git/') || f.includes('node_modules/'))).toBe(false);
    const git = await pf.expand('.git/*');
    expect(git.ok).toBe(false);
    const nm = await pf.expand('node_modules/**/*.js');
    expect(nm.ok).toBe(false);
  });

  it('lists links inside the root that point at files, never links out of it nor linked directories', async () => {
    const all = await files().listFiles();
    expect(all).toContain('inside-file');
    expect(all).not.toContain('escape-file');
    expect(all).not.toContain('src/rel-escape');
    expect(all.some((f) => f.startsWith('escape-dir/') || f.startsWith('inside-dir/'))).toBe(false);
  });

  it('a glob matching nothing fails', async () => {
    const r = await files().expand('src/**/*.rb');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.kind).toBe('missing');
      expect(r.failure.message).toBe('glob src/**/*.rb matches no file');
    }
  });

  it.each(['/etc/*', '../outside/*', 'src/../../*', '..\\outside\\*', 'C:/Windows/*', '\\\\server\\*'])(
    'glob %j escapes',
    async (glob) => {
      const r = await files().expand(glob);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.failure.message).toBe(`${glob}: path escapes project root`);
    },
  );

  it('expands a plain path to itself when it is a regular file', async () => {
    expect(await files().expand('./src/app.py')).toEqual({ ok: true, value: ['src/app.py'] });
    const dir = await files().expand('src');
    expect(dir.ok).toBe(false);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTEXT_LINES, evidenceRegion, MAX_REGION_BYTES, MAX_REGION_LINES } from './evidence.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-evidence-'));
const root = path.join(base, 'project');
const write = (rel: string, content: string | Buffer) => {
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
};
const numbered = (n: number, prefix = 'line') =>
  `${Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n')}\n`;

write('src/app.ts', numbered(100));
write('src/long.ts', numbered(500));
write('src/crlf.ts', 'one\r\ntwo\r\nthree\r\n');
write('src/wide.ts', `${Array.from({ length: 60 }, () => 'x'.repeat(1000)).join('\n')}\n`);
write('src/minified.js', 'y'.repeat(100_000));
write('src/multibyte.txt', 'é'.repeat(20_000));
write('package.json', '{\n  "name": "demo",\n  "dependencies": { "helmet": "^8.0.0" }\n}\n');
write('bin/blob.dat', Buffer.from([0x41, 0x00, 0x42, 0x0a]));
write('empty.txt', '');
fs.writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET outside the root\n');
fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'src/leak.ts'));
fs.mkdirSync(path.join(base, 'outside-dir'));
fs.writeFileSync(path.join(base, 'outside-dir', 'x.ts'), 'outside\n');
fs.symlinkSync(path.join(base, 'outside-dir'), path.join(root, 'linked-dir'));
fs.symlinkSync('app.ts', path.join(root, 'src/alias.ts'));

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const lines = (code: string) => code.split('\n');

describe('evidenceRegion', () => {
  it('the reported region with context lines on both sides', async () => {
    const region = await evidenceRegion(root, { file: 'src/app.ts', line: 50, end_line: 52 }, {});
    expect(region).toMatchObject({
      file: 'src/app.ts',
      startLine: 50 - CONTEXT_LINES,
      endLine: 52 + CONTEXT_LINES,
      truncated: false,
    });
    expect(lines(region?.code ?? '')).toEqual(Array.from({ length: 13 }, (_, i) => `line ${50 - CONTEXT_LINES + i}`));
  });

  it('context is clamped to the start and end of the file', async () => {
    const start = await evidenceRegion(root, { file: 'src/app.ts', line: 2, end_line: 2 }, {});
    expect(start).toMatchObject({ startLine: 1, endLine: 7, truncated: false });
    const end = await evidenceRegion(root, { file: './src/app.ts', line: 98, end_line: 120 }, {});
    expect(end).toMatchObject({ file: 'src/app.ts', startLine: 93, endLine: 100, truncated: false });
    expect(lines(end?.code ?? '').at(-1)).toBe('line 100');
  });

  it('a region past the end of the file gives null', async () => {
    expect(await evidenceRegion(root, { file: 'src/app.ts', line: 500, end_line: 510 }, {})).toBeNull();
  });

  it('CRLF files are split into lines without carriage returns', async () => {
    const region = await evidenceRegion(root, { file: 'src/crlf.ts', line: 2, end_line: 2 }, {});
    expect(region?.code).toBe('one\ntwo\nthree');
  });

  it('a long region is cut to the line cap, and says so', async () => {
    const region = await evidenceRegion(root, { file: 'src/long.ts', line: 10, end_line: 400 }, {});
    expect(region).toMatchObject({ startLine: 5, endLine: 5 + MAX_REGION_LINES - 1, truncated: true });
    expect(lines(region?.code ?? '')).toHaveLength(MAX_REGION_LINES);
  });

  it('wide lines are cut to the byte cap, on whole lines', async () => {
    const region = await evidenceRegion(root, { file: 'src/wide.ts', line: 1, end_line: 60 }, {});
    expect(region?.truncated).toBe(true);
    expect(Buffer.byteLength(region?.code ?? '')).toBeLessThanOrEqual(MAX_REGION_BYTES);
    expect(region?.endLine).toBe(24); // 24 lines of 1000 bytes + 23 newlines fit in 24 KiB, 25 do not
    expect(lines(region?.code ?? '').every((l) => l.length === 1000)).toBe(true);
  });

  it('one over-long line is cut to the byte cap rather than dropped, never inside a character', async () => {
    const minified = await evidenceRegion(root, { file: 'src/minified.js', line: 1, end_line: 1 }, {});
    expect(minified).toMatchObject({ startLine: 1, endLine: 1, truncated: true });
    expect(minified?.code).toBe('y'.repeat(MAX_REGION_BYTES));
    const multibyte = await evidenceRegion(root, { file: 'src/multibyte.txt', line: 1, end_line: 1 }, {});
    expect(multibyte?.code).toBe('é'.repeat(MAX_REGION_BYTES / 2));
    expect(multibyte?.code).not.toContain('\uFFFD');
  });

  it('without evidence: the first lines of a plain file or manifest param', async () => {
    const file = await evidenceRegion(root, undefined, { file: 'src/long.ts', name: 'x' });
    expect(file).toMatchObject({ file: 'src/long.ts', startLine: 1, endLine: MAX_REGION_LINES });
    const manifest = await evidenceRegion(root, undefined, { manifest: 'package.json', package: 'helmet' });
    expect(manifest).toMatchObject({ file: 'package.json', startLine: 1, endLine: 4, truncated: false });
    expect(manifest?.code).toContain('"helmet"');
    expect(await evidenceRegion(root, undefined, { file: 'src/*.ts' })).toBeNull();
    expect(await evidenceRegion(root, undefined, { file: 42 })).toBeNull();
    expect(await evidenceRegion(root, undefined, {})).toBeNull();
  });

  it('an empty file is an empty region', async () => {
    expect(await evidenceRegion(root, undefined, { file: 'empty.txt' })).toMatchObject({
      code: '',
      startLine: 1,
      endLine: 1,
    });
  });

  it('a symlink that stays inside the root is followed', async () => {
    const region = await evidenceRegion(root, { file: 'src/alias.ts', line: 1, end_line: 1 }, {});
    expect(region?.code.split('\n')[0]).toBe('line 1');
  });

  it('never reads outside the root: .., absolute paths, symlinks out (file or directory)', async () => {
    const ev = (file: string) => ({ file, line: 1, end_line: 1 });
    expect(await evidenceRegion(root, ev('../secret.txt'), {})).toBeNull();
    expect(await evidenceRegion(root, ev('src/../../secret.txt'), {})).toBeNull();
    expect(await evidenceRegion(root, ev(path.join(base, 'secret.txt')), {})).toBeNull();
    // absolute paths are refused even when they point inside the root
    expect(await evidenceRegion(root, ev(path.join(root, 'src/app.ts')), {})).toBeNull();
    expect(await evidenceRegion(root, ev('src/leak.ts'), {})).toBeNull();
    expect(await evidenceRegion(root, ev('linked-dir/x.ts'), {})).toBeNull();
    expect(await evidenceRegion(root, undefined, { file: '../secret.txt' })).toBeNull();
    expect(await evidenceRegion(root, undefined, { manifest: 'src/leak.ts' })).toBeNull();
  });

  it('binary, missing and directory paths, and a missing root, give null', async () => {
    expect(await evidenceRegion(root, { file: 'bin/blob.dat', line: 1, end_line: 1 }, {})).toBeNull();
    expect(await evidenceRegion(root, { file: 'src/nope.ts', line: 1, end_line: 1 }, {})).toBeNull();
    expect(await evidenceRegion(root, { file: 'src', line: 1, end_line: 1 }, {})).toBeNull();
    expect(await evidenceRegion(root, { file: '.', line: 1, end_line: 1 }, {})).toBeNull();
    expect(
      await evidenceRegion(path.join(base, 'no-such-root'), { file: 'src/app.ts', line: 1, end_line: 1 }, {}),
    ).toBeNull();
  });

  it('nonsense line numbers fall back to the start of the file', async () => {
    const region = await evidenceRegion(root, { file: 'src/app.ts', line: -3, end_line: Number.NaN }, {});
    expect(region).toMatchObject({ startLine: 1, endLine: 1 + CONTEXT_LINES });
  });
});

describe('evidenceRegion: secrets never reach the model', () => {
  const AWS = ['AKIA', 'Z7Q2LMNP4RT6VWXY'].join('');
  const SECRET = ['q8Vn2+RtLw0xKz9Pb', 'Y4mHc7JdF1sUeA6gTiN3oXv'].join('');
  const KEY_BODY = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgc2VjcmV0c2VjcmV0';
  write(
    'config/prod.ts',
    [
      'export const config = {',
      `  awsKeyId: '${AWS}',`,
      `  awsSecretAccessKey: '${SECRET}',`,
      "  region: 'eu-west-1',",
      '};',
      'const signingKey = `-----BEGIN PRIVATE KEY-----',
      KEY_BODY,
      '-----END PRIVATE KEY-----`;',
      'export function requireAuth() {}',
      '',
    ].join('\n'),
  );

  it('replaces flagged lines and private-key blocks with a note, and keeps the rest', async () => {
    const region = await evidenceRegion(root, { file: 'config/prod.ts', line: 5, end_line: 9 }, {});
    const code = region!.code;
    expect(code).not.toContain(AWS);
    expect(code).not.toContain(SECRET);
    expect(code).not.toContain(KEY_BODY);
    expect(code).not.toContain('BEGIN PRIVATE KEY');
    expect(code).toMatch(/\[line redacted by assay: possible secret \(aws-access-key-id\)\]/);
    expect(code).toContain("region: 'eu-west-1'");
    expect(code).toContain('export function requireAuth() {}');
    expect(lines(code)).toHaveLength(9);
  });
});

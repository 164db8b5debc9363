import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateParams } from '../../assertions/catalogue.js';
import { MAX_PARSE_BYTES } from '../project-files.js';
import { fileExists } from './file-exists.js';
import { fileHash } from './file-hash.js';
import { Project } from './test-fixture.js';

const sha = (algorithm: string, data: string | Buffer) => createHash(algorithm).update(data).digest('hex');

const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0x10]);
const BIG = Buffer.alloc(MAX_PARSE_BYTES + 1024, 0x41);
const ARTIFACT = 'release artifact\n';
const ARTIFACT_SHA256 = sha('sha256', ARTIFACT);

let p: Project;
let outsideDir: string;

beforeAll(() => {
  outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-out-'));
  fs.writeFileSync(path.join(outsideDir, 'x.txt'), 'outside');
  p = new Project()
    .write('dist/app.tar', ARTIFACT)
    .write('dist/logo.png', BINARY)
    .write('dist/big.iso', BIG)
    .write('deploy/verify.py', `EXPECTED = "${ARTIFACT_SHA256.toUpperCase()}"\nverify(EXPECTED)\n`)
    .write('deploy/split.py', `EXPECTED = ("${ARTIFACT_SHA256.slice(0, 32)}"\n  "${ARTIFACT_SHA256.slice(32)}")\n`)
    .write('deploy/longer.py', `X = "ab${ARTIFACT_SHA256}cd"\n`)
    .write(
      'deploy/pins.txt',
      `logo ${sha('sha256', BINARY)}\nbig sha512 ${sha('sha512', BIG)}\niso ${sha('sha256', BIG)}\n`,
    )
    .write('deploy/pin.bin', Buffer.concat([Buffer.from(ARTIFACT_SHA256), Buffer.from([0])]))
    .mkdir('emptydir')
    .symlink('link-to-artifact', 'dist/app.tar')
    .symlink('link-out', path.join(outsideDir, 'x.txt'))
    .symlink('dir-out', outsideDir);
});
afterAll(() => {
  p.remove();
  fs.rmSync(outsideDir, { recursive: true, force: true });
});

describe('file_exists', () => {
  it('passes for a regular file, text or binary, of any size', async () => {
    for (const file of ['dist/app.tar', 'dist/logo.png', 'dist/big.iso']) {
      const r = await fileExists({ file }, p.ctx());
      expect(r.result).toBe('pass');
      expect(r.details).toContain(`${file} exists`);
    }
  });

  it('fails for a directory and a missing file', async () => {
    expect(await fileExists({ file: 'emptydir' }, p.ctx())).toEqual({
      result: 'fail',
      details: 'emptydir is not a regular file',
    });
    const missing = await fileExists({ file: 'dist/nope.tar' }, p.ctx());
    expect(missing.result).toBe('fail');
    expect(missing.details).toContain('does not exist');
  });

  it('a symlink to a file inside the root counts', async () => {
    const r = await fileExists({ file: 'link-to-artifact' }, p.ctx());
    expect(r.result).toBe('pass');
  });

  it.each(['link-out', 'dir-out/x.txt', '../x.txt', '/etc/hostname', 'C:\\boot.ini'])('%j escapes', async (file) => {
    const r = await fileExists({ file }, p.ctx());
    expect(r.result).toBe('fail');
    expect(r.details).toContain('path escapes project root');
  });
});

describe('file_hash', () => {
  const base = { file: 'dist/app.tar', expected_hash: ARTIFACT_SHA256, pinned_in: 'deploy/verify.py' };

  it('passes when the digest matches and the pin holds it (case-insensitively both ways)', async () => {
    const r = await fileHash({ ...base, expected_hash: ARTIFACT_SHA256.toUpperCase() }, p.ctx());
    expect(r.result).toBe('pass');
    expect(r.details).toContain('pinned at deploy/verify.py:1');
    expect(r.evidence).toEqual({ file: 'deploy/verify.py', line: 1, end_line: 1 });
  });

  it('fails naming the digest half when the file differs', async () => {
    const other = sha('sha256', 'something else');
    const r = await fileHash({ ...base, expected_hash: other, pinned_in: 'deploy/verify.py' }, p.ctx());
    expect(r.result).toBe('fail');
    expect(r.details).toContain(`has sha256 digest ${ARTIFACT_SHA256}, not the expected ${other}`);
    expect(r.details).toContain('deploy/verify.py does not contain the expected hash');
  });

  it('fails naming the pin half when the digest is right but the pin does not hold it', async () => {
    const r = await fileHash({ ...base, pinned_in: 'deploy/pins.txt' }, p.ctx());
    expect(r.result).toBe('fail');
    expect(r.details).toBe('deploy/pins.txt does not contain the expected hash');
  });

  it('a hash split across lines is not a pin', async () => {
    const r = await fileHash({ ...base, pinned_in: 'deploy/split.py' }, p.ctx());
    expect(r.result).toBe('fail');
    expect(r.details).toContain('does not contain the expected hash');
  });

  it('a hash inside a longer hex run is not a pin', async () => {
    const r = await fileHash({ ...base, pinned_in: 'deploy/longer.py' }, p.ctx());
    expect(r.result).toBe('fail');
  });

  it('hashes binary files and files over 5 MiB (streamed), with sha384/sha512', async () => {
    const logo = await fileHash(
      { file: 'dist/logo.png', expected_hash: sha('sha256', BINARY), pinned_in: 'deploy/pins.txt' },
      p.ctx(),
    );
    expect(logo.result).toBe('pass');
    expect(logo.evidence?.line).toBe(1);
    const big = await fileHash(
      { file: 'dist/big.iso', expected_hash: sha('sha512', BIG), pinned_in: 'deploy/pins.txt', algorithm: 'sha512' },
      p.ctx(),
    );
    expect(big.result).toBe('pass');
    expect(big.details).toContain('pinned at deploy/pins.txt:2');
  });

  it('the pin must be a readable text file', async () => {
    const bin = await fileHash({ ...base, pinned_in: 'deploy/pin.bin' }, p.ctx());
    expect(bin.result).toBe('fail');
    expect(bin.details).toBe('pinned_in: deploy/pin.bin is a binary file');
    const missing = await fileHash({ ...base, pinned_in: 'deploy/none.py' }, p.ctx());
    expect(missing.result).toBe('fail');
    expect(missing.details).toContain('pinned_in:');
    const escaped = await fileHash({ ...base, pinned_in: '../verify.py' }, p.ctx());
    expect(escaped.details).toContain('path escapes project root');
  });

  it('a missing or escaping target fails', async () => {
    expect((await fileHash({ ...base, file: 'dist/none.tar' }, p.ctx())).result).toBe('fail');
    const out = await fileHash({ ...base, file: 'link-out' }, p.ctx());
    expect(out.result).toBe('fail');
    expect(out.details).toContain('path escapes project root');
  });

  it('a hash of the wrong length for the algorithm is an error', async () => {
    const r = await fileHash({ ...base, expected_hash: ARTIFACT_SHA256.slice(0, 40) }, p.ctx());
    expect(r.result).toBe('error');
    expect(r.details).toContain('a sha256 digest has 64');
  });

  it('md5 and sha1 are refused by the catalogue; sha256/384/512 accepted', () => {
    for (const algorithm of ['md5', 'sha1']) {
      const v = validateParams('file_hash', { ...base, algorithm });
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.issues[0]?.message).toContain('too weak');
    }
    for (const algorithm of ['sha256', 'sha384', 'sha512']) {
      expect(validateParams('file_hash', { ...base, algorithm }).ok).toBe(true);
    }
    expect(validateParams('file_hash', { ...base, expected_hash: 'not-hex' }).ok).toBe(false);
  });
});

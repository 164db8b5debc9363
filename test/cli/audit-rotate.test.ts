import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';

/** `assay admin rotate-instance-key` on a real data directory, run through the built CLI (`npm run build` first). */

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'assay-rotate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [path.join(ROOT, 'bin', 'assay.js'), ...args], {
    env: { ...process.env, ASSAY_DATA_DIR: dir, DATABASE_URL: '', ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('assay admin rotate-instance-key', () => {
  it('generates a key (mode 0600) and, run again, retires it; both stay recorded', async () => {
    const first = await cli({}, 'admin', 'rotate-instance-key');
    expect(first.code, first.stderr).toBe(0);
    const file = path.join(dir, 'instance-key.pem');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pem1 = readFileSync(file, 'utf8');
    const second = await cli({}, 'admin', 'rotate-instance-key');
    expect(second.code, second.stderr).toBe(0);
    const kid = /current ([0-9a-f]{64})/.exec(second.stdout)?.[1];
    expect(second.stdout).toMatch(/retired [0-9a-f]{64}/);
    expect(readFileSync(file, 'utf8')).not.toBe(pem1);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const database = await openDatabase({ dataDir: path.join(dir, 'pglite') });
    try {
      const rows = (await database.db.execute(
        'select kid, retired_at from instance_keys order by created_at' as never,
      )) as unknown as { rows: { kid: string; retired_at: unknown }[] };
      expect(rows.rows).toHaveLength(2);
      expect(rows.rows[0]!.retired_at).not.toBeNull();
      expect(rows.rows[1]).toMatchObject({ kid, retired_at: null });
    } finally {
      await database.close();
    }
  });

  it('the server refuses to start with a missing ASSAY_INSTANCE_KEY_FILE (exit 2, one line)', async () => {
    const r = await cli({ ASSAY_INSTANCE_KEY_FILE: path.join(dir, 'nope.pem'), PORT: '0' }, 'serve');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^assay: invalid ASSAY_INSTANCE_KEY_FILE: .*nope\.pem does not exist\n$/);
  });
});

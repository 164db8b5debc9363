import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpTables } from '../../src/audit/backup.js';
import { type Database, type DatabaseTarget, migrateDatabase, openDatabase } from '../../src/db/client.js';

/** `assay admin backup` / `assay admin restore` through the built CLI (`npm run build` first). */

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The PostgreSQL side of the cross-database tests: DATABASE_URL when set, else the local test server. */
const PG = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(path.join(tmpdir(), 'assay-backup-'));
const sub = (name: string) => path.join(dir, name);
const pgName = `assay_test_${randomBytes(6).toString('hex')}`;
const pgUrl = (() => {
  const u = new URL(PG);
  u.pathname = `/${pgName}`;
  return u.toString();
})();

const cli = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [path.join(ROOT, 'bin', 'assay.js'), ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

async function withDb<T>(target: DatabaseTarget, fn: (d: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}
const snapshot = (target: DatabaseTarget) =>
  withDb(target, (d) =>
    d.db.transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'UTC'`);
      return dumpTables(tx);
    }),
  );

const A = { ASSAY_DATA_DIR: sub('a') };
const aDb = { dataDir: path.join(sub('a'), 'pglite') };
const file = sub('a.json');
const REFUSED = /^assay: restore refused: [^\n]+\n$/;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`create database ${pgName}`);
  await admin.end();
  // real rows of several kinds: a user, a workspace, a membership, a recorded instance key (rotate)
  expect((await cli(A, 'admin', 'rotate-instance-key')).code).toBe(0);
  await withDb(aDb, async (d) => {
    await d.db.execute(sql`insert into users (id, email, name, is_instance_admin, created_at)
      values ('u1', 'olive@example.com', 'Olive "O" Owner', true, '2026-01-02T03:04:05.123456Z')`);
    await d.db.execute(sql`insert into workspaces (id, name) values ('w1', 'Payments')`);
    await d.db.execute(sql`insert into memberships (workspace_id, user_id, role) values ('w1', 'u1', 'owner')`);
  });
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`drop database if exists ${pgName} with (force)`);
  await admin.end();
});

describe('assay admin backup / restore', { timeout: 120_000 }, () => {
  it('backs up (0600) and restores into an empty PGlite with the source key trusted explicitly', async () => {
    const b = await cli(A, 'admin', 'backup', '--out', file);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^Backup written: .*signed by [0-9a-f]{64}/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const B = { ASSAY_DATA_DIR: sub('b') };
    const untrusted = await cli(B, 'admin', 'restore', file);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(REFUSED);
    expect(untrusted.stderr).toMatch(/untrusted key/);
    expect(existsSync(path.join(sub('b'), 'pglite'))).toBe(false);

    const ok = await cli(B, 'admin', 'restore', file, '--trusted-key', path.join(sub('a'), 'instance-key.pem'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(await snapshot({ dataDir: path.join(sub('b'), 'pglite') })).toEqual(await snapshot(aDb));

    // the source instance trusts its own key; its database is not empty
    const again = await cli(A, 'admin', 'restore', file);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });

  it('refuses a tampered or truncated file with one line and exit 1, before touching the database', async () => {
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('olive@example.com');
    writeFileSync(sub('tampered.json'), `${text.slice(0, at)}O${text.slice(at + 1)}`);
    writeFileSync(sub('truncated.json'), text.slice(0, Math.floor(text.length / 2)));
    const C = { ASSAY_DATA_DIR: sub('c'), ASSAY_INSTANCE_KEY_FILE: path.join(sub('a'), 'instance-key.pem') };
    for (const [name, why] of [
      ['tampered.json', /users: hash does not match/],
      ['truncated.json', /truncated/],
    ] as const) {
      const r = await cli(C, 'admin', 'restore', sub(name));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(REFUSED);
      expect(r.stderr).toMatch(why);
    }
    expect(existsSync(path.join(sub('c'), 'pglite'))).toBe(false);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(A, 'admin', 'backup')).code).toBe(2);
    expect((await cli(A, 'admin', 'restore')).code).toBe(2);
    const missing = await cli(A, 'admin', 'restore', sub('nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^assay: cannot read .*nope\.json/);
    const badKey = await cli(A, 'admin', 'restore', file, '--trusted-key', sub('nope.pem'));
    expect(badKey.code).toBe(2);
  });

  it('PGlite → PostgreSQL → PGlite', async () => {
    const key = path.join(sub('a'), 'instance-key.pem');
    const P = { ASSAY_DATA_DIR: sub('p'), DATABASE_URL: pgUrl, ASSAY_INSTANCE_KEY_FILE: key };
    const toPg = await cli(P, 'admin', 'restore', file);
    expect(toPg.code, toPg.stderr).toBe(0);
    expect(await snapshot({ url: pgUrl })).toEqual(await snapshot(aDb));

    const back = sub('p.json');
    const fromPg = await cli(P, 'admin', 'backup', '--out', back);
    expect(fromPg.code, fromPg.stderr).toBe(0);
    const D = { ASSAY_DATA_DIR: sub('d') };
    const toPglite = await cli(D, 'admin', 'restore', back, '--trusted-key', key);
    expect(toPglite.code, toPglite.stderr).toBe(0);
    expect(await snapshot({ dataDir: path.join(sub('d'), 'pglite') })).toEqual(await snapshot({ url: pgUrl }));
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fnExists,
  newModel,
  pass,
  scriptedEvaluator,
  submitAssertions,
  submitRun,
} from '../../test/api/verification-fixtures.js';
import { createTestApp, createWorld, type TestApp } from '../../test/helpers/app.js';
import { freshDatabase } from '../../test/helpers/database.js';
import type { Database } from '../db/client.js';
import { createBackup, dumpTables, restoreBackup } from './backup.js';
import { type BackupFile, BackupRefused, verifyBackup } from './backup-format.js';
import { kidOf, publicPem } from './crypto.js';

/** The PostgreSQL side of the cross-database tests: DATABASE_URL when set, else the local test server. */
const PG = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

function signer() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid: kidOf(publicKey), privateKey, publicKeyPem: publicPem(publicKey), publicKey };
}
const key = signer();

/** Runs with DATABASE_URL set (PostgreSQL) or unset (PGlite), restoring the environment afterwards. */
async function on<T>(kind: 'pglite' | 'postgres', fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DATABASE_URL;
  if (kind === 'postgres') process.env.DATABASE_URL = PG;
  else delete process.env.DATABASE_URL;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

const snapshot = (database: Database) =>
  database.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    return dumpTables(tx);
  });

async function seeded(kind: 'pglite' | 'postgres'): Promise<TestApp> {
  const t = await on(kind, () => createTestApp({}, { evaluator: scriptedEvaluator().evaluator }));
  const w = await createWorld(t.app);
  const mid = await newModel(t.app, w, [
    { id: 'CTRL-01', description: 'Enforce authentication on all API endpoints' },
    { id: 'CTRL-02', description: 'Rate limit logins' },
  ]);
  const ids = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('a'), fnExists('b')]))
    .assertions;
  await submitRun(t.app, w.verifierKey, mid, {
    run_id: 'r1',
    results: pass(
      ids.map((a) => a.id),
      1,
    ),
  });
  return t;
}

const sources: Partial<Record<'pglite' | 'postgres', { t: TestApp; backup: BackupFile }>> = {};
beforeAll(async () => {
  for (const kind of ['pglite', 'postgres'] as const) {
    const t = await seeded(kind);
    sources[kind] = { t, backup: await createBackup(t.ctx.database, key) };
  }
}, 120_000);
afterAll(async () => {
  for (const s of Object.values(sources)) await s?.t.close();
});

describe('signed backups', { timeout: 120_000 }, () => {
  for (const [from, to] of [
    ['pglite', 'postgres'],
    ['postgres', 'pglite'],
    ['pglite', 'pglite'],
  ] as const) {
    it(`a backup taken on ${from} restores on ${to} with identical rows`, async () => {
      const { t, backup } = sources[from]!;
      const verified = verifyBackup(JSON.stringify(backup), [key.publicKey]);
      expect(backup.manifest.users!.row_count).toBeGreaterThanOrEqual(5);
      expect(backup.manifest.verification_runs!.row_count).toBe(1);
      expect(backup.manifest.assertions!.row_count).toBe(2);
      const target = await on(to, freshDatabase);
      try {
        const { rows } = await restoreBackup(target, verified);
        expect(rows).toBe(Object.values(backup.manifest).reduce((n, m) => n + m.row_count, 0));
        expect(await snapshot(target)).toEqual(await snapshot(t.ctx.database));
        expect(await snapshot(target)).toEqual(backup.tables);
      } finally {
        await target.close();
      }
    });
  }

  it('refuses a tampered row, a truncated file and a wrong signature before writing anything', () => {
    const text = JSON.stringify(sources.pglite!.backup);
    const email = text.indexOf('owner@example.com');
    const tampered = `${text.slice(0, email)}x${text.slice(email + 1)}`;
    expect(() => verifyBackup(tampered, [key.publicKey])).toThrow(/users: hash does not match/);
    expect(() => verifyBackup(text.slice(0, text.length - 40), [key.publicKey])).toThrow(BackupRefused);
    expect(() => verifyBackup(text, [signer().publicKey])).toThrow(/untrusted key/);
    const forged = { ...sources.pglite!.backup, signature: sources.postgres!.backup.signature };
    expect(() => verifyBackup(JSON.stringify(forged), [key.publicKey])).toThrow(/invalid backup signature/);
    const dropped = JSON.parse(text) as BackupFile;
    delete (dropped.tables as Record<string, unknown>).users;
    expect(() => verifyBackup(JSON.stringify(dropped), [key.publicKey])).toThrow(/users missing/);
  });

  it('refuses a non-empty target and writes nothing', async () => {
    const { t, backup } = sources.pglite!;
    const before = await snapshot(t.ctx.database);
    await expect(restoreBackup(t.ctx.database, backup)).rejects.toThrow(/not empty/);
    expect(await snapshot(t.ctx.database)).toEqual(before);
  });
});

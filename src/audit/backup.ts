import { readFileSync } from 'node:fs';
import path from 'node:path';
import { is, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { type Database, type DbOrTx, MIGRATIONS_DIR } from '../db/client.js';
import * as schema from '../db/schema/index.js';
import { canonicalJson } from '../verification/hashing.js';
import { type BackupFile, BackupRefused, type BackupTable, signBackup } from './backup-format.js';
import type { InstanceSigner } from './instance-key.js';

/**
 * `assay admin backup` / `restore` against the database: the dump is taken in one REPEATABLE READ, read-only
 * transaction (PGlite has a single connection), every row rendered by PostgreSQL's own to_jsonb and written back by
 * jsonb_populate_recordset, so values round-trip exactly between PGlite and PostgreSQL.
 */

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  dependsOn: string[];
}

/** Every table of the schema, parents before children (foreign-key order). */
export function schemaTables(): TableInfo[] {
  const infos = new Map<string, TableInfo>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const c = getTableConfig(value);
    const primaryKey =
      c.primaryKeys[0]?.columns.map((col) => col.name) ?? c.columns.filter((col) => col.primary).map((col) => col.name);
    const dependsOn = c.foreignKeys
      .map((fk) => getTableConfig(fk.reference().foreignTable).name)
      .filter((n) => n !== c.name);
    infos.set(c.name, { name: c.name, columns: c.columns.map((col) => col.name), primaryKey, dependsOn });
  }
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`foreign-key cycle through ${name}`);
    state.set(name, 'visiting');
    const info = infos.get(name);
    if (!info) throw new Error(`unknown table ${name}`);
    for (const dep of [...info.dependsOn].sort()) visit(dep);
    state.set(name, 'done');
    ordered.push(info);
  };
  for (const name of [...infos.keys()].sort()) visit(name);
  return ordered;
}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);

async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** The latest applied migration, by its drizzle-kit tag. */
export async function schemaVersion(db: DbOrTx): Promise<string> {
  const [latest] = await rows<{ created_at: string | number }>(
    db,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  if (!latest) return 'none';
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  const when = Number(latest.created_at);
  return journal.entries.find((e) => e.when === when)?.tag ?? `migration@${when}`;
}

/** Every table as `{columns, rows}`, rows ordered by primary key (canonical JSON order, independent of collation). */
export async function dumpTables(db: DbOrTx): Promise<Record<string, BackupTable>> {
  const tables: Record<string, BackupTable> = {};
  for (const t of schemaTables()) {
    const objects = await rows<{ r: Record<string, unknown> }>(
      db,
      sql`select to_jsonb(t) as r from ${ident(t.name)} t`,
    );
    const keyed = objects.map(({ r }) => {
      const row = t.columns.map((c) => (r[c] === undefined ? null : r[c]));
      const key = t.primaryKey.length ? canonicalJson(t.primaryKey.map((c) => r[c] ?? null)) : canonicalJson(row);
      return { key, row };
    });
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    tables[t.name] = { columns: t.columns, rows: keyed.map((k) => k.row) };
  }
  return tables;
}

/** A signed, consistent dump of the whole database. */
export async function createBackup(database: Database, signer: InstanceSigner, now = new Date()): Promise<BackupFile> {
  const content = await database.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local timezone = 'UTC'`);
      return { schema_version: await schemaVersion(tx), tables: await dumpTables(tx) };
    },
    database.kind === 'postgres' ? { isolationLevel: 'repeatable read', accessMode: 'read only' } : undefined,
  );
  return signBackup({ created_at: now.toISOString(), ...content }, signer);
}

/**
 * Restores a verified backup (see verifyBackup) into a migrated, empty database, in one transaction, parents first.
 * Refuses (BackupRefused) a different schema version, different tables or columns, or a database with any row.
 */
export async function restoreBackup(database: Database, backup: BackupFile): Promise<{ tables: number; rows: number }> {
  const tables = schemaTables();
  const version = await schemaVersion(database.db);
  if (backup.schema_version !== version) {
    throw new BackupRefused(`backup schema ${backup.schema_version} does not match this database's ${version}`);
  }
  const expected = tables.map((t) => t.name).sort();
  const given = Object.keys(backup.tables).sort();
  if (canonicalJson(expected) !== canonicalJson(given)) {
    throw new BackupRefused('backup tables do not match this version of Assay');
  }
  for (const t of tables) {
    if (canonicalJson([...t.columns].sort()) !== canonicalJson([...(backup.tables[t.name]?.columns ?? [])].sort())) {
      throw new BackupRefused(`table ${t.name}: columns do not match this version of Assay`);
    }
  }
  let total = 0;
  await database.db.transaction(async (tx) => {
    for (const t of tables) {
      const [row] = await rows<{ n: boolean }>(tx, sql`select exists(select 1 from ${ident(t.name)}) as n`);
      if (row?.n) throw new BackupRefused(`target database is not empty (table ${t.name} has rows)`);
    }
    for (const t of tables) {
      const data = backup.tables[t.name] as BackupTable;
      if (data.rows.length === 0) continue;
      const objects = data.rows.map((r) => Object.fromEntries(data.columns.map((c, i) => [c, r[i]])));
      const cols = sql.join(
        data.columns.map((c) => ident(c)),
        sql`, `,
      );
      await tx.execute(
        sql`insert into ${ident(t.name)} (${cols}) overriding system value select ${cols} from jsonb_populate_recordset(null::${ident(t.name)}, ${JSON.stringify(objects)}::jsonb)`,
      );
      total += data.rows.length;
    }
    // identity columns continue after the restored values
    const identities = await rows<{ table_name: string; column_name: string }>(
      tx,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and is_identity = 'YES'`,
    );
    for (const { table_name, column_name } of identities) {
      const qualified = `public."${table_name.replaceAll('"', '""')}"`;
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${qualified}, ${column_name}), coalesce(max(${ident(column_name)}), 0) + 1, false) from ${ident(table_name)}`,
      );
    }
  });
  return { tables: tables.length, rows: total };
}

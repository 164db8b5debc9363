import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../verification/hashing.js';
import { hashOf, kidOf, sha256Hex, signHash, verifyHash } from './crypto.js';

/**
 * The signed backup file (pure: no database). Every table is `{columns, rows}` with rows as arrays in column order,
 * values as PostgreSQL renders them in JSON (timestamps as ISO strings, jsonb as JSON, enums as text). The manifest
 * holds each table's row count and the SHA-256 of the canonical JSON of `{columns, rows}`; `manifest_hash` is
 * `sha256:<hex>` of the canonical JSON of `{format, created_at, schema_version, manifest}`, and `signature` is the
 * instance key's ECDSA P-256 signature over that ASCII string (the notarization convention).
 */
export const BACKUP_FORMAT = 'assay.backup/v1';

export interface BackupTable {
  columns: string[];
  rows: unknown[][];
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  created_at: string;
  schema_version: string;
  tables: Record<string, BackupTable>;
  manifest: Record<string, { row_count: number; sha256: string }>;
  manifest_hash: string;
  signature: string;
  kid: string;
}

/** Raised for a backup that must not be restored; the message is the one line the CLI prints. */
export class BackupRefused extends Error {}

export const tableHash = (t: BackupTable) => sha256Hex(canonicalJson({ columns: t.columns, rows: t.rows }));

const manifestHashOf = (f: Pick<BackupFile, 'format' | 'created_at' | 'schema_version' | 'manifest'>) =>
  hashOf({ format: f.format, created_at: f.created_at, schema_version: f.schema_version, manifest: f.manifest });

export function signBackup(
  content: { created_at: string; schema_version: string; tables: Record<string, BackupTable> },
  signer: { kid: string; privateKey: KeyObject },
): BackupFile {
  const manifest: BackupFile['manifest'] = {};
  for (const [name, t] of Object.entries(content.tables)) {
    manifest[name] = { row_count: t.rows.length, sha256: tableHash(t) };
  }
  const base = {
    format: BACKUP_FORMAT as typeof BACKUP_FORMAT,
    created_at: content.created_at,
    schema_version: content.schema_version,
  };
  const manifest_hash = manifestHashOf({ ...base, manifest });
  return {
    ...base,
    tables: content.tables,
    manifest,
    manifest_hash,
    signature: signHash(signer.privateKey, manifest_hash),
    kid: signer.kid,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and verifies a backup file's text: well-formed, signed by one of the trusted public keys, the manifest
 * matching every table (row counts and hashes, no table missing or extra). Throws BackupRefused otherwise.
 */
export function verifyBackup(text: string, trustedKeys: KeyObject[]): BackupFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupRefused('not a complete backup file (truncated or not JSON)');
  }
  if (!isObject(parsed) || parsed.format !== BACKUP_FORMAT) {
    throw new BackupRefused(`not an ${BACKUP_FORMAT} file`);
  }
  const f = parsed as unknown as BackupFile;
  if (
    typeof f.created_at !== 'string' ||
    typeof f.schema_version !== 'string' ||
    typeof f.manifest_hash !== 'string' ||
    typeof f.signature !== 'string' ||
    typeof f.kid !== 'string' ||
    !isObject(f.tables) ||
    !isObject(f.manifest)
  ) {
    throw new BackupRefused('malformed backup file (missing fields)');
  }
  const key = trustedKeys.find((k) => kidOf(k) === f.kid);
  if (!key) throw new BackupRefused(`backup signed by untrusted key ${f.kid} (pass --trusted-key PEM)`);
  if (manifestHashOf(f) !== f.manifest_hash) throw new BackupRefused('manifest hash mismatch: backup was modified');
  if (!verifyHash(key, f.manifest_hash, f.signature)) throw new BackupRefused('invalid backup signature');
  const names = new Set([...Object.keys(f.tables), ...Object.keys(f.manifest)]);
  for (const name of names) {
    const t = f.tables[name];
    const m = f.manifest[name];
    if (!t || !m) throw new BackupRefused(`table ${name} missing from the backup or its manifest`);
    if (!Array.isArray(t.columns) || !Array.isArray(t.rows) || !t.rows.every(Array.isArray)) {
      throw new BackupRefused(`table ${name} is malformed`);
    }
    if (t.rows.length !== m.row_count) throw new BackupRefused(`table ${name}: row count does not match the manifest`);
    if (tableHash(t) !== m.sha256) throw new BackupRefused(`table ${name}: hash does not match the manifest`);
  }
  return f;
}

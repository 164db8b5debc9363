import { createPublicKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, UsageError } from '../cli/main.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../server.js';
import { createBackup, restoreBackup } from './backup.js';
import { BackupRefused, verifyBackup } from './backup-format.js';
import { p256PublicKey } from './crypto.js';
import { instanceSigner } from './instance-key.js';

/** The actions of `assay admin backup` and `assay admin restore` (same environment as `assay serve`). */

function config(): Config {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

function refuse(message: string): void {
  process.stderr.write(`assay: restore refused: ${message}\n`);
  process.exitCode = EXIT.failed;
}

export async function runBackup(out: string): Promise<void> {
  const cfg = config();
  const database = await openConfiguredDatabase(cfg);
  try {
    let signer: Awaited<ReturnType<typeof instanceSigner>>;
    try {
      signer = await instanceSigner(cfg, database.db);
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
    const backup = await createBackup(database, signer);
    const file = path.resolve(out);
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, JSON.stringify(backup), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
    const rows = Object.values(backup.manifest).reduce((n, m) => n + m.row_count, 0);
    process.stdout.write(
      `Backup written: ${file} (${Object.keys(backup.manifest).length} tables, ${rows} rows, signed by ${backup.kid}).\n`,
    );
  } finally {
    await database.close();
  }
}

/** The keys a backup may be signed by: the configured instance key (if its file exists) and every --trusted-key. */
function trustedKeys(cfg: Config, pemFiles: string[]): KeyObject[] {
  const keys: KeyObject[] = [];
  if (existsSync(cfg.instanceKey.file)) {
    try {
      keys.push(createPublicKey(readFileSync(cfg.instanceKey.file, 'utf8')));
    } catch (e) {
      throw new UsageError(`invalid instance key ${cfg.instanceKey.file}: ${(e as Error).message}`);
    }
  }
  for (const file of pemFiles) {
    try {
      keys.push(
        p256PublicKey(createPublicKey(readFileSync(file, 'utf8')).export({ type: 'spki', format: 'pem' }).toString()),
      );
    } catch (e) {
      throw new UsageError(`invalid --trusted-key ${file}: ${(e as Error).message}`);
    }
  }
  return keys;
}

export async function runRestore(file: string, pemFiles: string[]): Promise<void> {
  const cfg = config();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let backup: ReturnType<typeof verifyBackup>;
  try {
    // everything is verified before the database is even opened
    backup = verifyBackup(text, trustedKeys(cfg, pemFiles));
  } catch (e) {
    if (e instanceof BackupRefused) return refuse(e.message);
    throw e;
  }
  const database = await openConfiguredDatabase(cfg);
  try {
    const { tables, rows } = await restoreBackup(database, backup);
    process.stdout.write(`Backup restored: ${tables} tables, ${rows} rows (taken ${backup.created_at}).\n`);
  } catch (e) {
    if (e instanceof BackupRefused) return refuse(e.message);
    throw e;
  } finally {
    await database.close();
  }
}

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, isNull, ne } from 'drizzle-orm';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { DbOrTx } from '../db/client.js';
import { instanceKeys } from '../db/schema/index.js';
import { kidOf, publicPem } from './crypto.js';

/** The instance's current notarization key: the private half stays in this process and the key file. */
export interface InstanceSigner {
  kid: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

function fromPrivate(privateKey: KeyObject): InstanceSigner {
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError('invalid instance key: not an ECDSA P-256 private key');
  }
  const pub = createPublicKey(privateKey);
  return { kid: kidOf(pub), privateKey, publicKeyPem: publicPem(pub) };
}

const generate = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/** Writes a private key (PKCS#8 PEM) with mode 0600, atomically: a crash never leaves half a key. */
function writeKeyFile(file: string, key: KeyObject): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function readKeyFile(file: string): InstanceSigner {
  try {
    return fromPrivate(createPrivateKey(readFileSync(file, 'utf8')));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`invalid instance key ${file}: ${(e as Error).message}`);
  }
}

/**
 * The key file named by the config: loaded, or generated on first start (mode 0600). ASSAY_INSTANCE_KEY_FILE must
 * exist. Without a data directory (tests) a missing key is generated in memory only.
 */
export function loadInstanceKeyFile(config: Config): InstanceSigner {
  const { file, given, persist } = config.instanceKey;
  if (existsSync(file)) return readKeyFile(file);
  if (given) throw new ConfigError(`invalid ASSAY_INSTANCE_KEY_FILE: ${file} does not exist`);
  const key = generate();
  if (persist) writeKeyFile(file, key);
  return fromPrivate(key);
}

/** Records the key's public half; any other key still marked current is retired (the file replaced it). */
export async function recordInstanceKey(db: DbOrTx, signer: InstanceSigner, now = new Date()): Promise<void> {
  await db
    .insert(instanceKeys)
    .values({ kid: signer.kid, publicKeyPem: signer.publicKeyPem, createdAt: now })
    .onConflictDoNothing();
  await db
    .update(instanceKeys)
    .set({ retiredAt: now })
    .where(and(isNull(instanceKeys.retiredAt), ne(instanceKeys.kid, signer.kid)));
}

interface Cached {
  signer: InstanceSigner;
  mtimeMs: number | null;
  recorded: Promise<void>;
}
const cache = new WeakMap<Config, Cached>();

/**
 * The signer for notarizations, loaded once per configuration and recorded in instance_keys. A key file replaced on
 * disk (`assay admin rotate-instance-key`) is picked up by the next run without a restart.
 */
export async function instanceSigner(config: Config, db: DbOrTx): Promise<InstanceSigner> {
  const { file } = config.instanceKey;
  const mtime = existsSync(file) ? statSync(file).mtimeMs : null;
  let entry = cache.get(config);
  if (!entry || (mtime !== null && mtime !== entry.mtimeMs)) {
    const signer = loadInstanceKeyFile(config);
    entry = {
      signer,
      mtimeMs: existsSync(file) ? statSync(file).mtimeMs : null,
      recorded: recordInstanceKey(db, signer),
    };
    cache.set(config, entry);
    entry.recorded.catch(() => cache.delete(config));
  }
  await entry.recorded;
  return entry.signer;
}

/** Every instance key, oldest first (jwks, the admin page, audit bundles). */
export async function listInstanceKeys(db: DbOrTx) {
  return db.select().from(instanceKeys).orderBy(asc(instanceKeys.createdAt), asc(instanceKeys.kid));
}

/**
 * Generates a new instance key into the configured key file and retires the old one. The old public keys stay in
 * instance_keys (and so in /.well-known/jwks.json), so runs notarized under them still verify.
 */
export async function rotateInstanceKey(
  config: Config,
  db: DbOrTx,
  now = new Date(),
): Promise<{ previous: string | null; current: string }> {
  const { file } = config.instanceKey;
  const previous = existsSync(file) ? readKeyFile(file) : null;
  if (previous) await recordInstanceKey(db, previous, now);
  const next = fromPrivate(generate());
  // the file first: a running server switches to it on its next run, before the old key is marked retired
  writeKeyFile(file, next.privateKey);
  cache.delete(config);
  await recordInstanceKey(db, next, now);
  return { previous: previous?.kid ?? null, current: next.kid };
}

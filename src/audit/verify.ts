import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../verification/hashing.js';
import { BUNDLE_FORMAT, BUNDLE_SECTIONS, manifestHashOf } from './bundle-format.js';
import { hashOf, kidOf, p256PublicKey, sha256Hex, verifyHash } from './crypto.js';
import { notarizedPayload, recordHashOf } from './notarize.js';

/**
 * Offline verification of an audit bundle (`assay audit verify`): no database, no network. Every failure names the
 * place (`runs[2].results`, `chain[4].prev_hash`, `manifest.signature` …).
 */
export interface TrustedKey {
  kid: string;
  key: KeyObject;
}

export interface RunVerdict {
  run: string;
  repo: string | null;
  commit: string | null;
  method: string;
  signer: string;
  verdict: 'ok' | 'FAIL';
}

export interface BundleVerification {
  ok: boolean;
  /** 'external': the manifest is signed by a key given on the command line; 'self': only the bundle's own keys. */
  trust: 'external' | 'self';
  failures: { where: string; message: string }[];
  runs: RunVerdict[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const time = (v: unknown) => {
  const s = str(v);
  if (s === null) return Number.NaN;
  return Date.parse(s);
};

interface KeyWindow {
  key: KeyObject;
  from: number;
  until: number | null;
}

export function verifyBundle(bundle: unknown, options: { trusted?: TrustedKey[] } = {}): BundleVerification {
  const failures: { where: string; message: string }[] = [];
  const fail = (where: string, message: string): void => {
    failures.push({ where, message });
  };
  const trust: 'external' | 'self' = options.trusted ? 'external' : 'self';
  const runsOut: RunVerdict[] = [];
  if (!isObj(bundle)) {
    fail('bundle', 'not a JSON object');
    return { ok: false, trust, failures, runs: runsOut };
  }
  const b = bundle;
  if (b.format !== BUNDLE_FORMAT) fail('format', `expected ${BUNDLE_FORMAT}, found ${JSON.stringify(b.format)}`);

  // keys: every kid/fingerprint must be the SHA-256 of its SPKI
  const instanceKeys = new Map<string, KeyWindow>();
  const workspaceKeys = new Map<string, KeyWindow>();
  const keys = isObj(b.keys) ? b.keys : {};
  if (!isObj(b.keys)) fail('keys', 'missing');
  const loadKeys = (
    list: unknown,
    section: string,
    idField: string,
    endField: string,
    into: Map<string, KeyWindow>,
  ) => {
    if (!Array.isArray(list)) {
      fail(`keys.${section}`, 'missing');
      return;
    }
    list.forEach((k, i) => {
      const where = `keys.${section}[${i}]`;
      if (!isObj(k)) {
        fail(where, 'not an object');
        return;
      }
      let key: KeyObject;
      try {
        key = p256PublicKey(String(k.public_key_pem));
      } catch {
        fail(`${where}.public_key_pem`, 'not a P-256 public key');
        return;
      }
      const id = str(k[idField]);
      if (id !== kidOf(key)) {
        fail(`${where}.${idField}`, 'is not the SHA-256 of the key');
        return;
      }
      const from = time(k.created_at);
      const until = k[endField] === null ? null : time(k[endField]);
      if (Number.isNaN(from) || (until !== null && Number.isNaN(until))) {
        fail(`${where}.created_at`, 'bad validity window');
        return;
      }
      into.set(id, { key, from, until });
    });
  };
  loadKeys(keys.instance, 'instance', 'kid', 'retired_at', instanceKeys);
  loadKeys(keys.workspace, 'workspace', 'fingerprint', 'revoked_at', workspaceKeys);
  if (options.trusted) {
    // a key the caller trusts under the same kid must be the same key
    for (const t of options.trusted) {
      const inBundle = instanceKeys.get(t.kid);
      if (inBundle && !inBundle.key.equals(t.key)) fail(`keys.instance(${t.kid})`, 'differs from the trusted key');
    }
  }
  const validAt = (w: KeyWindow, at: number) => at >= w.from && (w.until === null || at < w.until);

  // manifest: section hashes, the manifest hash and the instance signature over it
  const manifest = isObj(b.manifest) ? b.manifest : null;
  if (!manifest) fail('manifest', 'missing');
  else {
    const sections = isObj(manifest.sections) ? manifest.sections : {};
    for (const s of BUNDLE_SECTIONS) {
      if (!(s in b)) fail(s, 'section missing');
      else if (sections[s] !== hashOf(b[s])) fail(s, `section hash does not match manifest.sections.${s}`);
    }
    const extra = Object.keys(sections).filter((s) => !(BUNDLE_SECTIONS as readonly string[]).includes(s));
    if (extra.length) fail('manifest.sections', `unknown sections ${extra.join(', ')}`);
    const hash = manifestHashOf({ format: b.format, generated_at: b.generated_at, sections: manifest.sections });
    if (manifest.hash !== hash) fail('manifest.hash', 'does not match the section hashes');
    const kid = str(manifest.kid) ?? '';
    const signerKey = options.trusted ? options.trusted.find((t) => t.kid === kid)?.key : instanceKeys.get(kid)?.key;
    if (!signerKey)
      fail('manifest.kid', options.trusted ? 'not signed by a trusted instance key' : 'unknown instance key');
    else if (!verifyHash(signerKey, hash, String(manifest.signature))) fail('manifest.signature', 'bad signature');
    const window = instanceKeys.get(kid);
    if (window && !validAt(window, time(b.generated_at)))
      fail('manifest.kid', 'the key was not current at generated_at');
  }

  // the chain: contiguous, each link the previous record's hash, each record signed by a key valid at the time
  const chain = Array.isArray(b.chain) ? b.chain : [];
  if (!Array.isArray(b.chain)) fail('chain', 'missing');
  const chainByRun = new Map<string, Obj>();
  chain.forEach((c, i) => {
    const where = `chain[${i}]`;
    if (!isObj(c)) {
      fail(where, 'not an object');
      return;
    }
    const prev = i > 0 && isObj(chain[i - 1]) ? (chain[i - 1] as Obj) : null;
    if (prev) {
      if (c.seq !== Number(prev.seq) + 1) fail(`${where}.seq`, `expected ${Number(prev.seq) + 1}, found ${c.seq}`);
      if (c.prev_hash !== prev.record_hash) fail(`${where}.prev_hash`, 'does not link to the previous record');
    }
    const recordHash = recordHashOf({
      workspace_id: String(keys.workspace_id),
      run_id: String(c.run_id),
      seq: Number(c.seq),
      hash: String(c.hash),
      prev_hash: (c.prev_hash as string | null) ?? null,
      kid: String(c.kid),
      notarized_at: String(c.notarized_at),
    });
    if (c.record_hash !== recordHash) fail(`${where}.record_hash`, 'does not match the record');
    const k = instanceKeys.get(String(c.kid));
    if (!k) fail(`${where}.kid`, 'unknown instance key');
    else {
      if (!validAt(k, time(c.notarized_at))) fail(`${where}.kid`, 'key was not valid at notarized_at');
      if (!verifyHash(k.key, recordHash, String(c.record_signature)))
        fail(`${where}.record_signature`, 'bad signature');
    }
    chainByRun.set(String(c.run_id), c);
  });

  // runs: notarization hash and signature, chain membership, CI attestation
  const runs = Array.isArray(b.runs) ? b.runs : [];
  if (!Array.isArray(b.runs)) fail('runs', 'missing');
  runs.forEach((r, i) => {
    const where = `runs[${i}]`;
    const before = failures.length;
    if (!isObj(r)) {
      fail(where, 'not an object');
      return;
    }
    const pipeline = isObj(r.pipeline) ? r.pipeline : {};
    const attestation = isObj(r.attestation) ? r.attestation : {};
    const method = str(attestation.method) ?? '?';
    let signer = '(none)';
    const n = isObj(r.notarization) ? r.notarization : null;
    if (r.workspace_id !== keys.workspace_id) fail(`${where}.workspace_id`, 'not the bundle’s workspace');
    if (!n) fail(`${where}.notarization`, 'missing: the run was never notarized');
    else {
      const hash = hashOf(
        notarizedPayload({
          run_id: String(r.run_id),
          model_id: String(r.model_id),
          workspace_id: String(r.workspace_id),
          received_at: String(r.received_at),
          pipeline: r.pipeline,
          results: r.results,
          attestation: r.attestation,
        }),
      );
      if (n.hash !== hash) fail(`${where}.notarization.hash`, 'run content (pipeline, results or attestation) changed');
      const k = instanceKeys.get(String(n.kid));
      if (!k) fail(`${where}.notarization.kid`, 'unknown instance key');
      else {
        if (!validAt(k, time(n.notarized_at))) fail(`${where}.notarization.kid`, 'key was not valid at notarized_at');
        if (!verifyHash(k.key, String(n.hash), String(n.signature)))
          fail(`${where}.notarization.signature`, 'bad signature');
      }
      const link = chainByRun.get(String(r.run_id));
      if (!link) fail(`${where}.notarization`, 'not in the chain');
      else
        for (const f of ['seq', 'hash', 'prev_hash', 'kid', 'notarized_at', 'record_hash', 'record_signature'])
          if (link[f] !== n[f]) fail(`${where}.notarization.${f}`, 'differs from the chain record');
    }
    if (method === 'ecdsa') {
      const fp = str(attestation.key_fingerprint) ?? '';
      signer = `ecdsa:${fp.slice(0, 12)}`;
      const k = workspaceKeys.get(fp);
      const signedHash = str(attestation.signed_hash) ?? '';
      if (!k) fail(`${where}.attestation.key_fingerprint`, 'not a workspace key in the bundle');
      else {
        if (!validAt(k, time(r.received_at)))
          fail(`${where}.attestation.key_fingerprint`, 'key was not valid at received_at');
        if (!verifyHash(k.key, signedHash, String(attestation.signature)))
          fail(`${where}.attestation.signature`, 'bad signature');
      }
      // a hash over the raw request bytes cannot be recomputed from parsed JSON: the notarization binds those
      if (attestation.hash_of !== 'raw' && signedHash !== `sha256:${sha256Hex(canonicalOrEmpty(r.results))}`)
        fail(`${where}.attestation.signed_hash`, 'is not the SHA-256 of the results');
    } else if (method === 'oidc') {
      signer = `oidc:${str(attestation.repository) ?? str(attestation.iss) ?? str(attestation.issuer) ?? '?'}`;
    } else if (method !== 'none') fail(`${where}.attestation.method`, `unknown method ${method}`);
    runsOut.push({
      run: String(r.run_id),
      repo: str(pipeline.repo),
      commit: str(pipeline.commit_sha),
      method,
      signer,
      verdict: failures.length === before ? 'ok' : 'FAIL',
    });
  });

  // every repo's latest verified commit is one of the runs in the bundle
  const repos = Array.isArray(b.repos) ? b.repos : [];
  repos.forEach((p, i) => {
    if (!isObj(p)) {
      fail(`repos[${i}]`, 'not an object');
      return;
    }
    const found = runs.some(
      (r) =>
        isObj(r) &&
        isObj(r.pipeline) &&
        (r.pipeline.repo ?? null) === p.repo &&
        r.pipeline.commit_sha === p.commit_sha &&
        r.received_at === p.verified_at,
    );
    if (!found) fail(`repos[${i}].commit_sha`, 'no run in the bundle verified this commit');
  });
  return { ok: failures.length === 0, trust, failures, runs: runsOut };
}

function canonicalOrEmpty(v: unknown): string {
  try {
    return canonicalJson(v);
  } catch {
    return '';
  }
}

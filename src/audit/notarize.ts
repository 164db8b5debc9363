import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { verificationRuns } from '../db/schema/index.js';
import { hashOf, signHash } from './crypto.js';
import type { InstanceSigner } from './instance-key.js';

/**
 * A run's notarization (attestation.md "Platform notarization"), stored in verification_runs.notarization.
 *
 * - `hash`: `sha256:<hex>` of the RFC 8785 canonical JSON of the notarized payload (notarizedPayload below).
 * - `signature`: base64 of the DER ECDSA P-256/SHA-256 signature of the ASCII string `hash`, by instance key `kid`.
 * - `seq`: the record's position in its workspace's chain (1, 2, …); `prev_hash` the previous record's
 *   `record_hash` (null for the first).
 * - `record_hash`: `sha256:<hex>` of the canonical JSON of {workspace_id, seq, run_id, hash, prev_hash, kid,
 *   notarized_at} — the chain link; `record_signature` signs it the same way, so a link cannot be rewritten.
 */
export interface Notarization {
  v: 1;
  hash: string;
  signature: string;
  kid: string;
  seq: number;
  prev_hash: string | null;
  notarized_at: string;
  record_hash: string;
  record_signature: string;
}

export interface NotarizedRun {
  id: string;
  modelId: string;
  workspaceId: string;
  receivedAt: Date;
  received: unknown;
  attestationMethod: string;
  attestation: unknown;
}

/** What the instance signs for a run: its identity, the pipeline and results as received, and the attestation. */
export function notarizedPayload(run: {
  run_id: string;
  model_id: string;
  workspace_id: string;
  received_at: string;
  pipeline: unknown;
  results: unknown;
  attestation: unknown;
}) {
  return {
    run_id: run.run_id,
    model_id: run.model_id,
    workspace_id: run.workspace_id,
    received_at: run.received_at,
    pipeline: run.pipeline ?? null,
    results: run.results ?? null,
    attestation: run.attestation ?? null,
  };
}

/** The attestation as the API shows it (`{method, …claims}`), which is what gets notarized. */
export const attestationOf = (run: Pick<NotarizedRun, 'attestationMethod' | 'attestation'>) => ({
  method: run.attestationMethod,
  ...((run.attestation as object | null) ?? {}),
});

export function recordHashOf(
  r: Omit<Notarization, 'v' | 'signature' | 'record_hash' | 'record_signature'> & {
    workspace_id: string;
    run_id: string;
  },
): string {
  return hashOf({
    workspace_id: r.workspace_id,
    seq: r.seq,
    run_id: r.run_id,
    hash: r.hash,
    prev_hash: r.prev_hash,
    kid: r.kid,
    notarized_at: r.notarized_at,
  });
}

/**
 * Notarizes a freshly inserted run inside its transaction and appends it to its workspace's hash chain. The chain
 * head is read under pg_advisory_xact_lock(hashtext(workspace_id)), held until the transaction ends, so two runs
 * arriving at once are chained one after the other, never both onto the same predecessor.
 */
export async function notarizeRun(tx: DbOrTx, run: NotarizedRun, signer: InstanceSigner): Promise<Notarization> {
  const received = (run.received ?? {}) as { pipeline?: unknown; results?: unknown };
  const hash = hashOf(
    notarizedPayload({
      run_id: run.id,
      model_id: run.modelId,
      workspace_id: run.workspaceId,
      received_at: run.receivedAt.toISOString(),
      pipeline: received.pipeline,
      results: received.results,
      attestation: attestationOf(run),
    }),
  );
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${run.workspaceId}))`);
  const head = await tx.execute<{ seq: string | number; record_hash: string }>(sql`
    select (notarization->>'seq')::bigint as seq, notarization->>'record_hash' as record_hash
    from verification_runs
    where workspace_id = ${run.workspaceId} and notarization is not null and id <> ${run.id}
    order by (notarization->>'seq')::bigint desc
    limit 1`);
  const rows =
    (Array.isArray(head) ? head : (head as { rows: { seq: string | number; record_hash: string }[] }).rows) ?? [];
  const prev = rows[0];
  const link = {
    workspace_id: run.workspaceId,
    run_id: run.id,
    seq: prev ? Number(prev.seq) + 1 : 1,
    hash,
    prev_hash: prev?.record_hash ?? null,
    kid: signer.kid,
    notarized_at: new Date().toISOString(),
  };
  const recordHash = recordHashOf(link);
  const notarization: Notarization = {
    v: 1,
    hash,
    signature: signHash(signer.privateKey, hash),
    kid: signer.kid,
    seq: link.seq,
    prev_hash: link.prev_hash,
    notarized_at: link.notarized_at,
    record_hash: recordHash,
    record_signature: signHash(signer.privateKey, recordHash),
  };
  await tx.update(verificationRuns).set({ notarization }).where(eq(verificationRuns.id, run.id));
  return notarization;
}

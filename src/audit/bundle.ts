import { and, asc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { assertions, findings, signingKeys, verificationHeads, verificationRuns } from '../db/schema/index.js';
import { notFound } from '../http/errors.js';
import { loadModel } from '../models/repository.js';
import { buildReport } from '../verification/report-service.js';
import { BUNDLE_FORMAT, BUNDLE_SECTIONS, manifestHashOf } from './bundle-format.js';
import { hashOf, signHash } from './crypto.js';
import { instanceSigner, listInstanceKeys } from './instance-key.js';
import { attestationOf, type Notarization } from './notarize.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Builds the audit bundle of a model (attestation.md "Audit bundle"): everything an auditor needs to check the
 * current statuses offline, with a manifest of section hashes signed by the instance key.
 */
export async function buildAuditBundle(ctx: AppContext, modelId: string) {
  const db = ctx.db;
  const signer = await instanceSigner(ctx.config, db);
  const model = await loadModel(db, modelId);
  if (!model) throw notFound('Model');
  const [modelRow] = await db
    .select({ workspaceId: verificationRuns.workspaceId })
    .from(verificationRuns)
    .where(eq(verificationRuns.modelId, modelId))
    .limit(1);
  const assertionRows = await db
    .select()
    .from(assertions)
    .where(eq(assertions.modelId, modelId))
    .orderBy(asc(assertions.seq));
  const report = await buildReport(db, modelId);
  const findingRows = await db
    .select()
    .from(findings)
    .where(eq(findings.modelId, modelId))
    .orderBy(asc(findings.createdAt), asc(findings.id));

  // the runs the current statuses rest on: every head's latest and previous run, and each repo's newest run
  const heads = await db
    .select({ latest: verificationHeads.latestRunId, prev: verificationHeads.prevRunId })
    .from(verificationHeads)
    .where(eq(verificationHeads.modelId, modelId));
  const runIds = new Set<string>();
  for (const h of heads) {
    runIds.add(h.latest);
    if (h.prev) runIds.add(h.prev);
  }
  const newestPerRepo = await db
    .selectDistinctOn([verificationRuns.repo], { id: verificationRuns.id })
    .from(verificationRuns)
    .where(eq(verificationRuns.modelId, modelId))
    .orderBy(asc(verificationRuns.repo), sql`${verificationRuns.receivedAt} desc`);
  for (const r of newestPerRepo) runIds.add(r.id);
  const runRows = runIds.size
    ? await db
        .select()
        .from(verificationRuns)
        .where(inArray(verificationRuns.id, [...runIds]))
        .orderBy(asc(verificationRuns.receivedAt), asc(verificationRuns.id))
    : [];
  const workspaceId = runRows[0]?.workspaceId ?? modelRow?.workspaceId ?? model.workspace_id;

  // the workspace's chain from the first such run's predecessor to the last such run
  const seqs = runRows.map((r) => (r.notarization as Notarization | null)?.seq).filter((s) => s !== undefined);
  const seqOf = sql<number>`(${verificationRuns.notarization}->>'seq')::bigint`;
  const chainRows = seqs.length
    ? await db
        .select({ id: verificationRuns.id, notarization: verificationRuns.notarization })
        .from(verificationRuns)
        .where(
          and(
            eq(verificationRuns.workspaceId, workspaceId),
            isNotNull(verificationRuns.notarization),
            gte(seqOf, Math.max(1, Math.min(...seqs) - 1)),
            lte(seqOf, Math.max(...seqs)),
          ),
        )
        .orderBy(seqOf)
    : [];

  const workspaceKeys = await db
    .select()
    .from(signingKeys)
    .where(eq(signingKeys.workspaceId, workspaceId))
    .orderBy(asc(signingKeys.createdAt));
  const instanceKeyRows = await listInstanceKeys(db);

  const sections = {
    model: {
      ...model,
      assertions: assertionRows.map((a) => ({
        id: a.id,
        control_id: a.controlId,
        type: a.type,
        params: a.params,
        description: a.description,
        repo: a.repo,
        content_hash: a.contentHash,
        coherence_status: a.coherenceStatus,
      })),
    },
    report,
    findings: findingRows.map((f) => ({
      id: f.id,
      control_id: f.controlId,
      title: f.title,
      description: f.description,
      severity: f.severity,
      status: f.status,
      checked_locations: f.checkedLocations,
      checked_patterns: f.checkedPatterns,
      expected_evidence: f.expectedEvidence,
      notes: f.notes,
      remediation_assertion_ids: f.remediationAssertionIds,
      created_at: iso(f.createdAt),
      updated_at: iso(f.updatedAt),
    })),
    runs: runRows.map((r) => {
      const received = (r.received ?? {}) as { pipeline?: unknown; results?: unknown };
      return {
        run_id: r.id,
        model_id: r.modelId,
        workspace_id: r.workspaceId,
        received_at: r.receivedAt.toISOString(),
        pipeline: received.pipeline ?? null,
        results: received.results ?? null,
        attestation: attestationOf(r),
        notarization: (r.notarization as Notarization | null) ?? null,
      };
    }),
    chain: chainRows.map((c) => {
      const n = c.notarization as Notarization;
      return {
        run_id: c.id,
        seq: n.seq,
        hash: n.hash,
        prev_hash: n.prev_hash,
        kid: n.kid,
        notarized_at: n.notarized_at,
        record_hash: n.record_hash,
        record_signature: n.record_signature,
      };
    }),
    repos: report.repos.map((r) => ({ repo: r.repo, commit_sha: r.commit_sha, verified_at: r.verified_at })),
    keys: {
      workspace_id: workspaceId,
      instance: instanceKeyRows.map((k) => ({
        kid: k.kid,
        public_key_pem: k.publicKeyPem,
        created_at: k.createdAt.toISOString(),
        retired_at: iso(k.retiredAt),
      })),
      workspace: workspaceKeys.map((k) => ({
        fingerprint: k.fingerprint,
        public_key_pem: k.publicKeyPem,
        created_at: k.createdAt.toISOString(),
        revoked_at: iso(k.revokedAt),
      })),
    },
  };
  const generatedAt = ctx.now().toISOString();
  const sectionHashes = Object.fromEntries(BUNDLE_SECTIONS.map((s) => [s, hashOf(sections[s])]));
  const manifest = { format: BUNDLE_FORMAT, generated_at: generatedAt, sections: sectionHashes };
  const hash = manifestHashOf(manifest);
  return {
    format: BUNDLE_FORMAT,
    generated_at: generatedAt,
    ...sections,
    manifest: { sections: sectionHashes, hash, kid: signer.kid, signature: signHash(signer.privateKey, hash) },
  };
}

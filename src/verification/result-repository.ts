import { and, eq, inArray, sql } from 'drizzle-orm';
import type { InstanceSigner } from '../audit/instance-key.js';
import { notarizeRun } from '../audit/notarize.js';
import type { Db, DbOrTx } from '../db/client.js';
import { assertions, verificationHeads, verificationRuns } from '../db/schema/index.js';
import { newId } from '../ids.js';
import { objectiveLinks } from '../models/repository.js';
import type { DriftItem } from './schemas.js';

export type RunRow = typeof verificationRuns.$inferSelect;

export interface RunInput {
  workspaceId: string;
  modelId: string;
  provider: string;
  pipelineRunId: string;
  runUrl: string | null;
  repo: string | null;
  commitSha: string | null;
  branch: string | null;
  received: unknown;
  attestationMethod: 'oidc' | 'ecdsa' | 'none';
  attestation: unknown;
  receivedAt: Date;
}

export interface ResultInput {
  assertionId: string;
  contentHash: string;
  tier: number;
  result: 'pass' | 'fail' | 'error' | 'skipped';
  details: string;
  evidence: unknown;
  reviewer: string | null;
}

/** A head changed by a run whose previous result was a pass and whose newest (from that run) is fail/error. */
export interface DriftHead {
  assertionId: string;
  tier: number;
  repo: string;
  contentHash: string;
  latestRunId: string;
  latestResult: string;
  latestCommitSha: string | null;
  prevRunId: string | null;
  prevCommitSha: string | null;
}

const NEWER = 'excluded.latest_seq > h.latest_seq';
const NEWER_THAN_PREV = '(h.prev_seq is null or excluded.latest_seq > h.prev_seq)';
/** Keeps the newest two by seq: a newer result shifts latest into prev; an older one can still become prev. */
const HEAD_UPDATE = sql.raw(
  [
    ...['seq', 'result', 'run_id', 'commit_sha'].map(
      (c) =>
        `prev_${c} = case when ${NEWER} then h.latest_${c} when ${NEWER_THAN_PREV} then excluded.latest_${c} else h.prev_${c} end`,
    ),
    ...['seq', 'result', 'run_id', 'commit_sha', 'at'].map(
      (c) => `latest_${c} = case when ${NEWER} then excluded.latest_${c} else h.latest_${c} end`,
    ),
  ].join(',\n'),
);

export async function findRunByPipeline(db: DbOrTx, modelId: string, provider: string, pipelineRunId: string) {
  const [row] = await db
    .select()
    .from(verificationRuns)
    .where(
      and(
        eq(verificationRuns.modelId, modelId),
        eq(verificationRuns.provider, provider),
        eq(verificationRuns.pipelineRunId, pipelineRunId),
      ),
    );
  return row ?? null;
}

/**
 * Stores a run, its results and the heads they move, in one transaction. A run id the pipeline already submitted
 * (same model, provider and run id) stores nothing and returns the original run: the unique index decides, so
 * concurrent replays cannot both insert.
 */
export async function storeRun(
  db: Db,
  run: RunInput,
  results: ResultInput[],
  notary: InstanceSigner,
  /** Runs in the transaction once the run is known to be new (e.g. spending an OIDC token); a throw rolls back. */
  whenNew?: (tx: DbOrTx) => Promise<void>,
): Promise<{ run: RunRow; replayed: boolean; drift: DriftHead[] }> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(verificationRuns)
      .values({ id: newId('run'), ...run })
      .onConflictDoNothing({
        target: [verificationRuns.modelId, verificationRuns.provider, verificationRuns.pipelineRunId],
      })
      .returning();
    if (!inserted) {
      const original = await findRunByPipeline(tx, run.modelId, run.provider, run.pipelineRunId);
      if (!original) throw new Error('run conflicted but cannot be found');
      return { run: original, replayed: true, drift: [] };
    }
    if (whenNew) await whenNew(tx);
    const drift = results.length ? await insertResultsAndAdvanceHeads(tx, inserted, results) : [];
    // every accepted run is notarized and chained before the transaction commits
    inserted.notarization = await notarizeRun(tx, inserted, notary);
    return { run: inserted, replayed: false, drift };
  });
}

/**
 * Inserts a run's results and moves each (assertion, tier, repo, content) head to them, in one statement. The results
 * travel as one JSON parameter (jsonb_to_recordset): no parameter limit, and far cheaper than binding 11 parameters
 * per row. Heads keep the newest two results by receive order (seq) even when concurrent runs commit out of order,
 * and are upserted in key order so concurrent runs lock them in the same order and cannot deadlock. Returns the heads
 * that drifted in this run.
 */
async function insertResultsAndAdvanceHeads(tx: DbOrTx, run: RunRow, results: ResultInput[]): Promise<DriftHead[]> {
  const rows = JSON.stringify(
    results.map((r) => ({
      id: newId('res'),
      assertion_id: r.assertionId,
      content_hash: r.contentHash,
      tier: r.tier,
      result: r.result,
      details: r.details,
      evidence: r.evidence ?? null,
      reviewer: r.reviewer,
    })),
  );
  const result = await tx.execute<Record<string, unknown>>(sql`
    with inserted as (
      insert into verification_results
        (id, run_id, model_id, assertion_id, content_hash, repo, tier, result, details, evidence, reviewer, created_at)
      select x.id, ${run.id}, ${run.modelId}, x.assertion_id, x.content_hash, ${run.repo}::text, x.tier, x.result,
             x.details, x.evidence, x.reviewer, ${run.receivedAt.toISOString()}::timestamptz
      from jsonb_to_recordset(${rows}::jsonb) as x(id text, assertion_id text, content_hash text, tier int,
                                                    result text, details text, evidence jsonb, reviewer text)
      returning model_id, assertion_id, tier, repo, content_hash, seq, result, run_id
    ), moved as (
      insert into verification_heads as h
        (model_id, assertion_id, tier, repo, content_hash,
         latest_seq, latest_result, latest_run_id, latest_commit_sha, latest_at)
      select i.model_id, i.assertion_id, i.tier, coalesce(i.repo, ''), i.content_hash,
             i.seq, i.result, i.run_id, ${run.commitSha}::text, ${run.receivedAt.toISOString()}::timestamptz
      from inserted i
      order by i.assertion_id, i.tier, coalesce(i.repo, ''), i.content_hash
      on conflict (assertion_id, tier, repo, content_hash) do update set ${HEAD_UPDATE}
      returning h.assertion_id, h.tier, h.repo, h.content_hash, h.latest_run_id, h.latest_result,
                h.latest_commit_sha, h.prev_result, h.prev_run_id, h.prev_commit_sha
    )
    select * from moved
    where latest_run_id = ${run.id} and prev_result = 'pass' and latest_result in ('fail', 'error')`);
  const drifted = (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) ?? [];
  return drifted.map((r) => ({
    assertionId: String(r.assertion_id),
    tier: Number(r.tier),
    repo: String(r.repo),
    contentHash: String(r.content_hash),
    latestRunId: String(r.latest_run_id),
    latestResult: String(r.latest_result),
    latestCommitSha: (r.latest_commit_sha as string | null) ?? null,
    prevRunId: (r.prev_run_id as string | null) ?? null,
    prevCommitSha: (r.prev_commit_sha as string | null) ?? null,
  }));
}

/** Drift a stored run caused that still stands (for a replayed submission). */
export async function driftOfRun(db: DbOrTx, modelId: string, runId: string): Promise<DriftHead[]> {
  const rows = await db
    .select()
    .from(verificationHeads)
    .where(
      and(
        eq(verificationHeads.modelId, modelId),
        eq(verificationHeads.latestRunId, runId),
        eq(verificationHeads.prevResult, 'pass'),
        inArray(verificationHeads.latestResult, ['fail', 'error']),
      ),
    );
  return rows;
}

/**
 * Drift items as the API shows them: only for the assertion's current content (and its repo, when it names one),
 * naming the control and its objectives.
 */
export async function describeDrift(db: DbOrTx, modelId: string, heads: DriftHead[]): Promise<DriftItem[]> {
  if (heads.length === 0) return [];
  const owners = await db
    .select({
      id: assertions.id,
      controlId: assertions.controlId,
      contentHash: assertions.contentHash,
      repo: assertions.repo,
    })
    .from(assertions)
    .where(and(eq(assertions.modelId, modelId), inArray(assertions.id, [...new Set(heads.map((h) => h.assertionId))])));
  const byId = new Map(owners.map((a) => [a.id, a]));
  const current = heads.filter((h) => {
    const a = byId.get(h.assertionId);
    return a && a.contentHash === h.contentHash && (a.repo === null || a.repo === h.repo);
  });
  const links = await objectiveLinks(db, modelId, [...new Set(current.map((h) => byId.get(h.assertionId)!.controlId))]);
  return current.map((h) => {
    const controlId = byId.get(h.assertionId)!.controlId;
    return {
      assertion_id: h.assertionId,
      control_id: controlId,
      objective_ids: links.get(controlId) ?? [],
      tier: h.tier,
      repo: h.repo === '' ? null : h.repo,
      previous: { run_id: h.prevRunId ?? '', commit_sha: h.prevCommitSha, result: 'pass' },
      current: { run_id: h.latestRunId, commit_sha: h.latestCommitSha, result: h.latestResult },
    };
  });
}

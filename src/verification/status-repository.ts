import { and, asc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { assertions, controls, verificationHeads } from '../db/schema/index.js';
import type { VerificationStatus } from './schemas.js';
import {
  type AssertionFacts,
  type ControlVerification,
  computeModel,
  type DriftFacts,
  type HeadFacts,
  type VerdictFacts,
} from './status.js';

/**
 * Loads the facts status is computed from, for a whole model or some of its controls, in a constant number of
 * set-based queries however many controls there are. Matching a head to its assertion's current content (and repo)
 * and a verdict to its control's current assertion set happens in SQL, so only facts that count cross the wire.
 */
export interface ModelFacts {
  assertions: AssertionFacts[];
  heads: HeadFacts[];
  verdicts: VerdictFacts[];
  drift: DriftFacts[];
}

const ofModel = (modelId: string, controlIds?: readonly string[]) =>
  and(eq(assertions.modelId, modelId), controlIds ? inArray(assertions.controlId, [...controlIds]) : undefined);

/** A head speaks for the assertion as it is now: its current content, and its repo when it names one. */
const currentHead = and(
  eq(assertions.id, verificationHeads.assertionId),
  eq(assertions.contentHash, verificationHeads.contentHash),
  or(isNull(assertions.repo), eq(assertions.repo, verificationHeads.repo)),
);

export async function loadFacts(db: DbOrTx, modelId: string, controlIds?: readonly string[]): Promise<ModelFacts> {
  if (controlIds && controlIds.length === 0) return { assertions: [], heads: [], verdicts: [], drift: [] };
  const [rows, verdicts, drift] = await Promise.all([
    loadAssertionsWithHeads(db, modelId, controlIds),
    loadCurrentVerdicts(db, modelId, controlIds),
    loadDrift(db, modelId, controlIds),
  ]);
  const facts: AssertionFacts[] = [];
  const heads: HeadFacts[] = [];
  for (const r of rows) {
    if (facts[facts.length - 1]?.id !== r.id) {
      facts.push({ id: r.id, controlId: r.controlId, type: r.type, repo: r.repo, coherenceStatus: r.coherenceStatus });
    }
    if (r.tier !== null && r.headRepo !== null && r.latestSeq !== null && r.latestResult !== null) {
      heads.push({
        assertionId: r.id,
        tier: r.tier,
        repo: r.headRepo,
        latestSeq: Number(r.latestSeq),
        latestResult: r.latestResult,
        latestCommitSha: r.latestCommitSha,
      });
    }
  }
  return { assertions: facts, heads, verdicts, drift };
}

type AssertionHeadRow = {
  id: string;
  controlId: string;
  type: string;
  repo: string | null;
  coherenceStatus: AssertionFacts['coherenceStatus'];
  tier: number | null;
  headRepo: string | null;
  latestSeq: number | string | null;
  latestResult: HeadFacts['latestResult'] | null;
  latestCommitSha: string | null;
};

/**
 * Each assertion with its current heads, in one pass (an assertion without results comes once, with nulls). The
 * report's biggest read (10,000 assertions → ~20,000 rows), so it is a plain SQL statement: rows arrive as the
 * driver parses them, without a per-field mapping pass.
 */
async function loadAssertionsWithHeads(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<AssertionHeadRow[]> {
  const result = await db.execute(sql`
    select a.id, a.control_id as "controlId", a.type, a.repo, a.coherence_status as "coherenceStatus",
           h.tier, h.repo as "headRepo", h.latest_seq as "latestSeq", h.latest_result as "latestResult",
           h.latest_commit_sha as "latestCommitSha"
    from ${assertions} a
    left join ${verificationHeads} h on h.assertion_id = a.id and h.content_hash = a.content_hash
      and (a.repo is null or a.repo = h.repo)
    where a.model_id = ${modelId} ${controlIds ? sql`and a.control_id in ${[...controlIds]}` : sql``}
    order by a.seq`);
  return rowsOf<AssertionHeadRow>(result);
}

/** Rows of a raw query, whichever driver ran it (node-postgres returns {rows}, PGlite an array). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The current heads of a model's assertions (or of some controls' assertions). */
export async function loadCurrentHeads(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<HeadFacts[]> {
  const rows = await db
    .select({
      assertionId: verificationHeads.assertionId,
      tier: verificationHeads.tier,
      repo: verificationHeads.repo,
      latestSeq: verificationHeads.latestSeq,
      latestResult: verificationHeads.latestResult,
      latestCommitSha: verificationHeads.latestCommitSha,
    })
    .from(verificationHeads)
    .innerJoin(assertions, currentHead)
    .where(and(eq(verificationHeads.modelId, modelId), ofModel(modelId, controlIds)));
  for (const r of rows) r.latestSeq = Number(r.latestSeq);
  return rows;
}

/** Current heads that drifted: the previous result was a pass, the newest is fail or error. */
export async function loadDrift(db: DbOrTx, modelId: string, controlIds?: readonly string[]): Promise<DriftFacts[]> {
  const rows = await db
    .select({
      assertionId: verificationHeads.assertionId,
      controlId: assertions.controlId,
      tier: verificationHeads.tier,
      repo: verificationHeads.repo,
      prevRunId: verificationHeads.prevRunId,
      prevCommitSha: verificationHeads.prevCommitSha,
      latestRunId: verificationHeads.latestRunId,
      latestCommitSha: verificationHeads.latestCommitSha,
      latestResult: verificationHeads.latestResult,
    })
    .from(verificationHeads)
    .innerJoin(assertions, currentHead)
    .where(
      and(
        eq(verificationHeads.modelId, modelId),
        ofModel(modelId, controlIds),
        eq(verificationHeads.prevResult, 'pass'),
        inArray(verificationHeads.latestResult, ['fail', 'error']),
      ),
    )
    .orderBy(asc(assertions.seq), asc(verificationHeads.tier), asc(verificationHeads.repo));
  return rows.map((h) => ({
    assertion_id: h.assertionId,
    controlId: h.controlId,
    tier: h.tier,
    repo: h.repo === '' ? null : h.repo,
    previous: { run_id: h.prevRunId ?? '', commit_sha: h.prevCommitSha, result: 'pass' },
    current: { run_id: h.latestRunId, commit_sha: h.latestCommitSha, result: h.latestResult },
  }));
}

/**
 * The control's current assertion-set hash, in SQL: sha256 over the sorted content hashes joined by newlines — the
 * same bytes as assertionSetHash() in hashing.ts ("C" collation sorts like JavaScript for hex strings).
 */
export const setHashSql = (modelId: string, controlFilter: SQL | undefined) => sql`
  select control_id, encode(sha256(convert_to(string_agg(content_hash, E'\\n' order by content_hash collate "C"), 'UTF8')), 'hex') as set_hash
  from assertions where model_id = ${modelId} ${controlFilter ? sql`and ${controlFilter}` : sql``} group by control_id`;

/** The newest verdict per control given for exactly its current assertion set. */
export async function loadCurrentVerdicts(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<VerdictFacts[]> {
  const filter = controlIds ? inArray(assertions.controlId, [...controlIds]) : undefined;
  const result = await db.execute<{
    control_id: string;
    status: VerdictFacts['status'];
    gaps: string[];
    reasoning: string;
    evaluator: string;
  }>(sql`
    with sets as (${setHashSql(modelId, filter)})
    select distinct on (v.control_id) v.control_id, v.status, v.gaps, v.reasoning, v.evaluator
    from sufficiency_verdicts v join sets s on s.control_id = v.control_id and s.set_hash = v.assertion_set_hash
    where v.model_id = ${modelId}
    order by v.control_id, v.created_at desc, v.id desc`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: typeof result }).rows;
  return (
    rows as unknown as {
      control_id: string;
      status: VerdictFacts['status'];
      gaps: string[];
      reasoning: string;
      evaluator: string;
    }[]
  ).map((r) => ({
    controlId: r.control_id,
    status: r.status,
    gaps: r.gaps,
    reasoning: r.reasoning,
    evaluator: r.evaluator,
  }));
}

/** Computed status of every control of a model (or of the given controls). */
export async function verifyControls(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<Map<string, ControlVerification>> {
  const ids =
    controlIds ??
    (
      await db
        .select({ id: controls.id })
        .from(controls)
        .where(eq(controls.modelId, modelId))
        .orderBy(asc(controls.position))
    ).map((c) => c.id);
  const facts = await loadFacts(db, modelId, controlIds);
  return computeModel(ids, facts.assertions, facts.heads, facts.verdicts, facts.drift);
}

/** Just the status per control, for control and model outputs. */
export async function verificationStatuses(
  db: DbOrTx,
  modelId: string,
  controlIds?: readonly string[],
): Promise<Map<string, VerificationStatus>> {
  const computed = await verifyControls(db, modelId, controlIds);
  return new Map([...computed].map(([id, c]) => [id, c.status]));
}

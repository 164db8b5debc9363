import type { DriftItem, TierState, VerificationStatus } from './schemas.js';

/**
 * Computed verification status (api.md, "Computed verification status"), from stored facts only, in memory. Nothing
 * here is stored: the same facts always give the same status.
 *
 * Multi-repo semantics. A result applies to the content it was verified against and to the repo of its run.
 * - An assertion with a repo only uses results from runs of that repo (other repos' results are refused on submit).
 * - An assertion without a repo uses the newest tier-1 result from any repo; its tier 2 must then come from that same
 *   repo (the semantic review has to look at the code that passed tier 1).
 * - Drift is per (assertion, tier, repo): repo A passing and repo B failing is not drift, it is two repos.
 */

export type ResultValue = 'pass' | 'fail' | 'error' | 'skipped';

export interface AssertionFacts {
  id: string;
  controlId: string;
  type: string;
  repo: string | null;
  coherenceStatus: 'coherent' | 'incoherent' | 'unchecked';
}

/**
 * A current head: the newest result of one (assertion, tier, repo) for the assertion's current content, and from its
 * repo when it names one. The loaders (status-repository.ts) return only such heads.
 */
export interface HeadFacts {
  assertionId: string;
  tier: number;
  /** '' when the run named no repo. */
  repo: string;
  latestSeq: number;
  latestResult: ResultValue;
  latestCommitSha: string | null;
}

/** A current head whose previous result was a pass and whose newest is fail/error. */
export type DriftFacts = Omit<DriftItem, 'control_id' | 'objective_ids'> & { controlId: string };

/** The verdict given for exactly a control's current assertion set (the newest such). */
export interface VerdictFacts {
  controlId: string;
  status: 'sufficient' | 'insufficient' | 'pending';
  gaps: string[];
  reasoning: string;
  evaluator: string;
}

export interface AssertionState {
  tier1: TierState;
  tier2: TierState;
  /** The tier-1 head that decided tier1 (absent while pending). */
  tier1Head?: HeadFacts;
}

export interface SufficiencyState {
  status: 'sufficient' | 'insufficient' | 'pending';
  gaps: string[];
  reasoning: string;
  evaluator: string | null;
}

const FAILED: ReadonlySet<TierState> = new Set(['fail', 'error', 'skipped']);

/** A tier-2 result counts for a tier-1 pass when it came later, or reviewed the same commit. */
function tier2IsCurrent(t2: HeadFacts, t1: HeadFacts): boolean {
  return t2.latestSeq > t1.latestSeq || (t1.latestCommitSha !== null && t2.latestCommitSha === t1.latestCommitSha);
}

/** Tier states of one assertion from its current heads. */
export function assertionState(heads: readonly HeadFacts[]): AssertionState {
  let t1: HeadFacts | undefined;
  for (const h of heads) if (h.tier === 1 && (!t1 || h.latestSeq > t1.latestSeq)) t1 = h;
  if (!t1) return { tier1: 'pending', tier2: 'not_applicable' };
  if (t1.latestResult !== 'pass') return { tier1: t1.latestResult, tier2: 'not_applicable', tier1Head: t1 };
  const t2 = heads.find((h) => h.tier === 2 && h.repo === t1.repo);
  const tier2: TierState = t2 && tier2IsCurrent(t2, t1) ? t2.latestResult : 'pending';
  return { tier1: 'pass', tier2, tier1Head: t1 };
}

/** The sufficiency that counts: the verdict for the current assertion set, or pending. */
export function currentSufficiency(assertionCount: number, verdict: VerdictFacts | undefined): SufficiencyState {
  if (assertionCount === 0) return { status: 'pending', gaps: [], reasoning: 'no assertions', evaluator: null };
  if (!verdict)
    return { status: 'pending', gaps: [], reasoning: 'no verdict for the current assertions', evaluator: null };
  return { status: verdict.status, gaps: verdict.gaps, reasoning: verdict.reasoning, evaluator: verdict.evaluator };
}

export function controlStatus(
  assertions: readonly AssertionFacts[],
  states: readonly AssertionState[],
  sufficiency: SufficiencyState,
): VerificationStatus {
  if (assertions.length === 0) return 'unverified';
  const failed =
    sufficiency.status === 'insufficient' ||
    assertions.some((a) => a.coherenceStatus === 'incoherent') ||
    states.some((s) => FAILED.has(s.tier1) || FAILED.has(s.tier2));
  if (failed) return 'partially_verified';
  // an unchecked coherence has not been judged yet: it never counts as coherent, so it waits like a missing result
  const waiting =
    sufficiency.status !== 'sufficient' ||
    assertions.some((a) => a.coherenceStatus !== 'coherent') ||
    states.some((s) => s.tier1 === 'pending' || s.tier2 === 'pending');
  return waiting ? 'pending' : 'verified';
}

export interface ControlVerification {
  controlId: string;
  status: VerificationStatus;
  assertions: { facts: AssertionFacts; state: AssertionState }[];
  sufficiency: SufficiencyState;
  drift: DriftFacts[];
}

/** Status of every control in one pass over a model's facts (grouped once, no per-control queries). */
export function computeModel(
  controlIds: readonly string[],
  assertions: readonly AssertionFacts[],
  heads: readonly HeadFacts[],
  verdicts: readonly VerdictFacts[],
  drift: readonly DriftFacts[] = [],
): Map<string, ControlVerification> {
  const headsByAssertion = groupBy(heads, (h) => h.assertionId);
  const assertionsByControl = groupBy(assertions, (a) => a.controlId);
  const verdictByControl = new Map(verdicts.map((v) => [v.controlId, v]));
  const driftByControl = groupBy(drift, (d) => d.controlId);
  const out = new Map<string, ControlVerification>();
  for (const controlId of controlIds) {
    const own = assertionsByControl.get(controlId) ?? [];
    const items = own.map((facts) => ({ facts, state: assertionState(headsByAssertion.get(facts.id) ?? []) }));
    const sufficiency = currentSufficiency(own.length, verdictByControl.get(controlId));
    const status = controlStatus(
      own,
      items.map((i) => i.state),
      sufficiency,
    );
    out.set(controlId, {
      controlId,
      status,
      assertions: items,
      sufficiency,
      drift: driftByControl.get(controlId) ?? [],
    });
  }
  return out;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

import type { z } from 'zod';
import { validateParams } from '../assertions/catalogue.js';
import type { AppContext } from '../context.js';
import { sufficiencyVerdicts } from '../db/schema/index.js';
import { badRequest } from '../http/errors.js';
import { newId } from '../ids.js';
import type { AssertionRef, CoherenceVerdict, ControlRef, SufficiencyVerdict } from '../llm/evaluator.js';
import { enqueueEvaluation } from '../llm/queue.js';
import { controlAssertions, loadControlRef } from './assertion-repository.js';
import { assertionSetHash, contentHash } from './hashing.js';
import type { assertionInput } from './schemas.js';

export interface PreparedAssertion {
  type: string;
  params: Record<string, unknown>;
  description: string;
  repo: string | null;
  contentHash: string;
}

type Issue = { path: string; message: string };

/** Where a catalogue issue points inside the request body. */
function issuePath(prefix: string, unknownType: boolean, path: string): string {
  if (unknownType) return `${prefix}.type`;
  return path === 'params' ? `${prefix}.params` : `${prefix}.params.${path}`;
}

/**
 * Validates every item's params against the catalogue and reports every problem at once, each with its path
 * (`body.assertions.3.params.file`); one bad item refuses the whole batch.
 */
export function prepareBatch(items: z.infer<typeof assertionInput>[]): PreparedAssertion[] {
  const issues: Issue[] = [];
  const prepared: PreparedAssertion[] = [];
  items.forEach((item, i) => {
    const checked = validateParams(item.type, item.params);
    if (!checked.ok) {
      for (const issue of checked.issues) {
        issues.push({
          path: issuePath(`body.assertions.${i}`, checked.unknownType, issue.path),
          message: issue.message,
        });
      }
      return;
    }
    prepared.push({
      type: checked.type,
      params: checked.params,
      description: item.description,
      repo: item.repo ?? null,
      contentHash: contentHash(checked.type, checked.params),
    });
  });
  if (issues.length) throw badRequest('validation_error', 'The request is not valid.', issues);
  return prepared;
}

/** Validates new params for an existing assertion's type (paths as in a PATCH body). */
export function prepareParams(type: string, params: Record<string, unknown>) {
  const checked = validateParams(type, params);
  if (!checked.ok) {
    throw badRequest(
      'validation_error',
      'The request is not valid.',
      checked.issues.map((issue) => ({
        path: issuePath('body', checked.unknownType, issue.path),
        message: issue.message,
      })),
    );
  }
  return { params: checked.params, contentHash: contentHash(checked.type, checked.params) };
}

/** At most this many evaluator calls at once per request, so a 500-item batch does not hit provider rate limits. */
const EVALUATOR_CONCURRENCY = 8;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Coherence of each assertion; an evaluator that throws gives `unchecked` (never coherent), not a failed request. */
export async function judgeCoherence(
  ctx: AppContext,
  control: ControlRef,
  items: readonly AssertionRef[],
  workspaceId?: string,
): Promise<(CoherenceVerdict & { retry: boolean })[]> {
  return mapLimited(items, EVALUATOR_CONCURRENCY, async (item) => {
    try {
      const verdict = await ctx.evaluator.coherence(control, item, workspaceId ? { workspaceId } : undefined);
      return {
        status: verdict.status,
        reason: verdict.reason,
        evaluator: verdict.evaluator,
        retry: verdict.retry === true,
      };
    } catch {
      return {
        status: 'unchecked',
        reason: 'the evaluator could not judge this assertion',
        evaluator: ctx.evaluator.name,
        retry: true,
      };
    }
  });
}

/** Queues durable retries for the coherence verdicts the evaluator could not reach (jobs run in src/llm/jobs.ts). */
export async function enqueueCoherenceRetries(
  ctx: AppContext,
  judged: readonly { assertionId: string; retry: boolean }[],
): Promise<void> {
  for (const { assertionId, retry } of judged) {
    if (retry) await enqueueEvaluation(ctx.db, { kind: 'coherence', assertionId }, { now: ctx.now() });
  }
}

/**
 * Asks the evaluator whether a control's current assertions are sufficient and stores a decided verdict against the
 * set's hash (so it stops counting as soon as the set changes). Runs outside any transaction: an evaluator may be a
 * slow network call. A pending or failed evaluation stores nothing.
 */
export async function evaluateSufficiency(
  ctx: AppContext,
  modelId: string,
  controlId: string,
  workspaceId?: string,
): Promise<Omit<SufficiencyVerdict, 'evaluator'> & { evaluator: string | null }> {
  const control = await loadControlRef(ctx.db, modelId, controlId);
  const current = await controlAssertions(ctx.db, modelId, controlId);
  if (!control || current.length === 0) {
    return { status: 'pending', gaps: [], reasoning: 'no assertions', evaluator: null };
  }
  let verdict: SufficiencyVerdict;
  try {
    verdict = await ctx.evaluator.sufficiency(
      control,
      current.map((a) => ({ type: a.type, params: a.params, description: a.description })),
      workspaceId ? { workspaceId } : undefined,
    );
  } catch {
    await enqueueEvaluation(ctx.db, { kind: 'sufficiency', modelId, controlId }, { now: ctx.now() });
    return {
      status: 'pending',
      gaps: [],
      reasoning: 'the evaluator could not judge sufficiency',
      evaluator: ctx.evaluator.name,
    };
  }
  if (verdict.retry) await enqueueEvaluation(ctx.db, { kind: 'sufficiency', modelId, controlId }, { now: ctx.now() });
  if (verdict.status !== 'pending') {
    await ctx.db.insert(sufficiencyVerdicts).values({
      id: newId('suf'),
      modelId,
      controlId,
      status: verdict.status,
      gaps: verdict.gaps,
      reasoning: verdict.reasoning,
      evaluator: verdict.evaluator,
      assertionSetHash: assertionSetHash(current.map((a) => a.contentHash)),
    });
  }
  return { status: verdict.status, gaps: verdict.gaps, reasoning: verdict.reasoning, evaluator: verdict.evaluator };
}

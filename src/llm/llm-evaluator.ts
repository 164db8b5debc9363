import { z } from 'zod';
import type {
  AssertionRef,
  CoherenceVerdict,
  ControlRef,
  EvaluationContext,
  Evaluator,
  SufficiencyVerdict,
} from './evaluator.js';
import { coherencePrompt, type Prompt, sufficiencyPrompt } from './prompts.js';
import { LlmError, type LlmProvider } from './providers/provider.js';
import type { UsageRecord } from './usage.js';

const coherenceAnswer = z.object({
  verdict: z.enum(['coherent', 'incoherent']),
  reason: z.string().trim().min(1).max(2000),
});

const sufficiencyAnswer = z
  .object({
    status: z.enum(['sufficient', 'insufficient']),
    gaps: z.array(z.string().trim().min(1).max(1000)).max(50),
    reasoning: z.string().trim().min(1).max(4000),
  })
  // "sufficient, but here are the gaps" contradicts itself: not an answer to build a pass on
  .refine((a) => a.status === 'insufficient' || a.gaps.length === 0, 'a sufficient answer lists no gaps');

export interface LlmEvaluatorOptions {
  provider: LlmProvider;
  /** Per call. */
  timeoutMs: number;
  /** Tokens the answer may take (reasoning models spend part of it thinking). */
  maxTokens?: number;
  /**
   * Calls per evaluation (default 2): a failed call is tried once more at once, unless it timed out (the time is
   * spent; the durable job tries later) or was refused for a reason that will not pass (400, 401, 403, 404).
   */
  attempts?: number;
  retryDelayMs?: number;
  now?: () => Date;
  recordUsage?: (usage: UsageRecord) => Promise<void>;
  onUsageError?: (err: unknown) => void;
}

/** The JSON object in an answer: fences and chatter around it are tolerated, anything else is malformed. */
function extractJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no JSON object in the answer');
  return JSON.parse(text.slice(start, end + 1));
}

type Outcome<T> = { ok: true; answer: T } | { ok: false; error: LlmError };

/**
 * An evaluator backed by an LLM provider. It never throws for a provider problem and never turns a failure into a
 * pass: a timeout, an HTTP error or an answer that does not parse into the zod schema gives `unchecked`/`pending`
 * with `retry: true` (see evaluator.ts).
 */
export function createLlmEvaluator(options: LlmEvaluatorOptions): Evaluator {
  const { provider } = options;
  const name = `${provider.name}:${provider.model}`;
  const attempts = Math.max(1, options.attempts ?? 2);
  const maxTokens = options.maxTokens ?? 2048;
  const now = options.now ?? (() => new Date());

  /** Counted under the model asked for, not the dated variant the provider reports, so a day is one row. */
  async function count(context: EvaluationContext | undefined, tokens: { inputTokens: number; outputTokens: number }) {
    if (!options.recordUsage || !context?.workspaceId) return;
    try {
      await options.recordUsage({
        workspaceId: context.workspaceId,
        provider: provider.name,
        model: provider.model,
        inputTokens: tokens.inputTokens,
        outputTokens: tokens.outputTokens,
        at: now(),
      });
    } catch (err) {
      options.onUsageError?.(err);
    }
  }

  async function ask<T>(p: Prompt, schema: z.ZodType<T>, context?: EvaluationContext): Promise<Outcome<T>> {
    let last: LlmError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 250));
      let counted = false;
      try {
        const completion = await provider.complete({ ...p, maxTokens, timeoutMs: options.timeoutMs });
        await count(context, completion);
        counted = true;
        let parsed: unknown;
        try {
          parsed = extractJson(completion.text);
        } catch (err) {
          throw new LlmError('malformed', `${provider.name} answer is not JSON: ${(err as Error).message}`, true);
        }
        const checked = schema.safeParse(parsed);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
          throw new LlmError('malformed', `${provider.name} answer does not fit: ${where}${issue?.message}`, true);
        }
        return { ok: true, answer: checked.data };
      } catch (err) {
        last = err instanceof LlmError ? err : new LlmError('network', String(err), true);
        // a call that failed still counts as a call (with the tokens, when it reported them)
        if (!counted) await count(context, last.usage ?? { inputTokens: 0, outputTokens: 0 });
        if (!last.transient || last.kind === 'timeout' || last.kind === 'aborted') break;
      }
    }
    return { ok: false, error: last as LlmError };
  }

  return {
    name,
    async coherence(control: ControlRef, assertion: AssertionRef, context?: EvaluationContext) {
      const outcome = await ask(coherencePrompt(control, assertion), coherenceAnswer, context);
      if (!outcome.ok) {
        return {
          status: 'unchecked',
          reason: `no verdict yet (${outcome.error.message}); it will be tried again`,
          evaluator: name,
          retry: true,
        } satisfies CoherenceVerdict;
      }
      return { status: outcome.answer.verdict, reason: outcome.answer.reason, evaluator: name };
    },
    async sufficiency(control: ControlRef, assertions: AssertionRef[], context?: EvaluationContext) {
      const outcome = await ask(sufficiencyPrompt(control, assertions), sufficiencyAnswer, context);
      if (!outcome.ok) {
        return {
          status: 'pending',
          gaps: [],
          reasoning: `no verdict yet (${outcome.error.message}); it will be tried again`,
          evaluator: name,
          retry: true,
        } satisfies SufficiencyVerdict;
      }
      return { ...outcome.answer, evaluator: name };
    },
  };
}

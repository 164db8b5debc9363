/**
 * The seam between the verification pipeline and whoever judges meaning: the deterministic rules evaluator (the
 * offline default) or an LLM provider. Every verdict records which evaluator produced it.
 *
 * Failures and retries: an evaluator never throws for a provider problem. A timeout, a 5xx, a network error or an
 * answer that is not the JSON asked for gives `unchecked` (coherence) or `pending` (sufficiency) — never a pass —
 * with `retry: true`. The caller then enqueues a durable job (`enqueueEvaluation` in src/llm/jobs.ts, or the
 * `evaluateAndStore…` helpers in src/llm/store.ts, which do it themselves) and the job runner evaluates again with
 * backoff. Without `retry` (absent or false) the verdict is final for this content: e.g. the rules evaluator's
 * `unchecked` for a control whose wording it cannot read stays so until the content changes.
 */

export interface ControlRef {
  id: string;
  description: string;
}

export interface AssertionRef {
  type: string;
  params: Record<string, unknown>;
  description: string;
}

/** Who the evaluation is for; an LLM evaluator counts calls and tokens per workspace (table `llm_usage`). */
export interface EvaluationContext {
  workspaceId?: string;
}

export interface CoherenceVerdict {
  /** `unchecked`: no verdict could be reached (e.g. the provider failed); never counts as coherent. */
  status: 'coherent' | 'incoherent' | 'unchecked';
  reason: string;
  /** e.g. `rules`, `openai:gpt-4o-mini`, `anthropic:claude-…`, `ollama:llama3`. */
  evaluator: string;
  /** The evaluation failed transiently and should be retried by a durable job (see above). */
  retry?: boolean;
}

export interface SufficiencyVerdict {
  /** `pending`: not evaluated yet or the evaluation failed; never counts as sufficient. */
  status: 'sufficient' | 'insufficient' | 'pending';
  gaps: string[];
  reasoning: string;
  evaluator: string;
  /** The evaluation failed transiently and should be retried by a durable job (see above). */
  retry?: boolean;
}

export interface Evaluator {
  readonly name: string;
  /** Is this assertion type, with these params, a reasonable way to prove this control? */
  coherence(control: ControlRef, assertion: AssertionRef, context?: EvaluationContext): Promise<CoherenceVerdict>;
  /** Do these assertions together cover every aspect of the control? */
  sufficiency(
    control: ControlRef,
    assertions: AssertionRef[],
    context?: EvaluationContext,
  ): Promise<SufficiencyVerdict>;
}

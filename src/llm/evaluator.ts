/**
 * The seam between the verification pipeline and whoever judges meaning: the deterministic rules evaluator (the
 * offline default) or an LLM provider. Every verdict records which evaluator produced it.
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

export interface CoherenceVerdict {
  /** `unchecked`: no verdict could be reached (e.g. the provider failed); never counts as coherent. */
  status: 'coherent' | 'incoherent' | 'unchecked';
  reason: string;
  /** e.g. `rules`, `openai:gpt-4o-mini`, `anthropic:claude-…`, `ollama:llama3`. */
  evaluator: string;
}

export interface SufficiencyVerdict {
  /** `pending`: not evaluated yet or the evaluation failed; never counts as sufficient. */
  status: 'sufficient' | 'insufficient' | 'pending';
  gaps: string[];
  reasoning: string;
  evaluator: string;
}

export interface Evaluator {
  readonly name: string;
  /** Is this assertion type, with these params, a reasonable way to prove this control? */
  coherence(control: ControlRef, assertion: AssertionRef): Promise<CoherenceVerdict>;
  /** Do these assertions together cover every aspect of the control? */
  sufficiency(control: ControlRef, assertions: AssertionRef[]): Promise<SufficiencyVerdict>;
}

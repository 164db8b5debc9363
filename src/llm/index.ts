import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Evaluator } from './evaluator.js';
import { createLlmEvaluator } from './llm-evaluator.js';
import { createProvider } from './providers/index.js';
import { createRulesEvaluator } from './rules/evaluator.js';
import { recordUsage } from './usage.js';

export type {
  AssertionRef,
  CoherenceVerdict,
  ControlRef,
  EvaluationContext,
  Evaluator,
  SufficiencyVerdict,
} from './evaluator.js';

export interface EvaluatorDeps {
  /** Where LLM calls and tokens are counted per workspace (`llm_usage`); without it nothing is counted. */
  db?: Db;
  now?: () => Date;
  /** Told when counting usage fails (the verdict is not affected). */
  onUsageError?: (err: unknown) => void;
}

/**
 * The evaluator the server uses, chosen by ASSAY_LLM_PROVIDER: `rules` (the offline default, deterministic) or an
 * LLM provider (openai, anthropic, ollama), whose failures give `unchecked`/`pending` with `retry: true`.
 */
export function createEvaluator(config: Config, deps: EvaluatorDeps = {}): Evaluator {
  if (config.llm.provider === 'rules') return createRulesEvaluator();
  const { db } = deps;
  return createLlmEvaluator({
    provider: createProvider(config.llm),
    timeoutMs: config.llm.timeoutMs,
    now: deps.now,
    recordUsage: db ? (usage) => recordUsage(db, usage) : undefined,
    onUsageError: deps.onUsageError,
  });
}

export { assertionSetHash, contentHash } from './hashes.js';
export { createJobRunner, type JobRunner, type JobRunnerOptions } from './jobs.js';
export { type EvaluationJob, enqueueEvaluation } from './queue.js';
export { evaluateAndStoreCoherence, evaluateAndStoreSufficiency } from './store.js';

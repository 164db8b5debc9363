import type { Config } from '../config.js';
import type { Evaluator } from './evaluator.js';
import { createRulesEvaluator } from './rules/evaluator.js';

export type {
  AssertionRef,
  CoherenceVerdict,
  ControlRef,
  EvaluationContext,
  Evaluator,
  SufficiencyVerdict,
} from './evaluator.js';

/**
 * The evaluator the server uses, chosen by ASSAY_LLM_PROVIDER: `rules` (the offline default, deterministic). The
 * LLM providers are not wired yet: until they are, any other choice also gets the rules evaluator.
 */
export function createEvaluator(_config: Config): Evaluator {
  return createRulesEvaluator();
}

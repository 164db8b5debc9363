import type { Config } from '../config.js';
import type { Evaluator } from './evaluator.js';

export type { Evaluator } from './evaluator.js';

/**
 * The evaluator the server uses, chosen by configuration. Until the rules evaluator and the providers land, nothing
 * is judged: coherence stays `unchecked` and sufficiency `pending`, which can never make a control verified.
 */
export function createEvaluator(_config: Config): Evaluator {
  return {
    name: 'none',
    async coherence() {
      return { status: 'unchecked', reason: 'no evaluator configured', evaluator: 'none' };
    },
    async sufficiency() {
      return { status: 'pending', gaps: [], reasoning: 'no evaluator configured', evaluator: 'none' };
    },
  };
}

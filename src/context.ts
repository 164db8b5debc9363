import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Evaluator } from './llm/evaluator.js';

/** What every feature module receives: narrow, explicit dependencies instead of globals. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /** Judges coherence and sufficiency: the rules evaluator offline, or an LLM provider. */
  evaluator: Evaluator;
  /** The clock, so tests can move time (token lifetimes, rate windows). */
  now: () => Date;
}

import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';

/** What every feature module receives: narrow, explicit dependencies instead of globals. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /** The clock, so tests can move time (token lifetimes, rate windows). */
  now: () => Date;
}

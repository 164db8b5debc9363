/** The outcome of one tier-1 check, as the spec defines it (assertion-types.md, "Result"). */
export type Outcome = 'pass' | 'fail' | 'error' | 'skipped';

/** The region of the deciding node; the tier-2 runner sends that region to the model. Lines are 1-based. */
export interface Evidence {
  file: string;
  line: number;
  end_line: number;
}

export interface CheckResult {
  result: Outcome;
  /** One human sentence naming what was found or missing, with file:line. Never contains secrets. */
  details: string;
  evidence?: Evidence;
}

/** What a checker may use. One context per run: its `files` cache is shared by every check in that run. */
export interface CheckContext {
  files: import('./project-files.js').ProjectFiles;
  /** false with --no-exec: checks that would run project code answer `skipped`. */
  allowExec: boolean;
  /** Aborted when the check's time limit passes; long loops should look at it. */
  signal: AbortSignal;
}

/** A tier-1 checker for one assertion type. It must never throw for bad input: return `error` instead. */
export type Checker<P> = (params: P, ctx: CheckContext) => Promise<CheckResult>;

export const pass = (details: string, evidence?: Evidence): CheckResult =>
  evidence ? { result: 'pass', details, evidence } : { result: 'pass', details };
export const fail = (details: string, evidence?: Evidence): CheckResult =>
  evidence ? { result: 'fail', details, evidence } : { result: 'fail', details };
export const error = (details: string): CheckResult => ({ result: 'error', details });
export const skipped = (details: string): CheckResult => ({ result: 'skipped', details });

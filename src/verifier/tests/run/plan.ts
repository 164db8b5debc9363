import type { ProjectFiles } from '../../project-files.js';
import type { CheckResult } from '../../types.js';
import type { Located } from '../collect.js';
import type { Command, RunOutcome } from './process.js';

/** What one runner invocation found. */
export interface RunCount {
  /** Tests that actually ran (passed or failed, not skipped); null when the runner cannot say (see `note`). */
  ran: number | null;
  /** Names of failing tests, when the output names them. */
  failed: string[];
  /** Why `ran` is null but the exit code still proves at least one test ran (Gradle with --tests). */
  note?: string;
}

export interface RunPlan {
  /** Runner name for details ("pytest", "vitest", "go test", …). */
  runner: string;
  command: Command;
  /** The command as shown in details. */
  display: string;
  /** Machine-readable report written by the runner (a temp file), read after the run. */
  reportFile?: string;
  parse(outcome: RunOutcome, report: string | null): RunCount;
}

export interface PlanInput {
  files: ProjectFiles;
  /** Absolute project root. */
  root: string;
  /** The test files of this run (root-relative), all in one language. */
  testFiles: string[];
  /** The tests to run; null = every test in `testFiles` (no test_name). Never empty. */
  selection: Located[] | null;
  /** Every runnable test in the files (for runners that select whole files). */
  all: Located[];
  /** A private temp folder for report files. */
  tmpDir: string;
}

export type PlanResult = { ok: true; plan: RunPlan } | { ok: false; result: CheckResult };

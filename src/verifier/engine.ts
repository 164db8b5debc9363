import os from 'node:os';
import { loadCheckerLookup } from './engine/checkers.js';
import { planUnits } from './engine/plan.js';
import { runUnitsInWorkers } from './engine/pool.js';
import {
  type AssertionInput,
  type AssertionResult,
  type CheckerLookup,
  DEFAULT_CHECK_TIMEOUT_MS,
  timeLimitMs,
} from './engine/run-check.js';
import { UnitRunner, type UnitStats } from './engine/unit-runner.js';
import { isGlob, ProjectFiles } from './project-files.js';

export type { AssertionInput, AssertionResult } from './engine/run-check.js';

/**
 * The tier-1 engine: runs many assertions against one checkout and returns one result per assertion, in input order.
 *
 * - Every check goes through the catalogue's validation (unknown type → `skipped`, bad params → `error` naming the
 *   param) and is then run by its family's checker; a missing checker is an `error`, never a pass.
 * - Assertions are grouped into units by the file they are about (see engine/plan.ts); a unit runs on one
 *   ProjectFiles, so each file is read and parsed once however many assertions touch it, and its parse trees are
 *   freed when the unit ends.
 * - Nothing a checker does escapes: a throw, a malformed answer or an exceeded time limit is an `error` with a reason.
 *
 * Modes. `workers` spreads units over worker threads; a checker that blocks its thread is cut off by the pool's
 * watchdog (the worker is replaced, the rest of its unit retried). `single` runs in the calling thread: an awaited
 * checker is abandoned at its limit, but a checker that blocks the thread synchronously cannot be interrupted — it
 * is reported as timed out only once it returns, and one that never returns hangs the run. `auto` (the default) uses
 * workers from SINGLE_THREAD_MAX_ASSERTIONS assertions up, where start-up cost pays off.
 */
export interface EngineOptions {
  projectRoot: string;
  /** false (the CLI's --no-exec): test_passes answers `skipped` and no project code runs. Default true. */
  allowExec?: boolean;
  /** Worker threads to use; default: the machine's available parallelism. */
  concurrency?: number;
  /** Time limit of one check (test_passes: its own timeout_seconds plus a margin). Default 30 s. */
  perCheckTimeoutMs?: number;
  mode?: 'auto' | 'single' | 'workers';
  /** Called after each result (for a progress line). */
  onProgress?: (done: number, total: number) => void;
  /** A module URL exporting `checkerFor`, replacing the registry (tests: misbehaving checkers in real workers). */
  checkersModule?: string;
  /** How long past a check's limit the watchdog waits before it terminates a worker. Default 2 s. */
  watchdogGraceMs?: number;
}

export interface EngineStats {
  /** File reads, summed over units and workers. */
  filesRead: number;
  /** Parses (ProjectFiles.memo computations), summed over units and workers. */
  filesParsed: number;
  /** Distinct files read. */
  distinctFilesRead: number;
  /** The most times any one file was read in this run (1 when no file was read twice). */
  maxReadsPerFile: number;
  /** The most times any one file was parsed by one parser in this run (1 when no parse was repeated). */
  maxParsesPerFile: number;
  units: number;
  mode: 'single' | 'workers';
  workersStarted: number;
  /** Workers terminated by the watchdog or lost to a crash, and replaced. */
  workersReplaced: number;
}

export interface EngineRun {
  results: AssertionResult[];
  stats: EngineStats;
}

export const SINGLE_THREAD_MAX_ASSERTIONS = 49;

export async function runAssertions(items: AssertionInput[], options: EngineOptions): Promise<EngineRun> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? os.availableParallelism()));
  const perCheckTimeoutMs = options.perCheckTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const allowExec = options.allowExec ?? true;
  const mode =
    options.mode === 'single' || options.mode === 'workers'
      ? options.mode
      : items.length > SINGLE_THREAD_MAX_ASSERTIONS
        ? 'workers'
        : 'single';

  const hasGlob = items.some((item) => {
    const file = (item.params as { file?: unknown } | null)?.file;
    return typeof file === 'string' && isGlob(file);
  });
  // In workers mode the pool starts a worker while the plan is made (the two overlap on a multi-core machine).
  const planned = planUnits(items, {
    files: hasGlob ? ProjectFiles.at(options.projectRoot) : undefined,
    maxUnitSize: Math.max(50, Math.ceil(items.length / (concurrency * 2))),
  });

  const results: (AssertionResult | undefined)[] = new Array(items.length);
  let done = 0;
  const record = (index: number, result: AssertionResult) => {
    if (results[index]) return;
    results[index] = result;
    done++;
    options.onProgress?.(done, items.length);
  };

  const unitStats: UnitStats[] = [];
  let workersStarted = 0;
  let workersReplaced = 0;
  if (mode === 'single') {
    const units = await planned;
    const checkerFor: CheckerLookup = await loadCheckerLookup(options.checkersModule);
    const runner = new UnitRunner({ projectRoot: options.projectRoot, allowExec, perCheckTimeoutMs, checkerFor });
    for (const unit of units) {
      const members = unit.indexes.map((index) => ({ index, item: items[index] as AssertionInput }));
      unitStats.push(await runner.runUnit(members, record));
    }
  } else {
    const outcome = await runUnitsInWorkers(
      planned,
      items,
      {
        size: concurrency,
        init: {
          projectRoot: options.projectRoot,
          allowExec,
          perCheckTimeoutMs,
          checkersModule: options.checkersModule,
        },
        timeLimitOf: (index) => timeLimitMs(items[index]?.type ?? '', items[index]?.params, perCheckTimeoutMs),
        graceMs: options.watchdogGraceMs ?? 2_000,
      },
      record,
    );
    unitStats.push(...outcome.unitStats);
    workersStarted = outcome.workersStarted;
    workersReplaced = outcome.workersReplaced;
  }

  const complete = results.map(
    (r, index): AssertionResult =>
      r ?? {
        id: items[index]?.id ?? '',
        type: items[index]?.type ?? '',
        result: 'error',
        details: 'the engine produced no result for this assertion',
      },
  );
  return {
    results: complete,
    stats: { ...sumStats(unitStats), units: (await planned).length, mode, workersStarted, workersReplaced },
  };
}

function sumStats(all: UnitStats[]) {
  const reads = new Map<string, number>();
  const parses = new Map<string, number>();
  let filesRead = 0;
  let filesParsed = 0;
  for (const s of all) {
    filesRead += s.reads;
    filesParsed += s.parses;
    for (const [file, n] of Object.entries(s.readsByFile)) reads.set(file, (reads.get(file) ?? 0) + n);
    for (const [key, n] of Object.entries(s.parsesByKey)) parses.set(key, (parses.get(key) ?? 0) + n);
  }
  return {
    filesRead,
    filesParsed,
    distinctFilesRead: reads.size,
    maxReadsPerFile: Math.max(0, ...reads.values()),
    maxParsesPerFile: Math.max(0, ...parses.values()),
  };
}

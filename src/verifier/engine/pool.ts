import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Unit } from './plan.js';
import { type FromWorker, type ResultBatch, RunningCheck, type ToWorker, type WorkerInit } from './protocol.js';
import { type AssertionInput, type AssertionResult, timedOutMessage } from './run-check.js';
import type { UnitStats } from './unit-runner.js';

/**
 * Users run the compiled worker (dist/…/worker.js). Under vitest/tsx the engine runs from TypeScript source and the
 * worker must load .ts modules: Node 20 ignores `--import tsx` in a worker's execArgv, so the worker is started from
 * a tiny bootstrap that registers tsx's loader inside the thread first (tsx is a devDependency, present there).
 */
const fromSource = import.meta.url.endsWith('.ts');

function newWorker(workerData: WorkerInit): Worker {
  if (!fromSource) return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  const target = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function tsxApiUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = manifest.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(path.join(path.dirname(manifestPath), entry)).href;
}

export interface PoolOptions {
  size: number;
  init: WorkerInit;
  /** The engine's limit for one check; the watchdog waits this plus `graceMs` before declaring a worker stuck. */
  timeLimitOf: (index: number) => number;
  graceMs: number;
}

export interface PoolOutcome {
  unitStats: UnitStats[];
  workersStarted: number;
  workersReplaced: number;
}

interface Slot {
  worker: Worker;
  /** What the current worker is running (shared memory it writes). */
  running: RunningCheck;
  ready: boolean;
  /** Indexes of the current unit not yet answered, in run order; empty when idle. */
  pending: number[];
  watchdog?: NodeJS.Timeout;
}

/** Small units (the long tail of a largest-first plan) travel together up to this many assertions. */
const BUNDLE_ASSERTIONS = 32;

/**
 * Runs units on worker threads. Units are handed out largest first to whichever worker is idle; small ones are
 * bundled (each round trip between units left a worker idle). A watchdog per worker checks that the check it is
 * running (read from shared memory) finishes within its limit plus a grace period: a worker that blocks its thread
 * (which its own in-thread timer cannot interrupt) is terminated, the check it was running becomes `error`, and the
 * rest of its unit (including checks whose batched results had not arrived) is retried first on a fresh worker. A
 * crashed worker is handled the same way.
 */
export function runUnitsInWorkers(
  units: Unit[] | Promise<Unit[]>,
  items: AssertionInput[],
  options: PoolOptions,
  onResult: (index: number, result: AssertionResult) => void,
): Promise<PoolOutcome> {
  const queue: number[][] = [];
  const outcome: PoolOutcome = { unitStats: [], workersStarted: 0, workersReplaced: 0 };
  const slots: Slot[] = [];
  let finished = false;
  /** False while the plan is still being made (a worker may already be starting). */
  let planned = false;
  /** Why the only worker retired before the plan was ready (the run then fails, as when none can start). */
  let retiredEarly: string | undefined;

  return new Promise<PoolOutcome>((resolve, reject) => {
    const failQueued = (reason: string) => {
      for (const indexes of queue.splice(0)) {
        for (const index of indexes) {
          const item = items[index] as AssertionInput;
          onResult(index, { id: item.id, type: item.type, result: 'error', details: reason });
        }
      }
    };

    const finishIfDone = () => {
      if (finished || !planned || queue.length > 0 || slots.some((s) => s.pending.length > 0)) return;
      finished = true;
      for (const slot of slots) {
        clearTimeout(slot.watchdog);
        void slot.worker.terminate();
      }
      resolve(outcome);
    };

    /** The check a worker is busy with: the one it says it is running, else the first not answered. */
    const currentOf = (slot: Slot): { index: number; startedAt?: number } | undefined => {
      const running = slot.running.read();
      if (running && slot.pending.includes(running.index)) return running;
      const first = slot.pending[0];
      return first === undefined ? undefined : { index: first };
    };

    const arm = (slot: Slot, delayMs?: number) => {
      clearTimeout(slot.watchdog);
      const next = slot.pending[0];
      if (next === undefined) return;
      slot.watchdog = setTimeout(
        () => {
          const current = currentOf(slot);
          if (current === undefined) return;
          const limit = options.timeLimitOf(current.index);
          // Results arrive in batches: the running check may have started after this timer was set.
          if (current.startedAt !== undefined) {
            const left = current.startedAt + limit + options.graceMs - Date.now();
            if (left > 0) return arm(slot, left);
          }
          abandon(slot, timedOutMessage(limit));
        },
        delayMs ?? options.timeLimitOf(next) + options.graceMs,
      );
    };

    const dispatch = (slot: Slot) => {
      if (!slot.ready || slot.pending.length > 0) return;
      let indexes = queue.shift();
      if (!indexes) return finishIfDone();
      while (indexes.length < BUNDLE_ASSERTIONS && (queue[0]?.length ?? Infinity) < BUNDLE_ASSERTIONS) {
        indexes = indexes.concat(queue.shift() ?? []);
      }
      slot.pending = [...indexes];
      const message: ToWorker = {
        kind: 'unit',
        items: indexes.map((index) => ({ index, item: items[index] as AssertionInput })),
      };
      slot.worker.postMessage(message);
      arm(slot);
    };

    /** The worker is stuck or dead: answer its current check, requeue the rest of its unit, replace the worker. */
    const abandon = (slot: Slot, details: string) => {
      if (finished) return;
      clearTimeout(slot.watchdog);
      const current = currentOf(slot)?.index;
      const rest = slot.pending.filter((index) => index !== current);
      slot.pending = [];
      const old = slot.worker;
      old.removeAllListeners();
      old.on('error', () => undefined);
      void old.terminate();
      if (current !== undefined) {
        const item = items[current] as AssertionInput;
        onResult(current, { id: item.id, type: item.type, result: 'error', details });
      }
      if (rest.length > 0) queue.unshift(rest);
      outcome.workersReplaced++;
      start(slot);
      for (const other of slots) if (other !== slot) dispatch(other);
    };

    /** A worker that dies before it is ready is not replaced (it would die again); with none left, the rest fail. */
    const retire = (slot: Slot, reason: string) => {
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => undefined);
      void slot.worker.terminate();
      slots.splice(slots.indexOf(slot), 1);
      if (slots.length > 0) return finishIfDone();
      if (!planned) {
        retiredEarly = reason;
        return;
      }
      failQueued(reason);
      finishIfDone();
    };

    /** Passes on a batch of a worker's results; each answers (and leaves) the slot's pending list once. */
    const record = (slot: Slot, batch: ResultBatch) => {
      if (batch.length === 0) return;
      const waiting = new Set(slot.pending);
      for (const { index, result } of batch) {
        if (!waiting.delete(index)) continue;
        onResult(index, result);
      }
      slot.pending = slot.pending.filter((index) => waiting.has(index));
    };

    const start = (slot?: Slot) => {
      const running = RunningCheck.create();
      const worker = newWorker({ ...options.init, running: running.shared });
      outcome.workersStarted++;
      const own: Slot = slot ?? { worker, running, ready: false, pending: [] };
      own.worker = worker;
      own.running = running;
      own.ready = false;
      if (!slot) slots.push(own);
      worker.on('message', (message: FromWorker) => {
        if (own.worker !== worker || finished) return;
        if (message.kind === 'ready') {
          own.ready = true;
          dispatch(own);
        } else if (message.kind === 'results') {
          record(own, message.results);
          arm(own);
        } else if (message.kind === 'unitDone') {
          record(own, message.results);
          outcome.unitStats.push(message.stats);
          clearTimeout(own.watchdog);
          own.pending = [];
          dispatch(own);
        }
      });
      const died = (reason: string) => {
        if (own.worker !== worker || finished) return;
        if (!own.ready) retire(own, `verification worker could not start: ${reason}`);
        else abandon(own, `verification worker crashed: ${reason}`);
      };
      worker.on('error', (e) => died(e.message.split('\n')[0] ?? 'unknown error'));
      worker.on('exit', (code) => died(`exit code ${code}`));
    };

    const begin = (plan: Unit[]) => {
      planned = true;
      queue.push(...plan.map((u) => u.indexes));
      if (queue.length === 0) return finishIfDone();
      const size = Math.max(1, Math.min(options.size, queue.length));
      for (let i = outcome.workersStarted; i < size; i++) start();
      if (slots.length === 0) {
        failQueued(retiredEarly ?? 'verification worker could not start');
        return finishIfDone();
      }
      for (const slot of slots) dispatch(slot);
    };

    if (Array.isArray(units)) return begin(units);
    // Planning (globs over the whole checkout) runs in this thread meanwhile: one worker starts up in parallel.
    if (items.length > 0) start();
    units.then(begin, (e: unknown) => {
      finished = true;
      for (const slot of slots) {
        clearTimeout(slot.watchdog);
        slot.worker.removeAllListeners();
        slot.worker.on('error', () => undefined);
        void slot.worker.terminate();
      }
      reject(e);
    });
  });
}

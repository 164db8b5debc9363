import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Unit } from './plan.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
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
  ready: boolean;
  /** Indexes of the current unit not yet answered, in run order; empty when idle. */
  pending: number[];
  watchdog?: NodeJS.Timeout;
}

/**
 * Runs units on worker threads. Units are handed out largest first to whichever worker is idle. A watchdog per
 * worker expects the next result within that check's limit plus a grace period: a worker that blocks its thread
 * (which its own in-thread timer cannot interrupt) is terminated, the check it was running becomes `error`, and the
 * rest of its unit is retried first on a fresh worker. A crashed worker is handled the same way.
 */
export function runUnitsInWorkers(
  units: Unit[],
  items: AssertionInput[],
  options: PoolOptions,
  onResult: (index: number, result: AssertionResult) => void,
): Promise<PoolOutcome> {
  const queue: number[][] = units.map((u) => u.indexes);
  const outcome: PoolOutcome = { unitStats: [], workersStarted: 0, workersReplaced: 0 };
  const slots: Slot[] = [];
  let finished = false;

  return new Promise<PoolOutcome>((resolve) => {
    const finishIfDone = () => {
      if (finished || queue.length > 0 || slots.some((s) => s.pending.length > 0)) return;
      finished = true;
      for (const slot of slots) {
        clearTimeout(slot.watchdog);
        void slot.worker.terminate();
      }
      resolve(outcome);
    };

    const arm = (slot: Slot) => {
      clearTimeout(slot.watchdog);
      const next = slot.pending[0];
      if (next === undefined) return;
      slot.watchdog = setTimeout(() => {
        const limit = options.timeLimitOf(next);
        abandon(slot, timedOutMessage(limit));
      }, options.timeLimitOf(next) + options.graceMs);
    };

    const dispatch = (slot: Slot) => {
      if (!slot.ready || slot.pending.length > 0) return;
      const indexes = queue.shift();
      if (!indexes) return finishIfDone();
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
      const [current, ...rest] = slot.pending;
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
      for (const indexes of queue.splice(0)) {
        for (const index of indexes) {
          const item = items[index] as AssertionInput;
          onResult(index, { id: item.id, type: item.type, result: 'error', details: reason });
        }
      }
      finishIfDone();
    };

    const start = (slot?: Slot) => {
      const worker = newWorker(options.init);
      outcome.workersStarted++;
      const own: Slot = slot ?? { worker, ready: false, pending: [] };
      own.worker = worker;
      own.ready = false;
      if (!slot) slots.push(own);
      worker.on('message', (message: FromWorker) => {
        if (own.worker !== worker || finished) return;
        if (message.kind === 'ready') {
          own.ready = true;
          dispatch(own);
        } else if (message.kind === 'result') {
          const at = own.pending.indexOf(message.index);
          if (at === -1) return;
          own.pending.splice(at, 1);
          onResult(message.index, message.result);
          arm(own);
        } else if (message.kind === 'unitDone') {
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

    const size = Math.max(1, Math.min(options.size, queue.length));
    if (queue.length === 0) return finishIfDone();
    for (let i = 0; i < size; i++) start();
  });
}

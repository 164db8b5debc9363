import type { AssertionInput, AssertionResult } from './run-check.js';
import type { UnitStats } from './unit-runner.js';

/** Everything a worker needs to start; passed as workerData (structured-cloned, so plain data only). */
export interface WorkerInit {
  projectRoot: string;
  allowExec: boolean;
  perCheckTimeoutMs: number;
  checkersModule?: string;
  /**
   * Shared with the pool (see RunningCheck): which check the worker is running and since when. Results travel in
   * batches, so the pool's watchdog reads this to know which check a blocked worker is stuck in.
   */
  running?: { buffer: SharedArrayBuffer; epoch: number };
}

export type ToWorker = { kind: 'unit'; items: { index: number; item: AssertionInput }[] };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'results'; results: ResultBatch }
  /** The end of a unit, carrying the results not yet sent. */
  | { kind: 'unitDone'; stats: UnitStats; results: ResultBatch };

export type ResultBatch = { index: number; result: AssertionResult }[];

/**
 * The check a worker is running, in shared memory: slot 0 holds its index (-1 between checks), slot 1 when it
 * started, in ms since `epoch` (a Date.now() both threads agree on). The worker writes the time before the index,
 * so a reader that sees a new index also sees its start time.
 */
export class RunningCheck {
  private readonly cells: Int32Array;

  private constructor(
    readonly buffer: SharedArrayBuffer,
    readonly epoch: number,
  ) {
    this.cells = new Int32Array(buffer);
  }

  /** A fresh record (no check running), for a new worker. */
  static create(): RunningCheck {
    const running = new RunningCheck(new SharedArrayBuffer(8), Date.now());
    running.finished();
    return running;
  }

  /** The worker's view of the record the pool created. */
  static attach(shared: { buffer: SharedArrayBuffer; epoch: number }): RunningCheck {
    return new RunningCheck(shared.buffer, shared.epoch);
  }

  get shared(): { buffer: SharedArrayBuffer; epoch: number } {
    return { buffer: this.buffer, epoch: this.epoch };
  }

  started(index: number): void {
    Atomics.store(this.cells, 1, Date.now() - this.epoch);
    Atomics.store(this.cells, 0, index);
  }

  finished(): void {
    Atomics.store(this.cells, 0, -1);
  }

  /** The running check and its start (epoch ms), or null between checks. */
  read(): { index: number; startedAt: number } | null {
    const index = Atomics.load(this.cells, 0);
    if (index < 0) return null;
    return { index, startedAt: this.epoch + Atomics.load(this.cells, 1) };
  }
}

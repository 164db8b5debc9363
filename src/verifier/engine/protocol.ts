import type { AssertionInput, AssertionResult } from './run-check.js';
import type { UnitStats } from './unit-runner.js';

/** Everything a worker needs to start; passed as workerData (structured-cloned, so plain data only). */
export interface WorkerInit {
  projectRoot: string;
  allowExec: boolean;
  perCheckTimeoutMs: number;
  checkersModule?: string;
}

export type ToWorker = { kind: 'unit'; items: { index: number; item: AssertionInput }[] };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'result'; index: number; result: AssertionResult }
  | { kind: 'unitDone'; stats: UnitStats };

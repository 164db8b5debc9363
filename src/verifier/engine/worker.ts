import { parentPort, workerData } from 'node:worker_threads';
import { loadCheckerLookup } from './checkers.js';
import { type FromWorker, RunningCheck, type ToWorker, type WorkerInit } from './protocol.js';
import type { AssertionResult } from './run-check.js';
import { UnitRunner } from './unit-runner.js';

/**
 * A verification worker thread: runs the units the pool sends, one at a time, on its own ProjectFiles, and sends
 * results back in batches (at most FLUSH_MS old; the rest travel with `unitDone`). A message per result cost the
 * worker ~6% of its time in postMessage; the pool's watchdog learns which check is running from shared memory
 * instead (RunningCheck), so batching never makes it blame the wrong check.
 */
const FLUSH_MS = 100;
const port = parentPort;
if (!port) throw new Error('the verification worker must run in a worker thread');
const init = workerData as WorkerInit;
const runner = new UnitRunner({
  projectRoot: init.projectRoot,
  allowExec: init.allowExec,
  perCheckTimeoutMs: init.perCheckTimeoutMs,
  checkerFor: await loadCheckerLookup(init.checkersModule),
});
const running = init.running ? RunningCheck.attach(init.running) : undefined;
const send = (message: FromWorker) => port.postMessage(message);

let batch: { index: number; result: AssertionResult }[] = [];
let batchStarted = 0;
let flushTimer: NodeJS.Timeout | undefined;
const flush = () => {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (batch.length === 0) return;
  send({ kind: 'results', results: batch });
  batch = [];
};
const collect = (index: number, result: AssertionResult) => {
  if (batch.length === 0) {
    batchStarted = Date.now();
    // For checks that await (the thread is free): the batch still goes out on time.
    flushTimer = setTimeout(flush, FLUSH_MS);
  }
  batch.push({ index, result });
  // For checks that never yield to the event loop.
  if (Date.now() - batchStarted >= FLUSH_MS) flush();
};

port.on('message', (message: ToWorker) => {
  if (message.kind !== 'unit') return;
  // runUnit never rejects for a check's sake; a rejection here is an engine bug and crashes the worker, which the
  // pool reports and recovers from like any other crash.
  void runner.runUnit(message.items, collect, running).then((stats) => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    send({ kind: 'unitDone', stats, results: batch });
    batch = [];
  });
});
send({ kind: 'ready' });

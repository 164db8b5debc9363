import { parentPort, workerData } from 'node:worker_threads';
import { loadCheckerLookup } from './checkers.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { UnitRunner } from './unit-runner.js';

/**
 * A verification worker thread: runs the units the pool sends, one at a time, on its own ProjectFiles, and streams
 * each result back as soon as it exists (the pool's watchdog measures progress by those messages).
 */
const port = parentPort;
if (!port) throw new Error('the verification worker must run in a worker thread');
const init = workerData as WorkerInit;
const runner = new UnitRunner({
  projectRoot: init.projectRoot,
  allowExec: init.allowExec,
  perCheckTimeoutMs: init.perCheckTimeoutMs,
  checkerFor: await loadCheckerLookup(init.checkersModule),
});
const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.kind !== 'unit') return;
  // runUnit never rejects for a check's sake; a rejection here is an engine bug and crashes the worker, which the
  // pool reports and recovers from like any other crash.
  void runner
    .runUnit(message.items, (index, result) => send({ kind: 'result', index, result }))
    .then((stats) => send({ kind: 'unitDone', stats }));
});
send({ kind: 'ready' });

import { oneLine } from './common.js';

/**
 * A progress bar for `assay run` on stderr, only when stderr is a terminal (stdout carries the report, CI logs stay
 * clean) and only once the run has taken more than a second, like `assay check`. Each phase ("tier 1 m1",
 * "tier 2 m1", …) redraws one line; `finish` erases it.
 */
export interface RunProgress {
  phase(label: string, done: number, total: number): void;
  finish(): void;
}

const DELAY_MS = 1_000;
const REFRESH_MS = 200;
const BAR_WIDTH = 20;

export function startRunProgress(stream: NodeJS.WriteStream = process.stderr): RunProgress {
  if (!stream.isTTY) return { phase: () => undefined, finish: () => undefined };
  const started = Date.now();
  let label = '';
  let done = 0;
  let total = 0;
  let shown = false;
  let finished = false;
  const draw = () => {
    if (finished || Date.now() - started < DELAY_MS || label === '') return;
    shown = true;
    const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const seconds = Math.round((Date.now() - started) / 1000);
    let line = `assay: ${label} ${bar} ${done}/${total} (${seconds} s)`;
    const columns = stream.columns;
    if (columns && line.length > columns - 1) line = line.slice(0, Math.max(0, columns - 1));
    stream.write(`\r\x1b[K${line}`);
  };
  const timer = setInterval(draw, REFRESH_MS);
  timer.unref();
  return {
    phase(l, d, t) {
      label = oneLine(l);
      done = d;
      total = t;
    },
    finish() {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

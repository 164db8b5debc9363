/**
 * A one-line progress indicator on stderr, only when stderr is a terminal and the run has taken more than a second
 * (quick runs and CI logs stay clean). The line is erased when the run ends.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const DELAY_MS = 1_000;
const REFRESH_MS = 200;

export function startProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  const started = Date.now();
  let done = 0;
  let total = 0;
  let shown = false;
  const draw = () => {
    if (Date.now() - started < DELAY_MS || total === 0) return;
    shown = true;
    const seconds = Math.round((Date.now() - started) / 1000);
    stream.write(`\r\x1b[Kassay: checked ${done}/${total} assertions (${seconds} s)`);
  };
  const timer = setInterval(draw, REFRESH_MS);
  timer.unref();
  return {
    update(d, t) {
      done = d;
      total = t;
    },
    finish() {
      clearInterval(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

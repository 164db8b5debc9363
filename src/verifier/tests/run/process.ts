import { spawn } from 'node:child_process';

/** Captured output per stream: the head and the tail are kept (summaries come last), the middle is dropped. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;
const HEAD_BYTES = 256 * 1024;

export interface Command {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

export interface RunOutcome {
  /** Exit code, or null when killed by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** The spawn itself failed (ENOENT, EACCES): the runner could not be started. */
  spawnError?: string;
}

class CappedBuffer {
  private head: Buffer[] = [];
  private headSize = 0;
  private tail: Buffer[] = [];
  private tailSize = 0;
  private dropped = false;

  push(chunk: Buffer): void {
    if (this.headSize < HEAD_BYTES) {
      const take = chunk.subarray(0, HEAD_BYTES - this.headSize);
      this.head.push(take);
      this.headSize += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailSize += chunk.length;
    const tailCap = OUTPUT_CAP_BYTES - HEAD_BYTES;
    while (this.tailSize > tailCap && this.tail.length > 0) {
      const first = this.tail[0]!;
      const excess = this.tailSize - tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailSize -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailSize -= excess;
      }
      this.dropped = true;
    }
  }

  toString(): string {
    const middle = this.dropped ? '\n…\n' : '';
    return Buffer.concat(this.head).toString('utf8') + middle + Buffer.concat(this.tail).toString('utf8');
  }
}

/**
 * Runs a test runner: no shell (argv array), its own process group so a timeout or an abort kills the runner and
 * everything it started, output capped. Never rejects.
 */
export function runCommand(cmd: Command, timeoutMs: number, signal: AbortSignal): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const stdout = new CappedBuffer();
    const stderr = new CappedBuffer();
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const child = spawn(cmd.command, cmd.args, {
      cwd: cmd.cwd,
      env: { ...process.env, ...cmd.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: RunOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish({ exitCode: null, stdout: '', stderr: '', timedOut, aborted, spawnError: e.code ?? e.message });
    });
    // The runner may leave children holding the pipes open; once it exits, its group goes too.
    child.on('exit', () => killGroup());
    child.on('close', (code) => {
      finish({ exitCode: code, stdout: stdout.toString(), stderr: stderr.toString(), timedOut, aborted });
    });
  });
}

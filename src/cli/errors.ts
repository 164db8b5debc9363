/**
 * The CLI's exit codes and the two errors a subcommand raises for them. A module of its own, so that the parts of a
 * subcommand (src/cli/run/*) can raise them without importing the whole program from main.ts.
 */

/** Exit codes shared by every subcommand. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * The message as the one line main.ts prints: control characters (newlines, ANSI escapes …) become spaces. Messages
 * quote user input (--repo, a model id, a server's error text), and CI runners read any output line that starts with
 * `::` as a workflow command (`::add-mask::`, `::stop-commands::` …), so a value must never be able to start a line.
 */
const oneLine = (message: string) => message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

/** Raised by a subcommand for a usage or configuration problem: printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(oneLine(message));
  }
}

/** Raised when the command could not do its work (e.g. the server is unreachable): printed as one line, exit 1. */
export class FailureError extends Error {
  constructor(message: string) {
    super(oneLine(message));
  }
}

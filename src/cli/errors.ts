/**
 * The CLI's exit codes and the two errors a subcommand raises for them. A module of its own, so that the parts of a
 * subcommand (src/cli/run/*) can raise them without importing the whole program from main.ts.
 */

/** Exit codes shared by every subcommand. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Raised by a subcommand for a usage or configuration problem: printed as one line, exit 2. */
export class UsageError extends Error {}

/** Raised when the command could not do its work (e.g. the server is unreachable): printed as one line, exit 1. */
export class FailureError extends Error {}

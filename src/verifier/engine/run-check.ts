import { validateParams } from '../../assertions/catalogue.js';
import type { ProjectFiles } from '../project-files.js';
import type { Checker, CheckResult, Evidence, Outcome } from '../types.js';

/** One assertion as the engine receives it: the id is the caller's (server id or `local_001`). */
export interface AssertionInput {
  id: string;
  type: string;
  params: unknown;
}

/** One assertion's outcome, in the shape every output format and the results API share. */
export interface AssertionResult {
  id: string;
  type: string;
  result: Outcome;
  details: string;
  evidence?: Evidence;
}

/** Finds the tier-1 checker of a type; the registry's `checkerFor`, or a test's replacement. */
export type CheckerLookup = (type: string) => Checker<Record<string, unknown>> | undefined;

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
/** test_passes runs under its own `timeout_seconds`; the engine allows this much more for start-up and reporting. */
export const TEST_RUN_MARGIN_MS = 30_000;
const DEFAULT_TEST_TIMEOUT_SECONDS = 300;

export interface CheckEnv {
  files: ProjectFiles;
  allowExec: boolean;
  perCheckTimeoutMs: number;
  checkerFor: CheckerLookup;
}

/**
 * The time limit of one check. test_passes carries its own `timeout_seconds` (the runner enforces it and answers
 * `fail`); the engine limit sits a margin above so the checker's own answer normally wins.
 */
export function timeLimitMs(type: string, params: unknown, perCheckTimeoutMs: number): number {
  if (type !== 'test_passes') return perCheckTimeoutMs;
  const raw = (params as { timeout_seconds?: unknown } | null)?.timeout_seconds;
  const seconds = typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= 1800 ? raw : undefined;
  return (seconds ?? DEFAULT_TEST_TIMEOUT_SECONDS) * 1000 + TEST_RUN_MARGIN_MS;
}

export function timedOutMessage(limitMs: number): string {
  return `check timed out after ${Number((limitMs / 1000).toFixed(3))} s`;
}

const outcomes = new Set<string>(['pass', 'fail', 'error', 'skipped']);

const result = (item: AssertionInput, r: CheckResult): AssertionResult => {
  const out: AssertionResult = { id: item.id, type: item.type, result: r.result, details: r.details };
  if (r.evidence) out.evidence = r.evidence;
  return out;
};

function describeInvalid(issues: { path: string; message: string }[]): string {
  const parts = issues.map((issue) => {
    // Catalogue messages usually name their param already ("name is required"); otherwise say which one.
    const head = issue.path.split('.')[0] ?? issue.path;
    return issue.path === 'params' || issue.message.includes(head) ? issue.message : `${issue.path}: ${issue.message}`;
  });
  return `invalid params: ${parts.join('; ')}`;
}

function isEvidence(value: unknown): value is Evidence {
  const e = value as Evidence | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.file === 'string' &&
    Number.isInteger(e.line) &&
    Number.isInteger(e.end_line)
  );
}

/** A checker's answer is trusted only in the documented shape; anything else is the checker's bug, an `error`. */
function wellFormed(type: string, value: unknown): CheckResult {
  const r = value as CheckResult | null;
  if (typeof r !== 'object' || r === null || !outcomes.has(r.result) || typeof r.details !== 'string') {
    return { result: 'error', details: `the ${type} verifier returned a malformed result` };
  }
  const out: CheckResult = { result: r.result, details: r.details };
  if (r.evidence !== undefined && isEvidence(r.evidence)) {
    out.evidence = { file: r.evidence.file, line: r.evidence.line, end_line: r.evidence.end_line };
  }
  return out;
}

/**
 * Runs one assertion. Never throws and never hangs on an awaited promise: validation, a missing checker, a thrown
 * exception, a malformed answer and an exceeded time limit all become results. A checker that blocks the thread
 * (a synchronous endless loop) cannot be interrupted here; the worker pool's watchdog handles that case.
 */
export async function runCheck(item: AssertionInput, env: CheckEnv): Promise<AssertionResult> {
  let validation: ReturnType<typeof validateParams>;
  try {
    validation = validateParams(item.type, item.params);
  } catch (e) {
    return result(item, { result: 'error', details: `invalid params: ${messageOf(e)}` });
  }
  if (!validation.ok) {
    if (validation.unknownType) {
      return result(item, { result: 'skipped', details: `unknown assertion type ${JSON.stringify(item.type)}` });
    }
    return result(item, { result: 'error', details: describeInvalid(validation.issues) });
  }
  if (item.type === 'test_passes' && !env.allowExec) {
    // Enforced here as well as in the checker: with --no-exec, project code never runs, whatever the checker does.
    return result(item, { result: 'skipped', details: 'test_passes runs project code and --no-exec is set' });
  }
  const checker = env.checkerFor(item.type);
  if (!checker) return result(item, { result: 'error', details: `no verifier for type ${item.type}` });

  const limitMs = timeLimitMs(item.type, validation.params, env.perCheckTimeoutMs);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(timedOutMessage(limitMs)));
      resolve('timeout');
    }, limitMs);
  });
  const started = performance.now();
  try {
    const answer = await Promise.race([
      Promise.resolve().then(() =>
        checker(validation.params, { files: env.files, allowExec: env.allowExec, signal: controller.signal }),
      ),
      expired,
    ]);
    // A check that ran synchronously past its limit could not be interrupted, but it still did not finish in time:
    // both engine modes report it the same way.
    if (answer === 'timeout' || performance.now() - started > limitMs) {
      controller.abort(new Error(timedOutMessage(limitMs)));
      return result(item, { result: 'error', details: timedOutMessage(limitMs) });
    }
    return result(item, wellFormed(item.type, answer));
  } catch (e) {
    return result(item, { result: 'error', details: `the ${item.type} verifier failed: ${messageOf(e)}` });
  } finally {
    clearTimeout(timer);
  }
}

export function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]?.slice(0, 300) || 'unknown error';
}

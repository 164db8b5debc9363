import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ParamsOf } from '../../assertions/catalogue.js';
import { type Checker, type CheckResult, error, fail, pass, skipped } from '../types.js';
import { collectIndexes, describeSkipped, evidenceOf, type Located, matcherFor, selectTests } from './collect.js';
import type { TestIndex } from './model.js';
import { planFor, runnerFamily } from './run/dispatch.js';
import type { RunCount, RunPlan } from './run/plan.js';
import { type RunOutcome, runCommand } from './run/process.js';

const DEFAULT_TIMEOUT_SECONDS = 300;
const REPORT_CAP_BYTES = 16 * 1024 * 1024;

/**
 * test_passes. The tests are selected on the syntax tree exactly as test_exists finds them (same names, globs and
 * ` > ` paths; a matching describe selects its tests), then run with the project's runner, selected by name, file
 * and line or node id. Passes only when every runner exits 0 and at least one selected test actually ran.
 */
export const testPasses: Checker<ParamsOf<'test_passes'>> = async (params, ctx) => {
  if (!ctx.allowExec) return skipped('test execution disabled (--no-exec)');
  const timeoutSeconds = params.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 1800) {
    return error('timeout_seconds must be an integer from 1 to 1800');
  }
  const matcher = matcherFor(params.test_name);
  if (!matcher.ok) return matcher.result;
  const collected = await collectIndexes(ctx.files, params.file);
  if (!collected.ok) return collected.result;
  const { indexes, scope } = collected;
  const { active, skipped: skippedTests } = selectTests(indexes, matcher.match);
  const selected = expandGroups(active);
  if (selected.length === 0) {
    const what =
      params.test_name === undefined
        ? 'no test that runs'
        : `no runnable test matching ${JSON.stringify(params.test_name)}`;
    const why = skippedTests[0] ? `: ${describeSkipped(skippedTests[0])}` : '';
    return fail(`no matching test ran: ${scope} defines ${what}${why}`);
  }

  const families = new Map<string, Located[]>();
  for (const l of selected) {
    const family = runnerFamily(l.index.language);
    families.set(family, [...(families.get(family) ?? []), l]);
  }
  const deadline = Date.now() + timeoutSeconds * 1000;
  let ran = 0;
  const commands: string[] = [];
  const notes: string[] = [];
  for (const family of [...families.keys()].sort()) {
    const tests = families.get(family)!;
    const testFiles = [...new Set(tests.map((l) => l.index.file))].sort();
    const all = selectTests(
      indexes.filter((i) => testFiles.includes(i.file)),
      null,
    ).active;
    const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'assay-run-'));
    try {
      const planned = await planFor(family, {
        files: ctx.files,
        root: ctx.files.root,
        testFiles,
        selection: params.test_name === undefined ? null : tests,
        all,
        tmpDir,
      });
      if (!planned.ok) return planned.result;
      const plan = planned.plan;
      commands.push(plan.display);
      const outcome = await runCommand(plan.command, Math.max(1, deadline - Date.now()), ctx.signal);
      const verdict = judge(plan, outcome, await readReport(plan), timeoutSeconds, evidenceOf(tests[0]!));
      if (verdict.result) return verdict.result;
      ran += verdict.ran;
      if (verdict.note) notes.push(verdict.note);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  }
  const first = selected[0]!;
  const counted =
    notes.length > 0 && ran === 0 ? 'the matching tests ran' : `${ran} matching test${ran === 1 ? '' : 's'} ran`;
  const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return pass(
    `${counted} and passed${note}, first \`${first.test.path.join(' > ')}\` at ${first.index.file}:${first.test.line}; command: ${commands.join(' && ')}`,
    evidenceOf(first),
  );
};

/** A matching group (describe/context) stands for every runnable test inside it. */
function expandGroups(active: Located[]): Located[] {
  const out = new Map<string, Located>();
  const add = (index: TestIndex, l: Located['test']): void => {
    out.set(`${index.file}\u0000${l.line}\u0000${l.path.join('\u0000')}`, { index, test: l });
  };
  for (const { index, test } of active) {
    if (test.kind === 'test') {
      add(index, test);
      continue;
    }
    for (const inner of index.tests) {
      const inside = inner.line >= test.line && inner.endLine <= test.endLine;
      const prefixed = test.path.every((p, i) => inner.path[i] === p);
      if (inner.kind === 'test' && !inner.skipped && inside && prefixed) add(index, inner);
    }
  }
  return [...out.values()].sort((a, b) => a.index.file.localeCompare(b.index.file) || a.test.line - b.test.line);
}

async function readReport(plan: RunPlan): Promise<string | null> {
  if (!plan.reportFile) return null;
  try {
    const buf = await readFile(plan.reportFile);
    return buf.length > REPORT_CAP_BYTES ? null : buf.toString('utf8');
  } catch {
    return null;
  }
}

type Verdict = { result: CheckResult; ran: 0; note?: undefined } | { result: null; ran: number; note?: string };

/** One runner's outcome: a result that ends the check (failure, timeout, nothing ran) or the number that ran. */
function judge(
  plan: RunPlan,
  outcome: RunOutcome,
  report: string | null,
  timeoutSeconds: number,
  evidence: CheckResult['evidence'],
): Verdict {
  const command = `command: ${plan.display}`;
  if (outcome.spawnError)
    return {
      result: error(`runner not found: could not start ${plan.runner} (${outcome.spawnError}); ${command}`),
      ran: 0,
    };
  if (outcome.timedOut)
    return { result: fail(`${plan.runner} timed out after ${timeoutSeconds}s; ${command}`, evidence), ran: 0 };
  if (outcome.aborted)
    return { result: error(`${plan.runner} was stopped: the check was aborted; ${command}`), ran: 0 };
  const count: RunCount = plan.parse(outcome, report);
  const exit = outcome.exitCode;
  if (exit !== 0) {
    if (count.ran === 0)
      return {
        result: fail(`no matching test ran (${plan.runner} exit code ${exit ?? 'signal'}); ${command}`, evidence),
        ran: 0,
      };
    const names = count.failed.slice(0, 5).map(shortName);
    const more = count.failed.length > 5 ? ` and ${count.failed.length - 5} more` : '';
    const failing = names.length > 0 ? `, failing: ${names.join(', ')}${more}` : '';
    return {
      result: fail(`${plan.runner} failed (exit code ${exit ?? 'signal'})${failing}; ${command}`, evidence),
      ran: 0,
    };
  }
  if (count.ran === 0)
    return {
      result: fail(`no matching test ran (${plan.runner} exited 0 but ran 0 tests); ${command}`, evidence),
      ran: 0,
    };
  if (count.ran === null) {
    if (count.note) return { result: null, ran: 0, note: count.note };
    return {
      result: fail(
        `could not count the tests ${plan.runner} ran (no readable report), so none is proven to have run; ${command}`,
        evidence,
      ),
      ran: 0,
    };
  }
  return { result: null, ran: count.ran };
}

function shortName(name: string): string {
  const oneLine = name.replace(/\s+/g, ' ').trim();
  return oneLine.length > 100 ? `${oneLine.slice(0, 99)}…` : oneLine;
}

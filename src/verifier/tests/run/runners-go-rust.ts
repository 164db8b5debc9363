import path from 'node:path';
import { error } from '../../types.js';
import type { Located } from '../collect.js';
import { escapeRegex, findExecutable, nearestDirWith, relativeTo, renderCommand } from './locate.js';
import type { PlanInput, PlanResult, RunCount } from './plan.js';
import type { RunOutcome } from './process.js';

/**
 * `go test -json -count=1 -run REGEX ./pkg` from the module root (the folder holding go.mod). Top-level tests are
 * selected by `^(TestA|TestB)$`; a single subtest by `^TestA$/^name$` (go's per-level matching).
 */
export async function planGo(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const dir = await nearestDirWith(files, first, ['go.mod']);
  if (dir === null) return { ok: false, result: error(`runner not found: no go.mod at or above ${first}`) };
  const go = findExecutable('go');
  if (!go) return { ok: false, result: error('runner not found: go is not on PATH') };
  const cwd = path.join(root, dir);
  const pkgs = [
    ...new Set(testFiles.map((f) => `./${path.posix.dirname(relativeTo(dir, f))}`.replace(/\/\.$/, ''))),
  ].sort();
  const pattern = goRunPattern(input.selection ?? input.all);
  const args = ['test', '-json', '-count=1', '-run', pattern, ...pkgs];
  return {
    ok: true,
    plan: {
      runner: 'go test',
      command: { command: go, args, cwd },
      display: renderCommand('go', args),
      parse: (outcome) => parseGoJson(outcome.stdout),
    },
  };
}

export function goRunPattern(selection: Located[]): string {
  const level = (name: string): string => escapeRegex(name.replace(/\s/g, '_'));
  const only = selection.length === 1 ? selection[0]!.test : null;
  if (only && only.path.length > 1) return only.path.map((p) => `^${level(p)}$`).join('/');
  const tops = [...new Set(selection.map((l) => l.test.path[0]!))].sort();
  return `^(?:${tops.map(level).join('|')})$`;
}

/** go test -json events: a test (or subtest) with a final `pass` or `fail` action ran. */
export function parseGoJson(stdout: string): RunCount {
  let ran = 0;
  let sawEvent = false;
  const failed: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: { Action?: string; Test?: string };
    try {
      event = JSON.parse(line) as { Action?: string; Test?: string };
    } catch {
      continue;
    }
    sawEvent = true;
    if (!event.Test) continue;
    if (event.Action === 'pass') ran++;
    if (event.Action === 'fail') {
      ran++;
      failed.push(event.Test);
    }
  }
  return { ran: sawEvent ? ran : null, failed };
}

/**
 * `cargo test --manifest-path <crate>/Cargo.toml [--lib | --test NAME] -- FILTER…` with the tests' in-file module
 * paths as substring filters (libtest accepts several); counted from the `test result:` lines of every test binary.
 */
export async function planCargo(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const dir = await nearestDirWith(files, first, ['Cargo.toml']);
  if (dir === null) return { ok: false, result: error(`runner not found: no Cargo.toml at or above ${first}`) };
  const cargo = findExecutable('cargo');
  if (!cargo) return { ok: false, result: error('runner not found: cargo is not on PATH') };
  const manifest = dir ? `${dir}/Cargo.toml` : 'Cargo.toml';
  const args = ['test', '--manifest-path', manifest];
  const targets = new Set<string>();
  for (const file of testFiles) {
    const rel = relativeTo(dir, file);
    const integration = /^tests\/([^/]+)\.rs$/.exec(rel) ?? /^tests\/([^/]+)\/main\.rs$/.exec(rel);
    if (integration) targets.add(`--test=${integration[1]}`);
    else if (rel.startsWith('src/'))
      targets.add((await files.exists(dir ? `${dir}/src/lib.rs` : 'src/lib.rs')) ? '--lib' : '--bins');
  }
  args.push(...[...targets].sort());
  const filters = [...new Set((input.selection ?? input.all).map((l) => l.test.path.join('::')))].sort();
  args.push('--', ...filters);
  return {
    ok: true,
    plan: {
      runner: 'cargo test',
      command: { command: cargo, args, cwd: root, env: { CARGO_TERM_COLOR: 'never' } },
      display: renderCommand('cargo', args),
      parse: (outcome) => parseCargo(outcome),
    },
  };
}

export function parseCargo(outcome: RunOutcome): RunCount {
  const out = outcome.stdout;
  let ran: number | null = null;
  for (const m of out.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed;/gm)) {
    ran = (ran ?? 0) + Number(m[1]) + Number(m[2]);
  }
  const failed = [...out.matchAll(/^test (\S+) \.\.\. FAILED$/gm)].map((m) => m[1]!);
  return { ran, failed };
}

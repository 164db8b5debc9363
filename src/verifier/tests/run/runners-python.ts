import path from 'node:path';
import { error } from '../../types.js';
import { parseJunitXml } from './junit.js';
import { findExecutable, nearestDirWith, relativeTo, renderCommand } from './locate.js';
import type { PlanInput, PlanResult, RunCount } from './plan.js';
import type { RunOutcome } from './process.js';

const PROJECT_MARKERS = ['pyproject.toml', 'pytest.ini', 'setup.cfg', 'tox.ini', 'setup.py'];

/**
 * pytest (`python -m pytest` with node ids, counted from a JUnit XML report) — or `python -m unittest` when nothing
 * points at pytest and the selected tests are unittest TestCases. The interpreter is the project's virtualenv
 * (`.venv`, `venv`) when there is one, else python3 on PATH.
 */
export async function planPython(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const dir = (await nearestDirWith(files, first, PROJECT_MARKERS)) ?? '';
  const cwd = path.join(root, dir);
  const venvDirs = [dir, ''].flatMap((d) => ['.venv/bin', 'venv/bin'].map((v) => path.join(root, d, v)));
  const python = findExecutable('python', venvDirs, true) ?? findExecutable('python3') ?? findExecutable('python');
  if (!python) return { ok: false, result: error('runner not found: no python interpreter on PATH') };
  const shownPython = python.startsWith(root) ? path.relative(cwd, python) : path.basename(python);
  const tests = input.selection ?? input.all;
  const usePytest = (await mentionsPytest(input, dir)) || tests.some((t) => t.test.framework !== 'unittest');

  if (!usePytest) {
    const ids = input.selection
      ? [...new Set(tests.map((t) => [moduleName(relativeTo(dir, t.index.file)), ...t.test.path].join('.')))]
      : testFiles.map((f) => moduleName(relativeTo(dir, f)));
    const args = ['-m', 'unittest', '-v', ...ids];
    return {
      ok: true,
      plan: {
        runner: 'unittest',
        command: { command: python, args, cwd },
        display: renderCommand(shownPython, args),
        parse: parseUnittest,
      },
    };
  }
  const report = path.join(input.tmpDir, 'pytest-junit.xml');
  const ids = input.selection
    ? [...new Set(tests.map((t) => [relativeTo(dir, t.index.file), ...t.test.path].join('::')))]
    : testFiles.map((f) => relativeTo(dir, f));
  // pytest-cov's `--cov-fail-under` in addopts judges the whole suite's coverage, which a few tests never reach.
  const noCov = (await covInAddopts(input, dir)) ? ['--no-cov'] : [];
  const args = ['-m', 'pytest', '-p', 'no:cacheprovider', '-q', ...noCov, `--junitxml=${report}`, ...ids];
  return {
    ok: true,
    plan: {
      runner: 'pytest',
      command: { command: python, args, cwd },
      display: renderCommand(shownPython, args, [report]),
      reportFile: report,
      parse: (outcome, xml) => (xml ? parseJunitXml(xml) : null) ?? parsePytestSummary(outcome),
    },
  };
}

/**
 * Whether the pytest configuration's `addopts` turn on pytest-cov (`--cov…`), one line, an ini continuation or a
 * TOML array. Then pytest-cov is installed and `--no-cov` is understood.
 */
async function covInAddopts(input: PlanInput, dir: string): Promise<boolean> {
  for (const config of ['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini']) {
    const text = await input.files.readText(dir ? `${dir}/${config}` : config);
    if (text.ok && /\baddopts\s*=\s*(?:\[[^\]]*?|[^\n]*(?:\n[ \t]+[^\n]*)*?)--cov\b/.test(text.value)) return true;
  }
  return false;
}

/** pytest is the runner when the project or the test file names it. */
async function mentionsPytest(input: PlanInput, dir: string): Promise<boolean> {
  const { files } = input;
  for (const file of input.testFiles) {
    const text = await files.readText(file);
    if (text.ok && /^\s*(import|from)\s+pytest\b/m.test(text.value)) return true;
  }
  if (await files.exists(dir ? `${dir}/pytest.ini` : 'pytest.ini')) return true;
  if ((await nearestDirWith(files, input.testFiles[0]!, ['conftest.py'])) !== null) return true;
  for (const config of ['pyproject.toml', 'setup.cfg', 'tox.ini', 'requirements.txt', 'requirements-dev.txt']) {
    const text = await files.readText(dir ? `${dir}/${config}` : config);
    if (text.ok && /pytest/.test(text.value)) return true;
  }
  return false;
}

function moduleName(rel: string): string {
  return rel
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}

/** `python -m unittest -v`: "Ran N tests", "OK (skipped=K)" / "FAILED (failures=F)", and FAIL:/ERROR: headers. */
export function parseUnittest(outcome: RunOutcome): RunCount {
  const out = `${outcome.stderr}\n${outcome.stdout}`;
  const ranMatch = [...out.matchAll(/^Ran (\d+) tests? in /gm)].pop();
  const skipped = [...out.matchAll(/\bskipped=(\d+)/g)].pop();
  const failed = [...out.matchAll(/^(?:FAIL|ERROR): (\S+) \(([^)\s]+)\)/gm)].map((m) => `${m[2]}.${m[1]}`);
  if (!ranMatch) return { ran: null, failed };
  return { ran: Number(ranMatch[1]) - Number(skipped?.[1] ?? 0), failed: [...new Set(failed)] };
}

/** Fallback when no JUnit report was written: the `N passed, M failed` summary line. */
export function parsePytestSummary(outcome: RunOutcome): RunCount {
  const out = outcome.stdout;
  const line = [...out.matchAll(/^=*\s*((?:\d+ \w+(?:, )?)+)(?: in [\d.]+s)?.*$/gm)].pop()?.[1] ?? '';
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  const failed = [...out.matchAll(/^FAILED (\S+)/gm)].map((m) => m[1]!);
  if (!line) return { ran: null, failed };
  return { ran: count('passed') + count('failed') + count('xfailed') + count('xpassed'), failed };
}

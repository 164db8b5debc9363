import path from 'node:path';
import { error } from '../../types.js';
import type { Located } from '../collect.js';
import { findExecutable, nearestDirWith, relativeTo, renderCommand, titleRegex } from './locate.js';
import type { PlanInput, PlanResult, RunCount } from './plan.js';
import type { RunOutcome } from './process.js';

type JsRunner = 'vitest' | 'jest' | 'mocha' | 'node';

/**
 * The JS/TS runner: what the test file imports (`vitest`, `@jest/globals`, `node:test`), else what the nearest
 * package.json declares (dev)dependencies on or runs in `scripts.test`; vitest and jest before mocha, node --test
 * last. Binaries come from node_modules/.bin (the package's, then the root's), then PATH.
 */
export async function planJs(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const dir = (await nearestDirWith(files, first, ['package.json'])) ?? '';
  const runner = await detectJsRunner(input, dir);
  if (!runner) {
    return {
      ok: false,
      result: error(
        `runner not found: no JavaScript test runner detected for ${first} (vitest, jest, mocha, node:test)`,
      ),
    };
  }
  const cwd = path.join(root, dir);
  const binDirs = [...new Set([path.join(cwd, 'node_modules/.bin'), path.join(root, 'node_modules/.bin')])];
  const binary = runner === 'node' ? (findExecutable('node') ?? process.execPath) : findExecutable(runner, binDirs);
  if (!binary)
    return { ok: false, result: error(`runner not found: ${runner} is not installed (node_modules/.bin or PATH)`) };
  const shown = binary.startsWith(root) ? path.relative(cwd, binary) : path.basename(binary);
  const rels = testFiles.map((f) => relativeTo(dir, f));
  const pattern = input.selection ? namePattern(input.selection, runner) : null;
  const report = path.join(input.tmpDir, 'report.json');
  let args: string[];
  let parse: (outcome: RunOutcome, report: string | null) => RunCount;
  let reportFile: string | undefined = report;
  // A coverage gate configured for the whole suite fails a run of a few tests however they end: turn it off.
  const noCoverage = (await coverageConfigured(input, dir, runner))
    ? [runner === 'vitest' ? '--coverage.enabled=false' : '--coverage=false']
    : [];
  switch (runner) {
    case 'vitest':
      args = [
        'run',
        ...rels,
        ...(pattern ? ['-t', pattern] : []),
        ...noCoverage,
        '--reporter=json',
        `--outputFile=${report}`,
      ];
      parse = (_outcome, json) => parseJestJson(json) ?? { ran: null, failed: [] };
      break;
    case 'jest':
      args = [
        '--ci',
        '--runTestsByPath',
        ...rels,
        ...(pattern ? ['-t', pattern] : []),
        ...noCoverage,
        '--json',
        `--outputFile=${report}`,
      ];
      parse = (_outcome, json) => parseJestJson(json) ?? { ran: null, failed: [] };
      break;
    case 'mocha':
      args = [
        ...rels,
        ...(pattern ? ['--grep', pattern] : []),
        '--reporter',
        'json',
        '--reporter-option',
        `output=${report}`,
      ];
      parse = (outcome, json) => parseMochaJson(json ?? outcome.stdout) ?? { ran: null, failed: [] };
      break;
    case 'node':
      reportFile = undefined;
      args = ['--test', '--test-reporter=tap', ...(pattern ? [`--test-name-pattern=${pattern}`] : []), ...rels];
      parse = (outcome) => parseTap(outcome.stdout);
      break;
  }
  const plan = {
    runner: runner === 'node' ? 'node --test' : runner,
    command: { command: binary, args, cwd, env: { CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } },
    display: renderCommand(shown, args, [report]),
    parse,
  };
  return { ok: true, plan: reportFile ? { ...plan, reportFile } : plan };
}

const CONFIG_EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];

/**
 * Whether the project's vitest or jest configuration collects coverage (vitest `coverage: {…}`, jest
 * `collectCoverage`/`coverageThreshold`), whose thresholds would judge the suite, not the selected tests.
 */
async function coverageConfigured(input: PlanInput, dir: string, runner: JsRunner): Promise<boolean> {
  const at = (name: string) => (dir ? `${dir}/${name}` : name);
  let names: string[];
  let pattern: RegExp;
  if (runner === 'vitest') {
    names = ['vitest.config', 'vite.config', 'vitest.workspace'].flatMap((b) =>
      CONFIG_EXTENSIONS.map((e) => `${b}.${e}`),
    );
    pattern = /\bcoverage\s*:/;
  } else if (runner === 'jest') {
    names = [...CONFIG_EXTENSIONS, 'json'].map((e) => `jest.config.${e}`).concat('package.json');
    pattern = /\b(?:collectCoverage|coverageThreshold)\b/;
  } else {
    return false;
  }
  for (const name of names) {
    const text = await input.files.readText(at(name));
    if (text.ok && pattern.test(text.value)) return true;
  }
  return false;
}

async function detectJsRunner(input: PlanInput, dir: string): Promise<JsRunner | null> {
  const { files } = input;
  for (const file of input.testFiles) {
    const text = await files.readText(file);
    if (!text.ok) continue;
    if (/from\s+['"]vitest['"]|require\(\s*['"]vitest['"]\s*\)/.test(text.value)) return 'vitest';
    if (/['"]@jest\/globals['"]/.test(text.value)) return 'jest';
    if (/(?:from\s+|require\(\s*)['"](?:node:)?test['"]/.test(text.value)) return 'node';
  }
  const manifest = await files.readText(dir ? `${dir}/package.json` : 'package.json');
  if (manifest.ok) {
    let pkg: Record<string, unknown> = {};
    try {
      // npm skips a UTF-8 byte order mark, which editors on Windows write; JSON.parse does not.
      pkg = JSON.parse(manifest.value.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    } catch {
      // an unparsable package.json declares nothing
    }
    const deps = new Set<string>();
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const table = pkg[key];
      if (table && typeof table === 'object') for (const name of Object.keys(table)) deps.add(name);
    }
    const scripts = pkg.scripts && typeof pkg.scripts === 'object' ? (pkg.scripts as Record<string, unknown>) : {};
    const testScript = typeof scripts.test === 'string' ? scripts.test : '';
    if (deps.has('vitest') || /\bvitest\b/.test(testScript)) return 'vitest';
    if (deps.has('jest') || deps.has('ts-jest') || /\bjest\b/.test(testScript)) return 'jest';
    if (deps.has('mocha') || /\bmocha\b/.test(testScript)) return 'mocha';
    if (/node\s+(--\S+\s+)*--test\b/.test(testScript)) return 'node';
  }
  return null;
}

/**
 * The name pattern for the runner: vitest, jest and mocha match the full name (titles joined by spaces); node --test
 * (Node 20) matches each test's own name, newer Node also the full name, so both are offered.
 */
export function namePattern(selection: Located[], runner: JsRunner): string {
  const alternatives = new Set<string>();
  for (const { test } of selection) {
    alternatives.add(test.path.map(titleRegex).join(' '));
    if (runner === 'node') alternatives.add(titleRegex(test.name));
  }
  return `^(?:${[...alternatives].sort().join('|')})$`;
}

/** Vitest's and Jest's JSON report: passed + failed assertions ran; failed ones named by full name. */
export function parseJestJson(json: string | null): RunCount | null {
  if (!json) return null;
  try {
    const report = JSON.parse(json) as {
      numPassedTests?: number;
      numFailedTests?: number;
      testResults?: { assertionResults?: { status?: string; fullName?: string; title?: string }[] }[];
    };
    if (typeof report.numPassedTests !== 'number') return null;
    const failed = (report.testResults ?? [])
      .flatMap((r) => r.assertionResults ?? [])
      .filter((a) => a.status === 'failed')
      .map((a) => a.fullName ?? a.title ?? '?');
    return { ran: report.numPassedTests + (report.numFailedTests ?? 0), failed };
  } catch {
    return null;
  }
}

/** Mocha's JSON reporter: stats.passes + stats.failures. */
export function parseMochaJson(json: string): RunCount | null {
  const start = json.indexOf('{');
  if (start === -1) return null;
  try {
    const report = JSON.parse(json.slice(start)) as {
      stats?: { passes?: number; failures?: number };
      failures?: { fullTitle?: string }[];
    };
    if (!report.stats) return null;
    return {
      ran: (report.stats.passes ?? 0) + (report.stats.failures ?? 0),
      failed: (report.failures ?? []).map((f) => f.fullTitle ?? '?'),
    };
  } catch {
    return null;
  }
}

/** node --test TAP: the `# pass` and `# fail` totals; failing tests from `not ok` lines (suites excluded). */
export function parseTap(tap: string): RunCount {
  const total = (key: string): number | null => {
    const m = [...tap.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))].pop();
    return m ? Number(m[1]) : null;
  };
  const pass = total('pass');
  const failCount = total('fail');
  const lines = tap.split('\n');
  const failed: string[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*not ok \d+ - (.*?)(?: # (?:SKIP|TODO).*)?$/.exec(line);
    if (!m) return;
    const isSuite = lines.slice(i + 1, i + 8).some((l) => /^\s*type: 'suite'/.test(l));
    if (!isSuite) failed.push(m[1]!);
  });
  if (pass === null && failCount === null) return { ran: null, failed };
  return { ran: (pass ?? 0) + (failCount ?? 0), failed };
}

import path from 'node:path';
import type { ProjectFiles } from '../../project-files.js';
import { error } from '../../types.js';
import type { Located } from '../collect.js';
import { findExecutable, nearestDirWith, renderCommand } from './locate.js';
import type { PlanInput, PlanResult, RunCount } from './plan.js';
import type { RunOutcome } from './process.js';

/**
 * Maven (`mvn -B test -Dtest=Class#a+b`, counted from surefire's `Tests run:` summary) or Gradle
 * (`gradle test --tests pkg.Class.method`; Gradle itself fails when no test matches a --tests filter). The wrapper
 * (`mvnw`, `gradlew`) is preferred when the project ships one.
 */
export async function planJava(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const dir = await nearestDirWith(files, first, ['pom.xml', 'build.gradle', 'build.gradle.kts']);
  if (dir === null)
    return { ok: false, result: error(`runner not found: no pom.xml or build.gradle at or above ${first}`) };
  const cwd = path.join(root, dir);
  const tests = input.selection ?? input.all;
  if (await files.exists(dir ? `${dir}/pom.xml` : 'pom.xml')) {
    const mvn = findExecutable('mvnw', [cwd, root], true) ?? findExecutable('mvn');
    if (!mvn) return { ok: false, result: error('runner not found: mvn is not on PATH') };
    const args = [
      '-B',
      'test',
      `-Dtest=${surefireSelector(tests, input.selection !== null)}`,
      '-DfailIfNoTests=false',
      '-Dsurefire.failIfNoSpecifiedTests=false',
    ];
    return {
      ok: true,
      plan: {
        runner: 'maven',
        command: { command: mvn, args, cwd },
        display: renderCommand(path.basename(mvn), args),
        parse: (outcome) => parseSurefire(outcome.stdout),
      },
    };
  }
  const gradle = findExecutable('gradlew', [cwd, root], true) ?? findExecutable('gradle');
  if (!gradle) return { ok: false, result: error('runner not found: gradle is not on PATH') };
  const filters = [...new Set(tests.map((l) => gradleFilter(l, input.selection !== null)))].sort();
  const args = ['test', '--console=plain', ...filters.flatMap((f) => ['--tests', f])];
  return {
    ok: true,
    plan: {
      runner: 'gradle',
      command: { command: gradle, args, cwd },
      display: renderCommand(path.basename(gradle), args),
      parse: (outcome) => parseGradle(outcome),
    },
  };
}

/** `Outer$Inner` for nested classes (the binary name surefire and JUnit report). */
function className(l: Located): string {
  return l.test.path.slice(0, -1).join('$');
}

export function surefireSelector(tests: Located[], byMethod: boolean): string {
  const methods = new Map<string, Set<string>>();
  for (const l of tests) {
    const cls = className(l);
    if (!methods.has(cls)) methods.set(cls, new Set());
    methods.get(cls)!.add(l.test.name);
  }
  return [...methods.keys()]
    .sort()
    .map((cls) => (byMethod ? `${cls}#${[...methods.get(cls)!].sort().join('+')}` : cls))
    .join(',');
}

function gradleFilter(l: Located, byMethod: boolean): string {
  const cls = [l.test.scope, className(l)].filter(Boolean).join('.');
  return byMethod ? `${cls}.${l.test.name}` : cls;
}

/** Maven surefire: the `Tests run: N, Failures: F, Errors: E, Skipped: S` summary of each module's Results. */
export function parseSurefire(stdout: string): RunCount {
  let ran: number | null = null;
  for (const m of stdout.matchAll(
    /^(?:\[\w+\]\s+)?Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$/gm,
  )) {
    ran = (ran ?? 0) + Number(m[1]) - Number(m[4]);
  }
  const failed = [...stdout.matchAll(/^\[ERROR\]\s+(?:Run \d+: )?([\w$.]+[.#][\w$]+)(?::\d+)?\s/gm)]
    .map((m) => m[1]!)
    .filter((n) => !/^(Tests|Failures|Errors)$/.test(n));
  return { ran, failed: [...new Set(failed)] };
}

/** Gradle prints no count by default, but with --tests it fails the build when no test matched. */
export function parseGradle(outcome: RunOutcome): RunCount {
  const failed = [...outcome.stdout.matchAll(/^(\S+) > (\S+)(?:\(.*\))? FAILED$/gm)].map((m) => `${m[1]}.${m[2]}`);
  if (/No tests found for given includes/.test(outcome.stdout + outcome.stderr)) return { ran: 0, failed };
  return { ran: null, failed, note: 'gradle fails when no test matches --tests' };
}

/**
 * `dotnet test <project.csproj> --filter "FullyQualifiedName~Class.Method|…"`, counted from a TRX report. The
 * project is the nearest .csproj at or above the test file.
 */
export async function planDotnet(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const project = await nearestCsproj(files, first);
  if (!project) return { ok: false, result: error(`runner not found: no .csproj at or above ${first}`) };
  const dotnet = findExecutable('dotnet');
  if (!dotnet) return { ok: false, result: error('runner not found: dotnet is not on PATH') };
  const tests = input.selection ?? input.all;
  const selectors = [...new Set(tests.map((l) => dotnetSelector(l, input.selection !== null)))].sort();
  const resultsDir = input.tmpDir;
  const args = [
    'test',
    project,
    '--nologo',
    '--filter',
    selectors.join('|'),
    '--logger',
    'trx;LogFileName=assay.trx',
    '--results-directory',
    resultsDir,
  ];
  return {
    ok: true,
    plan: {
      runner: 'dotnet test',
      command: { command: dotnet, args, cwd: root, env: { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } },
      display: renderCommand('dotnet', args, [resultsDir]),
      reportFile: path.join(resultsDir, 'assay.trx'),
      parse: (_outcome, trx) => (trx ? parseTrx(trx) : { ran: null, failed: [] }),
    },
  };
}

async function nearestCsproj(files: ProjectFiles, file: string): Promise<string | null> {
  const all = (await files.listFiles()).filter((f) => f.endsWith('.csproj'));
  let best: string | null = null;
  for (const proj of all) {
    const dir = path.posix.dirname(proj);
    const inside = dir === '.' || file.startsWith(`${dir}/`);
    if (inside && (best === null || dir.length > path.posix.dirname(best).length)) best = proj;
  }
  return best;
}

const FILTER_SPECIAL = /[\\()&|=!~,]/g;

export function dotnetSelector(l: Located, byMethod: boolean): string {
  const qualified = [l.test.scope, ...l.test.path.slice(0, byMethod ? undefined : -1)].filter(Boolean).join('.');
  return `FullyQualifiedName~${qualified.replace(FILTER_SPECIAL, '\\$&')}`;
}

/** TRX: the `<Counters passed= failed=>` element; failing results named by testName. */
export function parseTrx(trx: string): RunCount {
  const counters = /<Counters\b[^>]*>/.exec(trx)?.[0];
  const attr = (name: string): number => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(counters ?? '')?.[1] ?? 0);
  const failed = [...trx.matchAll(/<UnitTestResult\b[^>]*\btestName="([^"]*)"[^>]*\boutcome="Failed"/g)].map(
    (m) => m[1]!,
  );
  if (!counters) return { ran: null, failed };
  return { ran: attr('passed') + attr('failed') + attr('error') + attr('timeout'), failed };
}

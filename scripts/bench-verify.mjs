// `npm run bench:verify`: the tier-1 engine on a synthetic ~1M-line, nine-language checkout with 10,000 assertions
// of all 21 types, against a floor measured in the same run: reading every referenced file once and running one
// precompiled regex per assertion. Prints one JSON object. Targets: ratio ≤ 3, at most one parse per file (per
// parser), peak RSS ≤ 1 GiB.
// Options: --seed N (default 42), --modules N (per service and language, default 17), --keep (leave the temp dir).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { floorRegex, generateAssertions } from './bench/generate-assertions.mjs';
import { generateRepo } from './bench/generate-repo.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const seed = option('seed', 42);
const modulesPerLanguage = option('modules', 17);
const keep = args.includes('--keep');
const here = path.dirname(fileURLToPath(import.meta.url));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-'));
const root = path.join(work, 'repo');
try {
  const t = performance.now();
  const inventory = generateRepo(root, { seed, modulesPerLanguage });
  const assertions = generateAssertions(inventory, { seed: seed + 1 });
  const assertionsFile = path.join(work, 'assertions.json');
  fs.writeFileSync(assertionsFile, JSON.stringify(assertions));
  const generateSeconds = (performance.now() - t) / 1000;

  const child = spawnSync(process.execPath, [path.join(here, 'bench/run-engine.mjs'), root, assertionsFile], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`engine run failed (${child.status}): ${child.stderr}`);
  const engine = JSON.parse(child.stdout);

  const floor = measureFloor(root, assertions);
  const MiB = 1024 * 1024;
  const result = {
    repository: { files: inventory.files, lines: inventory.lines, languages: 9, seed },
    assertions: {
      total: assertions.length,
      types: new Set(assertions.map((a) => a.type)).size,
      test_passes: 'skipped (--no-exec)',
    },
    generate_seconds: round(generateSeconds),
    total_seconds: round(engine.seconds),
    engine_cpu_seconds: round(engine.cpuSeconds),
    assertions_per_second: Math.round(assertions.length / engine.seconds),
    files_read: engine.stats.filesRead,
    distinct_files_read: engine.stats.distinctFilesRead,
    max_reads_per_file: engine.stats.maxReadsPerFile,
    files_parsed: engine.stats.filesParsed,
    max_parses_per_file: engine.stats.maxParsesPerFile,
    units: engine.stats.units,
    workers: engine.stats.workersStarted,
    peak_rss_mib: Math.round(engine.maxRssBytes / MiB),
    floor_seconds: round(floor.seconds),
    floor_cpu_seconds: round(floor.cpuSeconds),
    floor_files_read: floor.files,
    ratio: round(engine.seconds / floor.seconds),
    // Engine CPU (all its threads) over floor CPU: steadier than `ratio` on a shared machine, where the engine's
    // two workers and the single-threaded floor get unequal shares of the cores.
    cpu_ratio: round(engine.cpuSeconds / floor.cpuSeconds),
    targets: {
      ratio_at_most_3: engine.seconds / floor.seconds <= 3,
      one_parse_per_file: engine.stats.maxParsesPerFile <= 1,
      peak_rss_at_most_1_gib: engine.maxRssBytes <= 1024 * MiB,
    },
    results_by_type: engine.byType,
    top_errors: engine.topErrors,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (keep) process.stderr.write(`kept ${work}\n`);
  else fs.rmSync(work, { recursive: true, force: true });
}

/**
 * The floor: the referenced files (globs expanded, pinned_in included) and one regex per assertion are prepared
 * untimed; the timed part reads each referenced file once and runs each assertion's regex over its files.
 */
function measureFloor(projectRoot, list) {
  const all = fs
    .readdirSync(projectRoot, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) =>
      path
        .relative(projectRoot, path.join(d.parentPath ?? d.path, d.name))
        .split(path.sep)
        .join('/'),
    );
  const plans = list.map((a) => {
    const target = a.params.file ?? a.params.manifest;
    const files = /[*?[{]/.test(target) ? all.filter(picomatch(target)) : all.includes(target) ? [target] : [];
    if (a.params.pinned_in) files.push(a.params.pinned_in);
    return { files, regex: floorRegex(a) };
  });
  const referenced = [...new Set(plans.flatMap((p) => p.files))];
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const texts = new Map();
  for (const file of referenced) texts.set(file, fs.readFileSync(path.join(projectRoot, file), 'utf8'));
  let hits = 0;
  for (const plan of plans) for (const file of plan.files) if (plan.regex.test(texts.get(file))) hits++;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    files: referenced.length,
    hits,
  };
}

function round(n) {
  return Math.round(n * 1000) / 1000;
}

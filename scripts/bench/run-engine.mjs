// Runs the built engine exactly as `assay check --no-exec` does (same loader, same engine entry point, default
// concurrency and limits) in a process of its own, so its peak RSS (worker threads included) is measured alone.
// Usage: node scripts/bench/run-engine.mjs <project-root> <assertions.json>
import { loadAssertions } from '../../dist/cli/check.js';
import { runAssertions } from '../../dist/verifier/engine.js';

const [root, file] = process.argv.slice(2);
const started = performance.now();
const cpuStarted = process.cpuUsage();
const assertions = await loadAssertions(file);
const run = await runAssertions(assertions, { projectRoot: root, allowExec: false });
const seconds = (performance.now() - started) / 1000;
// User + system CPU of the whole process (worker threads included): on a shared machine wall time is noisy.
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const byType = {};
const reasons = {};
for (const r of run.results) {
  byType[r.type] ??= { pass: 0, fail: 0, error: 0, skipped: 0 };
  byType[r.type][r.result]++;
  if (r.result === 'error') {
    const reason = r.details.replace(/\S*\d\S*/g, '…').slice(0, 90);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
}
process.stdout.write(
  JSON.stringify({
    seconds,
    cpuSeconds,
    stats: run.stats,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    byType,
    topErrors: Object.entries(reasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8),
  }),
);

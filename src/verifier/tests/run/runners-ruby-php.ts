import path from 'node:path';
import { error } from '../../types.js';
import type { Located } from '../collect.js';
import { parseJunitXml } from './junit.js';
import { escapeRegex, findExecutable, nearestDirWith, relativeTo, renderCommand } from './locate.js';
import type { PlanInput, PlanResult, RunCount } from './plan.js';

/**
 * RSpec (`bundle exec rspec file:LINE… --format json`) for `_spec.rb` files; Minitest otherwise: `bin/rails test
 * file:LINE…` in a Rails app, else `ruby -Itest file -n /^(?:test_a|test_b)$/`.
 */
export async function planRuby(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const dir = (await nearestDirWith(files, first, ['Gemfile', '.rspec'])) ?? '';
  const cwd = path.join(root, dir);
  const tests = input.selection ?? input.all;
  const rspec = testFiles.every((f) => f.endsWith('_spec.rb'));
  const located = (l: Located): string => `${relativeTo(dir, l.index.file)}:${l.test.line}`;
  const targets = input.selection ? [...new Set(tests.map(located))] : testFiles.map((f) => relativeTo(dir, f));
  const hasGemfile = await files.exists(dir ? `${dir}/Gemfile` : 'Gemfile');
  const bundle = hasGemfile ? findExecutable('bundle') : null;

  if (rspec) {
    const report = path.join(input.tmpDir, 'rspec.json');
    const binstub = findExecutable('rspec', [path.join(cwd, 'bin')], true);
    const [command, prefix] = binstub
      ? [binstub, []]
      : bundle
        ? [bundle, ['exec', 'rspec']]
        : [findExecutable('rspec'), []];
    if (!command) return { ok: false, result: error('runner not found: rspec (bin/rspec, bundle or PATH)') };
    const args = [...prefix, ...targets, '--format', 'json', '--out', report, '--format', 'progress'];
    return {
      ok: true,
      plan: {
        runner: 'rspec',
        command: { command, args, cwd },
        display: renderCommand(binstub ? 'bin/rspec' : path.basename(command), args, [report]),
        reportFile: report,
        parse: (_outcome, json) => parseRspecJson(json),
      },
    };
  }
  const rails = findExecutable('rails', [path.join(cwd, 'bin')], true);
  if (rails) {
    const args = ['test', ...targets];
    return {
      ok: true,
      plan: {
        runner: 'rails test',
        command: { command: rails, args, cwd },
        display: renderCommand('bin/rails', args),
        parse: (o) => parseMinitest(o.stdout),
      },
    };
  }
  const ruby = findExecutable('ruby');
  if (!ruby) return { ok: false, result: error('runner not found: ruby is not on PATH') };
  const names = [
    ...new Set(
      tests.map((l) => (l.test.framework === 'rails' ? `test_${l.test.name.replace(/\s+/g, '_')}` : l.test.name)),
    ),
  ].sort();
  const filter = input.selection ? ['-n', `/^(?:${names.map(escapeRegex).join('|')})$/`] : [];
  const rubyArgs = ['-Itest', ...testFiles.map((f) => relativeTo(dir, f)), ...filter];
  const [command, args] = bundle ? [bundle, ['exec', 'ruby', ...rubyArgs]] : [ruby, rubyArgs];
  return {
    ok: true,
    plan: {
      runner: 'minitest',
      command: { command, args, cwd },
      display: renderCommand(path.basename(command), args),
      parse: (o) => parseMinitest(o.stdout),
    },
  };
}

export function parseRspecJson(json: string | null): RunCount {
  if (!json) return { ran: null, failed: [] };
  try {
    const report = JSON.parse(json) as { examples?: { status?: string; full_description?: string }[] };
    const examples = report.examples ?? [];
    const ran = examples.filter((e) => e.status === 'passed' || e.status === 'failed');
    return { ran: ran.length, failed: ran.filter((e) => e.status === 'failed').map((e) => e.full_description ?? '?') };
  } catch {
    return { ran: null, failed: [] };
  }
}

/** Minitest: `N runs, M assertions, F failures, E errors, S skips`; failures as `Class#test_name`. */
export function parseMinitest(stdout: string): RunCount {
  const summary = [
    ...stdout.matchAll(/^(\d+) (?:runs|tests), \d+ assertions, (\d+) failures, (\d+) errors, (\d+) skips/gm),
  ].pop();
  const failed = [...stdout.matchAll(/^\s*\d+\) (?:Failure|Error):\n\s*(\S+#\S+?)(?: \[.*\])?:?$/gm)].map((m) => m[1]!);
  if (!summary) return { ran: null, failed };
  return { ran: Number(summary[1]) - Number(summary[4]), failed };
}

/**
 * PHPUnit (`vendor/bin/phpunit FILE --filter '/::(?:a|b)(?: |$)/' --log-junit`) or Pest (`vendor/bin/pest`) for
 * Pest tests, counted from the JUnit report.
 */
export async function planPhp(input: PlanInput): Promise<PlanResult> {
  const { files, root, testFiles } = input;
  const first = testFiles[0]!;
  const dir = (await nearestDirWith(files, first, ['composer.json', 'phpunit.xml', 'phpunit.xml.dist'])) ?? '';
  const cwd = path.join(root, dir);
  const tests = input.selection ?? input.all;
  const pest = tests.some((l) => l.test.framework === 'pest');
  const tool = pest ? 'pest' : 'phpunit';
  const binary = findExecutable(tool, [path.join(cwd, 'vendor/bin'), path.join(root, 'vendor/bin')]);
  if (!binary) return { ok: false, result: error(`runner not found: ${tool} (vendor/bin or PATH)`) };
  const report = path.join(input.tmpDir, 'junit.xml');
  const names = [...new Set(tests.map((l) => escapeRegex(pest ? l.test.name : l.test.name)))].sort();
  const filter = pest ? `(?:${names.join('|')})` : `/::(?:${names.join('|')})(?: |$)/`;
  const args = [
    ...testFiles.map((f) => relativeTo(dir, f)),
    ...(input.selection ? ['--filter', filter] : []),
    '--log-junit',
    report,
  ];
  return {
    ok: true,
    plan: {
      runner: tool,
      command: { command: binary, args, cwd },
      display: renderCommand(binary.startsWith(root) ? path.relative(cwd, binary) : tool, args, [report]),
      reportFile: report,
      parse: (_outcome, xml) => (xml ? parseJunitXml(xml) : null) ?? { ran: null, failed: [] },
    },
  };
}

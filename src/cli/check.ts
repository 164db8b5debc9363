import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { runAssertions } from '../verifier/engine.js';
import { UsageError } from './errors.js';
import { formatCheckJson } from './output/json.js';
import { startProgress } from './output/progress.js';
import { type CheckReport, exitCodeOf, type LocalAssertion, summarize } from './output/report.js';
import { formatCheckSarif } from './output/sarif.js';
import { formatCheckText } from './output/text.js';
import { projectRootOption } from './project-root.js';

interface CheckOptions {
  projectRoot?: string;
  output: 'text' | 'json' | 'sarif';
  exec: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Run the tier-1 checks of an assertions file against a local checkout (offline)')
    .argument('<assertions.json>', 'a JSON array of {id?, type, params, description?}')
    .option('--project-root <dir>', 'the checkout to verify (default: the current directory)')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--no-exec', 'never run project code: test_passes answers skipped')
    .action(async (file: string, options: CheckOptions) => {
      const projectRoot = projectRootOption(options.projectRoot);
      const assertions = await loadAssertions(file);
      const progress = startProgress();
      const startedAt = new Date();
      let run: Awaited<ReturnType<typeof runAssertions>>;
      try {
        run = await runAssertions(assertions, {
          projectRoot,
          allowExec: options.exec,
          onProgress: (done, total) => progress.update(done, total),
        });
      } finally {
        progress.finish();
      }
      const exitCode = exitCodeOf(run.results);
      const report: CheckReport = {
        assertions,
        results: run.results,
        summary: summarize(run.results),
        projectRoot,
        assertionsFile: file,
        startedAt,
        endedAt: new Date(),
        exitCode,
      };
      const format = { text: formatCheckText, json: formatCheckJson, sarif: formatCheckSarif }[options.output];
      process.stdout.write(format(report));
      process.exitCode = exitCode;
    });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads and checks the shape of an assertions file. Anything wrong with the file itself is a usage error (exit 2)
 * with one line naming the problem; whether each assertion's type and params are valid is the engine's business
 * (unknown type → skipped, bad params → error), so one bad assertion does not hide the others' results.
 */
export async function loadAssertions(file: string): Promise<LocalAssertion[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'I/O error');
    throw new UsageError(`cannot read assertions file ${file}: ${reason}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`assertions file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new UsageError(`assertions file ${file} must contain a JSON array of assertions`);
  const seen = new Set<string>();
  return data.map((entry, i): LocalAssertion => {
    const where = `assertions file ${file}, entry ${i + 1}`;
    if (!isObject(entry)) throw new UsageError(`${where}: expected an object {id?, type, params, description?}`);
    if (typeof entry.type !== 'string' || entry.type === '') throw new UsageError(`${where}: "type" must be a string`);
    if (!isObject(entry.params)) throw new UsageError(`${where}: "params" must be an object`);
    if (entry.id !== undefined && (typeof entry.id !== 'string' || entry.id === '')) {
      throw new UsageError(`${where}: "id" must be a non-empty string`);
    }
    if (entry.description !== undefined && typeof entry.description !== 'string') {
      throw new UsageError(`${where}: "description" must be a string`);
    }
    const id = entry.id ?? `local_${String(i + 1).padStart(3, '0')}`;
    if (seen.has(id)) throw new UsageError(`${where}: id ${id} is used twice`);
    seen.add(id);
    return {
      id,
      type: entry.type,
      params: entry.params,
      ...(entry.description !== undefined ? { description: entry.description } : {}),
    };
  });
}

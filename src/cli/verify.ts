import { type Command, Option } from 'commander';
import { assertionTypes, isAssertionType, paramSchemas } from '../assertions/catalogue.js';
import { runAssertions } from '../verifier/engine.js';
import { UsageError } from './errors.js';
import { formatVerifyJson } from './output/json.js';
import { exitCodeOf } from './output/report.js';
import { formatVerifyText } from './output/text.js';
import { projectRootOption } from './project-root.js';

interface VerifyOptions {
  param: string[];
  projectRoot?: string;
  output: 'text' | 'json';
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Run one tier-1 check against a local checkout (offline)')
    .argument('<type>', `assertion type: ${assertionTypes.join(', ')}`)
    .option(
      '-p, --param <key=value>',
      'a param of the check (repeatable); a value that parses as a JSON array, number or boolean is taken as JSON',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--project-root <dir>', 'the checkout to verify (default: the current directory)')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (type: string, options: VerifyOptions) => {
      if (!isAssertionType(type)) {
        throw new UsageError(`unknown assertion type "${type}" (known: ${assertionTypes.join(', ')})`);
      }
      const projectRoot = projectRootOption(options.projectRoot);
      const params = parseParams(type, options.param);
      const run = await runAssertions([{ id: 'verify', type, params }], { projectRoot, mode: 'single' });
      const result = run.results[0];
      if (!result) throw new Error('the engine returned no result');
      process.stdout.write(
        options.output === 'json' ? formatVerifyJson(result, params) : formatVerifyText(result, params),
      );
      process.exitCode = exitCodeOf([result]);
    });
}

/**
 * `-p key=value` pairs. The spec's rule: a value that parses as a JSON array, number or boolean is taken as JSON,
 * anything else as a string. One refinement: when the catalogue says a param is a string and refuses the JSON value
 * (`-p name=123`, a hash made of digits), the text is kept as the string the user typed.
 */
export function parseParams(type: string, pairs: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const shape = isAssertionType(type) ? (paramSchemas[type].shape as Record<string, ParamSchema>) : {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`param "${pair}" must be key=value`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    if (Object.hasOwn(params, key)) throw new UsageError(`param ${key} is given twice`);
    params[key] = coerce(raw, shape[key]);
  }
  return params;
}

interface ParamSchema {
  safeParse(value: unknown): { success: boolean };
}

function coerce(raw: string, schema: ParamSchema | undefined): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (!Array.isArray(parsed) && typeof parsed !== 'number' && typeof parsed !== 'boolean') return raw;
  if (schema && !schema.safeParse(parsed).success && schema.safeParse(raw).success) return raw;
  return parsed;
}

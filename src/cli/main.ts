import { Command, CommanderError } from 'commander';
import { registerAdmin } from './admin.js';
import { registerAudit } from './audit.js';
import { registerCheck } from './check.js';
import { EXIT, FailureError, UsageError } from './errors.js';
import { registerList, registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerServe } from './serve.js';
import { registerVerify } from './verify.js';

export { EXIT, FailureError, UsageError };

export function buildProgram(): Command {
  const program = new Command('assay')
    .description('Assay: machine-verified proof that security controls are implemented.')
    .showHelpAfterError('(run "assay --help" for usage)')
    .exitOverride();
  registerServe(program);
  registerVerify(program);
  registerCheck(program);
  registerRun(program);
  registerReport(program);
  registerList(program);
  registerAudit(program);
  registerAdmin(program);
  return program;
}

/** Runs the CLI and returns its exit code (bin/assay.js sets process.exitCode from it). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`assay: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof FailureError) {
      process.stderr.write(`assay: ${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  }
}

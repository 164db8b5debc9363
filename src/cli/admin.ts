import type { Command } from 'commander';
import { UsageError } from './errors.js';

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description('Instance administration (operates on the configured data directory and database)');
  admin
    .command('rotate-instance-key')
    .description(
      'Generate a new instance notarization key and retire the old one (old public keys stay published in /.well-known/jwks.json)',
    )
    .action(async () => {
      const { ConfigError, loadConfig } = await import('../config.js');
      const { openConfiguredDatabase } = await import('../server.js');
      const { rotateInstanceKey } = await import('../audit/instance-key.js');
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig(process.env);
      } catch (e) {
        if (e instanceof ConfigError) throw new UsageError(e.message);
        throw e;
      }
      const database = await openConfiguredDatabase(config);
      try {
        const { previous, current } = await rotateInstanceKey(config, database.db);
        process.stdout.write(
          `Instance key rotated: ${previous ? `retired ${previous}, ` : ''}current ${current} (${config.instanceKey.file}).\n`,
        );
      } catch (e) {
        if (e instanceof ConfigError) throw new UsageError(e.message);
        throw e;
      } finally {
        await database.close();
      }
    });
  admin
    .command('backup')
    .description('Write a signed, consistent dump of every table (signed with the instance key)')
    .requiredOption('--out <file>', 'the backup file to write (mode 0600)')
    .action(async (opts: { out: string }) => {
      const { runBackup } = await import('../audit/backup-cli.js');
      await runBackup(opts.out);
    });
  admin
    .command('restore')
    .description(
      'Verify a backup (signature and every table hash) and restore it into an empty database; trusted keys are the configured instance key and any --trusted-key',
    )
    .argument('<file>', 'the backup file')
    .option(
      '--trusted-key <pem>',
      'a PEM public (or private) key file whose signature is also accepted (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .action(async (file: string, opts: { trustedKey: string[] }) => {
      const { runRestore } = await import('../audit/backup-cli.js');
      await runRestore(file, opts.trustedKey);
    });
}

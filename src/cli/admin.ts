import type { Command } from 'commander';
import { UsageError } from './main.js';

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
}

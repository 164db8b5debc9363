import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the Assay server and web UI (config from the environment: PORT, HOST, DATABASE_URL, …)')
    .action(async () => {
      const { startServer } = await import('../server.js');
      await startServer();
      // keep running until a signal closes the server
      await new Promise<never>(() => {});
    });
}

import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { instanceSigner } from './audit/instance-key.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { type Database, migrateDatabase, openDatabase } from './db/client.js';
import { users } from './db/schema/index.js';
import { createEvaluator, createJobRunner } from './llm/index.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Opens the database named by the config and applies the migrations. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/pglite` },
  );
  await migrateDatabase(database);
  return database;
}

/** The only place that listens: timeouts, a first-run hint, graceful shutdown on SIGINT/SIGTERM. */
export interface StartOptions {
  /** Close on SIGINT/SIGTERM (the CLI); tests that start a server in-process turn it off. */
  handleSignals?: boolean;
  /** Skip the start-up lines on stdout. */
  quiet?: boolean;
}

export async function startServer(
  env: NodeJS.ProcessEnv = process.env,
  options: StartOptions = {},
): Promise<RunningServer> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`assay: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const database = await openConfiguredDatabase(config);
  try {
    // the notarization key: generated into the data directory on first start, recorded in instance_keys
    await instanceSigner(config, database.db);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`assay: ${e.message}\n`);
      await database.close();
      process.exit(2);
    }
    throw e;
  }
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    evaluator: createEvaluator(config, {
      db: database.db,
      onUsageError: (err) => app.log.warn({ err }, 'counting LLM usage failed'),
    }),
    now: () => new Date(),
  };
  const app = await buildApp(ctx, {
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
          },
  });
  app.server.requestTimeout = 60_000;
  app.server.headersTimeout = 20_000;
  app.server.keepAliveTimeout = 5_000;
  // retries of failed LLM evaluations; stopped (and its job in hand finished) before the database closes
  const jobRunner = createJobRunner(ctx, { log: app.log });
  app.addHook('onClose', async () => {
    await jobRunner.stop();
    await database.close();
  });

  const address = await app.listen({ port: config.port, host: config.host });
  jobRunner.start();
  const url = address.replace('[::1]', 'localhost');
  const [anyUser] = await database.db.select({ id: users.id }).from(users).limit(1);
  const store = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/pglite`;
  if (!options.quiet) process.stdout.write(`Assay listening on ${url} (database: ${store})\n`);
  if (!anyUser && !options.quiet)
    process.stdout.write(
      `First run: open ${url} to create the first account, or POST ${url}/api/auth/setup {email, password, name}.\n`,
    );

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await app.close();
  };
  for (const signal of options.handleSignals === false ? [] : (['SIGINT', 'SIGTERM'] as const)) {
    process.once(signal, () => {
      const timer = setTimeout(() => process.exit(1), 10_000);
      timer.unref();
      void close().then(() => process.exit(0));
    });
  }
  return { app, url, close };
}

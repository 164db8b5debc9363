#!/usr/bin/env node
// `npm run demo`: an Assay server on the embedded database in its own data directory (data/demo, recreated on every
// run), seeded over its REST API with the threat model of examples/demo-app; prints how to log in and the exact
// `assay run` command that verifies the demo app, then serves until Ctrl-C.
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recreateDemoDataDir } from '../dist/demo/data-dir.js';
import { DEMO_APP_DIR, DEMO_ASSERTIONS_FILE, DEMO_CONTROLS, DEMO_MODEL } from '../dist/demo/model.js';
import { seedDemo } from '../dist/demo/seed.js';
import { startServer } from '../dist/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (line = '') => process.stdout.write(`${line}\n`);
const fail = (message) => {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
};

const port = process.env.PORT ?? '3000';
if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) fail(`PORT must be a port number (0-65535), got "${port}"`);
const portProblem = (code) =>
  code === 'EADDRINUSE'
    ? `port ${port} is already in use: set PORT to a free one, e.g. PORT=3100 npm run demo`
    : `cannot listen on port ${port} (${code}): set PORT, e.g. PORT=3100 npm run demo`;

// before anything is deleted or started: a busy port is the most common problem, say so at once
if (port !== '0') {
  const probe = net.createServer();
  const code = await new Promise((resolve) => {
    probe.once('error', (e) => resolve(e.code ?? 'error'));
    probe.listen(Number(port), '127.0.0.1', () => probe.close(() => resolve(null)));
  });
  if (code) fail(portProblem(code));
}

let dataDir;
try {
  dataDir = recreateDemoDataDir(process.env.ASSAY_DEMO_DATA_DIR ?? path.join(root, 'data', 'demo'), root);
} catch (e) {
  fail(e.message);
}

// the demo's own instance: embedded database in its data dir, the deterministic `rules` evaluator, never the
// PostgreSQL or instance key of a real deployment that the environment may name
const env = { ...process.env, PORT: port, HOST: '127.0.0.1', ASSAY_DATA_DIR: dataDir, ASSAY_LLM_PROVIDER: 'rules' };
for (const name of ['DATABASE_URL', 'ASSAY_INSTANCE_KEY_FILE', 'ASSAY_SESSION_SECRET']) delete env[name];
env.ASSAY_LOG_LEVEL ??= 'warn';

let server;
try {
  server = await startServer(env, { handleSignals: false, quiet: true });
} catch (e) {
  if (e?.code === 'EADDRINUSE' || e?.code === 'EACCES') fail(portProblem(e.code));
  throw e;
}

let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  await server.close();
  out('demo: server stopped');
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop(0));

const rel = (p) => {
  const r = path.relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') || path.isAbsolute(r) ? p : r;
};
const appDir = rel(path.join(root, DEMO_APP_DIR));
const cli = `node ${rel(path.join(root, 'bin', 'assay.js'))}`;

let seed;
try {
  seed = await seedDemo(server.url, { projectRoot: appDir, cli });
} catch (e) {
  process.stderr.write(`demo: seeding failed: ${e.message}\n`);
  await stop(1);
}

const assertions = DEMO_CONTROLS.reduce((n, c) => n + c.assertions.length, 0);
out(`Assay demo running on ${seed.baseUrl}`);
out(`  database: embedded, in ${rel(dataDir)} (deleted and recreated on every \`npm run demo\`)`);
out();
out(`Open ${seed.baseUrl} and log in as ${seed.ownerEmail} with the password ${seed.ownerPassword}`);
out(
  `Workspace "Demo", model "${DEMO_MODEL.title}" (${seed.modelId}): ${DEMO_MODEL.control_objectives.length} objectives, ` +
    `${DEMO_CONTROLS.length} controls, ${assertions} assertions about ${appDir}.`,
);
for (const c of seed.controls) {
  const note = c.sufficiency.status === 'insufficient' ? ` — gaps: ${c.sufficiency.gaps.join('; ')}` : '';
  out(`  ${c.id}  ${c.assertionIds.length} assertions, ${c.sufficiency.status}${note}`);
}
out('One assertion is false on purpose (CTRL-04: the app sends no Content-Security-Policy).');
out();
out('Verify the demo app (in another terminal, from this directory):');
out();
out(`  ${seed.command}`);
out();
out('Without a tier-2 provider, tier 1 runs and tier 2 is skipped (controls stay pending). With one:');
out(`  ${seed.providerCommands.ollama}`);
out(`  ${seed.providerCommands.openai}    # with OPENAI_API_KEY set`);
out();
out(
  `Offline, tier 1 only: ${cli} check ${rel(path.join(root, DEMO_APP_DIR, DEMO_ASSERTIONS_FILE))} --project-root ${appDir}`,
);
out();
out('Serving until Ctrl-C.');

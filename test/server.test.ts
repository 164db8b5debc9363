import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Starts the real CLI (`assay serve`) as a user would, on the embedded database in a temp data dir. */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-serve-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function serve(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, ['bin/assay.js', 'serve'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return Promise.resolve({ child, output: () => out, exit });
}

async function waitFor(cond: () => boolean, ms = 60_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('assay serve', () => {
  it('starts on the embedded database, prints the first-run hint, serves the API and stops cleanly', async () => {
    const { child, output, exit } = await serve({ PORT: '0', ASSAY_DATA_DIR: dataDir, ASSAY_LOG_LEVEL: 'silent' });
    await waitFor(() => output().includes('First run'));
    const url = /listening on (http:\/\/\S+)/.exec(output())?.[1];
    expect(url).toBeDefined();
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
    // the generated session secret is private to the owner
    expect(statSync(path.join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dataDir, 'session-secret'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 90_000);

  it('refuses a bad configuration with one line naming the variable and exit code 2', async () => {
    const { output, exit } = await serve({ PORT: 'eighty', ASSAY_DATA_DIR: dataDir });
    expect(await exit).toBe(2);
    expect(output().trim()).toBe('assay: invalid PORT: Invalid input: expected number, received NaN');
  }, 30_000);
});

import { execFileSync, spawn } from 'node:child_process';
import type { TestApp } from './app.js';

/** Helpers for tests that run the built CLI or CI scripts as child processes against a test server. */

/** The raw key of an API-key credential. */
export const keyOf = (cred: { headers: Record<string, string> }): string => cred.headers['x-api-key']!;

/** git in `cwd` with a fixed identity (no global config needed). */
export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command with exactly `env` on top of PATH and HOME (nothing of the machine's own CI variables leaks in) and
 * collects its output.
 */
export function runCollect(command: string, args: string[], options: { cwd: string; env: Record<string, string> }) {
  return new Promise<Ran>((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? options.cwd, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunRow {
  id: string;
  attestation_method: string;
  commit_sha: string;
  repo: string;
  provider: string;
}

/** The verification runs of a model, newest first. */
export async function runsOf(app: TestApp['app'], cred: { headers: Record<string, string> }, mid: string) {
  const res = await app.inject({ method: 'GET', url: `/api/models/${mid}/verification/runs`, ...cred });
  if (res.statusCode !== 200) throw new Error(`runs of ${mid}: ${res.statusCode} ${res.body}`);
  return (res.json() as { items: RunRow[] }).items;
}

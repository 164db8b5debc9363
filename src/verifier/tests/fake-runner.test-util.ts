import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Stand-ins for runners this machine does not have (go, dotnet, mvn, gradle, rspec, ruby, phpunit, jest, mocha):
 * an executable on PATH that records its argv and cwd, writes a recorded report where the real runner would, prints
 * recorded output and exits with the recorded code. The checker's detection, command and parsing run unchanged.
 */
export interface Scenario {
  stdout?: string;
  exit?: number;
  /** Where the report goes: the arg after `after`, the value of `--prefix…`, or `name` inside the dir after `dirAfter`. */
  report?: { after?: string; prefix?: string; dirAfter?: string; name?: string; content: string };
}

const SCRIPT = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const sc = JSON.parse(fs.readFileSync(process.env.ASSAY_FAKE_SCENARIO, 'utf8'));
const argv = process.argv.slice(2);
fs.writeFileSync(process.env.ASSAY_FAKE_CALL, JSON.stringify({ argv, cwd: process.cwd(), bin: path.basename(process.argv[1]) }));
const r = sc.report;
if (r) {
  let target;
  if (r.after) target = argv[argv.indexOf(r.after) + 1];
  if (r.prefix) target = (argv.find((a) => a.startsWith(r.prefix)) || '').slice(r.prefix.length);
  if (r.dirAfter) target = path.join(argv[argv.indexOf(r.dirAfter) + 1], r.name);
  if (target) fs.writeFileSync(target, r.content);
}
process.stdout.write(sc.stdout || '');
process.exit(sc.exit || 0);
`;

export interface FakeRunners {
  use(scenario: Scenario): void;
  lastCall(): { argv: string[]; cwd: string; bin: string };
  restore(): void;
}

export function installFakeRunners(names: string[]): FakeRunners {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-fake-'));
  for (const name of names) {
    fs.writeFileSync(path.join(dir, name), SCRIPT, { mode: 0o755 });
  }
  const scenarioFile = path.join(dir, 'scenario.json');
  const callFile = path.join(dir, 'call.json');
  const saved = { PATH: process.env.PATH, s: process.env.ASSAY_FAKE_SCENARIO, c: process.env.ASSAY_FAKE_CALL };
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ''}`;
  process.env.ASSAY_FAKE_SCENARIO = scenarioFile;
  process.env.ASSAY_FAKE_CALL = callFile;
  return {
    use: (scenario) => fs.writeFileSync(scenarioFile, JSON.stringify(scenario)),
    lastCall: () => JSON.parse(fs.readFileSync(callFile, 'utf8')) as { argv: string[]; cwd: string; bin: string },
    restore: () => {
      process.env.PATH = saved.PATH;
      if (saved.s === undefined) delete process.env.ASSAY_FAKE_SCENARIO;
      else process.env.ASSAY_FAKE_SCENARIO = saved.s;
      if (saved.c === undefined) delete process.env.ASSAY_FAKE_CALL;
      else process.env.ASSAY_FAKE_CALL = saved.c;
    },
  };
}

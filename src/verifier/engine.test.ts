import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planUnits } from './engine/plan.js';
import { type AssertionInput, runAssertions } from './engine.js';
import { ProjectFiles } from './project-files.js';

const fakeCheckers = pathToFileURL(path.resolve('test/fixtures/engine/fake-checkers.ts')).href;
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-engine-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('src/app.py', 'import os\n\ndef main():\n    return os.getenv("PORT")\n');
  write('src/util.py', 'def helper():\n    pass\n');
  write('src/other.ts', 'export const x = 1;\n');
  write('config/app.yaml', 'server:\n  port: 8080\n');
  for (let i = 0; i < 6; i++) write(`many/f${i}.txt`, `file ${i}\n`);
  fs.mkdirSync(path.join(root, 'throw'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const asrt = (id: string, type: string, params: unknown): AssertionInput => ({ id, type, params });

describe('runAssertions: results', () => {
  it('keeps input order and turns unknown types, bad params and missing checkers into results', async () => {
    const run = await runAssertions(
      [
        asrt('a1', 'function_exists', { file: 'src/app.py', name: 'main' }),
        asrt('a2', 'no_such_type', { file: 'src/app.py' }),
        asrt('a3', 'function_exists', { file: 'src/app.py' }),
        asrt('a4', 'class_exists', { file: 'src/app.py', name: 'App' }),
        asrt('a5', 'function_calls', { file: 'src/app.py', caller: 'a', callee: 'b', depth: 9 }),
        asrt('a6', 'import_present', { file: 'src/app.py', module: 'os', bogus: 1 }),
        asrt('a7', 'env_var_referenced', { file: 'src/util.py', variable: 'PORT' }),
      ],
      { projectRoot: root, mode: 'single', checkersModule: fakeCheckers },
    );
    expect(run.results.map((r) => [r.id, r.result])).toEqual([
      ['a1', 'pass'],
      ['a2', 'skipped'],
      ['a3', 'error'],
      ['a4', 'error'],
      ['a5', 'error'],
      ['a6', 'error'],
      ['a7', 'pass'],
    ]);
    expect(run.results[0]?.details).toBe('src/app.py:1 has 5 lines');
    expect(run.results[0]?.evidence).toEqual({ file: 'src/app.py', line: 1, end_line: 5 });
    expect(run.results[1]?.details).toBe('unknown assertion type "no_such_type"');
    expect(run.results[2]?.details).toBe('invalid params: name is required');
    expect(run.results[3]?.details).toBe('no verifier for type class_exists');
    expect(run.results[4]?.details).toMatch(/^invalid params: depth must be an integer from 1 to 5/);
    expect(run.results[5]?.details).toBe('invalid params: unknown param bogus');
    expect(run.results[6]?.type).toBe('env_var_referenced');
  });

  it('reports a throwing checker, a malformed answer and a path escape without failing the run', async () => {
    const run = await runAssertions(
      [
        asrt('t1', 'function_exists', { file: 'throw/x.py', name: 'f' }),
        asrt('t2', 'function_exists', { file: 'malformed/x.py', name: 'f' }),
        asrt('t3', 'function_exists', { file: '../outside.py', name: 'f' }),
        asrt('t4', 'function_exists', { file: 'src/missing.py', name: 'f' }),
      ],
      { projectRoot: root, mode: 'single', checkersModule: fakeCheckers },
    );
    expect(run.results[0]).toMatchObject({
      result: 'error',
      details: 'the function_exists verifier failed: boom from the checker',
    });
    expect(run.results[1]).toMatchObject({
      result: 'error',
      details: 'the function_exists verifier returned a malformed result',
    });
    expect(run.results[2]).toMatchObject({ result: 'fail', details: '../outside.py: path escapes project root' });
    expect(run.results[3]).toMatchObject({ result: 'fail', details: 'src/missing.py does not exist' });
  });

  it('abandons an awaited checker at its time limit and goes on', async () => {
    const run = await runAssertions(
      [
        asrt('h1', 'function_exists', { file: 'hang/x.py', name: 'f' }),
        asrt('h2', 'function_exists', { file: 'src/app.py', name: 'main' }),
      ],
      { projectRoot: root, mode: 'single', checkersModule: fakeCheckers, perCheckTimeoutMs: 150 },
    );
    expect(run.results[0]).toMatchObject({ result: 'error', details: 'check timed out after 0.15 s' });
    expect(run.results[1]?.result).toBe('pass');
  });

  it('reports a check that blocked past its limit as timed out even when it could not be interrupted', async () => {
    const run = await runAssertions([asrt('b1', 'function_exists', { file: 'block/300', name: 'f' })], {
      projectRoot: root,
      mode: 'single',
      checkersModule: fakeCheckers,
      perCheckTimeoutMs: 100,
    });
    expect(run.results[0]).toMatchObject({ result: 'error', details: 'check timed out after 0.1 s' });
  });

  it('skips test_passes under --no-exec without calling its checker', async () => {
    const run = await runAssertions([asrt('x1', 'test_passes', { file: 'throw/t.py' })], {
      projectRoot: root,
      mode: 'single',
      allowExec: false,
      checkersModule: fakeCheckers,
    });
    expect(run.results[0]).toMatchObject({
      result: 'skipped',
      details: 'test_passes runs project code and --no-exec is set',
    });
  });
});

describe('runAssertions: caching', () => {
  it('reads and parses a file once however many assertions touch it', async () => {
    const items: AssertionInput[] = [];
    for (let i = 0; i < 40; i++) {
      items.push(
        i % 2
          ? asrt(`c${i}`, 'function_exists', { file: 'src/app.py', name: 'main' })
          : asrt(`c${i}`, 'decorator_present', { file: 'src/app.py', function: 'main', decorator: 'route' }),
      );
    }
    items.push(asrt('u1', 'import_present', { file: 'src/util.py', module: 'os' }));
    // The same file spelt differently still lands in the same unit.
    items.push(asrt('u2', 'import_present', { file: './src/util.py', module: 'os' }));
    items.push(asrt('g1', 'pattern_absent', { file: 'src/*.py', pattern: 'eval\\(' }));
    const run = await runAssertions(items, { projectRoot: root, mode: 'single', checkersModule: fakeCheckers });
    expect(run.results.every((r) => r.result === 'pass')).toBe(true);
    expect(run.stats.distinctFilesRead).toBe(2);
    expect(run.stats.maxReadsPerFile).toBe(1);
    expect(run.stats.maxParsesPerFile).toBe(1);
    expect(run.stats.filesRead).toBe(2);
    expect(run.stats.filesParsed).toBe(2);
    expect(run.stats.units).toBe(1);
  });

  it('plans one unit per file, joins a glob with the files it covers, and keeps joined units within the cap', async () => {
    const files = ProjectFiles.at(root);
    const items = [
      asrt('0', 'function_exists', { file: 'src/app.py', name: 'a' }),
      asrt('1', 'function_exists', { file: 'src/util.py', name: 'a' }),
      asrt('2', 'pattern_matches', { file: 'src/*.py', pattern: 'x' }),
      asrt('3', 'dependency_exists', { manifest: 'config/app.yaml', package: 'x' }),
      asrt('4', 'file_hash', { file: 'many/f0.txt', expected_hash: 'ab', pinned_in: 'src/other.ts' }),
      asrt('5', 'function_exists', { file: 'src/other.ts', name: 'a' }),
      asrt('6', 'function_exists', { file: 'src/app.py', name: 'b' }),
    ];
    const joined = await planUnits(items, { files, maxUnitSize: 50 });
    expect(joined.map((u) => u.indexes)).toEqual([[0, 1, 2, 6], [4, 5], [3]]);
    // With a cap of 2 the glob cannot join src/app.py's two assertions, but still joins src/util.py's one.
    const capped = await planUnits(items, { files, maxUnitSize: 2 });
    expect(capped.map((u) => u.indexes)).toEqual([[0, 6], [1, 2], [4, 5], [3]]);
    const alone = await planUnits(items, { maxUnitSize: 50 });
    expect(alone.map((u) => u.indexes)).toEqual([[0, 6], [4, 5], [1], [2], [3]]);
  });
});

describe('runAssertions: worker threads', () => {
  const mixed = (): AssertionInput[] => {
    const items: AssertionInput[] = [];
    const files = ['src/app.py', 'src/util.py', 'src/other.ts', 'config/app.yaml', 'many/f1.txt', 'many/f2.txt'];
    for (let i = 0; i < 60; i++) {
      const file = files[i % files.length];
      items.push(asrt(`m${i}`, 'function_exists', { file, name: `f${i}` }));
    }
    items.push(asrt('glob', 'pattern_matches', { file: 'many/*.txt', pattern: 'file' }));
    items.push(asrt('throws', 'function_exists', { file: 'throw/x.py', name: 'f' }));
    items.push(asrt('unknown', 'nope', {}));
    items.push(asrt('bad', 'function_exists', { file: 'src/app.py' }));
    items.push(asrt('missing', 'class_exists', { file: 'src/app.py', name: 'A' }));
    items.push(asrt('escape', 'function_exists', { file: '/etc/passwd', name: 'f' }));
    return items;
  };

  it('gives the same results as the single-thread mode, and still reads each file once', async () => {
    const single = await runAssertions(mixed(), { projectRoot: root, mode: 'single', checkersModule: fakeCheckers });
    const workers = await runAssertions(mixed(), {
      projectRoot: root,
      mode: 'workers',
      concurrency: 2,
      checkersModule: fakeCheckers,
    });
    expect(workers.stats.mode).toBe('workers');
    expect(workers.stats.workersStarted).toBe(2);
    expect(workers.results).toEqual(single.results);
    expect(workers.results.map((r) => r.result)).toContain('pass');
    expect(workers.stats.maxReadsPerFile).toBe(1);
    expect(workers.stats.maxParsesPerFile).toBe(1);
    expect(workers.stats.distinctFilesRead).toBe(single.stats.distinctFilesRead);
  });

  it('terminates a worker stuck in a blocking checker, answers error and retries the rest of its unit', async () => {
    const items = [
      asrt('before', 'function_exists', { file: 'block/3600000', name: 'a' }),
      asrt('stuck', 'class_exists', { file: 'block/3600000', name: 'b' }),
      asrt('after', 'function_exists', { file: 'block/3600000', name: 'c' }),
      asrt('elsewhere', 'function_exists', { file: 'src/app.py', name: 'main' }),
    ];
    const run = await runAssertions(items, {
      projectRoot: root,
      mode: 'workers',
      concurrency: 1,
      checkersModule: fakeCheckers,
      perCheckTimeoutMs: 300,
      watchdogGraceMs: 200,
    });
    // 'stuck' has no checker (error, immediate); 'before' and 'after' each block their worker until the watchdog.
    expect(run.results.map((r) => [r.id, r.result, r.details])).toEqual([
      ['before', 'error', 'check timed out after 0.3 s'],
      ['stuck', 'error', 'no verifier for type class_exists'],
      ['after', 'error', 'check timed out after 0.3 s'],
      ['elsewhere', 'pass', 'src/app.py:1 has 5 lines'],
    ]);
    expect(run.stats.workersReplaced).toBe(2);
  });

  it('survives a worker that dies in the middle of a unit', async () => {
    const run = await runAssertions(
      [
        asrt('dies', 'function_exists', { file: 'crash/x.py', name: 'a' }),
        asrt('next', 'function_exists', { file: 'crash/x.py', name: 'b' }),
      ],
      { projectRoot: root, mode: 'workers', concurrency: 1, checkersModule: fakeCheckers },
    );
    expect(run.results[0]).toMatchObject({ result: 'error', details: 'verification worker crashed: exit code 7' });
    expect(run.results[1]).toMatchObject({ result: 'error', details: 'verification worker crashed: exit code 7' });
    expect(run.stats.workersReplaced).toBe(2);
  });

  it('gives the same results in both modes with the real checkers', async () => {
    const real: AssertionInput[] = [];
    for (let i = 0; i < 8; i++) {
      real.push(asrt(`f${i}`, 'function_exists', { file: 'src/app.py', name: i % 2 ? 'main' : `missing_${i}` }));
      real.push(asrt(`i${i}`, 'import_present', { file: 'src/app.py', module: i % 2 ? 'os' : 'sys' }));
      real.push(asrt(`e${i}`, 'env_var_referenced', { file: 'src/app.py', variable: i % 2 ? 'PORT' : 'HOST' }));
      real.push(
        asrt(`c${i}`, 'config_key_exists', { file: 'config/app.yaml', key: i % 2 ? 'server.port' : 'server.tls' }),
      );
      real.push(
        asrt(`p${i}`, 'pattern_matches', { file: i % 2 ? 'src/*.py' : 'many/*.txt', pattern: `file ${i}|getenv` }),
      );
      real.push(asrt(`x${i}`, 'file_exists', { file: i % 2 ? `many/f${i % 6}.txt` : '../escape' }));
      real.push(asrt(`k${i}`, 'class_exists', { file: 'src/other.ts', name: 'x' }));
    }
    const single = await runAssertions(real, { projectRoot: root, mode: 'single' });
    const workers = await runAssertions(real, { projectRoot: root, mode: 'workers', concurrency: 2 });
    expect(workers.results).toEqual(single.results);
    const outcomes = new Set(single.results.map((r) => r.result));
    expect(outcomes.has('pass') && outcomes.has('fail')).toBe(true);
    expect(workers.stats.maxParsesPerFile).toBe(1);
  });

  it('runs the real registry inside workers started from TypeScript source', async () => {
    const run = await runAssertions(
      [
        asrt('r1', 'file_exists', { file: 'src/app.py' }),
        asrt('r2', 'file_exists', { file: '../x' }),
        asrt('r3', 'unknown_type', {}),
      ],
      { projectRoot: root, mode: 'workers', concurrency: 1 },
    );
    expect(run.results[2]).toMatchObject({ result: 'skipped' });
    // Whether or not the files family has landed, an answer is never a silent pass for the escaping path.
    expect(run.results[1]?.result).not.toBe('pass');
    expect(['pass', 'error']).toContain(run.results[0]?.result);
    if (run.results[0]?.result === 'error') expect(run.results[0].details).toBe('no verifier for type file_exists');
  });
});

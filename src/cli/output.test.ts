import { describe, expect, it, vi } from 'vitest';
import { assertionTypes } from '../assertions/catalogue.js';
import { formatCheckJson } from './output/json.js';
import { startProgress } from './output/progress.js';
import { type CheckReport, exitCodeOf, summarize } from './output/report.js';
import { formatCheckSarif } from './output/sarif.js';
import { formatCheckText } from './output/text.js';

const report = (): CheckReport => {
  const assertions = [
    { id: 'a1', type: 'function_exists', params: { file: 'src/app.py', name: 'main' } },
    { id: 'a2', type: 'function_exists', params: { file: 'src/app.py', name: 'gone' }, description: 'gone exists' },
    { id: 'a3', type: 'pattern_absent', params: { file: 'src/**/*.py', pattern: 'eval' } },
    { id: 'a4', type: 'config_key_exists', params: { file: 'conf/app.yaml', key: 'x' } },
    { id: 'a5', type: 'test_passes', params: { file: 'tests/*.py' } },
    { id: 'a6', type: 'file_exists', params: { file: '../etc/passwd' } },
  ];
  const results = [
    {
      id: 'a1',
      type: 'function_exists',
      result: 'pass' as const,
      details: 'src/app.py:3 defines main',
      evidence: { file: 'src/app.py', line: 3, end_line: 4 },
    },
    {
      id: 'a2',
      type: 'function_exists',
      result: 'fail' as const,
      details: 'no function gone in src/app.py',
      evidence: { file: 'src/app.py', line: 10, end_line: 12 },
    },
    { id: 'a3', type: 'pattern_absent', result: 'fail' as const, details: 'pattern found at src/x.py:4' },
    {
      id: 'a4',
      type: 'config_key_exists',
      result: 'error' as const,
      details: 'conf/app.yaml could not be parsed: line 2',
    },
    {
      id: 'a5',
      type: 'test_passes',
      result: 'skipped' as const,
      details: 'test_passes runs project code and --no-exec is set',
    },
    { id: 'a6', type: 'file_exists', result: 'fail' as const, details: '../etc/passwd: path escapes project root' },
  ];
  return {
    assertions,
    results,
    summary: summarize(results),
    projectRoot: '/repo',
    assertionsFile: '/repo/assay/assertions.json',
    startedAt: new Date('2025-01-01T00:00:00Z'),
    endedAt: new Date('2025-01-01T00:00:01Z'),
    exitCode: exitCodeOf(results),
  };
};

describe('check output formats', () => {
  it('text: one line per assertion, the place of each failure, the counts', () => {
    const text = formatCheckText(report());
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^PASS {3}a1 {2}function_exists {4}src\/app\.py:3 defines main$/);
    expect(lines[1]).toMatch(/^FAIL {3}a2 /);
    expect(lines[2]?.trim()).toBe('at src/app.py:10-12');
    expect(text).toContain('ERROR  a4');
    // The details already name the file: no extra location line.
    expect(text).not.toContain('at conf/app.yaml');
    expect(text).toContain('SKIP   a5');
    expect(text.trimEnd().split('\n').at(-1)).toBe('6 assertions: 1 passed, 3 failed, 1 error, 1 skipped');
  });

  it('json: summary and results, evidence only where there is some', () => {
    const json = JSON.parse(formatCheckJson(report()));
    expect(json.summary).toEqual({ pass: 1, fail: 3, error: 1, skipped: 1, total: 6 });
    expect(json.results[0]).toEqual({
      id: 'a1',
      type: 'function_exists',
      result: 'pass',
      details: 'src/app.py:3 defines main',
      evidence: { file: 'src/app.py', line: 3, end_line: 4 },
    });
    expect(Object.keys(json.results[2])).toEqual(['id', 'type', 'result', 'details']);
  });

  it('sarif: 2.1.0 with every catalogue type as a rule and a located result per fail and error', () => {
    const sarif = JSON.parse(formatCheckSarif(report()));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('assay');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(assertionTypes);
    expect(run.tool.driver.rules[0].shortDescription.text).toMatch(/function or method/);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(1);
    expect(run.properties.summary.pass).toBe(1);
    const results = run.results;
    expect(results.map((r: { properties: { assertionId: string } }) => r.properties.assertionId)).toEqual([
      'a2',
      'a3',
      'a4',
      'a6',
    ]);
    const [failed, glob, errored, escaping] = results;
    expect(failed).toMatchObject({ ruleId: 'function_exists', ruleIndex: 0, kind: 'fail', level: 'error' });
    expect(failed.message.text).toBe('Assertion a2 (gone exists) failed: no function gone in src/app.py');
    expect(failed.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/app.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 10, endLine: 12 },
    });
    // A glob and an escaping path have no file of their own: the result points at the assertions file.
    expect(glob.locations[0].physicalLocation.artifactLocation.uri).toBe('assay/assertions.json');
    expect(escaping.locations[0].physicalLocation.artifactLocation.uri).toBe('assay/assertions.json');
    expect(errored).toMatchObject({ level: 'warning', kind: 'fail' });
    expect(errored.locations[0].physicalLocation.artifactLocation.uri).toBe('conf/app.yaml');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
  });

  it('sarif: a clean run is successful and has no results', () => {
    const r = report();
    r.results = r.results.map((x) => ({ ...x, result: 'pass' as const }));
    r.summary = summarize(r.results);
    const run = JSON.parse(formatCheckSarif(r)).runs[0];
    expect(run.results).toEqual([]);
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });
});

describe('progress line', () => {
  const fakeStream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
  };

  it('appears on a terminal only after a second, and is erased at the end', () => {
    vi.useFakeTimers();
    try {
      const { writes, stream } = fakeStream(true);
      const progress = startProgress(stream);
      progress.update(3, 10);
      vi.advanceTimersByTime(800);
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(400);
      expect(writes.at(-1)).toBe('\r\x1b[Kassay: checked 3/10 assertions (1 s)');
      progress.finish();
      expect(writes.at(-1)).toBe('\r\x1b[K');
    } finally {
      vi.useRealTimers();
    }
  });

  it('never writes when stderr is not a terminal', () => {
    vi.useFakeTimers();
    try {
      const { writes, stream } = fakeStream(false);
      const progress = startProgress(stream);
      progress.update(1, 2);
      vi.advanceTimersByTime(5000);
      progress.finish();
      expect(writes).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

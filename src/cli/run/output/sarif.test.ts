import { describe, expect, it } from 'vitest';
import { assertionTypes } from '../../../assertions/catalogue.js';
import { TIER2_SKIPPED_WARNING } from './common.js';
import { cleanOutcome, developerOutcome, providerOutcome } from './fixtures.test-util.js';
import { formatRunSarif } from './sarif.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed SARIF document
type Json = any;

/** The structure GitHub code scanning needs: checked on every document these tests produce. */
function expectValidSarif(sarif: Json) {
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
  expect(sarif.runs).toHaveLength(1);
  const run = sarif.runs[0];
  expect(run.tool.driver.name).toBe('assay');
  const rules: Json[] = run.tool.driver.rules;
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  for (const result of run.results) {
    expect(rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(['error', 'warning']).toContain(result.level);
    expect(result.message.text.length).toBeGreaterThan(0);
    expect(result.locations).toHaveLength(1);
    const physical = result.locations[0].physicalLocation;
    expect(physical.artifactLocation.uri.length).toBeGreaterThan(0);
    expect(physical.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(physical.region.startLine).toBeGreaterThanOrEqual(1);
    expect(physical.region.endLine).toBeGreaterThanOrEqual(physical.region.startLine);
    expect(Object.keys(result.partialFingerprints)).toEqual(['assayAssertion/v1']);
  }
  const fingerprints = run.results.map((r: Json) => r.partialFingerprints['assayAssertion/v1']);
  expect(new Set(fingerprints).size).toBe(fingerprints.length);
  return run;
}

describe('formatRunSarif', () => {
  it('makes each tier-1 and tier-2 failure a located result, tiers told apart', () => {
    const run = expectValidSarif(JSON.parse(formatRunSarif(providerOutcome(), {})));
    expect(run.tool.driver.rules.map((r: Json) => r.id)).toEqual([...assertionTypes]);
    const byKey = new Map(run.results.map((r: Json) => [`${r.properties.assertionId}/${r.properties.tier}`, r]));
    expect([...byKey.keys()]).toEqual(['a2/1', 'a3/1', 'a5/1', 'a4/2', 'b1/2']);

    const a2: Json = byKey.get('a2/1');
    expect(a2).toMatchObject({ ruleId: 'function_exists', kind: 'fail', level: 'error' });
    expect(a2.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/session.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 10, endLine: 12 },
    });
    expect(a2.message.text).toContain('sessions expire ::error::injected'); // JSON carries it safely, as text
    // a glob: the directory its fixed part names
    expect((byKey.get('a3/1') as Json).locations[0].physicalLocation.artifactLocation.uri).toBe('src');
    // an error is a warning-level result and a notification
    const a5: Json = byKey.get('a5/1');
    expect(a5.level).toBe('warning');
    expect(a5.locations[0].physicalLocation.artifactLocation.uri).toBe('src/we%2Cird%3Ana%25me.ts');
    // tier 2: its own rule id (the type), tier 2 properties, located through tier 1
    const a4: Json = byKey.get('a4/2');
    expect(a4).toMatchObject({
      ruleId: 'config_key_exists',
      level: 'error',
      properties: { tier: 2, reviewer: 'openai:gpt-4o-mini', controlId: 'AC-3', modelId: 'm1' },
    });
    expect(a4.message.text).toMatch(/^Tier 2 failed by openai:gpt-4o-mini/);

    const invocation = run.invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.exitCode).toBe(1);
    const notes = invocation.toolExecutionNotifications.map((n: Json) => `${n.level}: ${n.message.text}`);
    expect(notes).toContain('warning: the run took longer than 5 minutes');
    expect(notes).toContain('warning: m2: the report could not be fetched: HTTP 503: database unavailable');
    expect(notes).toContain('error: m2: SUBMISSION FAILED: HTTP 403: attestation required for this workspace');
    expect(notes.filter((n: string) => n.startsWith('error: Tier'))).toHaveLength(2); // a5 and b1

    expect(run.properties.summary).toEqual({
      tier1: { pass: 3, fail: 2, error: 1, skipped: 0 },
      tier2: { pass: 1, fail: 1, error: 1, skipped: 0 },
      controls: { verified: 1, partially_verified: 0, pending: 0, unverified: 2 },
      insufficientControls: 1,
      submittedModels: 1,
      models: 2,
    });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
  });

  it('lists the tier-2-skipped warning as a notification', () => {
    const run = expectValidSarif(JSON.parse(formatRunSarif(developerOutcome(), {})));
    expect(run.invocations[0].toolExecutionNotifications[0]).toEqual({
      level: 'warning',
      message: { text: TIER2_SKIPPED_WARNING },
    });
    expect(run.properties.tier2Reviewer).toBeNull();
    expect(run.results.every((r: Json) => r.properties.tier === 1)).toBe(true);
  });

  it('locates a result without any place at the workflow file, and adds a rule for an unknown type', () => {
    const outcome = cleanOutcome();
    outcome.models[0]!.tier1.push({
      assertionId: 'z1',
      controlId: 'AC-9',
      type: 'future_type',
      description: '',
      params: { file: '**/*.go' },
      result: 'fail',
      details: 'nothing found',
    });
    const withWorkflow = expectValidSarif(
      JSON.parse(formatRunSarif(outcome, { workflowRef: 'acme/app/.github/workflows/ci.yml@refs/heads/main' })),
    );
    expect(withWorkflow.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: '.github/workflows/ci.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, endLine: 1 },
    });
    expect(withWorkflow.tool.driver.rules.at(-1).id).toBe('future_type');
    const without = expectValidSarif(JSON.parse(formatRunSarif(outcome, {})));
    expect(without.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('.');
  });

  it('a clean run is successful and has no results', () => {
    const run = expectValidSarif(JSON.parse(formatRunSarif(cleanOutcome(), {})));
    expect(run.results).toEqual([]);
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.invocations[0].exitCode).toBe(0);
  });
});

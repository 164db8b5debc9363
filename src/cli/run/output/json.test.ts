import { describe, expect, it } from 'vitest';
import { TIER2_SKIPPED_WARNING } from './common.js';
import { developerOutcome, INJECTED_DESCRIPTION, providerOutcome, WEIRD_FILE } from './fixtures.test-util.js';
import { formatRunJson } from './json.js';

describe('formatRunJson', () => {
  it('is one JSON document for several models with stable snake_case keys', () => {
    const out = formatRunJson(providerOutcome());
    expect(out.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual([
      'version',
      'tool',
      'pipeline',
      'tier2_reviewer',
      'attestation',
      'started_at',
      'ended_at',
      'warnings',
      'exit_code',
      'summary',
      'models',
    ]);
    expect(doc.version).toBe(1);
    expect(doc.tool.name).toBe('assay');
    expect(doc.pipeline).toMatchObject({ provider: 'github', run_id: '123-1', repo: 'acme/app' });
    expect(doc.tier2_reviewer).toBe('openai:gpt-4o-mini');
    expect(doc.attestation).toBe('oidc');
    expect(doc.exit_code).toBe(1);
    expect(doc.summary).toEqual({
      tier1: { pass: 3, fail: 2, error: 1, skipped: 0 },
      tier2: { pass: 1, fail: 1, error: 1, skipped: 0 },
      controls: { verified: 1, partially_verified: 0, pending: 0, unverified: 2 },
      insufficient_controls: 1,
      submitted_models: 1,
      models: 2,
    });
    expect(doc.warnings).toEqual([
      'the run took longer than 5 minutes',
      'm2: 2 assertions name another repository and were not verified here',
      'm2: the report could not be fetched: HTTP 503: database unavailable',
    ]);
    expect(doc.models).toHaveLength(2);

    const [m1, m2] = doc.models;
    for (const m of doc.models) {
      expect(Object.keys(m)).toEqual([
        'model_id',
        'title',
        'submission',
        'sufficiency_submission',
        'warnings',
        'tier1',
        'tier2',
        'sufficiency',
        'drift',
        'report',
        'report_error',
      ]);
    }
    expect(m1.model_id).toBe('m1');
    expect(m1.submission).toEqual({
      state: 'submitted',
      run_id: 'run-42',
      replayed: false,
      attestation: 'oidc',
      error: null,
      drift: [expect.objectContaining({ assertion_id: 'a3' })],
    });
    expect(m1.tier1[1]).toEqual({
      assertion_id: 'a2',
      control_id: 'AC-2',
      type: 'function_exists',
      description: INJECTED_DESCRIPTION,
      result: 'fail',
      details: 'no function expire in src/session.ts',
      evidence: { file: 'src/session.ts', line: 10, end_line: 12 },
      location: { file: 'src/session.ts', line: 10, end_line: 12 },
    });
    expect(m1.tier1[2].location).toBeNull(); // a glob
    expect(m1.tier2[1]).toMatchObject({
      assertion_id: 'a4',
      type: 'config_key_exists',
      result: 'fail',
      reviewer: 'openai:gpt-4o-mini',
      evidence: null,
      location: { file: WEIRD_FILE, line: null, end_line: null },
    });
    expect(m1.sufficiency[0]).toEqual({
      control_id: 'AC-3',
      status: 'insufficient',
      gaps: ['no rate limit on /login', 'no lockout after failed logins'],
      reasoning: 'only the API is limited',
      assertion_set_hash: 'h3',
    });
    expect(m1.drift).toHaveLength(1);
    expect(m1.report.summary.verified).toBe(1);
    expect(m1.report_error).toBeNull();

    expect(m2.submission).toMatchObject({
      state: 'failed',
      run_id: null,
      error: 'HTTP 403: attestation required for this workspace',
    });
    expect(m2.report).toBeNull();
    expect(m2.report_error).toBe('HTTP 503: database unavailable');
    expect(m2.sufficiency_submission).toBeNull();
  });

  it('carries the tier-2-skipped warning and the developer-key state', () => {
    const doc = JSON.parse(formatRunJson(developerOutcome()));
    expect(doc.tier2_reviewer).toBeNull();
    expect(doc.warnings[0]).toBe(TIER2_SKIPPED_WARNING);
    expect(doc.summary.tier2).toEqual({ pass: 0, fail: 0, error: 0, skipped: 2 });
    expect(doc.summary.submitted_models).toBe(0);
    expect(doc.models[0].submission.state).toBe('developer_key');
  });

  it('is valid JSON with no models at all', () => {
    const outcome = providerOutcome();
    outcome.models = [];
    const doc = JSON.parse(formatRunJson(outcome));
    expect(doc.models).toEqual([]);
    expect(doc.summary.models).toBe(0);
  });
});

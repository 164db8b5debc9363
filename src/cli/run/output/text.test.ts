import { describe, expect, it } from 'vitest';
import { allWarnings, TIER2_SKIPPED_WARNING } from './common.js';
import { cleanOutcome, developerOutcome, providerOutcome, submittedModel } from './fixtures.test-util.js';
import { formatRunText } from './text.js';

describe('formatRunText', () => {
  it('shows the header, a table per model, the failures with file:line, drift, submission, warnings and totals', () => {
    const text = formatRunText(providerOutcome());
    expect(text).toContain('assay run: acme/app@222222222222 (main) — github run 123-1');
    expect(text).toContain('Tier 2 reviewer: openai:gpt-4o-mini');
    expect(text).toContain('Attestation: oidc');
    expect(text).not.toContain('TIER 2 SKIPPED');

    expect(text).toContain('Model m1 — Payments API');
    expect(text).toMatch(/CONTROL\s+STATUS\s+TIER 1\s+TIER 2\s+SUFFICIENCY/);
    expect(text).toMatch(/AC-1\s+verified\s+1 pass\s+1 pass\s+sufficient/);
    expect(text).toMatch(/AC-2\s+unverified\s+2 fail\s+—\s+pending/);
    expect(text).toMatch(/AC-3\s+unverified\s+1 pass, 1 error\s+1 fail\s+insufficient/);

    // tier-1 failure with its evidence; a newline in a description cannot start a line of its own
    expect(text).toContain('FAIL   Tier 1 failed: assertion a2 "sessions expire ::error::injected"');
    expect(text).toContain('at src/session.ts:10-12');
    expect(text.split('\n').some((l) => l.trimStart().startsWith('::'))).toBe(false);
    // tier-1 error located by its plain file param; tier-2 failure located through tier 1's file
    expect(text).toMatch(/ERROR {2}Tier 1 could not be checked: assertion a5[^\n]*\n\s+at src\/we,ird:na%me\.ts/);
    expect(text).toMatch(
      /FAIL {3}Tier 2 failed by openai:gpt-4o-mini: assertion a4 [^\n]*limit is disabled[^\n]*\n\s+at src\/we,ird:na%me\.ts/,
    );
    // a glob has no single place: no "at" line after it
    expect(text).toMatch(/assertion a3 "no eval"[^\n]*eval found in 2 files\n(?!\s+at )/);
    expect(text).toContain('INSUFFICIENT  control AC-3: only the API is limited');
    expect(text).toContain('- no rate limit on /login');
    expect(text).toContain('- no lockout after failed logins');
    expect(text).toContain(
      'DRIFT  assertion a3 (control AC-2; objectives O-1, O-2) tier 1: pass at 111111111111 → fail at 222222222222',
    );
    // the same drift item from the submission and from the report is listed once
    expect(text.match(/DRIFT {2}assertion a3/g)).toHaveLength(1);
    expect(text).toContain('Submission: submitted as run run-42 (attestation: oidc)');

    // second model: refused submission, no report → local results and the error
    expect(text).toContain('Model m2 — Admin | portal *bold*');
    expect(text).toMatch(/AD-1\s+—\s+1 pass\s+1 error/);
    expect(text).toContain('Submission: SUBMISSION FAILED: HTTP 403: attestation required for this workspace');
    expect(text).toContain('Report: could not be fetched: HTTP 503: database unavailable (local results shown)');
    expect(text).toContain('ERROR  Tier 2 could not be checked by openai:gpt-4o-mini: assertion b1');

    const warnings = text.slice(text.indexOf('Warnings ('));
    expect(warnings).toContain('! the run took longer than 5 minutes');
    expect(warnings).toContain('! m2: 2 assertions name another repository and were not verified here');
    expect(warnings).toContain('! m2: the report could not be fetched: HTTP 503: database unavailable');
    const last = text.trimEnd().split('\n').at(-1);
    expect(last).toBe(
      'Totals: 2 models · tier 1: 3 passed, 2 failed, 1 error, 0 skipped · tier 2: 1 passed, 1 failed, 1 error, 0 skipped · ' +
        'controls: 1 verified, 0 partially verified, 0 pending, 2 unverified · 1 insufficient · submitted 1 of 2 · exit 1',
    );
  });

  it('says loudly that tier 2 was skipped and that a developer key submits nothing', () => {
    const text = formatRunText(developerOutcome());
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^!+$/);
    expect(lines[2]).toBe(`!! ${TIER2_SKIPPED_WARNING} !!`);
    expect(text).toContain('Attestation: none (results are not attested)');
    expect(text).toContain('Submission: NOT SUBMITTED: developer key (mk_) — results are only shown');
    // a skipped verdict shows what the server last knew
    expect(text).toMatch(/AC-1\s+verified\s+1 pass\s+1 skipped\s+sufficient/);
    expect(text).toContain(`! ${TIER2_SKIPPED_WARNING}`);
    expect(text).toContain('local checkout@abcdef123456 — local run 6f1c0d7e-0000-4000-8000-000000000000');
  });

  it('shows a dry run, replays and no warnings', () => {
    const text = formatRunText(cleanOutcome());
    expect(text).toContain('Submission: NOT SUBMITTED: dry run (--dry-run)');
    expect(text).toContain('Warnings (0):\n  none');
    expect(text).not.toContain('Failures:');
    expect(text).toMatch(/exit 0\n$/);

    const replayed = cleanOutcome();
    const model = replayed.models[0]!;
    model.submission = { state: 'submitted', runId: 'r1', replayed: true, attestation: 'ecdsa', drift: [] };
    expect(formatRunText(replayed)).toContain(
      'Submission: submitted as run r1 (attestation: ecdsa, replayed: the server already had this run)',
    );
  });

  it('colours only when asked, and strips escape sequences out of values', () => {
    const outcome = providerOutcome();
    outcome.models[0]!.title = 'Pay\x1b[2Jments';
    expect(formatRunText(outcome)).not.toContain('\x1b');
    const colored = formatRunText(outcome, { color: true });
    expect(colored).toContain('\x1b[31mFAIL ');
    expect(colored).not.toContain('\x1b[2J');
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).toBe(formatRunText(outcome));
  });

  it('keeps a control id that starts with :: from starting a line', () => {
    const outcome = cleanOutcome();
    outcome.models[0]!.tier1[0]!.controlId = '::error::x';
    outcome.models[0]!.tier2[0]!.controlId = '::error::x';
    const text = formatRunText(outcome);
    expect(text).toContain('» ');
    expect(text.split('\n').some((l) => l.trimStart().startsWith('::'))).toBe(false);
  });

  it('lists the tier-2-skipped warning first and each warning once', () => {
    const outcome = developerOutcome();
    outcome.warnings = [TIER2_SKIPPED_WARNING, 'x', 'x'];
    outcome.models[0] = { ...submittedModel(), warnings: ['y'] };
    expect(allWarnings(outcome)).toEqual([TIER2_SKIPPED_WARNING, 'x', 'm1: y']);
  });
});

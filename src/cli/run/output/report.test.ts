import { describe, expect, it } from 'vitest';
import { submittedModel } from './fixtures.test-util.js';
import { formatPendingText, formatReportText } from './report.js';

const report = () => submittedModel().report!;

describe('formatReportText', () => {
  it('lists each control with its status, assertions, sufficiency, drift and repos', () => {
    const text = formatReportText(report(), 'Payments API');
    const lines = text.split('\n');
    expect(lines[0]).toBe('Verification report: Payments API (m1)');
    expect(lines[1]).toBe('Controls: 1 verified, 0 partially verified, 0 pending, 2 unverified');
    expect(text).toMatch(/CONTROL\s+STATUS\s+IMPLEMENTATION\s+TIER 1\s+TIER 2\s+SUFFICIENCY/);
    expect(text).toMatch(/\nAC-1\s+verified\s+implemented\s+1 pass\s+1 pass\s+sufficient\n/);
    expect(text).toMatch(/\nAC-2\s+unverified\s+implemented\s+2 fail\s+2 pending\s+pending\n/);
    expect(text).toMatch(/\nAC-3\s+unverified\s+implemented\s+1 pass\s+1 fail\s+insufficient\n/);
    expect(text).toContain('AC-2 (objectives O-1, O-2): unverified');
    expect(text).toMatch(/ {2}a3\s+pattern_absent\s+acme\/app\s+fail\s+pending\s+unchecked/);
    expect(text).toContain('  sufficiency: insufficient by openai:gpt-4o-mini: partial\n    - no rate limit on /login');
    expect(text).toContain(
      'Drift (1):\n  assertion a3 (control AC-2; objectives O-1, O-2) tier 1: pass at 111111111111 → fail at 222222222222',
    );
    expect(text).toContain('Verified from:\n  acme/app@222222222222 at 2026-12-03T16:00:00Z');
  });

  it('names the model by id without a title, and says when there are no controls', () => {
    const empty = { ...report(), controls: [], drift_items: [], repos: [] };
    expect(formatReportText(empty)).toBe(
      'Verification report: m1\nControls: 1 verified, 0 partially verified, 0 pending, 2 unverified\n\nNo controls.\n',
    );
  });

  it('keeps control characters in server values from forging lines', () => {
    const r = report();
    r.controls[0]!.control_id = 'AC-1\n::error::x';
    r.controls[0]!.sufficiency.gaps = ['gap\x1b[2J'];
    const text = formatReportText(r);
    expect(text).not.toContain('\x1b');
    expect(text.split('\n').some((l) => l.trimStart().startsWith('::'))).toBe(false);
  });
});

describe('formatPendingText', () => {
  it('lists each control with its pending counts and totals', () => {
    const text = formatPendingText(
      [
        { control_id: 'AC-1', tier1: 2, tier2: 0, sufficiency: false },
        { control_id: 'AC-22', tier1: 0, tier2: 1, sufficiency: true },
      ],
      'Payments API',
    );
    expect(text).toBe(
      [
        'Pending verification: Payments API',
        '',
        'CONTROL  TIER 1  TIER 2  SUFFICIENCY',
        'AC-1     2       0       —',
        'AC-22    0       1       awaiting verdict',
        '',
        'Total: 2 assertions pending at tier 1, 1 assertion at tier 2, 1 control awaiting a sufficiency verdict',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing is pending', () => {
    expect(formatPendingText([])).toBe(
      'Pending verification\n\nNothing pending: every assertion has results and every control a sufficiency verdict.\n',
    );
  });
});

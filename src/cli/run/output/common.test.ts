import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../types.js';
import { insufficientOf, totalsOf } from './common.js';
import { submittedModel } from './fixtures.test-util.js';
import { formatRunText } from './text.js';

/** The server's own verdict (e.g. the evaluator's at submission) counts like a verdict reached in this run. */
describe('insufficient controls', () => {
  const model = () => {
    const m = submittedModel();
    m.sufficiency = []; // no verdict reached in this run: the report's verdict (AC-3 insufficient) is what holds
    return m;
  };

  it('come from the report when this run judged none', () => {
    expect(insufficientOf(model())).toEqual([
      { controlId: 'AC-3', reasoning: 'partial (judged by openai:gpt-4o-mini)', gaps: ['no rate limit on /login'] },
    ]);
  });

  it('are counted in the totals and listed with their gaps in the text output', () => {
    const outcome: RunOutcome = {
      models: [model()],
      warnings: [],
      pipeline: { provider: 'local', run_id: 'r1', commit_sha: 'abcdef0' },
      tier2Reviewer: 'openai:gpt-4o-mini',
      attestation: 'none',
      projectRoot: '/tmp/x',
      startedAt: new Date(0),
      endedAt: new Date(0),
      exitCode: 1,
    };
    expect(totalsOf(outcome).insufficient).toBe(1);
    const text = formatRunText(outcome);
    expect(text).toMatch(/INSUFFICIENT\s+control AC-3/);
    expect(text).toContain('no rate limit on /login');
  });

  it('a verdict of this run replaces the report’s', () => {
    const m = model();
    m.sufficiency = [
      { controlId: 'AC-3', status: 'sufficient', gaps: [], reasoning: 'now covered', assertionSetHash: 'h' },
    ];
    expect(insufficientOf(m)).toEqual([]);
  });
});

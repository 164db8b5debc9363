import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/db/schema/index.js';
import type { Evaluator } from '../../src/llm/evaluator.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import { newModel } from './verification-fixtures.js';

/** An evaluation that could not be reached is never a pass: it stays unchecked/pending and a durable job retries it. */
let failing = true;
const seen: (string | undefined)[] = [];
const flakyEvaluator: Evaluator = {
  name: 'flaky',
  async coherence(_c, _a, context) {
    seen.push(context?.workspaceId);
    if (failing) return { status: 'unchecked', reason: 'provider timed out', evaluator: 'flaky', retry: true };
    return { status: 'coherent', reason: 'fits', evaluator: 'flaky' };
  },
  async sufficiency(_c, _a, context) {
    seen.push(context?.workspaceId);
    if (failing) throw new Error('provider down');
    return { status: 'sufficient', gaps: [], reasoning: 'covered', evaluator: 'flaky' };
  },
};

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp({}, { evaluator: flakyEvaluator });
  w = await createWorld(t.app);
}, 120_000);
afterAll(async () => t?.close());

describe('failed evaluations', () => {
  it('queue one coherence job per unjudged assertion and one sufficiency job per control, with the workspace passed on', async () => {
    const mid = await newModel(t.app, w);
    const res = await json<{
      assertions: { id: string; coherence: { status: string } }[];
      sufficiency: { status: string };
    }>(
      t.app.inject({
        method: 'POST',
        url: `/api/models/${mid}/controls/CTRL-01/assertions`,
        ...w.developerKey,
        payload: {
          assertions: [
            { type: 'function_exists', params: { file: 'auth.py', name: 'require_auth' }, description: 'auth exists' },
            {
              type: 'decorator_present',
              params: { file: 'api.py', function: 'get', decorator: 'login_required' },
              description: 'guarded',
            },
          ],
        },
      }),
      201,
    );
    expect(res.assertions.map((a) => a.coherence.status)).toEqual(['unchecked', 'unchecked']);
    expect(res.sufficiency.status).toBe('pending');
    expect(seen.every((ws) => ws === w.workspaceId)).toBe(true);

    const queued = await t.ctx.db.select().from(jobs);
    const coherenceJobs = queued
      .filter((j) => j.kind === 'coherence')
      .map((j) => (j.payload as { assertionId: string }).assertionId);
    expect(coherenceJobs.sort()).toEqual(res.assertions.map((a) => a.id).sort());
    expect(queued.filter((j) => j.kind === 'sufficiency').map((j) => j.payload)).toEqual([
      { modelId: mid, controlId: 'CTRL-01' },
    ]);
    expect(queued.every((j) => j.status === 'queued')).toBe(true);
  });

  it('queue nothing when the evaluator decides', async () => {
    failing = false;
    const before = (await t.ctx.db.select().from(jobs)).length;
    const mid = await newModel(t.app, w);
    await json(
      t.app.inject({
        method: 'POST',
        url: `/api/models/${mid}/controls/CTRL-01/assertions`,
        ...w.developerKey,
        payload: {
          assertions: [
            { type: 'function_exists', params: { file: 'auth.py', name: 'require_auth' }, description: 'auth exists' },
          ],
        },
      }),
      201,
    );
    expect((await t.ctx.db.select().from(jobs)).length).toBe(before);
  });
});

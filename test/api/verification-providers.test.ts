import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmUsage } from '../../src/db/schema/index.js';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import { answer, type FakeLlmServer, type Flavour, startFakeLlmServer } from '../helpers/fake-llm-server.js';
import { fnExists, newModel, pass, statusOf, submitAssertions, submitRun } from './verification-fixtures.js';

/**
 * The lifecycle through the REST API with the server's own evaluator: each LLM provider through its real SDK against a
 * fake server on 127.0.0.1, and the offline rules evaluator. No scripted evaluator is injected here.
 */

async function lifecycle(t: TestApp, w: World, expectedEvaluator: RegExp) {
  const mid = await newModel(t.app, w);
  const out = await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [
    {
      type: 'decorator_present',
      params: { file: 'api/views.py', function: 'AccountView.get', decorator: 'login_required' },
      description: 'Account endpoints require authentication',
    },
    fnExists('require_auth', { description: 'require_auth rejects requests without a valid session (authentication)' }),
  ]);
  expect(out.assertions.map((a) => a.coherence.status)).toEqual(['coherent', 'coherent']);
  expect(out.sufficiency.status).toBe('sufficient');
  expect(out.sufficiency.evaluator).toMatch(expectedEvaluator);
  const ids = out.assertions.map((a) => a.id);
  await submitRun(t.app, w.verifierKey, mid, { run_id: `${mid}-1`, results: pass(ids, 1) });
  await submitRun(t.app, w.verifierKey, mid, { run_id: `${mid}-2`, results: pass(ids, 2) });
  await json(
    t.app.inject({
      method: 'PATCH',
      url: `/api/models/${mid}/controls/CTRL-01`,
      ...w.developerKey,
      payload: { status: 'implemented' },
    }),
    200,
  );
  expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('verified');
  return { mid, ids };
}

describe.each<[Flavour, string]>([
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
])('with the %s provider', (flavour, provider) => {
  let fake: FakeLlmServer;
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    fake = await startFakeLlmServer();
    fake.fallback = (req) => {
      const text = JSON.stringify(req.body);
      // the sufficiency prompt asks for status/gaps, the coherence prompt for a verdict
      return text.includes('gaps')
        ? answer(flavour, JSON.stringify({ status: 'sufficient', gaps: [], reasoning: 'authentication is covered' }))
        : answer(flavour, JSON.stringify({ verdict: 'coherent', reason: 'the guard enforces authentication' }));
    };
    t = await createTestApp({
      ASSAY_LLM_PROVIDER: provider,
      ASSAY_LLM_BASE_URL: flavour === 'openai' ? `${fake.url}/v1` : fake.url,
      ASSAY_LLM_API_KEY: 'sk-test-not-a-real-key',
      ASSAY_LLM_MODEL: 'fake-model',
    });
    w = await createWorld(t.app);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('submit → tier 1 → tier 2 → sufficiency → implemented → verified, judged by the provider', async () => {
    await lifecycle(t, w, new RegExp(`^${provider}:`));
    expect(fake.requests.length).toBeGreaterThanOrEqual(3);
    const usage = await t.ctx.db.select().from(llmUsage);
    expect(
      usage.filter((u) => u.workspaceId === w.workspaceId).reduce((n, u) => n + u.calls, 0),
    ).toBeGreaterThanOrEqual(3);
  });

  it('an answer that is not the asked-for JSON never passes: the verdicts stay unchecked/pending', async () => {
    fake.queue.push(answer(flavour, 'YES'), answer(flavour, 'YES'), answer(flavour, 'sure'), answer(flavour, 'sure'));
    const mid = await newModel(t.app, w);
    const out = await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')]);
    expect(out.assertions[0]?.coherence.status).toBe('unchecked');
    expect(out.sufficiency.status).toBe('pending');
    expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('pending');
  });
});

describe('with the rules evaluator (no provider configured)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createWorld(t.app);
  }, 120_000);
  afterAll(async () => t?.close());

  it('reaches verified for evidence that covers the control, and says the rules evaluator decided', async () => {
    await lifecycle(t, w, /^rules/);
  });

  it('flags a file hash offered as proof of input validation as incoherent, and the control cannot verify', async () => {
    const mid = await newModel(t.app, w, [
      { id: 'CTRL-01', description: 'Validate all user input on the signup form' },
    ]);
    const out = await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [
      {
        type: 'file_hash',
        params: { file: 'signup.py', expected_hash: 'a'.repeat(64), pinned_in: 'deploy/verify.py' },
        description: 'signup form is unchanged',
      },
    ]);
    expect(out.assertions[0]?.coherence.status).toBe('incoherent');
    expect(out.coherence_warnings).toHaveLength(1);
    await submitRun(t.app, w.verifierKey, mid, { run_id: `${mid}-1`, results: pass([out.assertions[0]!.id], 1) });
    await submitRun(t.app, w.verifierKey, mid, { run_id: `${mid}-2`, results: pass([out.assertions[0]!.id], 2) });
    expect(await statusOf(t.app, w.owner, mid, 'CTRL-01')).toBe('partially_verified');
  });
});

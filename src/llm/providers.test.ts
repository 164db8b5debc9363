import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  anthropicMessage,
  type FakeLlmServer,
  openAiCompletion,
  serverError,
  startFakeLlmServer,
} from '../../test/helpers/fake-llm-server.js';
import { loadConfig } from '../config.js';
import { createEvaluator } from './index.js';
import { createAnthropicProvider } from './providers/anthropic.js';
import { createProvider, LlmError } from './providers/index.js';
import { createOpenAiProvider } from './providers/openai.js';

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.queue.length = 0;
});

const request = { system: 'be brief', prompt: 'say {}', maxTokens: 64, timeoutMs: 2000 };
const config = (env: Record<string, string>) =>
  loadConfig({ ASSAY_SESSION_SECRET: 'x'.repeat(40), ...env }, { ensureDataDir: false });

async function failure(p: Promise<unknown>): Promise<LlmError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmError);
  return err as LlmError;
}

describe('OpenAI provider (real SDK, fake server)', () => {
  it('sends a chat completion with the model, bearer key and JSON mode, and reads text and usage', async () => {
    fake.queue.push(openAiCompletion('{"ok":true}', { promptTokens: 11, completionTokens: 7, model: 'gpt-x-2025' }));
    const provider = createOpenAiProvider({ model: 'gpt-x', apiKey: 'sk-test-123', baseUrl: `${fake.url}/v1` });
    const out = await provider.complete(request);
    expect(out).toEqual({ text: '{"ok":true}', inputTokens: 11, outputTokens: 7, model: 'gpt-x-2025' });
    const [req] = fake.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer sk-test-123');
    expect(req?.body).toMatchObject({
      model: 'gpt-x',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'say {}' },
      ],
      max_tokens: 64,
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    expect(req?.headers['x-stainless-retry-count']).toBe('0');
  });

  it("format 'text' asks for no JSON mode; 'json' is the default", async () => {
    const provider = createOpenAiProvider({ model: 'gpt-x', apiKey: 'k', baseUrl: `${fake.url}/v1` });
    fake.queue.push(openAiCompletion('YES'), openAiCompletion('{}'), openAiCompletion('{}'));
    expect((await provider.complete({ ...request, format: 'text' })).text).toBe('YES');
    await provider.complete({ ...request, format: 'json' });
    await provider.complete(request);
    expect(fake.requests[0]?.body).not.toHaveProperty('response_format');
    expect(fake.requests[0]?.body).toMatchObject({ max_tokens: 64, temperature: 0 });
    expect(fake.requests[1]?.body).toMatchObject({ response_format: { type: 'json_object' } });
    expect(fake.requests[2]?.body).toMatchObject({ response_format: { type: 'json_object' } });
  });

  it('reasoning models get max_completion_tokens and no temperature', async () => {
    const provider = createOpenAiProvider({ model: 'o4-mini', apiKey: 'k', baseUrl: `${fake.url}/v1` });
    await provider.complete(request);
    expect(fake.requests[0]?.body).toMatchObject({ max_completion_tokens: 64 });
    expect(fake.requests[0]?.body).not.toHaveProperty('temperature');
    expect(fake.requests[0]?.body).not.toHaveProperty('max_tokens');
  });

  it('a 500 is a transient http error; a 401 is not, and its message does not echo the key', async () => {
    const provider = createOpenAiProvider({ model: 'm', apiKey: 'sk-secret-value', baseUrl: `${fake.url}/v1` });
    fake.queue.push(serverError(500));
    const e500 = await failure(provider.complete(request));
    expect(e500).toMatchObject({ kind: 'http', status: 500, transient: true });
    fake.queue.push({ status: 401, json: { error: { message: 'Incorrect API key provided: sk-secret-value' } } });
    const e401 = await failure(provider.complete(request));
    expect(e401).toMatchObject({ kind: 'http', status: 401, transient: false });
    expect(e401.message).not.toContain('sk-secret');
    // one request each: the SDK's own retries are off
    expect(fake.requests).toHaveLength(2);
  });

  it('times out after timeoutMs', async () => {
    const provider = createOpenAiProvider({ model: 'm', apiKey: 'k', baseUrl: `${fake.url}/v1` });
    fake.queue.push({ ...openAiCompletion('{}'), delayMs: 2000 });
    const started = Date.now();
    const err = await failure(provider.complete({ ...request, timeoutMs: 200 }));
    expect(err).toMatchObject({ kind: 'timeout', transient: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('an answer cut off by the token limit is malformed, with its usage', async () => {
    const provider = createOpenAiProvider({ model: 'm', apiKey: 'k', baseUrl: `${fake.url}/v1` });
    fake.queue.push(openAiCompletion('{"verdict": "coh', { finishReason: 'length', completionTokens: 64 }));
    const err = await failure(provider.complete(request));
    expect(err.kind).toBe('malformed');
    expect(err.usage?.outputTokens).toBe(64);
  });
});

describe('Anthropic provider (real SDK, fake server)', () => {
  it('sends a message with the model, key, API version and system text, and reads text and usage', async () => {
    fake.queue.push(anthropicMessage('{"ok":true}', { inputTokens: 13, outputTokens: 5, model: 'claude-x' }));
    const provider = createAnthropicProvider({ model: 'claude-x', apiKey: 'ant-test-456', baseUrl: fake.url });
    const out = await provider.complete(request);
    expect(out).toEqual({ text: '{"ok":true}', inputTokens: 13, outputTokens: 5, model: 'claude-x' });
    const [req] = fake.requests;
    expect(req?.path).toBe('/v1/messages');
    // SDK v1 (API version 2026-10-21) sends the key as a bearer token, no longer as x-api-key
    expect(req?.headers.authorization).toBe('Bearer ant-test-456');
    expect(req?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(req?.body).toEqual({
      model: 'claude-x',
      max_tokens: 64,
      system: 'be brief',
      messages: [{ role: 'user', content: 'say {}' }],
    });
  });

  it("format 'text' sends the same body (the Messages API has no JSON mode)", async () => {
    fake.queue.push(anthropicMessage('NO'));
    const provider = createAnthropicProvider({ model: 'claude-x', apiKey: 'k', baseUrl: fake.url });
    expect((await provider.complete({ ...request, format: 'text' })).text).toBe('NO');
    expect(fake.requests[0]?.body).toEqual({
      model: 'claude-x',
      max_tokens: 64,
      system: 'be brief',
      messages: [{ role: 'user', content: 'say {}' }],
    });
  });

  it('5xx, timeouts and truncated answers are transient failures', async () => {
    const provider = createAnthropicProvider({ model: 'c', apiKey: 'k', baseUrl: fake.url });
    fake.queue.push(serverError(529));
    expect(await failure(provider.complete(request))).toMatchObject({ kind: 'http', status: 529, transient: true });
    fake.queue.push({ ...anthropicMessage('{}'), delayMs: 2000 });
    expect(await failure(provider.complete({ ...request, timeoutMs: 200 }))).toMatchObject({ kind: 'timeout' });
    fake.queue.push(anthropicMessage('{"a":', { stopReason: 'max_tokens' }));
    expect(await failure(provider.complete(request))).toMatchObject({ kind: 'malformed', transient: true });
  });
});

describe('provider selection from the configuration', () => {
  it('ollama goes through the OpenAI-compatible API at ASSAY_OLLAMA_URL/v1', async () => {
    const provider = createProvider(
      config({ ASSAY_LLM_PROVIDER: 'ollama', ASSAY_OLLAMA_URL: fake.url, ASSAY_LLM_MODEL: 'llama3.1' }).llm,
    );
    expect(provider).toMatchObject({ name: 'ollama', model: 'llama3.1' });
    await provider.complete(request);
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]?.body).toMatchObject({ model: 'llama3.1', max_tokens: 64 });
  });

  it("ollama with format 'text' asks for no JSON mode", async () => {
    const provider = createProvider(
      config({ ASSAY_LLM_PROVIDER: 'ollama', ASSAY_OLLAMA_URL: fake.url, ASSAY_LLM_MODEL: 'llama3.1' }).llm,
    );
    fake.queue.push(openAiCompletion('YES'), openAiCompletion('{}'));
    await provider.complete({ ...request, format: 'text' });
    await provider.complete(request);
    expect(fake.requests[0]?.body).not.toHaveProperty('response_format');
    expect(fake.requests[1]?.body).toMatchObject({ response_format: { type: 'json_object' } });
  });

  it('openai with a base URL and the usual OPENAI_API_KEY', async () => {
    const c = config({
      ASSAY_LLM_PROVIDER: 'openai',
      ASSAY_LLM_BASE_URL: `${fake.url}/v1`,
      OPENAI_API_KEY: 'sk-from-env',
      ASSAY_LLM_MODEL: 'gpt-test',
    });
    expect(JSON.stringify(c)).not.toContain('sk-from-env');
    const evaluator = createEvaluator(c);
    expect(evaluator.name).toBe('openai:gpt-test');
    fake.queue.push(openAiCompletion('{"verdict":"coherent","reason":"fits"}'));
    const verdict = await evaluator.coherence(
      { id: 'C-1', description: 'Require authentication' },
      {
        type: 'decorator_present',
        params: { file: 'a.py', function: 'f', decorator: 'login_required' },
        description: '',
      },
    );
    expect(verdict).toEqual({ status: 'coherent', reason: 'fits', evaluator: 'openai:gpt-test' });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-from-env');
  });

  it('anthropic with ASSAY_LLM_API_KEY over ANTHROPIC_API_KEY', async () => {
    const c = config({
      ASSAY_LLM_PROVIDER: 'anthropic',
      ASSAY_LLM_BASE_URL: fake.url,
      ASSAY_LLM_API_KEY: 'assay-key',
      ANTHROPIC_API_KEY: 'other-key',
    });
    const evaluator = createEvaluator(c);
    expect(evaluator.name).toBe('anthropic:claude-haiku-4-5');
    fake.queue.push(anthropicMessage('{"status":"sufficient","gaps":[],"reasoning":"all covered"}'));
    const verdict = await evaluator.sufficiency({ id: 'C-1', description: 'Require authentication' }, []);
    expect(verdict).toMatchObject({ status: 'sufficient', gaps: [] });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer assay-key');
  });

  it('the rules evaluator is the default', () => {
    expect(createEvaluator(config({})).name).toBe('rules');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answer, type FakeLlmServer, startFakeLlmServer } from '../../../test/helpers/fake-llm-server.js';
import { UsageError } from '../errors.js';
import { createTier2Provider } from './llm.js';

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
  fake.fallback = (_req, flavour) => answer(flavour, 'YES');
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.queue.length = 0;
});

const request = { system: 's', prompt: 'p', maxTokens: 16, timeoutMs: 2000, format: 'text' as const };

function usageError(fn: () => unknown): UsageError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(UsageError);
  return caught as UsageError;
}

describe('createTier2Provider', () => {
  it('no provider named → null (tier 2 is skipped)', () => {
    expect(createTier2Provider({ env: { OPENAI_API_KEY: 'sk-x' } })).toBeNull();
  });

  it('openai: default model, key and base URL from the SDK variables', async () => {
    const provider = createTier2Provider({
      provider: 'openai',
      env: { OPENAI_API_KEY: 'sk-env-key', OPENAI_BASE_URL: `${fake.url}/v1/` },
    });
    expect(provider).toMatchObject({ name: 'openai', model: 'gpt-4o-mini' });
    expect((await provider?.complete(request))?.text).toBe('YES');
    const [req] = fake.requests;
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer sk-env-key');
    expect(req?.body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 16 });
    expect(req?.body).not.toHaveProperty('response_format');
  });

  it('openai: --tier2-api-key and --tier2-model win over the environment', async () => {
    const provider = createTier2Provider({
      provider: 'openai',
      model: 'gpt-test',
      apiKey: 'sk-flag-key',
      env: { OPENAI_API_KEY: 'sk-env-key', OPENAI_BASE_URL: `${fake.url}/v1` },
    });
    await provider?.complete(request);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-flag-key');
    expect(fake.requests[0]?.body).toMatchObject({ model: 'gpt-test' });
  });

  it('anthropic: default model, ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', async () => {
    const provider = createTier2Provider({
      provider: 'anthropic',
      env: { ANTHROPIC_API_KEY: 'ant-env-key', ANTHROPIC_BASE_URL: fake.url },
    });
    expect(provider).toMatchObject({ name: 'anthropic', model: 'claude-haiku-4-5' });
    expect((await provider?.complete(request))?.text).toBe('YES');
    expect(fake.requests[0]?.path).toBe('/v1/messages');
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer ant-env-key');
    expect(fake.requests[0]?.body).toMatchObject({ model: 'claude-haiku-4-5' });
  });

  it('a missing key is a usage error naming the variable (an empty variable counts as missing)', () => {
    expect(usageError(() => createTier2Provider({ provider: 'openai', env: {} })).message).toContain('OPENAI_API_KEY');
    expect(
      usageError(() => createTier2Provider({ provider: 'anthropic', env: { ANTHROPIC_API_KEY: '  ' } })).message,
    ).toContain('ANTHROPIC_API_KEY');
    // the other provider's key does not count
    expect(
      usageError(() => createTier2Provider({ provider: 'anthropic', env: { OPENAI_API_KEY: 'sk-x' } })).message,
    ).toContain('ANTHROPIC_API_KEY');
  });

  it('an invalid base URL is a usage error that does not echo the URL (it may hold credentials)', () => {
    const bad = usageError(() =>
      createTier2Provider({ provider: 'openai', env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'not a url' } }),
    );
    expect(bad.message).toContain('OPENAI_BASE_URL');
    const ftp = usageError(() =>
      createTier2Provider({
        provider: 'anthropic',
        env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'ftp://user:hunter2@example.com' },
      }),
    );
    expect(ftp.message).toContain('ANTHROPIC_BASE_URL');
    expect(ftp.message).not.toContain('hunter2');
    usageError(() => createTier2Provider({ provider: 'ollama', ollamaUrl: 'http://[::1', env: {} }));
  });

  it('an unknown provider name is a usage error', () => {
    const e = usageError(() =>
      createTier2Provider({ provider: 'gemini' as unknown as 'openai', env: { OPENAI_API_KEY: 'k' } }),
    );
    expect(e.message).toMatch(/openai, anthropic, ollama/);
  });

  it('ollama: no key, default model, --ollama-url through the OpenAI-compatible API', async () => {
    const provider = createTier2Provider({ provider: 'ollama', ollamaUrl: fake.url, env: {} });
    expect(provider).toMatchObject({ name: 'ollama', model: 'llama3.1' });
    expect((await provider?.complete(request))?.text).toBe('YES');
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]?.body).toMatchObject({ model: 'llama3.1' });
  });

  it('ollama: OLLAMA_HOST as host:port without a scheme; the flag wins over it', async () => {
    const hostPort = fake.url.replace('http://', '');
    const fromEnv = createTier2Provider({ provider: 'ollama', model: 'qwen', env: { OLLAMA_HOST: hostPort } });
    await fromEnv?.complete(request);
    expect(fake.requests).toHaveLength(1);
    const fromFlag = createTier2Provider({
      provider: 'ollama',
      ollamaUrl: fake.url,
      env: { OLLAMA_HOST: 'http://127.0.0.1:9' },
    });
    await fromFlag?.complete(request);
    expect(fake.requests).toHaveLength(2);
  });

  it('ollama: the default URL when neither flag nor OLLAMA_HOST is given', async () => {
    const provider = createTier2Provider({ provider: 'ollama', env: {} });
    expect(provider).toMatchObject({ name: 'ollama', model: 'llama3.1' });
  });
});

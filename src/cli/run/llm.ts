import { createAnthropicProvider } from '../../llm/providers/anthropic.js';
import { createOllamaProvider } from '../../llm/providers/ollama.js';
import { createOpenAiProvider } from '../../llm/providers/openai.js';
import type { LlmProvider } from '../../llm/providers/provider.js';
import { UsageError } from '../errors.js';

/**
 * The LLM that `assay run` asks for tier 2 and sufficiency, chosen by `--tier2-provider`. It reuses the server's
 * providers (the official SDKs, retries off); only the configuration differs: flags first, then each SDK's usual
 * environment variables, so a CI job configured for the SDK works unchanged.
 */

export type Tier2ProviderName = 'openai' | 'anthropic' | 'ollama';

export const TIER2_PROVIDERS: readonly Tier2ProviderName[] = ['openai', 'anthropic', 'ollama'];

export const DEFAULT_TIER2_MODELS: Readonly<Record<Tier2ProviderName, string>> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  ollama: 'llama3.1',
};

export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';
const OLLAMA_PORT = '11434';

export interface Tier2ProviderOptions {
  provider?: Tier2ProviderName;
  model?: string;
  apiKey?: string;
  ollamaUrl?: string;
  env: NodeJS.ProcessEnv;
}

/** An environment variable or flag value, with empty strings counted as unset (CI templates often set `VAR=`). */
const given = (value: string | undefined): string | undefined => {
  const v = value?.trim();
  return v ? v : undefined;
};

/**
 * An http(s) URL as a string, or a UsageError naming where it came from. The value itself is not echoed: a URL may
 * carry credentials.
 */
function httpUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http:// or https:// URL`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Ollama's own convention for OLLAMA_HOST: `host`, `host:port` or a URL; without a scheme it is http, without a port
 * 11434.
 */
function ollamaBase(value: string, source: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return httpUrl(value, source);
  const withScheme = `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`${source} is not a valid host or URL`);
  }
  if (!url.port) url.port = OLLAMA_PORT;
  return httpUrl(url.toString(), source);
}

function keyFor(o: Tier2ProviderOptions, envName: 'OPENAI_API_KEY' | 'ANTHROPIC_API_KEY'): string {
  const key = given(o.apiKey) ?? given(o.env[envName]);
  if (!key) {
    throw new UsageError(`--tier2-provider ${o.provider} needs an API key: set ${envName} or pass --tier2-api-key`);
  }
  return key;
}

/** The configured tier-2 provider, or null when none is named (tier 2 and sufficiency are then skipped). */
export function createTier2Provider(o: Tier2ProviderOptions): LlmProvider | null {
  const name = given(o.provider);
  if (!name) return null;
  if (!TIER2_PROVIDERS.includes(name as Tier2ProviderName)) {
    throw new UsageError(`unknown --tier2-provider ${JSON.stringify(name)}: use ${TIER2_PROVIDERS.join(', ')}`);
  }
  const provider = name as Tier2ProviderName;
  const model = given(o.model) ?? DEFAULT_TIER2_MODELS[provider];
  switch (provider) {
    case 'openai': {
      const apiKey = keyFor(o, 'OPENAI_API_KEY');
      const base = given(o.env.OPENAI_BASE_URL);
      return createOpenAiProvider({
        model,
        apiKey,
        baseUrl: base === undefined ? undefined : httpUrl(base, 'OPENAI_BASE_URL'),
      });
    }
    case 'anthropic': {
      const apiKey = keyFor(o, 'ANTHROPIC_API_KEY');
      const base = given(o.env.ANTHROPIC_BASE_URL);
      return createAnthropicProvider({
        model,
        apiKey,
        baseUrl: base === undefined ? undefined : httpUrl(base, 'ANTHROPIC_BASE_URL'),
      });
    }
    case 'ollama': {
      const flag = given(o.ollamaUrl);
      const env = given(o.env.OLLAMA_HOST);
      const url = flag ? ollamaBase(flag, '--ollama-url') : env ? ollamaBase(env, 'OLLAMA_HOST') : DEFAULT_OLLAMA_URL;
      return createOllamaProvider({ ollamaUrl: url, model });
    }
  }
}

import { createOpenAiProvider } from './openai.js';
import type { LlmProvider } from './provider.js';

/**
 * Ollama through its OpenAI-compatible API at `${ollamaUrl}/v1`, reusing the OpenAI provider: no extra dependency,
 * the same tested request path, and Ollama's compatibility layer supports what we use (chat completions, JSON mode,
 * `max_tokens`, token usage); `format: 'text'` leaves JSON mode off, as for OpenAI. Ollama needs no key; the SDK
 * insists on one, so a placeholder is sent.
 */
export function createOllamaProvider(options: { ollamaUrl: string; model: string }): LlmProvider {
  return createOpenAiProvider({
    name: 'ollama',
    model: options.model,
    baseUrl: `${options.ollamaUrl.replace(/\/+$/, '')}/v1`,
    apiKey: 'ollama',
  });
}

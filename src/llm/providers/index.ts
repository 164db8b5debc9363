import type { LlmConfig } from '../../config.js';
import { createAnthropicProvider } from './anthropic.js';
import { createOllamaProvider } from './ollama.js';
import { createOpenAiProvider } from './openai.js';
import type { LlmProvider } from './provider.js';

export type { Completion, CompletionRequest, LlmProvider } from './provider.js';
export { LlmError } from './provider.js';

/** The provider ASSAY_LLM_PROVIDER names (not `rules`, which needs none). */
export function createProvider(llm: LlmConfig): LlmProvider {
  const apiKey = llm.apiKey?.reveal();
  switch (llm.provider) {
    case 'openai':
      return createOpenAiProvider({ model: llm.model, apiKey, baseUrl: llm.baseUrl });
    case 'anthropic':
      return createAnthropicProvider({ model: llm.model, apiKey, baseUrl: llm.baseUrl });
    case 'ollama':
      return createOllamaProvider({ ollamaUrl: llm.ollamaUrl, model: llm.model });
    case 'rules':
      throw new Error('the rules evaluator has no LLM provider');
  }
}

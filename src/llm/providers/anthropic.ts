import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { type Completion, type CompletionRequest, LlmError, type LlmProvider, toLlmError } from './provider.js';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

export interface AnthropicProviderOptions {
  model: string;
  apiKey?: string | undefined;
  /** An Anthropic-compatible server; the official API when not given. */
  baseUrl?: string | undefined;
}

/**
 * The Messages API through the official `@anthropic-ai/sdk` (v1, API version 2026-10-21, which takes the key as a
 * bearer token; it has no temperature parameter). The Messages API has no JSON mode, so `format` changes nothing
 * here: a `json` request relies on the system text asking for JSON. SDK retries are off: the evaluator and the job
 * runner decide when to try again. The key is always passed, so the SDK never goes looking for profiles or credential files.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): LlmProvider {
  const client = new Anthropic({
    apiKey: options.apiKey ?? 'unused',
    authToken: null,
    webhookKey: null,
    baseURL: options.baseUrl ?? ANTHROPIC_BASE_URL,
    maxRetries: 0,
  });
  return {
    name: 'anthropic',
    model: options.model,
    async complete(request: CompletionRequest): Promise<Completion> {
      let res: Anthropic.Message;
      try {
        res = await client.messages.create(
          {
            model: options.model,
            max_tokens: request.maxTokens,
            system: request.system,
            messages: [{ role: 'user', content: request.prompt }],
          },
          { timeout: request.timeoutMs, maxRetries: 0, signal: request.signal },
        );
      } catch (err) {
        throw toLlmError(
          err,
          { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError },
          'anthropic',
          request.timeoutMs,
          options.apiKey,
        );
      }
      const usage = {
        inputTokens: res.usage?.input_tokens ?? 0,
        outputTokens: res.usage?.output_tokens ?? 0,
        model: res.model || options.model,
      };
      const text = (res.content ?? [])
        .flatMap((block) => (block.type === 'text' ? [block.text] : []))
        .join('')
        .trim();
      if (!text) throw new LlmError('malformed', 'anthropic answered without text', true, undefined, usage);
      if (res.stop_reason === 'max_tokens') {
        throw new LlmError(
          'malformed',
          `anthropic answer cut off at ${request.maxTokens} tokens`,
          true,
          undefined,
          usage,
        );
      }
      return { text, ...usage };
    },
  };
}

import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { type Completion, type CompletionRequest, LlmError, type LlmProvider, toLlmError } from './provider.js';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiProviderOptions {
  model: string;
  apiKey?: string | undefined;
  /** An OpenAI-compatible server (vLLM, LM Studio, Ollama …); the official API when not given. */
  baseUrl?: string | undefined;
  /** Reported as the provider name: `openai`, or `ollama` when Ollama is spoken to through this provider. */
  name?: string;
}

/** Reasoning models accept neither a temperature nor `max_tokens`. */
const REASONING_MODEL = /^(o\d|gpt-5)/i;

/**
 * Chat completions through the official `openai` SDK (v6: the last major that runs on Node 20). JSON mode is asked
 * for unless the request wants `text`; the answer is checked by the caller anyway. SDK retries are off: the evaluator
 * and the job runner decide when to try again. Every SDK default that would read the environment (base URL, organization, project) is given
 * explicitly, so configuration comes from src/config.ts only.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const name = options.name ?? 'openai';
  const official = !options.baseUrl;
  const key = options.apiKey ?? 'unused';
  const client = new OpenAI({
    apiKey: key,
    baseURL: options.baseUrl ?? OPENAI_BASE_URL,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
  });
  const reasoning = REASONING_MODEL.test(options.model);
  return {
    name,
    model: options.model,
    async complete(request: CompletionRequest): Promise<Completion> {
      // the official API wants max_completion_tokens; compatible servers mostly know only max_tokens
      const limit =
        official || reasoning ? { max_completion_tokens: request.maxTokens } : { max_tokens: request.maxTokens };
      let res: OpenAI.Chat.Completions.ChatCompletion;
      try {
        res = await client.chat.completions.create(
          {
            model: options.model,
            messages: [
              { role: 'system', content: request.system },
              { role: 'user', content: request.prompt },
            ],
            ...limit,
            ...(reasoning ? {} : { temperature: 0 }),
            ...(request.format === 'text' ? {} : { response_format: { type: 'json_object' as const } }),
          },
          { timeout: request.timeoutMs, maxRetries: 0, signal: request.signal },
        );
      } catch (err) {
        throw toLlmError(
          err,
          { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError },
          name,
          request.timeoutMs,
          options.apiKey,
        );
      }
      const usage = {
        inputTokens: res.usage?.prompt_tokens ?? 0,
        outputTokens: res.usage?.completion_tokens ?? 0,
        model: res.model || options.model,
      };
      const choice = res.choices?.[0];
      const text = choice?.message?.content;
      if (!text) throw new LlmError('malformed', `${name} answered without text`, true, undefined, usage);
      if (choice.finish_reason === 'length') {
        throw new LlmError(
          'malformed',
          `${name} answer cut off at ${request.maxTokens} tokens`,
          true,
          undefined,
          usage,
        );
      }
      return { text, ...usage };
    },
  };
}

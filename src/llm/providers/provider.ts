/**
 * The one interface every LLM provider implements: a system text and a prompt in, text and token counts out. The
 * evaluator knows nothing else about providers, so adding one is one file.
 */

export interface CompletionRequest {
  system: string;
  prompt: string;
  maxTokens: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * `json` (the default): the answer must be one JSON object, and providers with a JSON mode ask for it. `text`: a
   * plain-text answer (tier-2 YES/NO, sufficiency verdicts); no JSON mode is asked for.
   */
  format?: 'json' | 'text';
}

export interface Completion {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** The model that answered, as the provider reports it. */
  model: string;
}

export interface LlmProvider {
  /** `openai`, `anthropic`, `ollama`: the first half of the evaluator name and the `provider` of llm_usage. */
  readonly name: string;
  /** The model asked for. */
  readonly model: string;
  complete(request: CompletionRequest): Promise<Completion>;
}

export type LlmErrorKind = 'timeout' | 'network' | 'http' | 'aborted' | 'malformed';

/**
 * Why a call gave no usable answer. `transient` failures (timeouts, network errors, 408/409/429 and 5xx, an answer
 * that is not the JSON asked for) may succeed when tried again; the others (400, 401, 403, 404) need a person. The
 * message never contains the API key.
 */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly transient: boolean,
    readonly status?: number,
    /** tokens the failed call still consumed (a malformed answer was paid for) */
    readonly usage?: { inputTokens: number; outputTokens: number; model: string },
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

/** The error classes both Stainless-generated SDKs (openai, @anthropic-ai/sdk) export. */
export interface SdkErrors {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

const TRANSIENT_STATUS = new Set([408, 409, 425, 429]);

/** An SDK error → LlmError, with the key scrubbed from any message the server echoed. */
export function toLlmError(err: unknown, sdk: SdkErrors, provider: string, timeoutMs: number, key?: string): LlmError {
  if (err instanceof LlmError) return err;
  const scrub = (text: string) => (key ? text.split(key).join('[redacted]') : text).slice(0, 300);
  if (err instanceof sdk.APIConnectionTimeoutError) {
    return new LlmError('timeout', `${provider} gave no answer within ${timeoutMs} ms`, true);
  }
  if (err instanceof sdk.APIUserAbortError) return new LlmError('aborted', `${provider} call aborted`, true);
  if (err instanceof sdk.APIConnectionError) {
    return new LlmError('network', `${provider} unreachable: ${scrub(err.message)}`, true);
  }
  if (err instanceof sdk.APIError && typeof err.status === 'number') {
    const status = err.status;
    const transient = status >= 500 || TRANSIENT_STATUS.has(status);
    // 401/403 bodies may quote part of the key
    const detail = status === 401 || status === 403 ? 'credentials refused' : scrub(err.message);
    return new LlmError('http', `${provider} answered HTTP ${status}: ${detail}`, transient, status);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LlmError('network', `${provider} call failed: ${scrub(message)}`, true);
}

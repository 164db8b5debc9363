import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake LLM server on 127.0.0.1 that speaks the OpenAI chat-completions and the Anthropic messages shapes, so the
 * providers are tested through their real SDKs. Every request is recorded; each answer comes from `reply`, which a
 * test sets (a queue of replies, or a function of the request).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeReply {
  status?: number;
  /** JSON body; or `raw` for a body that is not JSON */
  json?: unknown;
  raw?: string;
  /** answer only after this long (to provoke client timeouts) */
  delayMs?: number;
}

export type Flavour = 'openai' | 'anthropic';

export interface FakeLlmServer {
  /** http://127.0.0.1:port */
  url: string;
  requests: RecordedRequest[];
  /** Answers in order; when the queue is empty, `fallback` answers. */
  queue: FakeReply[];
  fallback: (req: RecordedRequest, flavour: Flavour) => FakeReply;
  close(): Promise<void>;
}

/** An OpenAI chat completion whose message content is `content`. */
export function openAiCompletion(
  content: string,
  options: { model?: string; promptTokens?: number; completionTokens?: number; finishReason?: string } = {},
): FakeReply {
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: options.model ?? 'fake-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          finish_reason: options.finishReason ?? 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: options.promptTokens ?? 100,
        completion_tokens: options.completionTokens ?? 20,
        total_tokens: (options.promptTokens ?? 100) + (options.completionTokens ?? 20),
      },
    },
  };
}

/** An Anthropic message whose text is `text`. */
export function anthropicMessage(
  text: string,
  options: { model?: string; inputTokens?: number; outputTokens?: number; stopReason?: string } = {},
): FakeReply {
  return {
    json: {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: options.model ?? 'fake-claude',
      content: [{ type: 'text', text }],
      stop_reason: options.stopReason ?? 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: options.inputTokens ?? 120, output_tokens: options.outputTokens ?? 30 },
    },
  };
}

/** The answer shape of the request's flavour, with this text. */
export const answer = (flavour: Flavour, text: string): FakeReply =>
  flavour === 'openai' ? openAiCompletion(text) : anthropicMessage(text);

export const serverError = (status = 500): FakeReply => ({
  status,
  json: { error: { type: 'server_error', message: 'the fake server is having a bad day' } },
});

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeLlmServer = {
    url: '',
    requests,
    queue: [],
    fallback: (_req, flavour) => answer(flavour, '{"verdict":"coherent","reason":"fake"}'),
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { unparsable: text };
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      const recorded: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body };
      requests.push(recorded);
      const flavour: Flavour | undefined = path.endsWith('/chat/completions')
        ? 'openai'
        : path.endsWith('/messages')
          ? 'anthropic'
          : undefined;
      const reply: FakeReply = !flavour
        ? { status: 404, json: { error: { message: `no route ${path}` } } }
        : (fake.queue.shift() ?? fake.fallback(recorded, flavour));
      const send = () => {
        if (res.destroyed) return;
        const payload = reply.raw ?? JSON.stringify(reply.json ?? {});
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.raw === undefined ? 'application/json' : 'text/plain',
          'x-request-id': `req_${requests.length}`,
        });
        res.end(payload);
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

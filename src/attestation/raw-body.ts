import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import { AppError } from '../http/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body exactly as received, kept only by routes that verify signatures over it. */
    rawBody?: Buffer;
  }
}

/**
 * A preParsing hook that keeps the exact request bytes (a signed_hash may cover them) and hands the same bytes on to
 * the normal JSON parser. The body limit is enforced here as well, so keeping the copy cannot be used to buffer more.
 */
export function keepRawBody(limit: number) {
  return async (request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += b.length;
      if (size > limit) {
        const err = new AppError(413, 'body_too_large', 'The request body is too large.');
        throw err;
      }
      chunks.push(b);
    }
    const raw = Buffer.concat(chunks);
    request.rawBody = raw;
    const copy = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
    copy.receivedEncodedLength = raw.length;
    return copy;
  };
}

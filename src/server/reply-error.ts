import type { FastifyReply } from 'fastify';
import { statusOf, type ErrorCode } from '../error-codes.js';

/**
 * Answers a request with `{error, code}` and the code's status from the catalogue, for a route
 * that answers a refusal itself (it logs its own line, or answers before the body is read)
 * rather than throwing to the server's error handler.
 */
export function replyError(reply: FastifyReply, code: ErrorCode, error: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(statusOf(code) ?? 500).send({ error, code, ...extra });
}

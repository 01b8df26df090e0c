import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { OfficerRepository } from '../domain/officers.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { guard } from './auth.js';

/** The queues always shown (the outbound ones of every channel that can run, the surveys, the notices). */
const KNOWN = ['surveys', 'notices', 'outbound-webchat', 'outbound-telegram', 'outbound-whatsapp'];

/**
 * The dashboard's own page needs inline styles (its loading screen) but no inline script and
 * nothing from elsewhere: its web font link is refused, the system font is used.
 */
const QUEUES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Every BullMQ queue under our prefix: the known ones, and any other found in Redis. */
async function queueNames(redis: Redis, keys: Keys): Promise<string[]> {
  const names = new Set(KNOWN);
  const head = `${keys.bullPrefix()}:`;
  for await (const batch of redis.scanIterator({ MATCH: `${head}*:meta`, COUNT: 500 })) {
    for (const key of batch) names.add(key.slice(head.length, -':meta'.length));
  }
  return [...names].sort();
}

/**
 * `/console/queues`: the BullMQ dashboard (@bull-board) for admins, inside the console's scope
 * (its session, the admin role). Read and retry failed jobs, see delays; nothing a beneficiary sends shows there but ids.
 */
export async function queuesDashboard(app: FastifyInstance, o: { redis: Redis; keys: Keys; officers: OfficerRepository }): Promise<{ close(): Promise<void> }> {
  const queues = (await queueNames(o.redis, o.keys)).map((name) => new Queue(name, { connection: o.redis, prefix: o.keys.bullPrefix() }));
  const board = new FastifyAdapter();
  board.setBasePath('/console/queues');
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: board, options: { uiConfig: { boardTitle: 'Sanad queues' } } });
  await app.register(async (scope) => {
    scope.addHook('onRequest', guard(o.officers, 'admin'));
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header('content-security-policy', QUEUES_CSP).header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer');
      return payload;
    });
    await scope.register(board.registerPlugin(), { prefix: '/console/queues' });
  });
  return { close: async () => void (await Promise.all(queues.map((q) => q.close()))) };
}

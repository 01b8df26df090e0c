import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { startOutbound, type Outbound } from '../../src/jobs/outbound.js';
import type { Sender } from '../../src/channels/ports.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { silentLog, testCore } from '../support/core.js';
import { waitFor } from '../support/wait-for.js';

/**
 * A turn that fails after its replies were queued (an event or a transcript write refused) is
 * dropped with the state as it was; its turn number must still be used up, or the next message
 * takes the failed turn's keys and its reply is taken for that turn's, never queued.
 */
let redis: Redis;
let core: Core;
let outbound: Outbound;
const prefix = uniquePrefix('failed-turn');
const delivered: string[] = [];
let failNextAfterQueueing = false;

beforeAll(async () => {
  redis = await connectTestRedis();
  core = await testCore(redis, prefix);
  // The real outbound queue and worker; the channel's sender queues, then (once) the turn fails after it.
  let queue: Sender | undefined;
  outbound = await startOutbound({
    channel: 'test',
    ports: { store: { redis, keys: core.keys }, outbound: { register: (_c, s) => void (queue = s) } },
    log: silentLog,
    deliver: async (_ref, m) => void delivered.push(m.text),
    conversationTtlHours: 24,
    worker: { retryBaseMs: 50, retryMaxMs: 100 },
  });
  core.outbound.register('test', async (ref, messages, key, origin) => {
    await queue!(ref, messages, key, origin);
    if (failNextAfterQueueing) {
      failNextAfterQueueing = false;
      throw new Error('the turn failed after its replies were queued');
    }
  });
});
afterAll(async () => {
  await outbound.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('a turn that fails after queueing its replies', () => {
  it('leaves the next message its own turn: every message gets its own delivery job', async () => {
    const ref = { channel: 'test' as const, address: 'f1' };
    await core.runner.handle({ ref, messageId: 'f1-1', text: 'السلام عليكم' });
    failNextAfterQueueing = true;
    await core.runner.handle({ ref, messageId: 'f1-2', text: 'ما هي أوقات العمل؟' });
    await core.runner.handle({ ref, messageId: 'f1-3', text: 'وين موقعكم؟' });
    const jobs = await outbound.queue.queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'], 0, -1);
    expect(jobs.filter((j) => j.data.ref.address === 'f1')).toHaveLength(3);
    // The third message's answer (the location) went out: it was not taken for the failed turn's.
    await waitFor(() => delivered.some((t) => /موقع|الرياض/.test(t)) && delivered.length >= 4, 'the replies to the three messages');
  });
});

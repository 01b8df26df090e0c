import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { RefusedError, RetryLaterError } from '../../src/jobs/delivery-errors.js';
import { startOutbound, type Outbound } from '../../src/jobs/outbound.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { silentLog, testCore } from '../support/core.js';
import { sleep, waitFor } from '../support/wait-for.js';

/**
 * The outbound path with a real BullMQ worker on the real Redis. The platform is a recording
 * function that can be told to fail the next calls for a given text.
 */
let redis: Redis;
let core: Core;
const prefix = uniquePrefix('outbound');
let outbound: Outbound | undefined;

type Sent = { address: string; text: string; at: number };
let sent: Sent[] = [];
let calls = 0;
const failNext = new Map<string, Error[]>();

async function deliver(ref: ConversationRef, message: OutboundMessage): Promise<void> {
  calls++;
  const failure = failNext.get(message.text)?.shift();
  if (failure) throw failure;
  sent.push({ address: ref.address, text: message.text, at: Date.now() });
}

async function start(worker: Parameters<typeof startOutbound>[0]['worker'] = {}) {
  outbound = await startOutbound({
    channel: 'test',
    ports: { store: { redis, keys: core.keys }, outbound: core.outbound },
    log: silentLog,
    deliver,
    conversationTtlHours: 24,
    worker: { retryBaseMs: 50, retryMaxMs: 200, ...worker },
  });
  return outbound;
}

const msg = (text: string): OutboundMessage => ({ text, locale: 'ar' });
const ref = (address: string): ConversationRef => ({ channel: 'test', address });

beforeAll(async () => {
  redis = await connectTestRedis();
  core = await testCore(redis, prefix);
});
afterEach(async () => {
  await outbound?.stop();
  outbound = undefined;
  sent = [];
  calls = 0;
  failNext.clear();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('outbound delivery (BullMQ)', () => {
  it('queues a turn once when the runner hands it over twice (a crash before its commit)', async () => {
    const out = await start();
    const id1 = await out.queue.enqueue(ref('a1'), [msg('مرحبا'), msg('القائمة')], 'test:a1:1');
    const id2 = await out.queue.enqueue(ref('a1'), [msg('مرحبا'), msg('القائمة')], 'test:a1:1');
    expect(id2).toBe(id1);
    await waitFor(() => sent.length === 2, 'the two messages');
    await sleep(200);
    expect(sent.map((s) => s.text)).toEqual(['مرحبا', 'القائمة']);
    // Handed over again after delivery (the turn re-handled later): still not sent again.
    await out.queue.enqueue(ref('a1'), [msg('مرحبا'), msg('القائمة')], 'test:a1:1');
    await sleep(200);
    expect(sent).toHaveLength(2);
  });

  it('keeps order per conversation: turn 2 waits while turn 1 is retried after network errors', async () => {
    const out = await start();
    failNext.set('first', [new Error('ECONNRESET'), new Error('ETIMEDOUT')]);
    await out.queue.enqueue(ref('b1'), [msg('first')], 'test:b1:1');
    await out.queue.enqueue(ref('b1'), [msg('second')], 'test:b1:2');
    await out.queue.enqueue(ref('b2'), [msg('other conversation')], 'test:b2:1');
    await waitFor(() => sent.length === 3, 'three deliveries');
    const order = sent.filter((s) => s.address === 'b1').map((s) => s.text);
    expect(order).toEqual(['first', 'second']);
    // The other conversation was not held up by b1's retries.
    expect(sent[0]!.text).toBe('other conversation');
    expect(calls).toBe(5);
  });

  it('resumes a turn after the last message the platform accepted', async () => {
    const out = await start();
    failNext.set('two', [new Error('socket hang up')]);
    await out.queue.enqueue(ref('c1'), [msg('one'), msg('two'), msg('three')], 'test:c1:1');
    await waitFor(() => sent.length === 3, 'three messages');
    expect(sent.map((s) => s.text)).toEqual(['one', 'two', 'three']);
  });

  it('waits as long as the platform asks (retry_after) without using an attempt, and delivers once', async () => {
    const out = await start({ attempts: 1 });
    failNext.set('limited', [new RetryLaterError(400, '429: Too Many Requests: retry after 0.4')]);
    const t0 = Date.now();
    const id = await out.queue.enqueue(ref('d1'), [msg('limited')], 'test:d1:1');
    await waitFor(() => sent.length === 1, 'the delivery');
    expect(sent[0]!.at - t0).toBeGreaterThanOrEqual(400);
    await sleep(100);
    expect(sent).toHaveLength(1);
    expect(await out.queue.queue.getJobState(id)).toBe('completed');
  });

  it('fails a turn the platform refuses for good, with its reason, and goes on with the next turn', async () => {
    const out = await start();
    failNext.set('refused', [new RefusedError('403: Forbidden: bot was blocked by the user')]);
    const id = await out.queue.enqueue(ref('e1'), [msg('refused')], 'test:e1:1');
    await out.queue.enqueue(ref('e1'), [msg('after')], 'test:e1:2');
    await waitFor(() => sent.length === 1, 'the next turn');
    const job = await out.queue.queue.getJob(id);
    expect(await job!.getState()).toBe('failed');
    expect(job!.failedReason).toBe('403: Forbidden: bot was blocked by the user');
    expect(job!.attemptsMade).toBe(1);
    expect(calls).toBe(2);
  });

  it('fails a turn after its last attempt', async () => {
    const out = await start({ attempts: 3 });
    failNext.set('down', [new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), new Error('ECONNREFUSED')]);
    const id = await out.queue.enqueue(ref('f1'), [msg('down')], 'test:f1:1');
    await waitFor(async () => (await out.queue.queue.getJobState(id)) === 'failed', 'the job to fail');
    expect(calls).toBe(3);
    expect((await out.queue.queue.getJob(id))!.failedReason).toBe('ECONNREFUSED');
  });

  it('prunes completed jobs and reports counts', async () => {
    const out = await start();
    await out.queue.enqueue(ref('g1'), [msg('x')], 'test:g1:1');
    await waitFor(() => sent.length === 1, 'the delivery');
    expect(await out.counts()).toMatchObject({ waiting: 0, active: 0, delayed: 0 });
    const opts = out.queue.queue.defaultJobOptions;
    expect(opts.removeOnComplete).toMatchObject({ age: 3600 });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { startOutbound, type Outbound } from '../../src/jobs/outbound.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { silentLog, testCore } from '../support/core.js';
import { sleep, waitFor } from '../support/wait-for.js';

/**
 * Who sends a turn: the worker, or the channel's acknowledgement (TurnClaims), on a real BullMQ
 * worker and the real Redis. The platform is a recording function; the "answer" is the text of
 * a one-message turn.
 */
let redis: Redis;
let core: Core;
const prefix = uniquePrefix('claims');
let outbound: Outbound | undefined;
let sent: { address: string; text: string }[] = [];
const failNext = new Map<string, number>();

const HOLD_MS = 30_000;
const msg = (text: string): OutboundMessage => ({ text, locale: 'ar' });
const ref = (address: string): ConversationRef => ({ channel: 'test', address });
/** One message: its text is the call; more: no one call. */
const render = (_ref: ConversationRef, messages: OutboundMessage[]) => (messages.length === 1 ? messages[0]!.text : undefined);

async function start(): Promise<Outbound & { claims: NonNullable<Outbound['claims']> }> {
  outbound = await startOutbound({
    channel: 'test',
    ports: { store: { redis, keys: core.keys }, outbound: core.outbound },
    log: silentLog,
    deliver: async (r, m) => {
      const left = failNext.get(m.text) ?? 0;
      if (left > 0) {
        failNext.set(m.text, left - 1);
        throw new Error('ECONNRESET');
      }
      sent.push({ address: r.address, text: m.text });
    },
    conversationTtlHours: 24,
    worker: { retryBaseMs: 100, retryMaxMs: 200 },
    answers: { holdMs: (origin) => (origin?.startsWith('update-') ? HOLD_MS : 0), render },
  });
  return outbound as Outbound & { claims: NonNullable<Outbound['claims']> };
}

/** A turn answering platform message `origin`, as the runner hands it over. */
const turn = (address: string, texts: string[], key: string, origin?: string) => core.outbound.send(ref(address), texts.map(msg), key, origin);

beforeAll(async () => {
  redis = await connectTestRedis();
  core = await testCore(redis, prefix);
});
afterEach(async () => {
  await outbound?.stop();
  outbound = undefined;
  sent = [];
  failNext.clear();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('turn claims: the worker or the acknowledgement, never both', () => {
  it('holds a turn for its acknowledgement, which claims it; the worker then completes it without sending', async () => {
    const out = await start();
    await turn('a1', ['مرحبا'], 'test:a1:1', 'update-1');
    const jobId = (await redis.get(core.keys.outboundOrigin('test', 'update-1')))!;
    expect(await out.queue.queue.getJobState(jobId)).toBe('delayed');
    expect(await out.claims.answer('update-1')).toBe('مرحبا');
    await waitFor(async () => (await out.queue.queue.getJobState(jobId)) === 'completed', 'the job completed');
    expect(sent).toEqual([]);
    // The message again (its answer lost): the same answer, still nothing sent by the worker.
    expect(await out.claims.answer('update-1')).toBe('مرحبا');
    await sleep(200);
    expect(sent).toEqual([]);
  });

  it('leaves a turn the worker has to the worker, and one that is not one call, at once', async () => {
    const out = await start();
    await turn('b1', ['تنبيه من الموظف'], 'test:b1:1');
    await waitFor(() => sent.length === 1, 'the worker sending a turn no message waits for');
    const officerJob = (await redis.get(core.keys.outboundTail(ref('b1'))))!;
    expect(await redis.get(core.keys.outboundClaim(officerJob))).toBe('worker');
    await turn('b1', ['أولاً', 'ثانياً'], 'test:b1:2', 'update-2');
    const t0 = Date.now();
    expect(await out.claims.answer('update-2')).toBeUndefined();
    await waitFor(() => sent.length === 3, 'the two messages, sent by the worker');
    expect(Date.now() - t0).toBeLessThan(HOLD_MS / 10);
    expect(sent.map((s) => s.text)).toEqual(['تنبيه من الموظف', 'أولاً', 'ثانياً']);
    expect(await out.claims.answer('update-2')).toBeUndefined();
  });

  it('never lets an answer overtake an earlier turn still on its way; it goes out after it', async () => {
    const out = await start();
    failNext.set('ردّ الموظف', 2);
    await turn('c1', ['ردّ الموظف'], 'test:c1:1');
    await turn('c1', ['جواب سؤالك'], 'test:c1:2', 'update-3');
    expect(await out.claims.answer('update-3')).toBeUndefined();
    await waitFor(() => sent.length === 2, 'both turns');
    expect(sent.map((s) => s.text)).toEqual(['ردّ الموظف', 'جواب سؤالك']);
  });

  it('goes on after an earlier turn an answer carried, and the next answer may carry its own', async () => {
    const out = await start();
    await turn('d1', ['الأول'], 'test:d1:1', 'update-4');
    await turn('d1', ['الثاني'], 'test:d1:2', 'update-5');
    expect(await out.claims.answer('update-4')).toBe('الأول');
    expect(await out.claims.answer('update-5')).toBe('الثاني');
    await sleep(300);
    expect(sent).toEqual([]);
  });

  it('a message declined before its turn is queued: the turn is not held, and every delivery of it says so', async () => {
    const out = await start();
    expect(await out.claims.decline('update-6')).toBeUndefined();
    const t0 = Date.now();
    await turn('e1', ['متأخر'], 'test:e1:1', 'update-6');
    await waitFor(() => sent.length === 1, 'the worker sending at once');
    expect(Date.now() - t0).toBeLessThan(HOLD_MS / 10);
    expect(await out.claims.answer('update-6')).toBeUndefined();
  });

  it('a delivery that declines after another claimed the answer gives that same answer', async () => {
    const out = await start();
    await turn('f1', ['نفس الجواب'], 'test:f1:1', 'update-7');
    expect(await out.claims.answer('update-7')).toBe('نفس الجواب');
    expect(await out.claims.decline('update-7')).toBe('نفس الجواب');
    await sleep(300);
    expect(sent).toEqual([]);
  });

  it('the worker and an answer racing for one turn: exactly one of them sends it', async () => {
    const out = await start();
    const turns = Array.from({ length: 20 }, (_, i) => i);
    await Promise.all(turns.map((i) => turn(`g${i}`, [`رد ${i}`], `test:g${i}:1`, `update-g${i}`)));
    // The worker is let loose on every job at once, while the answers claim them.
    await Promise.all(
      turns.map(async (i) => {
        const job = await out.queue.queue.getJob((await redis.get(core.keys.outboundOrigin('test', `update-g${i}`)))!);
        await job!.promote();
      }),
    );
    const answers = await Promise.all(turns.map((i) => out.claims.answer(`update-g${i}`)));
    await waitFor(async () => {
      const c = await out.queue.counts();
      return (c.delayed ?? 0) + (c.waiting ?? 0) + (c.active ?? 0) === 0;
    }, 'every job done');
    for (const i of turns) {
      const byWorker = sent.filter((s) => s.address === `g${i}`).length;
      expect(byWorker + (answers[i] === undefined ? 0 : 1), `turn ${i}`).toBe(1);
    }
  });

  it('a turn decided while it is being queued (the acknowledgement found no job yet) is not held for the whole hold', async () => {
    const out = await start();
    // The acknowledgement runs between the reservation (which records the job under its message)
    // and the add, as it may when the turn ends just as its wait runs out: once leaving it to
    // the worker, once answering (which finds no job to carry).
    const add = out.queue.queue.add.bind(out.queue.queue);
    const decide: ((origin: string) => Promise<unknown>)[] = [(o) => out.claims.decline(o), (o) => out.claims.answer(o)];
    let origin = '';
    out.queue.queue.add = (async (...args: Parameters<typeof add>) => {
      const decided = await decide.shift()?.(origin);
      expect(decided).toBeUndefined();
      return add(...args);
    }) as typeof add;
    for (const [i, o] of ['update-r1', 'update-r2'].entries()) {
      origin = o;
      await turn(`r${i}`, [`رد ${i}`], `test:r${i}:1`, o);
    }
    // Sent by the worker now, not after the 30 s hold.
    await waitFor(() => sent.length === 2, 'both replies sent by the worker', 5_000);
    expect(sent.map((s) => s.text).sort()).toEqual(['رد 0', 'رد 1']);
  });

  it('an acknowledgement that found no job, the turn added before it claimed: it releases the job itself', async () => {
    const out = await start();
    const q = out.queue.queue;
    const add = q.add.bind(q);
    const getJob = q.getJob.bind(q);
    // The add waits until the acknowledgement has looked (and found nothing); the acknowledgement
    // claims only once the add, and the queue's own look for a claim, are done.
    let looked!: () => void;
    const hasLooked = new Promise<void>((r) => (looked = r));
    let queued!: Promise<unknown>;
    q.add = (async (...args: Parameters<typeof add>) => (await hasLooked, add(...args))) as typeof add;
    q.getJob = (async (id: string) => {
      q.getJob = getJob;
      looked();
      await queued;
      return undefined;
    }) as typeof getJob;
    queued = turn('h1', ['رد بعد النظر'], 'test:h1:1', 'update-h1');
    await waitFor(async () => (await redis.get(core.keys.outboundOrigin('test', 'update-h1'))) !== null, 'the turn reserved');
    expect(await out.claims.answer('update-h1')).toBeUndefined();
    // Sent by the worker now, not after the 30 s hold.
    await waitFor(() => sent.some((s) => s.text === 'رد بعد النظر'), 'the reply sent by the worker', 5_000);
  });
});

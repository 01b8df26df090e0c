import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { sleep } from '../support/wait-for.js';
import { startTelegram, type TelegramHarness } from './harness.js';

/**
 * The reply in the webhook's answer, and when the worker sends it instead: the answers' budget,
 * answers turned off, an earlier reply of the conversation still on its way, and two deliveries
 * of one update at once. Real update JSON, the fake Bot API making the call an answer carries.
 */
let redis: Redis;
let tg: TelegramHarness | undefined;
const prefix = uniquePrefix('tganswer');
let nextUpdate = 9000;
let nextChat = 90_000;
const chat = () => ++nextChat;
const id = () => ++nextUpdate;

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterEach(async () => {
  await tg?.stop();
  tg = undefined;
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('the reply in the webhook answer, or by the worker', () => {
  it('past TELEGRAM_ANSWERS_PER_SECOND, answers without the reply and the worker sends it at once', async () => {
    tg = await startTelegram(redis, `${prefix}:budget`, { TELEGRAM_ANSWERS_PER_SECOND: '1' });
    const [a, b] = [chat(), chat()];
    const first = await tg.post(updates.text(id(), a, 'السلام عليكم'));
    const t0 = Date.now();
    const second = await tg.post(updates.text(id(), b, 'السلام عليكم'));
    expect(first.json()).toMatchObject({ method: 'sendMessage', chat_id: String(a) });
    expect(second.json()).toEqual({ ok: true });
    const [reply] = await tg.fake.waitFor('sendMessage', 1, b);
    expect(reply!.inAnswer).toBeUndefined();
    expect(reply!.at - t0).toBeLessThan(2_000);
    expect(tg.fake.ok('sendMessage', a)).toHaveLength(1);
  });

  it('with TELEGRAM_ANSWERS_PER_SECOND=0, answers once queued, and the worker sends every reply', async () => {
    tg = await startTelegram(redis, `${prefix}:off`, { TELEGRAM_ANSWERS_PER_SECOND: '0' });
    const c = chat();
    const res = await tg.post(updates.text(id(), c, 'السلام عليكم'));
    expect(res.json()).toEqual({ ok: true });
    const [reply] = await tg.fake.waitFor('sendMessage', 1, c, 2_000);
    expect(reply!.inAnswer).toBeUndefined();
    expect(reply!.body.text).toContain('أهلاً وسهلاً');
  });

  it('does not let an answer overtake an earlier reply still on its way: the worker sends both, in order', async () => {
    tg = await startTelegram(redis, `${prefix}:order`);
    const c = chat();
    // An officer's reply the Bot API keeps failing for a while (5xx): the worker retries it.
    tg.fake.failNext('sendMessage', { status: 500, description: 'Internal Server Error' }, 6);
    await tg.core.outbound.send({ channel: 'telegram', address: String(c) }, [{ text: 'ردّ الموظف', locale: 'ar' }], `officer:${c}:1`);
    const res = await tg.post(updates.text(id(), c, 'السلام عليكم'));
    expect(res.json()).toEqual({ ok: true });
    const [officer, bot] = await tg.fake.waitFor('sendMessage', 2, c);
    expect(officer!.body.text).toBe('ردّ الموظف');
    expect(bot!.body.text).toContain('أهلاً وسهلاً');
    expect(bot!.inAnswer).toBeUndefined();
  });

  it('answers two deliveries of one update at once the same way, and the reply is sent once', async () => {
    tg = await startTelegram(redis, `${prefix}:twice`);
    const c = chat();
    const update = updates.text(id(), c, 'السلام عليكم');
    // Telegram gave up on the first connection and sent the update again while it was still being answered.
    const [lost, again] = await Promise.all([tg.postLost(update), tg.post(update)]);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ method: 'sendMessage', chat_id: String(c) });
    expect(lost.body).toBe(again.body);
    await sleep(500);
    expect(tg.fake.ok('sendMessage', c)).toHaveLength(1);
  });
});

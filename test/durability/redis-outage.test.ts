import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
import { OwnRedis } from '../support/own-redis.js';
import { uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startTelegram, type TelegramHarness } from '../telegram/harness.js';
import { newToken, startServer, type TestServer } from '../webchat/support.js';

/** Redis killed (SIGKILL) and started again on its AOF: fail fast while away, carry on after. */
const own = new OwnRedis();
const prefix = uniquePrefix('outage');
let redis: Redis;
let tg: TelegramHarness;
let web: TestServer;

/** Fails the test instead of hanging when a call never settles (what the old client did). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

beforeAll(async () => {
  await own.start();
  redis = await connectRedis(own.url);
  tg = await startTelegram(redis, prefix);
  web = await startServer({ prefix, redisUrl: own.url });
});
afterAll(async () => {
  await tg?.stop().catch(() => {});
  await web?.close().catch(() => {});
  await redis?.close().catch(() => {});
  await own.stop();
});

describe('a Redis outage', () => {
  it('is answered fast and clearly while Redis is away, and the same conversations carry on once it is back', async () => {
    const chat = 5001;
    let update = 1;
    // One message per turn (the greeting and the menu joined).
    expect((await tg.post(updates.text(update++, chat, 'السلام عليكم'))).statusCode).toBe(200);
    await tg.fake.waitFor('sendMessage', 1, chat);
    expect((await tg.post(updates.text(update++, chat, '2'))).statusCode).toBe(200);
    await tg.fake.waitFor('sendMessage', 2, chat);

    const t = await newToken(web.url);
    const auth = { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' };
    const base = `${web.url}/v3/directline/conversations/${t.conversationId}`;
    expect((await fetch(`${web.url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(201);
    const post = (text: string, clientActivityID: string) =>
      fetch(`${base}/activities`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'message', text, locale: 'ar-SA', from: { id: t.userId }, channelData: { clientActivityID } }) });
    expect((await post('السلام عليكم', 'c1')).status).toBe(200);
    const ref = { channel: 'webchat' as const, address: t.conversationId };
    await waitFor(async () => (await web.core.runner.state(ref))?.seq === 1, 'the web chat turn');

    await own.kill();
    await waitFor(() => !redis.isReady, 'the client to notice');

    const t0 = Date.now();
    const health = await within(tg.app.inject({ method: 'GET', url: '/healthz' }), 5_000, '/healthz');
    expect(health.statusCode).toBe(503);
    expect(Date.now() - t0).toBeLessThan(2_000);

    // Telegram gets a non-2xx, so it sends the update again later.
    const notKept = await within(tg.post(updates.text(update, chat, 'نعم')), 5_000, 'the webhook');
    expect(notKept.statusCode).toBe(503);
    expect(notKept.json()).toMatchObject({ code: 'SANAD_ERR_REDIS_DOWN' });

    const refused = await within(post('2', 'c2'), 5_000, 'web chat POST');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'SANAD_ERR_REDIS_DOWN' });
    const polls = await within(Promise.all(Array.from({ length: 50 }, () => fetch(`${base}/activities?watermark=0`, { headers: auth }))), 5_000, 'web chat polls');
    expect(polls.map((p) => p.status)).toEqual(polls.map(() => 503));

    // A command made while away fails at once; it is not kept to burst out, stale, on reconnect.
    await expect(within(redis.set(`${prefix}:stale`, 'x'), 2_000, 'a command while away')).rejects.toThrow();

    await own.start();
    await waitFor(async () => (await tg.app.inject({ method: 'GET', url: '/healthz' })).statusCode === 200, 'healthy again', 15_000);
    expect(await redis.get(`${prefix}:stale`)).toBeNull();

    // Telegram's retry: the same update, now kept; the form goes on where it was (AOF kept it).
    expect((await tg.post(updates.text(update, chat, 'نعم'))).statusCode).toBe(200);
    const sent = await tg.fake.waitFor('sendMessage', 3, chat, 15_000);
    expect(String(sent[2]!.body.text)).toContain('اسمك الرباعي');

    // The web chat client posts again with its clientActivityID: kept once, answered with the history kept.
    expect((await post('2', 'c2')).status).toBe(200);
    await waitFor(async () => (await web.core.runner.state(ref))?.seq === 2, 'the web chat turn after the outage', 15_000);
    const all = (await (await fetch(`${base}/activities?watermark=0`, { headers: auth })).json()) as { activities: { text?: string; from: { role?: string } }[] };
    const texts = all.activities.filter((a) => a.from.role === 'bot').map((a) => a.text ?? '').join('\n');
    expect(texts).toContain('أهلاً وسهلاً');
    expect(texts).toContain('نظام حماية البيانات الشخصية');
  }, 60_000);
});

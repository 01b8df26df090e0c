import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { startTelegram, type TelegramHarness } from './harness.js';

/**
 * Telegram at its HTTP boundary: real update JSON POSTed to the webhook, replies read from a
 * fake Bot API server, the real engine, Redis and BullMQ worker in between.
 */
let redis: Redis;
let tg: TelegramHarness;
const prefix = uniquePrefix('telegram');
let nextUpdate = 5000;
let nextChat = 70_000;
const chat = () => ++nextChat;
const id = () => ++nextUpdate;

beforeAll(async () => {
  redis = await connectTestRedis();
  tg = await startTelegram(redis, prefix, { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/webhooks/telegram' });
});
afterAll(async () => {
  await tg.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

describe('Telegram webhook', () => {
  it('registers the webhook with its secret at start-up', async () => {
    const [call] = await tg.fake.waitFor('setWebhook', 1);
    expect(call!.body).toMatchObject({
      url: 'https://bot.example.org/webhooks/telegram',
      secret_token: 'test-secret-0123456789abcdef',
      allowed_updates: ['message', 'callback_query'],
    });
  });

  it('answers a greeting with the menu as an inline keyboard, in one message carried by the webhook answer', async () => {
    const c = chat();
    const res = await tg.post(updates.text(id(), c, 'السلام عليكم'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ method: 'sendMessage', chat_id: String(c) });
    // The greeting and the menu of one turn, joined: the one call an answer can carry.
    const [reply] = await tg.fake.waitFor('sendMessage', 1, c);
    expect(reply!.inAnswer).toBe(true);
    expect(reply!.body.text).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    expect(String(reply!.body.text).split('\n\n').length).toBeGreaterThanOrEqual(2);
    const keyboard = (reply!.body.reply_markup as Keyboard).inline_keyboard;
    expect(keyboard.map((row) => row[0]!.text)).toContain('تقديم طلب دعم');
    expect(keyboard.find((row) => row[0]!.text === 'تقديم طلب دعم')![0]!.callback_data).toBe('support-request');
    expect(keyboard.every((row) => row.length === 1)).toBe(true);
  });

  it('acknowledges a tap and goes on as if the choice had been typed', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, 'مرحبا'));
    await tg.fake.waitFor('sendMessage', 1, c);
    const tap = updates.tap(id(), c, 'support-request');
    expect((await tg.post(tap)).statusCode).toBe(200);
    await waitFor(() => tg.fake.ok('answerCallbackQuery').some((a) => a.body.callback_query_id === `cb${tap.update_id}`), 'the ack');
    const replies = await tg.fake.waitFor('sendMessage', 2, c);
    expect(replies[1]!.body.text).toContain('نظام حماية البيانات الشخصية');
    await sleep(200);
    expect(tg.fake.ok('answerCallbackQuery').filter((a) => a.body.callback_query_id === `cb${tap.update_id}`)).toHaveLength(1);
    const yesNo = (replies[1]!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.text);
    expect(yesNo).toEqual(expect.arrayContaining(['نعم']));
  });

  it('refuses a call without the secret (401) or with a wrong one (403), and logs it', async () => {
    const c = chat();
    const none = await tg.post(updates.text(id(), c, 'مرحبا'), {});
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'SANAD_ERR_TELEGRAM_NO_SECRET' });
    const wrong = await tg.post(updates.text(id(), c, 'مرحبا'), { 'x-telegram-bot-api-secret-token': 'not-the-secret' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'SANAD_ERR_TELEGRAM_SECRET' });
    await sleep(300);
    expect(tg.fake.ok('sendMessage', c)).toHaveLength(0);
    const warnings = tg.lines().filter((l) => String(l.msg).startsWith('telegram webhook:'));
    expect(warnings.map((l) => l.msg)).toEqual(expect.arrayContaining(['telegram webhook: no secret token', 'telegram webhook: wrong secret token']));
    expect(JSON.stringify(tg.lines())).not.toContain('not-the-secret');
  });

  it('handles an update delivered again (same update_id) once, and answers it with the same reply', async () => {
    const c = chat();
    const update = updates.text(id(), c, 'السلام عليكم');
    // The first answer never reached Telegram (a connection cut): nothing was sent, and Telegram sends the update again.
    const lost = await tg.postLost(update);
    expect(lost.statusCode).toBe(200);
    expect(tg.fake.ok('sendMessage', c)).toHaveLength(0);
    const again = await tg.post(update);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(lost.body);
    await sleep(500);
    const sent = tg.fake.ok('sendMessage', c);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.inAnswer).toBe(true);
    // The worker found the turn's job answered and completed it without sending.
    await tg.fake.waitFor('sendMessage', 1, c);
    expect(tg.fake.calls.filter((x) => x.method === 'sendMessage' && String(x.body.chat_id) === String(c))).toHaveLength(1);
  });

  it('answers malformed JSON or a non-update with 400 and stays healthy', async () => {
    const bad = await tg.post('{"update_id": 1, "message": {');
    expect(bad.statusCode).toBe(400);
    const notUpdate = await tg.post({ hello: 'world' });
    expect(notUpdate.statusCode).toBe(400);
    expect(notUpdate.json()).toMatchObject({ code: 'SANAD_ERR_TELEGRAM_UPDATE' });
    // An update with parts Sanad cannot read is skipped with 200, so Telegram does not retry it forever.
    const odd = await tg.post({ update_id: id(), message: { message_id: 'x', chat: 'y' } });
    expect(odd.statusCode).toBe(200);
    expect(tg.lines().some((l) => l.msg === 'telegram webhook: an update Sanad cannot read, skipped')).toBe(true);
    const health = await tg.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json().checks.telegram).toMatchObject({ mode: 'webhook', state: 'webhook registered' });
    const c = chat();
    await tg.post(updates.text(id(), c, 'مرحبا'));
    await tg.fake.waitFor('sendMessage', 1, c);
  });

  it('retries a reply the Bot API rate-limited (429, retry_after) after the wait, and sends it once', async () => {
    const c = chat();
    tg.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const t0 = Date.now();
    // A reply no update waits for (an officer's): the worker sends it.
    await tg.core.outbound.send({ channel: 'telegram', address: String(c) }, [{ text: 'ردّ الموظف', locale: 'ar' }], `officer:${c}:1`);
    const [reply] = await tg.fake.waitFor('sendMessage', 1, c);
    const limited = tg.fake.calls.filter((x) => x.method === 'sendMessage' && x.status === 429 && String(x.body.chat_id) === String(c));
    expect(limited).toHaveLength(1);
    expect(reply!.at - limited[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(reply!.at - t0).toBeGreaterThanOrEqual(1000);
    await sleep(300);
    expect(tg.fake.ok('sendMessage', c)).toHaveLength(1);
  });

  it('while Telegram asks the bot to slow down, answers updates without the reply, and the worker sends it', async () => {
    const c = chat();
    tg.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } });
    await tg.core.outbound.send({ channel: 'telegram', address: String(c) }, [{ text: 'ردّ الموظف', locale: 'ar' }], `officer:${c}:2`);
    await waitFor(() => tg.fake.calls.some((x) => x.status === 429 && String(x.body.chat_id) === String(c)), 'the 429');
    const other = chat();
    const res = await tg.post(updates.text(id(), other, 'السلام عليكم'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const [reply] = await tg.fake.waitFor('sendMessage', 1, other);
    expect(reply!.inAnswer).toBeUndefined();
    expect(reply!.body.text).toContain('أهلاً وسهلاً');
    await tg.fake.waitFor('sendMessage', 1, c);
  });

  it('marks a reply failed with the platform reason when the user blocked the bot', async () => {
    const c = chat();
    tg.fake.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    await tg.core.outbound.send({ channel: 'telegram', address: String(c) }, [{ text: 'ردّ الموظف', locale: 'ar' }], `officer:${c}:1`);
    const queue = new Queue('outbound-telegram', { connection: redis, prefix: tg.core.keys.bullPrefix() });
    try {
      const failed = await waitFor(async () => (await queue.getFailed()).find((j) => j.data.ref.address === String(c)), 'the failed job');
      expect(failed.failedReason).toBe('403: Forbidden: bot was blocked by the user');
      expect(failed.attemptsMade).toBe(1);
    } finally {
      await queue.close();
    }
    const line = tg.lines().find((l) => l.msg === 'platform refused the reply for good');
    expect(line).toMatchObject({ channel: 'telegram', reason: '403: Forbidden: bot was blocked by the user' });
  });

  it('answers within its wait even while the conversation is busy in another process; the worker sends the reply then, at once', async () => {
    const c = chat();
    // Another process holds this conversation for 3 s, longer than the webhook waits (2 s).
    await redis.set(tg.core.keys.lock({ channel: 'telegram', address: String(c) }), 'other-process', { expiration: { type: 'PX', value: 3_000 } });
    const t0 = Date.now();
    const res = await tg.post(updates.text(id(), c, 'السلام عليكم'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(Date.now() - t0).toBeLessThan(2_800);
    expect(tg.fake.ok('sendMessage', c)).toHaveLength(0);
    const [reply] = await tg.fake.waitFor('sendMessage', 1, c);
    // Not held for the answer that already went: sent as soon as the turn was done.
    expect(reply!.at - t0).toBeLessThan(3_000 + 2_000);
    expect(reply!.inAnswer).toBeUndefined();
  });

  it('speaks English to a user whose Telegram is in English, until he chooses', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, 'hello', 'en-GB'));
    const [greeting] = await tg.fake.waitFor('sendMessage', 1, c);
    expect(greeting!.body.text).toMatch(/Welcome/i);
    await tg.post(updates.text(id(), c, 'عربي', 'en-GB'));
    const replies = await tg.fake.waitFor('sendMessage', 2, c);
    expect(replies[1]!.body.text).toMatch(/[\u0600-\u06FF]/);
  });

  it('greets a new user who pressed Start, with the menu', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, '/start'));
    const [greeting] = await tg.fake.waitFor('sendMessage', 1, c);
    expect(greeting!.body.text).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    expect((greeting!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('support-request');
  });

  it('opens the topic a deep link names (t.me/<bot>?start=apply-support), keeping a form in progress', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, '/start apply-support'));
    const [greeting] = await tg.fake.waitFor('sendMessage', 1, c);
    expect(greeting!.body.text).toContain('أهلاً وسهلاً');
    expect(greeting!.body.text).toContain('نظام حماية البيانات الشخصية');
    await tg.post(updates.tap(id(), c, 'yes'));
    await tg.fake.waitFor('sendMessage', 2, c);
    // Mid-form, a deep link to an answer: the answer, and the menu offers to continue the form.
    await tg.post(updates.text(id(), c, '/start working-hours'));
    const replies = await tg.fake.waitFor('sendMessage', 3, c);
    expect(replies[2]!.body.text).toContain('أوقات العمل');
    expect((replies[2]!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('resume');
  });

  it('treats /start with a deep-link payload and /menu as the menu command', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, 'السلام عليكم'));
    await tg.fake.waitFor('sendMessage', 1, c);
    await tg.post(updates.tap(id(), c, 'support-request'));
    await tg.fake.waitFor('sendMessage', 2, c);
    await tg.post(updates.text(id(), c, '/start campaign-2026'));
    const afterStart = await tg.fake.waitFor('sendMessage', 3, c);
    expect((afterStart.at(-1)!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('support-request');
    await tg.post(updates.text(id(), c, '/menu'));
    const afterMenu = await tg.fake.waitFor('sendMessage', 4, c);
    expect((afterMenu.at(-1)!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('support-request');
  });
});

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

  it('answers a greeting with the menu as an inline keyboard', async () => {
    const c = chat();
    const res = await tg.post(updates.text(id(), c, 'السلام عليكم'));
    expect(res.statusCode).toBe(200);
    const [greeting, menu] = await tg.fake.waitFor('sendMessage', 2, c);
    expect(greeting!.body.text).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    const keyboard = (menu!.body.reply_markup as Keyboard).inline_keyboard;
    expect(keyboard.map((row) => row[0]!.text)).toContain('تقديم طلب دعم');
    expect(keyboard.find((row) => row[0]!.text === 'تقديم طلب دعم')![0]!.callback_data).toBe('support-request');
    expect(keyboard.every((row) => row.length === 1)).toBe(true);
  });

  it('acknowledges a tap and goes on as if the choice had been typed', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, 'مرحبا'));
    await tg.fake.waitFor('sendMessage', 2, c);
    const tap = updates.tap(id(), c, 'support-request');
    expect((await tg.post(tap)).statusCode).toBe(200);
    await waitFor(() => tg.fake.ok('answerCallbackQuery').some((a) => a.body.callback_query_id === `cb${tap.update_id}`), 'the ack');
    const replies = await tg.fake.waitFor('sendMessage', 3, c);
    expect(replies[2]!.body.text).toContain('نظام حماية البيانات الشخصية');
    await sleep(200);
    expect(tg.fake.ok('answerCallbackQuery').filter((a) => a.body.callback_query_id === `cb${tap.update_id}`)).toHaveLength(1);
    const yesNo = (replies[2]!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.text);
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

  it('handles an update delivered twice (same update_id) once', async () => {
    const c = chat();
    const update = updates.text(id(), c, 'السلام عليكم');
    expect((await tg.post(update)).statusCode).toBe(200);
    expect((await tg.post(update)).statusCode).toBe(200);
    await tg.fake.waitFor('sendMessage', 2, c);
    await sleep(500);
    expect(tg.fake.ok('sendMessage', c)).toHaveLength(2);
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
    await tg.fake.waitFor('sendMessage', 2, c);
  });

  it('retries a reply the Bot API rate-limited (429, retry_after) after the wait, and sends it once', async () => {
    const c = chat();
    tg.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const t0 = Date.now();
    await tg.post(updates.text(id(), c, 'السلام عليكم'));
    const [greeting] = await tg.fake.waitFor('sendMessage', 2, c);
    const limited = tg.fake.calls.filter((x) => x.method === 'sendMessage' && x.status === 429 && String(x.body.chat_id) === String(c));
    expect(limited).toHaveLength(1);
    expect(greeting!.at - limited[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(greeting!.at - t0).toBeGreaterThanOrEqual(1000);
    await sleep(300);
    expect(tg.fake.ok('sendMessage', c).filter((x) => String(x.body.text).includes('أهلاً وسهلاً'))).toHaveLength(1);
  });

  it('marks a reply failed with the platform reason when the user blocked the bot', async () => {
    const c = chat();
    tg.fake.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    await tg.post(updates.text(id(), c, 'السلام عليكم'));
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

  it('answers at once even while the conversation is busy in another process', async () => {
    const c = chat();
    // Another process holds this conversation for 400 ms.
    await redis.set(tg.core.keys.lock({ channel: 'telegram', address: String(c) }), 'other-process', { expiration: { type: 'PX', value: 400 } });
    const res = await tg.post(updates.text(id(), c, 'السلام عليكم'));
    expect(res.statusCode).toBe(200);
    expect(tg.fake.ok('sendMessage', c)).toHaveLength(0);
    await tg.fake.waitFor('sendMessage', 2, c);
  });

  it('speaks English to a user whose Telegram is in English, until he chooses', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, 'hello', 'en-GB'));
    const [greeting] = await tg.fake.waitFor('sendMessage', 2, c);
    expect(greeting!.body.text).toMatch(/Welcome/i);
    await tg.post(updates.text(id(), c, 'عربي', 'en-GB'));
    const replies = await tg.fake.waitFor('sendMessage', 3, c);
    expect(replies[2]!.body.text).toMatch(/[\u0600-\u06FF]/);
  });

  it('greets a new user who pressed Start, with the menu', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, '/start'));
    const [greeting, menu] = await tg.fake.waitFor('sendMessage', 2, c);
    expect(greeting!.body.text).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    expect((menu!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('support-request');
  });

  it('opens the topic a deep link names (t.me/<bot>?start=apply-support), keeping a form in progress', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, '/start apply-support'));
    const [greeting, notice] = await tg.fake.waitFor('sendMessage', 2, c);
    expect(greeting!.body.text).toContain('أهلاً وسهلاً');
    expect(notice!.body.text).toContain('نظام حماية البيانات الشخصية');
    await tg.post(updates.tap(id(), c, 'yes'));
    await tg.fake.waitFor('sendMessage', 3, c);
    // Mid-form, a deep link to an answer: the answer, and the menu offers to continue the form.
    await tg.post(updates.text(id(), c, '/start working-hours'));
    const replies = await tg.fake.waitFor('sendMessage', 5, c);
    expect(replies[3]!.body.text).toContain('أوقات العمل');
    expect((replies[4]!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('resume');
  });

  it('treats /start with a deep-link payload and /menu as the menu command', async () => {
    const c = chat();
    await tg.post(updates.text(id(), c, 'السلام عليكم'));
    await tg.fake.waitFor('sendMessage', 2, c);
    await tg.post(updates.tap(id(), c, 'support-request'));
    await tg.fake.waitFor('sendMessage', 3, c);
    await tg.post(updates.text(id(), c, '/start campaign-2026'));
    const afterStart = await tg.fake.waitFor('sendMessage', 4, c);
    expect((afterStart.at(-1)!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('support-request');
    await tg.post(updates.text(id(), c, '/menu'));
    const afterMenu = await tg.fake.waitFor('sendMessage', 5, c);
    expect((afterMenu.at(-1)!.body.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.callback_data)).toContain('support-request');
  });
});

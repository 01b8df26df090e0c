import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { startTelegram, type TelegramHarness } from './harness.js';

/** Polling mode (development): updates come from getUpdates instead of the webhook. */
let redis: Redis;
let tg: TelegramHarness;
const prefix = uniquePrefix('tgpoll');

beforeAll(async () => {
  redis = await connectTestRedis();
  tg = await startTelegram(redis, prefix, { TELEGRAM_MODE: 'polling' });
});
afterAll(async () => {
  await tg.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('Telegram polling', () => {
  it('drops any webhook, polls for updates and answers them; no webhook route', async () => {
    await tg.fake.waitFor('deleteWebhook', 1);
    tg.fake.push(updates.text(1, 501, 'السلام عليكم'));
    // A turn's texts are joined into one message in polling mode too.
    const [greeting] = await tg.fake.waitFor('sendMessage', 1, 501);
    expect(greeting!.body.text).toContain('أهلاً وسهلاً');
    tg.fake.push(updates.tap(2, 501, 'support-request'));
    await tg.fake.waitFor('answerCallbackQuery', 1);
    const replies = await tg.fake.waitFor('sendMessage', 2, 501);
    expect(replies[1]!.body.text).toContain('نظام حماية البيانات الشخصية');
    expect(replies.every((r) => !r.inAnswer)).toBe(true);
    expect((await tg.post(updates.text(3, 501, 'x'))).statusCode).toBe(404);
    const health = await tg.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json().checks.telegram).toMatchObject({ mode: 'polling', state: 'polling' });
  });
});

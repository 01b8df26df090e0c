import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningConsole } from '../../src/console/plugin.js';
import type { Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startTelegram, type TelegramHarness } from '../telegram/harness.js';
import { ADMIN, api, attachConsole, login } from './support.js';

/** A request filed on Telegram (fake Bot API), decided through the desk's API, told on that chat once. */
let redis: Redis;
const prefix = uniquePrefix('requests-tg');
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

let updateId = 1;
const texts = (tg: TelegramHarness, chat: number) => tg.fake.ok('sendMessage', chat).map((c) => String(c.body.text));
/** A message's text with its buttons' labels. */
const shown = (tg: TelegramHarness, chat: number) => tg.fake.ok('sendMessage', chat).map((c) => `${String(c.body.text)}\n${JSON.stringify(c.body.reply_markup ?? '')}`);

async function withConsole(): Promise<{ tg: TelegramHarness; officers: RunningConsole }> {
  let officers!: RunningConsole;
  const tg = await startTelegram(redis, prefix, {}, undefined, async (app, core) => (officers = await attachConsole(app, core, prefix)));
  return { tg, officers };
}

/** Fills the support-request form by typing, as a beneficiary would; returns the reference. */
async function fileOnTelegram(tg: TelegramHarness, chat: number): Promise<string> {
  const answers: [string, string][] = [
    ['السلام عليكم', 'تقديم طلب دعم'],
    ['تقديم طلب دعم', 'نظام حماية البيانات'],
    ['نعم', 'اسمك الرباعي'],
    ['محمد عبدالله السالم', 'رقم الهوية'],
    ['1000000008', 'رقم الجوال'],
    ['0512345678', 'مدينة'],
    ['الرياض', 'عدد أفراد'],
    ['5', 'دخل الأسرة'],
    ['3000', 'نوع الدعم'],
    ['سداد إيجار', 'صف حاجتك'],
    ['نحتاج سداد إيجار شهرين متأخرة', 'PDF'],
    ['تخطي', 'راجع بياناتك'],
    ['البيانات صحيحة', 'إقرار'],
    ['نعم', 'SR-'],
  ];
  for (const [say, expected] of answers) {
    const before = texts(tg, chat).length;
    expect((await tg.post(updates.text(updateId++, chat, say))).statusCode).toBe(200);
    await waitFor(() => shown(tg, chat).slice(before).some((t) => t.includes(expected)), `"${expected}" after "${say}"`);
  }
  return /SR-\d{4}-\d{6}/.exec(texts(tg, chat).join('\n'))![0];
}

describe('a decision reaches the Telegram chat the request came from', () => {
  it('once, even when the process stops between the decision and the send', async () => {
    const chat = 6601;
    const decided = (t: string) => t.includes('قررت لجنة البحث قبول طلبك');
    let { tg, officers } = await withConsole();
    let reference: string;
    try {
      reference = await fileOnTelegram(tg, chat);
      const cookie = await login(tg.app, ADMIN.email, ADMIN.password);
      // Telegram is unreachable when the committee decides; the process stops before it is back.
      tg.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, 1000);
      const res = await api(tg.app, cookie, 'POST', `/api/requests/${reference}/decision`, { status: 'accepted', note: 'مستحق' });
      expect(res.json()).toMatchObject({ status: 'accepted', changed: true });
      expect(texts(tg, chat).filter(decided)).toEqual([]);
    } finally {
      await officers.stop();
      await tg.stop();
    }
    // A new process on the same Redis sends it.
    ({ tg, officers } = await withConsole());
    try {
      await waitFor(() => texts(tg, chat).some(decided), 'the decision after the restart', 15_000);
      const cookie = await login(tg.app, ADMIN.email, ADMIN.password);
      // The same call again is no second notice.
      expect((await api(tg.app, cookie, 'POST', `/api/requests/${reference!}/decision`, { status: 'accepted', note: 'مستحق' })).json()).toMatchObject({ changed: false });
      const sent = tg.fake.ok('sendMessage', chat).find((c) => decided(String(c.body.text)))!;
      expect(String(sent.body.text)).toContain(reference!);
    } finally {
      await officers.stop();
      await tg.stop();
    }
    // A third start hands nothing over again.
    ({ tg, officers } = await withConsole());
    try {
      await officers.requests!.deliverNotices();
      expect(await tg.core.requests.pendingNotices()).toEqual([]);
      const events = (await redis.xRange(tg.core.keys.events(), '-', '+')) ?? [];
      expect(events.filter((e) => e?.message?.name === 'service.completed' && String(e.message.payload).includes(reference!))).toHaveLength(1);
      expect(texts(tg, chat).filter(decided)).toEqual([]);
    } finally {
      await officers.stop();
      await tg.stop();
    }
  }, 60_000);

  it('a decision written but not yet handed to the chat (the process died in between) is sent by the next process', async () => {
    const chat = 6602;
    let { tg, officers } = await withConsole();
    let reference: string;
    try {
      reference = await fileOnTelegram(tg, chat);
    } finally {
      await officers.stop();
      await tg.stop();
    }
    // The record and its outbox entry are written in one step; nothing else happened.
    const dead = await startTelegram(redis, prefix);
    await dead.core.requests.setStatus(reference!, 'rejected', 'officer:x', new Date(), 'الدخل أعلى من حد الاستحقاق', true);
    await dead.stop();
    ({ tg, officers } = await withConsole());
    try {
      await waitFor(() => texts(tg, chat).some((t) => t.includes('عدم قبول طلبك')), 'the rejection', 15_000);
      const text = texts(tg, chat).find((t) => t.includes('عدم قبول طلبك'))!;
      expect(text).toContain(reference!);
      expect(text).toContain('السبب: الدخل أعلى من حد الاستحقاق');
    } finally {
      await officers.stop();
      await tg.stop();
    }
  }, 60_000);
});

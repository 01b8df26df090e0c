import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCalls } from '../../adapters/telegram/send.js';
import { fromUpdate, TelegramUpdate } from '../../adapters/telegram/update.js';
import type { Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startTelegram, type TelegramHarness } from '../telegram/harness.js';
import { startWhatsApp, type WhatsAppHarness } from '../whatsapp/harness.js';

/** Numbers the channel proves: the WhatsApp sender's, a Telegram contact shared from the user's own account. */
let redis: Redis;
let tg: TelegramHarness;
let wa: WhatsAppHarness;
const prefix = uniquePrefix('proof');
let nextUpdate = 9000;
const id = () => ++nextUpdate;

const seed = async (core: TelegramHarness['core'], nationalId: string, mobile: string) =>
  core.beneficiaries.fileApplicant(
    { fullName: 'هند سعد المطيري', nationalId, mobile, city: 'riyadh', familySize: 3, monthlyIncome: 1500 },
    { channel: 'test', address: 'office' },
    new Date(),
  );

function contact(updateId: number, chatId: number, phone: string, userId: number) {
  const u = updates.text(updateId, chatId, 'x');
  const m = u.message as Record<string, unknown>;
  delete m.text;
  m.contact = { phone_number: phone, first_name: 'هند', user_id: userId };
  return u;
}

beforeAll(async () => {
  redis = await connectTestRedis();
  tg = await startTelegram(redis, prefix);
  wa = await startWhatsApp(redis, `${prefix}:wa`, 'session');
});
afterAll(async () => {
  await tg.stop();
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('Telegram: "share my number"', () => {
  it('asks a mobile question with a request_contact button', () => {
    const [call] = toCalls('42', { text: 'رقم الجوال:', expects: 'mobile', locale: 'ar' });
    expect(call!.payload).toMatchObject({ reply_markup: { keyboard: [[{ request_contact: true }]], one_time_keyboard: true } });
  });

  it('proves the number only for a contact of the sender himself', () => {
    expect(fromUpdate(TelegramUpdate.parse(contact(1, 42, '966512345678', 42)))!.provenMobile).toBe('+966512345678');
    expect(fromUpdate(TelegramUpdate.parse(contact(2, 42, '+966512345678', 77)))!.provenMobile).toBeUndefined();
  });

  it('verifies "update my data" with the shared contact, through the webhook', async () => {
    await seed(tg.core, '1000000073', '+966551112222');
    const c = 81_001;
    // One message per turn (its texts joined), each in the webhook's answer.
    await tg.post(updates.text(id(), c, 'مرحبا'));
    await tg.fake.waitFor('sendMessage', 1, c);
    await tg.post(updates.tap(id(), c, 'update-data'));
    await tg.fake.waitFor('sendMessage', 2, c);
    await tg.post(updates.tap(id(), c, 'yes'));
    await tg.fake.waitFor('sendMessage', 3, c);
    await tg.post(updates.text(id(), c, '1000000073'));
    const asked = await tg.fake.waitFor('sendMessage', 4, c);
    expect(asked[3]!.body.reply_markup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
    await tg.post(contact(id(), c, '966551112222', c));
    const after = await tg.fake.waitFor('sendMessage', 5, c);
    expect(String(after[4]!.body.text)).toContain('ما البيان الذي تريد تحديثه');
    expect(await tg.core.proofs.get({ channel: 'telegram', address: String(c) })).toBe('+966551112222');
  });
});

describe('WhatsApp: the sender\'s number', () => {
  async function verifyFrom(from: string, typed: string): Promise<string> {
    const fake = wa.fakes.current;
    const say = async (body: string, n: number) => {
      fake.receive({ from, body });
      return waitFor(() => fake.sentTo(from).length >= n && fake.sentTo(from), `${n} replies`);
    };
    await say('مرحبا', 2);
    await say('4', 3);
    await say('نعم', 4);
    await say('1000000081', 5);
    return (await say(typed, 6))[5]!;
  }

  it('verifies by the number WhatsApp proved, not by the typed one', async () => {
    await waitFor(async () => (await wa.health()).state === 'ready', 'ready');
    await seed(wa.core, '1000000081', '+966533334444');
    // His own number proves him even if he mistypes the one on file…
    expect(await verifyFrom('966533334444@c.us', '0500000001')).toContain('ما البيان الذي تريد تحديثه');
    // …and someone else's WhatsApp cannot use the typed number on file.
    expect(await verifyFrom('966533335555@c.us', '0533334444')).toContain('لم نتمكن من التحقق');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { startRetention } from '../../src/jobs/retention.js';
import type { Redis } from '../../src/store/redis.js';
import { Transcript, silentLog, useCore } from '../support/core.js';
import { updates } from '../support/fake-telegram.js';
import { runPiped } from '../support/piped.js';
import { REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startTelegram, type TelegramHarness } from '../telegram/harness.js';

/** Data rights and retention (finding 6). */
let core: Core;
let redis: Redis;
const prefix = useCore('rights', (f) => ({ core, redis } = f));
const YEAR = 365.25 * 24 * 3600_000;

const person = (nationalId: string, mobile: string) => ({ fullName: 'هند سعد المطيري', nationalId, mobile, city: 'riyadh', familySize: 3, monthlyIncome: 1500 });
const seed = (nationalId: string, mobile: string, at = new Date()) => core.beneficiaries.fileApplicant(person(nationalId, mobile), { channel: 'test', address: 'office' }, at);
async function request(nationalId: string, mobile: string, at = new Date()) {
  return core.requests.create(
    {
      applicant: person(nationalId, mobile),
      requestType: 'food',
      description: 'نحتاج سلة غذائية',
      attachments: [],
      consent: { noticeVersion: '2026-11', at: at.toISOString(), channel: 'test' },
      acknowledgement: { at: at.toISOString(), channel: 'test', text: 'x' },
      conversation: { channel: 'test', address: 'office' },
    },
    at,
    `seed:${nationalId}:${at.getTime()}`,
  );
}
async function audit(): Promise<Record<string, string>[]> {
  return ((await redis.xRange(core.keys.privacyAudit(), '-', '+')) ?? []).map((e) => e.message as Record<string, string>);
}
async function rights(c: Transcript, id: string, mobile: string, pick: string): Promise<string> {
  await c.say('مرحبا');
  await c.say('بياناتي وحقوقي');
  await c.say('نعم');
  await c.say(id);
  await c.say(mobile);
  return c.text(await c.say(pick));
}

describe('the privacy notice before every flow that collects personal data', () => {
  it('asks consent before a complaint, and keeps it with the complaint', async () => {
    const c = new Transcript(core);
    await c.say('مرحبا');
    expect(c.text(await c.say('شكوى أو اقتراح'))).toContain('نظام حماية البيانات الشخصية');
    await c.say('نعم');
    await c.say('شكوى');
    const done = c.text(await c.say('تأخر الرد على طلبي أكثر من شهر'));
    const reference = /CS-\d{4}-\d{6}/.exec(done)![0];
    expect(await core.complaints.get(reference)).toMatchObject({ consent: { noticeVersion: '2026-11', channel: 'test' } });
  });
});

describe('the beneficiary\'s rights in the chat, after verification', () => {
  it('shows the data held about him', async () => {
    await seed('1000000099', '+966561112222');
    const shown = await rights(new Transcript(core), '1000000099', '0561112222', 'الاطلاع على بياناتي');
    expect(shown).toContain('البيانات المحفوظة لدينا عنك');
    expect(shown).toContain('هند سعد المطيري');
    expect(shown).toContain('******0099');
    expect((await audit()).some((a) => a.action === 'viewed')).toBe(true);
  });

  it('refuses without verification', async () => {
    await seed('1000000107', '+966561113333');
    const c = new Transcript(core);
    await c.say('مرحبا');
    await c.say('بياناتي وحقوقي');
    await c.say('نعم');
    await c.say('1000000107');
    expect(c.text(await c.say('0560000000'))).toContain('لم نتمكن من التحقق');
  });

  it('records a correction for an officer', async () => {
    await seed('1000000115', '+966561114444');
    const c = new Transcript(core);
    await rights(c, '1000000115', '0561114444', 'طلب تصحيح بياناتي');
    expect(c.text(await c.say('عدد أفراد الأسرة صار خمسة وليس ثلاثة'))).toContain('سجّلنا طلب التصحيح');
    expect(await redis.zScore(core.keys.rightsRequests(), '1000000115')).not.toBeNull();
    const [held] = (await core.privacy.collect('1000000115')).rightsRequests;
    expect(held).toMatchObject({ kind: 'correction', text: 'عدد أفراد الأسرة صار خمسة وليس ثلاثة', channel: 'test' });
    // The data officer's list: `npm run privacy -- requests`, one JSON line per request, newest first.
    const env = { REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' };
    const listed = await runPiped('npx', ['tsx', 'bin/privacy.ts', 'requests'], env, []);
    expect(listed.code).toBe(0);
    const lines = listed.out.trim().split('\n').map((l) => JSON.parse(l) as { nationalId: string; kind: string; text?: string });
    expect(lines).toContainEqual(expect.objectContaining({ nationalId: '1000000115', kind: 'correction', text: 'عدد أفراد الأسرة صار خمسة وليس ثلاثة' }));
  }, 60_000);

  it('deletes when nothing must be kept; otherwise records the request and says why', async () => {
    await seed('1000000123', '+966561115555');
    const free = new Transcript(core);
    await rights(free, '1000000123', '0561115555', 'طلب حذف بياناتي');
    expect(free.text(await free.say('نعم'))).toContain('حذفنا بياناتك');
    expect(await core.beneficiaries.get('1000000123')).toBeUndefined();

    await seed('1000000131', '+966561116666');
    const { reference } = await request('1000000131', '+966561116666');
    const kept = new Transcript(core);
    await rights(kept, '1000000131', '0561116666', 'طلب حذف بياناتي');
    const answer = kept.text(await kept.say('نعم'));
    expect(answer).toContain('لا يمكننا تنفيذه الآن');
    expect(answer).toContain('طلب قيد الدراسة');
    expect(await core.requests.get(reference)).toBeDefined();
    const actions = (await audit()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['erase', 'deletion-refused']));
  });
});

describe('on every channel', () => {
  let tg: TelegramHarness;
  beforeAll(async () => {
    tg = await startTelegram(redis, `${prefix}:tg`);
  });
  afterAll(async () => tg.stop());

  it('offers "my data and rights" from the Telegram menu and walks it', async () => {
    const chat = 93_001;
    await tg.core.beneficiaries.fileApplicant(person('1000000149', '+966561117777'), { channel: 'test', address: 'office' }, new Date());
    let n = 30_000;
    const step = async (u: ReturnType<typeof updates.text>, count: number) => {
      await tg.post(u);
      return tg.fake.waitFor('sendMessage', count, chat);
    };
    // One message per turn: the greeting and the menu come joined.
    const menu = await step(updates.text(++n, chat, 'مرحبا'), 1);
    const keyboard = (menu[0]!.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    expect(keyboard.find((b) => b.text === 'بياناتي وحقوقي')?.callback_data).toBe('my-data');
    await step(updates.tap(++n, chat, 'my-data'), 2);
    await step(updates.tap(++n, chat, 'yes'), 3);
    await step(updates.text(++n, chat, '1000000149'), 4);
    await step(updates.text(++n, chat, '0561117777'), 5);
    const shown = await step(updates.tap(++n, chat, 'see'), 6);
    expect(String(shown[5]!.body.text)).toContain('هند سعد المطيري');
  });
});

describe('retention, export and erase', () => {
  it('a BullMQ job scheduler erases what is past its retention and audits it', async () => {
    const old = new Date(Date.now() - 6 * YEAR);
    await seed('1000000156', '+966561118888', old);
    const closed = await request('1000000156', '+966561118888', old);
    await core.requests.setStatus(closed.reference, 'rejected', 'officer:test', old);
    const fresh = await request('1000000164', '+966561119999');
    await core.requests.setStatus(fresh.reference, 'accepted', 'officer:test', new Date());
    const complaint = await core.complaints.record({ kind: 'complaint', text: 'قديمة', conversation: { channel: 'test', address: 'x' } }, new Date(Date.now() - 3 * YEAR), 'old-complaint');
    await core.beneficiaries.fileApplicant(person('1000000172', '+966561110000'), { channel: 'test', address: 'office' }, old);

    const job = await startRetention({ redis, keys: core.keys, privacy: core.privacy, log: silentLog, everyMs: 60_000 });
    try {
      expect((await job.queue.getJobSchedulers()).map((s) => s.key)).toEqual(['retention']);
      await waitFor(async () => (await audit()).some((a) => a.action === 'retention'), 'a retention sweep', 20_000);
    } finally {
      await job.stop();
    }
    expect(await core.requests.get(closed.reference)).toBeUndefined();
    expect(await core.requests.get(fresh.reference)).toBeDefined();
    expect(await core.complaints.get(complaint.reference)).toBeUndefined();
    expect(await core.beneficiaries.get('1000000172')).toBeUndefined();
    // A record with a request still kept stays.
    const sweep = (await audit()).find((a) => a.action === 'retention')!;
    expect(JSON.parse(sweep.details!)).toMatchObject({ requests: 1, complaints: 1 });
  });

  it('npm run privacy -- export / erase: JSON of everything held, then nothing; both audited', async () => {
    await seed('1000000180', '+966561120000');
    const { reference } = await request('1000000180', '+966561120000');
    const env = { REDIS_URL, REDIS_PREFIX: prefix, SANAD_OPERATOR: 'dpo-test', LOG_LEVEL: 'warn' };
    const exported = await runPiped('npx', ['tsx', 'bin/privacy.ts', 'export', '1000000180'], env, []);
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.out) as { beneficiary: { fullName: string }; requests: { reference: string }[] };
    expect(data.beneficiary.fullName).toBe('هند سعد المطيري');
    expect(data.requests.map((r) => r.reference)).toEqual([reference]);
    const erased = await runPiped('npx', ['tsx', 'bin/privacy.ts', 'erase', '1000000180'], env, []);
    expect(erased.code).toBe(0);
    expect(await core.requests.get(reference)).toBeUndefined();
    expect(await core.beneficiaries.get('1000000180')).toBeUndefined();
    const mine = (await audit()).filter((a) => a.by === 'data-officer:dpo-test');
    expect(mine.map((a) => a.action)).toEqual(['export', 'erase']);
    expect(JSON.stringify(mine)).not.toContain('1000000180');
    const usage = await runPiped('npx', ['tsx', 'bin/privacy.ts', 'export'], env, []);
    expect(usage.code).toBe(1);
    expect(usage.err).toContain('usage: npm run privacy');
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { testCore, Transcript } from '../support/core.js';

let redis: Redis;
let redis2: Redis;
let core: Core;
let other: Core;
const prefix = uniquePrefix('runner');

beforeAll(async () => {
  redis = await connectTestRedis();
  redis2 = await connectTestRedis();
  core = await testCore(redis, prefix);
  // A second "process": its own engine and its own Redis connection, the same keys.
  other = await testCore(redis2, prefix);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
  await redis2.close();
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('runner', () => {
  it('keeps two messages that arrive at once in order, across two processes', async () => {
    // The conversation is busy (another process holds it, or held it and crashed): both
    // messages queue, and whoever takes the conversation next handles them in arrival order.
    for (const holder of ['releases', 'crashes'] as const) {
      const c = new Transcript(core);
      const c2 = new Transcript(other, c.address);
      await c.say('السلام عليكم');
      const lock = core.keys.lock(c.ref);
      const inbox = core.keys.inbox(c.ref);
      await redis.set(lock, 'another-process', { expiration: { type: 'PX', value: holder === 'crashes' ? 300 : 10_000 } });
      const first = c.say('2');
      await until(async () => (await redis.lLen(inbox)) === 1);
      const second = c2.say('نعم');
      await until(async () => (await redis.lLen(inbox)) === 2);
      if (holder === 'releases') await redis.del(lock);
      await Promise.all([first, second]);
      const replies = [...c.sent, ...c2.sent].map((s) => s.message.text);
      const notice = replies.findIndex((t) => t.includes('نظام حماية البيانات'));
      const name = replies.findIndex((t) => t.includes('اسمك الرباعي'));
      expect(notice).toBeGreaterThan(-1);
      expect(name).toBeGreaterThan(notice);
      expect((await core.runner.state(c.ref))!.data.consent).toBe(true);
      expect(await redis.lLen(inbox)).toBe(0);
    }
  });

  it('handles many concurrent messages of one conversation strictly in order', async () => {
    const c = new Transcript(core);
    await c.say('مرحبا');
    await c.say('5');
    await c.say('نعم');
    const texts = ['شكوى', 'الخدمة كانت بطيئة جدا في الفرع'];
    await Promise.all(texts.map((t, i) => (i % 2 ? new Transcript(other, c.address) : c).say(t, { messageId: `o-${i}` })));
    const state = (await core.runner.state(c.ref))!;
    expect(state.data).toEqual({});
    const all = [...c.sent, ...new Transcript(other, c.address).sent].map((s) => s.message.text).join('\n');
    expect(all).toMatch(/CS-\d{4}-\d{6}/);
  });

  it('never works on a stale copy when conversations move between processes', async () => {
    const a = new Transcript(core);
    const b = new Transcript(other, a.address);
    await a.say('مرحبا'); // process A now holds the state it wrote
    await a.say('2');
    await b.say('نعم'); // process B moves the conversation on
    await b.say('محمد عبدالله السالم');
    // A must see B's answers, not its own older copy.
    expect(a.text(await a.say('1000000008'))).toContain('رقم الجوال');
    const state = (await core.runner.state(a.ref))!;
    expect(state.data).toMatchObject({ consent: true, fullName: 'محمد عبدالله السالم', nationalId: '1000000008' });
    expect(state.seq).toBe(5);
  });

  it('queues a control input under a precondition only while it holds, checked as it is queued', async () => {
    const c = new Transcript(core);
    await c.say('مرحبا');
    const key = `${prefix}:precondition-test`;
    await redis.hSet(key, { status: 'with-officer', officerId: 'o1' });
    const only = { key, equals: [['status', 'with-officer'], ['officerId', 'o1']] as [string, string][] };
    const reply = { kind: 'reply' as const, handoffId: 'h1', text: 'رد الموظف', officerId: 'o1' };
    expect(await core.runner.control(c.ref, reply, 'pre-1', Date.now(), { only })).toBe('handled');
    expect(c.sent.map((s) => s.message.text)).toContain('رد الموظف');
    await redis.hSet(key, 'officerId', 'o2');
    expect(await core.runner.control(c.ref, { ...reply, text: 'لا يرسل' }, 'pre-2', Date.now(), { only })).toBe('refused');
    await redis.del(key);
    expect(await core.runner.control(c.ref, { ...reply, text: 'لا يرسل' }, 'pre-3', Date.now(), { only })).toBe('refused');
    expect(c.sent.map((s) => s.message.text)).not.toContain('لا يرسل');
    // Refused, so never queued: nothing marks its id seen, nothing waits in the inbox.
    expect(await redis.exists(core.keys.seen('test', 'ctl:pre-2'))).toBe(0);
    expect(await redis.lLen(core.keys.inbox(c.ref))).toBe(0);
  });

  it('answers a redelivered message once', async () => {
    const c = new Transcript(core);
    const first = await c.say('السلام عليكم', { messageId: 'platform-id-1' });
    const again = await c.say('السلام عليكم', { messageId: 'platform-id-1' });
    const viaOther = await new Transcript(other, c.address).say('السلام عليكم', { messageId: 'platform-id-1' });
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual([]);
    expect(viaOther).toEqual([]);
    expect((await core.runner.state(c.ref))!.seq).toBe(1);
  });

  it('gives the same turn the same effect key, so a re-handled turn is recognisable', async () => {
    const c = new Transcript(core);
    await c.say('مرحبا');
    await c.say('1');
    const keys = c.sent.map((s) => s.key);
    const id = (await core.runner.state(c.ref))!.id;
    expect(keys[0]).toBe(`test:${c.address}:${id}:1`);
    expect(keys.at(-1)).toBe(`test:${c.address}:${id}:2`);
  });
});

describe('request status', () => {
  it('shows a request only to someone with its reference and its national ID', async () => {
    const a = new Transcript(core);
    await a.say('السلام عليكم');
    for (const s of ['2', 'نعم', 'سارة محمد العتيبي', '2000000006', '0551234567', '2', '4', '1200', '1', 'تعثر في سداد فواتير العلاج', 'تخطي', '1', 'نعم']) await a.say(s);
    const reference = /SR-\d{4}-\d{6}/.exec(a.text(a.sent.map((s) => s.message)))![0];

    const stranger = new Transcript(core);
    await stranger.say('مرحبا');
    expect(stranger.text(await stranger.say('3'))).toContain('رقم الطلب');
    expect(stranger.text(await stranger.say('SR-1'))).toContain('SR-2026-000042');
    await stranger.say(reference.toLowerCase());
    const refused = stranger.text(await stranger.say('1000000008'));
    expect(refused).toContain('لم نجد طلباً بهذا الرقم مقدّماً بهذه الهوية');
    expect(refused).not.toContain('سارة');
    expect(refused).not.toContain('مستلم');

    const owner = new Transcript(core);
    await owner.say('مرحبا');
    await owner.say('3');
    await owner.say(reference);
    const shown = owner.text(await owner.say('٢٠٠٠٠٠٠٠٠٦'));
    expect(shown).toContain(reference);
    expect(shown).toContain('بانتظار دراسة لجنة البحث');

    await core.requests.setStatus(reference, 'under-review', 'officer:test', new Date());
    const later = new Transcript(core);
    await later.say('مرحبا');
    await later.say('3');
    await later.say(reference);
    expect(later.text(await later.say('2000000006'))).toContain('قيد الدراسة');
    expect(await core.requests.listByStatus('submitted')).not.toContain(reference);
    expect(await core.requests.listByStatus('under-review')).toContain(reference);
  });
});

describe('update my data', () => {
  it('verifies by ID and mobile on file, changes a field, keeps the history', async () => {
    await core.beneficiaries.fileApplicant(
      { fullName: 'خالد سعد القحطاني', nationalId: '1000000016', mobile: '+966501112233', city: 'riyadh', familySize: 4, monthlyIncome: 2000 },
      { channel: 'test', address: 'seed' },
      new Date(),
    );
    const c = new Transcript(core);
    await c.say('مرحبا');
    expect(c.text(await c.say('تحديث بياناتي'))).toContain('نظام حماية البيانات');
    await c.say('نعم');
    await c.say('1000000016');
    expect(c.text(await c.say('0509999999'))).toContain('لم نتمكن من التحقق');

    await c.say('4');
    await c.say('نعم');
    await c.say('1000000016');
    expect(c.text(await c.say('0501112233'))).toContain('ما البيان الذي تريد تحديثه');
    expect(c.text(await c.say('3'))).toContain('عدد أفراد الأسرة الآن');
    expect(c.text(await c.say('6'))).toContain('تم تحديث بياناتك');
    await c.say('نعم');
    await c.say('المدينة');
    await c.say('الدمام');
    expect(c.text(await c.say('لا'))).toContain('شكراً لتحديث بياناتك');

    expect(await core.beneficiaries.get('1000000016')).toMatchObject({ familySize: 6, city: 'dammam', mobile: '+966501112233' });
    const history = await core.beneficiaries.history('1000000016');
    expect(history.map((h) => [h.field, h.from, h.to])).toEqual([
      ['familySize', 4, 6],
      ['city', 'riyadh', 'dammam'],
    ]);
  });
});

describe('complaints and suggestions', () => {
  it('records a suggestion with its own reference and emits an event', async () => {
    const seen: unknown[] = [];
    const off = core.events.on('complaint.recorded', (e) => void seen.push(e.payload));
    const c = new Transcript(core);
    await c.say('مرحبا');
    await c.say('شكوى أو اقتراح');
    await c.say('نعم');
    await c.say('اقتراح');
    const done = c.text(await c.say('أقترح فتح الفرع يوم السبت لخدمة الموظفين'));
    const reference = /CS-\d{4}-\d{6}/.exec(done)![0];
    expect(await core.complaints.get(reference)).toMatchObject({ kind: 'suggestion', status: 'open' });
    expect(seen).toContainEqual(expect.objectContaining({ reference, kind: 'suggestion' }));
    off();
    // Every event also lands in the Redis stream, for listeners in other processes.
    const stream = (await redis.xRange(core.keys.events(), '-', '+')) ?? [];
    const names = stream.map((e) => e.message.name);
    expect(names).toContain('complaint.recorded');
    expect(stream.some((e) => e.message.name === 'service.completed' && e.message.payload!.includes('"outcome":"recorded"'))).toBe(true);
  });
});

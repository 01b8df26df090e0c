import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentRecords } from '../../adapters/whatsapp-cloud/records.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';
import { messages } from '../support/fake-graph.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startCloud, type CloudHarness } from './harness.js';

/**
 * Replies on the Cloud API through the real BullMQ worker: the 24-hour window and templates,
 * held notices, throttling, token trouble, delivery statuses, long texts.
 */
let redis: Redis;
let bull: Redis;
let wa: CloudHarness;
let queue: Queue;
let records: SentRecords;
const prefix = uniquePrefix('wacloud-out');
let numbers = 0;
let keys = 0;

beforeAll(async () => {
  redis = await connectTestRedis();
  wa = await startCloud(redis, prefix);
  bull = redis.duplicate();
  await bull.connect();
  queue = new Queue('outbound-whatsapp', { connection: bull, prefix: wa.core.keys.bullPrefix() });
  records = new SentRecords(redis, wa.core.keys);
});
afterAll(async () => {
  await queue.close();
  await bull.close();
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

const beneficiary = () => {
  const wa_id = `96655530${String(++numbers).padStart(4, '0')}`;
  return { wa_id, ref: { channel: 'whatsapp' as const, address: `${wa_id}@c.us` } };
};

/** Queues replies as the runner does and waits until their job is finished; returns its final state. */
async function deliver(ref: { channel: 'whatsapp'; address: string }, replies: OutboundMessage[]): Promise<{ jobId: string; state: string }> {
  await wa.core.outbound.send(ref, replies, `test-turn-${++keys}`);
  const jobId = (await redis.get(wa.core.keys.outboundTail(ref)))!;
  const state = await waitFor(async () => {
    const s = await queue.getJobState(jobId);
    return s === 'completed' || s === 'failed' ? s : undefined;
  }, 'the reply job to finish');
  return { jobId, state };
}

const decision = (text = 'صدر قرار اللجنة في طلبك SR-2026-000123: مقبول'): OutboundMessage => ({
  text,
  locale: 'ar',
  notice: { name: 'request-decision', params: { reference: 'SR-2026-000123', decision: 'مقبول' } },
});

describe('WhatsApp Cloud: the 24-hour window', () => {
  it('sends the notice as its approved template when WhatsApp answers 131047', async () => {
    const b = beneficiary();
    wa.fake.failNext({ status: 400, code: 131047, message: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed' }, 1, (body) => body.type === 'text');
    expect((await deliver(b.ref, [decision()])).state).toBe('completed');
    const [sent] = wa.fake.sent(b.wa_id);
    expect(sent!.body).toMatchObject({
      type: 'template',
      template: {
        name: 'sanad_request_decision',
        language: { code: 'ar' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'SR-2026-000123' }, { type: 'text', text: 'مقبول' }] }],
      },
    });
  });

  it('turns a late "failed 131047" status into the template, in the beneficiary\'s language', async () => {
    const b = beneficiary();
    await deliver(b.ref, [{ ...decision('Decision on SR-2026-000123: approved'), locale: 'en' }]);
    const [text] = wa.fake.sent(b.wa_id);
    expect(text!.body.type).toBe('text');
    const res = await wa.post(messages.status(text!.wamid!, b.wa_id, 'failed', [{ code: 131047, title: 'Re-engagement message' }]));
    expect(res.statusCode).toBe(200);
    const [, template] = await wa.fake.waitForSent(2, b.wa_id);
    expect(template!.body).toMatchObject({ type: 'template', template: { name: 'sanad_request_decision', language: { code: 'en' } } });
    // The same status again (Meta repeats webhooks) sends no second template.
    await wa.post(messages.status(text!.wamid!, b.wa_id, 'failed', [{ code: 131047, title: 'Re-engagement message' }]));
    const tail = (await redis.get(wa.core.keys.outboundTail(b.ref)))!;
    await waitFor(async () => (await queue.getJobState(tail)) === 'completed', 'the template job');
    expect(wa.fake.sent(b.wa_id)).toHaveLength(2);
  });

  it('holds a notice without an approved template, and a reply without a notice: logged, counted in /healthz, never dropped', async () => {
    const b = beneficiary();
    const heldBefore = await records.heldCount();
    wa.fake.failNext({ status: 400, code: 131047, message: 'Re-engagement message' }, 2);
    const survey: OutboundMessage = { text: 'كيف كانت خدمتنا؟', locale: 'ar', notice: { name: 'thank-you-card', params: {} } };
    const plain: OutboundMessage = { text: 'رد الموظف: تم استلام أوراقك', locale: 'ar' };
    expect((await deliver(b.ref, [survey, plain])).state).toBe('completed');
    expect(wa.fake.sent(b.wa_id)).toHaveLength(0);
    const held = (await records.held()).filter((h) => h.ref.address === b.ref.address);
    expect(held.map((h) => h.message.text)).toEqual(['كيف كانت خدمتنا؟', 'رد الموظف: تم استلام أوراقك']);
    expect(held[0]!.reason).toContain('no approved template for the notice "thank-you-card"');
    expect(held[1]!.reason).toContain('no notice');
    expect(held.every((h) => h.code === 131047)).toBe(true);
    expect((await wa.health()).held).toBe(heldBefore + 2);
    expect(wa.lines().filter((l) => l.code === 'SANAD_ERR_WHATSAPP_HELD').length).toBeGreaterThanOrEqual(2);
  });

  it('holds a notice whose template Meta refuses (not approved)', async () => {
    const b = beneficiary();
    wa.fake.failNext({ status: 400, code: 131047, message: 'Re-engagement message' }, 1, (body) => body.type === 'text');
    wa.fake.failNext({ status: 404, code: 132001, message: 'Template name does not exist in the translation' }, 1, (body) => body.type === 'template');
    expect((await deliver(b.ref, [decision()])).state).toBe('completed');
    const held = (await records.held()).filter((h) => h.ref.address === b.ref.address);
    expect(held).toHaveLength(1);
    expect(held[0]!.reason).toContain('132001');
    expect(held[0]!.message.notice?.name).toBe('request-decision');
  });
});

describe('WhatsApp Cloud: errors and statuses', () => {
  it('waits out a 130429 throttle and sends each part once', async () => {
    const b = beneficiary();
    const long = `${'سطر طويل من الرد '.repeat(200)}\n${'والمزيد من النص '.repeat(200)}`;
    expect(long.length).toBeGreaterThan(4096);
    // The first part goes, the second is throttled: the retry must not send the first again.
    let n = 0;
    wa.fake.failNext({ status: 400, code: 130429, message: 'Rate limit hit' }, 1, () => ++n === 2);
    expect((await deliver(b.ref, [{ text: long, locale: 'ar' }])).state).toBe('completed');
    const sent = wa.fake.sent(b.wa_id);
    expect(sent).toHaveLength(2);
    const bodies = sent.map((c) => (c.body.text as { body: string }).body);
    expect(bodies.every((t) => t.length <= 4096)).toBe(true);
    expect(bodies.join('\n').replace(/\s+/g, '')).toBe(long.replace(/\s+/g, ''));
    const throttled = wa.fake.calls.filter((c) => c.status === 400 && c.body.to === b.wa_id);
    expect(throttled).toHaveLength(1);
    expect(sent[1]!.at - throttled[0]!.at).toBeGreaterThanOrEqual(250);
    expect(wa.lines().some((l) => l.msg === 'reply postponed' && String(l.reason).startsWith('130429'))).toBe(true);
  });

  it('fails a reply WhatsApp cannot deliver (131026) at once, with the reason', async () => {
    const b = beneficiary();
    wa.fake.failNext({ status: 400, code: 131026, message: 'Message undeliverable' });
    const { jobId, state } = await deliver(b.ref, [{ text: 'مرحباً', locale: 'ar' }]);
    expect(state).toBe('failed');
    const job = await queue.getJob(jobId);
    expect(job?.failedReason).toContain('131026');
    expect(job?.attemptsMade).toBe(1);
  });

  it('records sent, delivered, read and a failure with its code on the outbound job', async () => {
    const b = beneficiary();
    const { jobId } = await deliver(b.ref, [{ text: 'تم استلام طلبك', locale: 'ar' }, { text: 'شكراً لك', locale: 'ar' }]);
    const [first, second] = wa.fake.sent(b.wa_id);
    for (const status of ['sent', 'delivered', 'read']) expect((await wa.post(messages.status(first!.wamid!, b.wa_id, status))).statusCode).toBe(200);
    await wa.post(messages.status(second!.wamid!, b.wa_id, 'failed', [{ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.' }]));
    expect(await records.get(first!.wamid!)).toMatchObject({ job: jobId, status: 'read' });
    expect(await records.get(second!.wamid!)).toMatchObject({ job: jobId, status: 'failed', errorCode: 131049 });
    const { logs } = await waitFor(async () => {
      const l = await queue.getJobLogs(jobId);
      return l.logs.length >= 4 ? l : undefined;
    }, 'the statuses in the job log');
    expect(logs).toContain(`${second!.wamid} failed 131049 This message was not delivered to maintain healthy ecosystem engagement.`);
    expect(logs.filter((l) => l.startsWith(first!.wamid!)).map((l) => l.split(' ')[1])).toEqual(['sent', 'delivered', 'read']);
  });

  it('sends choices that do not fit buttons or a list as the numbered list', async () => {
    const b = beneficiary();
    const choices = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, label: `الخيار رقم ${i + 1}` }));
    await deliver(b.ref, [{ text: 'اختر', choices, locale: 'ar' }]);
    const [sent] = wa.fake.sent(b.wa_id);
    expect(sent!.body.type).toBe('text');
    expect((sent!.body.text as { body: string }).body).toContain('12. الخيار رقم 12');
  });
});

describe('WhatsApp Cloud: an expired token', () => {
  it('says so in the log and /healthz, keeps the reply, and sends it once the token works again', async () => {
    const b = beneficiary();
    wa.fake.failNext({ status: 401, code: 190, message: 'Error validating access token: Session has expired' }, 3);
    await wa.core.outbound.send(b.ref, [{ text: 'ردنا عليك', locale: 'ar' }], `test-turn-${++keys}`);
    await waitFor(async () => (await wa.health()).state === 'token-rejected', '/healthz to report the token');
    expect(String((await wa.health()).detail)).toContain('WHATSAPP_CLOUD_TOKEN');
    expect(wa.lines().some((l) => l.code === 'SANAD_ERR_WHATSAPP_TOKEN')).toBe(true);
    await wa.fake.waitForSent(1, b.wa_id);
    await waitFor(async () => (await wa.health()).state === 'ready', '/healthz ready again');
  });
});

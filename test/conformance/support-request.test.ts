import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportRequest } from '../../src/domain/requests.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import type { ChannelDriver, Conversation, Reply, TestFile } from './driver.js';
import { telegramDriver } from './drivers/telegram.js';
import { webchatDriver } from './drivers/webchat.js';
import { whatsappDriver } from './drivers/whatsapp.js';
import { whatsappCloudDriver } from './drivers/whatsapp-cloud.js';

/**
 * One flow, written once, behaves the same on every channel: the same support-request transcript,
 * driven through each adapter at its platform boundary, files the same request. A new adapter
 * joins by adding its driver to this list.
 */
const drivers: ChannelDriver[] = [telegramDriver, whatsappDriver, whatsappCloudDriver, webchatDriver];
const nameOf = (d: ChannelDriver) => d.name ?? d.channel;

/** A one-page PDF, the kind of supporting document a beneficiary sends. */
const PDF: TestFile = {
  name: 'تقرير.pdf',
  mimeType: 'application/pdf',
  bytes: Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  ),
};

const all = (replies: Reply[]) => replies.map((r) => [r.text, ...r.choices].join('\n')).join('\n---\n');

/** The transcript: greeting, consent, the form (typed and picked answers, a document), summary, acknowledgement. */
async function fileSupportRequest(c: Conversation): Promise<string> {
  const steps: [string, () => Promise<Reply[]>, string][] = [
    ['greeting', () => c.say('السلام عليكم'), 'تقديم طلب دعم'],
    ['menu', () => c.choose('تقديم طلب دعم'), 'نظام حماية البيانات الشخصية'],
    ['consent', () => c.choose('نعم'), 'اسمك الرباعي'],
    ['name', () => c.say('محمد عبدالله السالم'), 'رقم الهوية'],
    ['national id', () => c.say('1000000008'), 'رقم الجوال'],
    ['mobile', () => c.say('0512345678'), 'مدينة'],
    ['city', () => c.choose('الرياض'), 'عدد أفراد'],
    ['family', () => c.say('5'), 'دخل الأسرة'],
    ['income', () => c.say('3000'), 'نوع الدعم'],
    ['type', () => c.choose('سداد إيجار'), 'صف حاجتك'],
    ['description', () => c.say('نحتاج سداد إيجار شهرين متأخرة'), 'PDF'],
    ['document', () => c.sendFile(PDF), 'راجع بياناتك'],
    ['summary', () => c.choose('البيانات صحيحة'), 'إقرار'],
  ];
  for (const [what, act, expected] of steps) {
    const replies = await act();
    expect(all(replies), `after "${what}" on ${c.ref.channel}`).toContain(expected);
  }
  const done = all(await c.choose('نعم'));
  const reference = /SR-\d{4}-\d{6}/.exec(done)?.[0];
  expect(reference, done).toBeDefined();
  return reference!;
}

/** The request without what differs by nature between channels and runs: ids, times, the channel. */
function channelNeutral(r: SupportRequest) {
  return {
    status: r.status,
    applicant: r.applicant,
    requestType: r.requestType,
    description: r.description,
    attachments: r.attachments.map((a) => ({ kind: a.kind, mimeType: a.mimeType, stored: Boolean(a.storageKey ?? a.url) })),
    consent: { noticeVersion: r.consent.noticeVersion },
    acknowledgement: { text: r.acknowledgement.text },
    history: r.history.map((h) => ({ status: h.status, by: h.by.replace(/:.*$/, ':<channel>') })),
  };
}

let redis: Redis;
const prefix = uniquePrefix('conformance');
const filed = new Map<string, ReturnType<typeof channelNeutral>>();

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe.each(drivers.map((d) => [nameOf(d), d] as const))('conformance: %s', (name, driver) => {
  it('files the support request from the same transcript', async () => {
    const channel = driver.channel;
    const running = await driver.start(redis, `${prefix}:${name}`);
    try {
      const c = await running.open();
      const reference = await fileSupportRequest(c);
      const stored = await running.core.requests.get(reference);
      expect(stored).toMatchObject({
        conversation: { channel, address: c.ref.address },
        consent: { channel },
        acknowledgement: { channel },
        attachments: [{ mimeType: 'application/pdf' }],
      });
      filed.set(name, channelNeutral(stored!));
    } finally {
      await running.stop();
    }
  }, 60_000);
});

describe('conformance: every channel', () => {
  it('stored the same request', () => {
    expect([...filed.keys()].sort()).toEqual(drivers.map(nameOf).sort());
    const [first, ...rest] = [...filed.values()];
    expect(first).toMatchObject({
      status: 'submitted',
      applicant: { fullName: 'محمد عبدالله السالم', nationalId: '1000000008', mobile: '+966512345678', city: 'riyadh', familySize: 5, monthlyIncome: 3000 },
      requestType: 'rent',
      attachments: [{ kind: 'document', mimeType: 'application/pdf', stored: true }],
    });
    for (const other of rest) expect(other).toEqual(first);
  });
});

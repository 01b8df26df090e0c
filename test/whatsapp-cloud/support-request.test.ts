import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../src/store/attachments.js';
import type { Redis } from '../../src/store/redis.js';
import { openCloudConversation, options } from '../conformance/drivers/whatsapp-cloud.js';
import { TurnWatcher } from '../conformance/driver.js';
import { messages } from '../support/fake-graph.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { startCloud, type CloudHarness } from './harness.js';

/** A whole support request on the Cloud API: choices tapped as reply buttons and list rows, a PDF uploaded. */
let redis: Redis;
let wa: CloudHarness;
let turns: TurnWatcher;
const prefix = uniquePrefix('wacloud-flow');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

beforeAll(async () => {
  redis = await connectTestRedis();
  wa = await startCloud(redis, prefix);
  turns = await TurnWatcher.open(wa.core, redis, 'whatsapp');
});
afterAll(async () => {
  await turns.close();
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

const text = (replies: { text: string; choices: string[] }[]) => replies.map((r) => [r.text, ...r.choices].join('\n')).join('\n---\n');

describe('WhatsApp Cloud: a support request', () => {
  it('goes through reply buttons and list messages, takes the document and files the request', async () => {
    const from = '966555200001';
    const c = openCloudConversation(wa, turns, from);
    expect(text(await c.say('السلام عليكم'))).toContain('تقديم طلب دعم');
    // The menu has six entries: a list message (rows up to 24 characters), opened by its button.
    const menu = wa.fake.sent(from).at(-1)!;
    expect(menu.body).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: 'اختر من القائمة' } } });
    expect(text(await c.choose('تقديم طلب دعم'))).toContain('نظام حماية البيانات الشخصية');
    // Yes / no: reply buttons.
    const consent = wa.fake.sent(from).at(-1)!;
    expect(consent.body).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
    expect(options(consent).map((o) => o.title)).toContain('نعم');
    await c.choose('نعم');
    await c.say('محمد عبدالله السالم');
    await c.say('1000000008');
    await c.say('0512345678');
    await c.choose('الرياض');
    await c.say('5');
    await c.say('3000');
    await c.choose('سداد إيجار');
    expect(text(await c.say('نحتاج سداد إيجار شهرين متأخرة'))).toContain('PDF');
    expect(text(await c.sendFile({ name: 'تقرير.pdf', mimeType: 'application/pdf', bytes: PDF }))).toContain('راجع بياناتك');
    await c.choose('البيانات صحيحة');
    const done = text(await c.choose('نعم'));
    const reference = /SR-\d{4}-\d{6}/.exec(done)?.[0];
    expect(reference, done).toBeDefined();

    const request = await wa.core.requests.get(reference!);
    expect(request).toMatchObject({
      conversation: { channel: 'whatsapp', address: `${from}@c.us` },
      applicant: { nationalId: '1000000008', mobile: '+966512345678', city: 'riyadh' },
      requestType: 'rent',
      attachments: [{ kind: 'document', mimeType: 'application/pdf', name: 'تقرير.pdf', size: PDF.length }],
    });
    // The bytes were fetched from the Graph media endpoint at once and kept, with the bearer token.
    const stored = await new AttachmentStore(redis, wa.core.keys, 3600).load(request!.attachments[0]!.storageKey!);
    expect(stored?.bytes.equals(PDF)).toBe(true);
    expect(wa.fake.calls.some((call) => call.method === 'GET' && call.path.startsWith('/media-bytes/') && call.status === 200)).toBe(true);
    // Every interactive message kept to WhatsApp's limits.
    for (const call of wa.fake.sent(from)) {
      if (call.body.type !== 'interactive') continue;
      const kind = (call.body.interactive as { type: string }).type;
      for (const o of options(call)) expect(o.title.length).toBeLessThanOrEqual(kind === 'button' ? 20 : 24);
      expect(options(call).length).toBeLessThanOrEqual(kind === 'button' ? 3 : 10);
    }
  });

  it('refuses a file over WHATSAPP_MEDIA_MAX_MB without downloading it, in Arabic and English', async () => {
    const from = '966555200002';
    const mediaId = wa.fake.addMedia('application/pdf', PDF, 5 * 1024 * 1024);
    expect((await wa.post(messages.document(from, mediaId, 'كبير.pdf', 'application/pdf'))).statusCode).toBe(200);
    const [reply] = await wa.fake.waitForSent(1, from);
    expect((reply!.body.text as { body: string }).body).toMatch(/أكبر من 1 ميجابايت[\s\S]*larger than 1 MB/);
    expect(wa.fake.calls.some((call) => call.path === `/media-bytes/${mediaId}`)).toBe(false);
  });
});

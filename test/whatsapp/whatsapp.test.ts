import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../src/store/attachments.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { waMessage } from '../support/fake-wwebjs.js';
import { ADMIN_TOKEN, startWhatsApp, type WhatsAppHarness } from './harness.js';

/**
 * WhatsApp through a fake whatsapp-web.js Client (real event names, real Message shape), the
 * real engine, Redis and BullMQ worker behind it.
 */
let redis: Redis;
let wa: WhatsAppHarness;
const prefix = uniquePrefix('whatsapp');
let n = 0;
const user = () => `9665123400${String(++n).padStart(2, '0')}@c.us`;
const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;

beforeAll(async () => {
  redis = await connectTestRedis();
  // The first client has no session (QR); later ones find the saved session.
  wa = await startWhatsApp(redis, prefix, ['qr', 'session']);
});
afterAll(async () => {
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('WhatsApp', () => {
  it('shows the QR code in the terminal and on the protected admin page, then links', async () => {
    await waitFor(async () => (await wa.health()).state === 'qr', 'the qr state');
    await waitFor(() => wa.printed.length > 0, 'the printed QR code');
    expect(wa.printed[0]).toContain('WhatsApp: scan');
    expect(wa.printed[0]).toMatch(/[▀▄█]/);

    expect((await wa.app.inject({ url: '/admin/whatsapp' })).statusCode).toBe(401);
    expect((await wa.app.inject({ url: '/admin/whatsapp/qr.svg', headers: { authorization: basic('wrong-token-xxxxxxxx') } })).statusCode).toBe(401);
    const pageRes = await wa.app.inject({ url: '/admin/whatsapp', headers: { authorization: basic(ADMIN_TOKEN) } });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.body).toContain('/admin/whatsapp/qr.svg');
    const svg = await wa.app.inject({ url: '/admin/whatsapp/qr.svg', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');

    wa.fakes.current.scan();
    await waitFor(async () => (await wa.health()).state === 'ready', 'ready');
    const gone = await wa.app.inject({ url: '/admin/whatsapp/qr.svg', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ state: 'ready' });
  });

  it('answers a message, with the menu as a numbered list', async () => {
    const from = user();
    wa.fakes.current.receive({ from, body: 'السلام عليكم' });
    const [greeting, menu] = await waitFor(() => wa.fakes.current.sentTo(from).length >= 2 && wa.fakes.current.sentTo(from), 'two replies');
    expect(greeting).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    expect(menu).toMatch(/\n1\. .+\n2\. تقديم طلب دعم/);
    wa.fakes.current.receive({ from, body: '2' });
    await waitFor(() => wa.fakes.current.sentTo(from).some((t) => t.includes('نظام حماية البيانات الشخصية')), 'the privacy notice');
  });

  it('ignores group messages, status broadcasts and our own messages', async () => {
    const before = wa.fakes.current.sent.length;
    wa.fakes.current.receive({ from: '120363025246125888@g.us', author: user(), body: 'السلام عليكم' });
    wa.fakes.current.receive({ from: 'status@broadcast', author: user(), body: 'حالة جديدة', isStatus: true });
    wa.fakes.current.receive({ from: user(), body: 'السلام عليكم', fromMe: true });
    await sleep(500);
    expect(wa.fakes.current.sent.length).toBe(before);
    expect(await redis.keys(`${prefix}:conv:whatsapp:*@g.us`)).toEqual([]);
  });

  it('downloads and stores a photo as an attachment', async () => {
    const from = user();
    const bytes = Buffer.from('\xff\xd8\xff\xe0 a tiny jpeg', 'latin1');
    const msg = wa.fakes.current.receive({ from, body: 'صورة التقرير', media: { mimetype: 'image/jpeg', data: bytes.toString('base64'), filename: null, filesize: bytes.length } });
    await waitFor(() => wa.fakes.current.sentTo(from).length >= 2, 'the replies');
    const stored = await new AttachmentStore(redis, wa.core.keys, 3600).load(`att:wa:${msg.id._serialized}`);
    expect(stored).toMatchObject({ mimeType: 'image/jpeg', bytes, conversation: `whatsapp:${from}` });
    // Not asked for by a form (a photo at the greeting): it lives as long as the conversation, not 90 days.
    const ttl = await redis.ttl(wa.core.keys.attachment(`wa:${msg.id._serialized}`));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
  });

  it('refuses a file over the size limit with a message in both languages, before downloading it', async () => {
    const from = user();
    const big = { mimetype: 'application/pdf', data: '', filename: 'big.pdf', filesize: 5 * 1024 * 1024 };
    wa.fakes.current.receive({ from, type: 'document', media: big });
    const [notice] = await waitFor(() => wa.fakes.current.sentTo(from).length >= 1 && wa.fakes.current.sentTo(from), 'the notice');
    expect(notice).toContain('أكبر من 1 ميجابايت');
    expect(notice).toContain('larger than 1 MB');
    expect(await wa.core.runner.state({ channel: 'whatsapp', address: from })).toBeUndefined();
  });

  it('cuts a text longer than a message holds instead of dropping it', async () => {
    const from = user();
    wa.fakes.current.receive({ from, body: `السلام عليكم ${'ا'.repeat(10_000)}` });
    await waitFor(() => wa.fakes.current.sentTo(from).length >= 2, 'the replies');
  });

  it('retries a send that failed because the page was busy', async () => {
    const from = user();
    wa.fakes.current.sendFailures.push(new Error('Evaluation failed: TypeError: Cannot read properties of undefined'));
    wa.fakes.current.receive({ from, body: 'مرحبا' });
    await waitFor(() => wa.fakes.current.sentTo(from).length >= 2, 'the replies after a retry');
  });

  it('reconnects after a disconnect, and delivers what was queued meanwhile', async () => {
    const first = wa.fakes.current;
    const clientsBefore = wa.fakes.clients.length;
    first.disconnect('NAVIGATION');
    expect((await wa.health()).state).toBe('disconnected');
    expect(first.destroyed).toBe(true);
    // A reply decided while WhatsApp is down waits in the queue.
    const from = user();
    await wa.core.outbound.send({ channel: 'whatsapp', address: from }, [{ text: 'رد أثناء الانقطاع', locale: 'ar' }], `whatsapp:${from}:1`);
    await waitFor(async () => (await wa.health()).state === 'ready', 'ready again');
    expect(wa.fakes.clients.length).toBe(clientsBefore + 1);
    const second = wa.fakes.current;
    expect(second).not.toBe(first);
    await waitFor(() => second.sentTo(from).includes('رد أثناء الانقطاع'), 'the queued reply', 15_000);
    expect(first.sentTo(from)).toEqual([]);
    // And the new client is the one that receives and answers.
    const other = user();
    second.receive({ from: other, body: 'السلام عليكم' });
    await waitFor(() => second.sentTo(other).length >= 2, 'replies on the new client');
    const lines = wa.lines().filter((l) => l.msg === 'whatsapp: connection lost; reconnecting');
    expect(lines.at(-1)).toMatchObject({ reason: 'disconnected: NAVIGATION' });
  });

  it('answers, once linked again, what beneficiaries wrote while it was away', async () => {
    const before = wa.fakes.current;
    before.disconnect('NAVIGATION');
    const from = user();
    // Written while no client is open: WhatsApp Web raises no 'message' event for these later.
    wa.fakes.account.missed({ from, body: 'السلام عليكم' });
    wa.fakes.account.missed({ from: '120363025246125999@g.us', author: user(), body: 'مرحبا' });
    await waitFor(async () => (await wa.health()).state === 'ready' && wa.fakes.current !== before, 'linked again');
    const replies = await waitFor(() => wa.fakes.current.sentTo(from).length >= 2 && wa.fakes.current.sentTo(from), 'the replies to the missed message');
    expect(replies[0]).toContain('أهلاً وسهلاً');
    expect(wa.fakes.account.chats.get(from)).toMatchObject({ unread: 0, seen: 1 });
    expect(wa.fakes.current.sentTo('120363025246125999@g.us')).toEqual([]);
    // Read back again after another reconnect, it is not answered twice.
    const second = wa.fakes.current;
    wa.fakes.account.chats.get(from)!.unread = 1;
    second.disconnect('NAVIGATION');
    await waitFor(async () => (await wa.health()).state === 'ready' && wa.fakes.current !== second, 'linked again');
    await waitFor(() => wa.fakes.account.chats.get(from)!.seen === 2, 'the chat read again');
    await sleep(300);
    expect(wa.fakes.current.sentTo(from)).toEqual([]);
  });

  it("reads back every unread message, however many of the bot's own messages came between them", async () => {
    const before = wa.fakes.current;
    before.disconnect('NAVIGATION');
    const from = user();
    // Two unread messages with three of the bot's between (an officer's replies sent meanwhile):
    // the chat's last two messages are the bot's, not his.
    wa.fakes.account.missed({ from, body: 'السلام عليكم' });
    for (const body of ['رد الموظف ١', 'رد الموظف ٢', 'رد الموظف ٣']) wa.fakes.account.add(waMessage({ from: '966500000001@c.us', to: from, body, fromMe: true }), false);
    wa.fakes.account.missed({ from, body: 'الاستفسارات' });
    await waitFor(async () => (await wa.health()).state === 'ready' && wa.fakes.current !== before, 'linked again');
    // The greeting (welcome and menu), then the inquiries' answer: both his messages were handled.
    const replies = await waitFor(() => wa.fakes.current.sentTo(from).length >= 3 && wa.fakes.current.sentTo(from), 'the replies to both');
    expect(replies[0]).toContain('أهلاً وسهلاً');
    expect((await wa.core.runner.state({ channel: 'whatsapp', address: from }))?.seq).toBe(2);
  });
});

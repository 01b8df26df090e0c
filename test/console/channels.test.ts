import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { FAKE_TOKEN, updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startTelegram } from '../telegram/harness.js';
import { newToken, startServer, Visitor } from '../webchat/support.js';
import { startWhatsApp } from '../whatsapp/harness.js';
import type { RunningConsole } from '../../src/console/plugin.js';
import { ADMIN, api, attachConsole, login } from './support.js';

/** The handoff on every channel, with the platforms faked at their HTTP (or client) boundary. */
let redis: Redis;
const prefixes: string[] = [];
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  for (const p of prefixes) await deleteKeys(redis, p);
  await redis.close();
});
const prefixFor = (name: string) => {
  const p = uniquePrefix(name);
  prefixes.push(p);
  return p;
};

describe('on Telegram (fake Bot API)', () => {
  it('queued, claimed, answered; the officer\'s reply survives a restart of the process', async () => {
    const prefix = prefixFor('handoff-tg');
    const chat = 5551;
    const text = (tg: { fake: { ok(m: string, c?: number): { body: Record<string, unknown> }[] } }) => tg.fake.ok('sendMessage', chat).map((c) => String(c.body.text));
    let officers!: RunningConsole;
    const tg = await startTelegram(redis, prefix, {}, undefined, async (app, core) => (officers = await attachConsole(app, core, prefix)));
    try {
      await tg.post(updates.text(1, chat, 'موظف'));
      await waitFor(() => text(tg).some((t) => t.includes('ترتيبك في قائمة الانتظار')), 'the queue message');
      const cookie = await login(tg.app, ADMIN.email, ADMIN.password);
      const [item] = (await api(tg.app, cookie, 'GET', '/api/handoffs?status=waiting')).json() as { id: string; channel: string; address: string }[];
      expect(item).toMatchObject({ channel: 'telegram', address: String(chat) });
      await api(tg.app, cookie, 'POST', `/api/handoffs/${item!.id}/claim`);
      await waitFor(() => text(tg).some((t) => t.includes('انضم Admin إلى المحادثة')), 'the joined message');

      // Telegram is unreachable for a while (429 waited out), and the process stops meanwhile.
      tg.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, 1000);
      expect((await api(tg.app, cookie, 'POST', `/api/handoffs/${item!.id}/messages`, { text: 'معك الموظف، كيف أخدمك؟' })).statusCode).toBe(202);
    } finally {
      await officers.stop();
      await tg.stop();
    }
    // A new process on the same Redis delivers it.
    const again = await startTelegram(redis, prefix);
    try {
      await waitFor(() => text(again).includes('معك الموظف، كيف أخدمك؟'), 'the officer\'s reply after the restart', 15_000);
    } finally {
      await again.stop();
    }
  }, 40_000);
});

describe('files a beneficiary sends on Telegram (fake Bot API: getFile and the download)', () => {
  it('reach the officer in the console: the photo and the PDF, from our copy; one Telegram would not give stays a reference', async () => {
    const prefix = prefixFor('handoff-tg-files');
    const chat = 5552;
    let officers!: RunningConsole;
    const tg = await startTelegram(redis, prefix, {}, undefined, async (app, core) => (officers = await attachConsole(app, core, prefix)));
    try {
      await tg.post(updates.text(1, chat, 'موظف'));
      await tg.fake.waitFor('sendMessage', 1, chat);
      const cookie = await login(tg.app, ADMIN.email, ADMIN.password);
      const [item] = (await api(tg.app, cookie, 'GET', '/api/handoffs?status=waiting')).json() as { id: string }[];
      await api(tg.app, cookie, 'POST', `/api/handoffs/${item!.id}/claim`);

      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7, 6]);
      const pdf = Buffer.from('%PDF-1.7\n% a lease\n');
      // Telegram holds both; the update names the largest photo size and the document.
      tg.fake.file('large-2', jpeg);
      tg.fake.file('doc-3', pdf, 'pdf');
      expect((await tg.post(updates.photo(2, chat, 'صورة الهوية'))).statusCode).toBe(200);
      expect((await tg.post(updates.document(3, chat, 'عقد الإيجار.pdf', 'application/pdf'))).statusCode).toBe(200);
      // This one Telegram does not give (its getFile fails): the message still reaches the officer.
      tg.fake.failNext('getFile', { status: 400, description: 'Bad Request: file is too big' });
      expect((await tg.post(updates.document(4, chat, 'كبير.pdf', 'application/pdf'))).statusCode).toBe(200);

      type Detail = { messages: { text: string; attachments?: { mimeType: string; name?: string; storageKey?: string }[] }[] };
      const detail = await waitFor(async () => {
        const d = (await api(tg.app, cookie, 'GET', `/api/handoffs/${item!.id}`)).json() as Detail;
        return d.messages.filter((m) => m.attachments?.length).length === 3 ? d : undefined;
      }, 'the three files in the transcript');
      const lines = detail.messages.flatMap((m, i) => (m.attachments?.length ? [i] : []));
      const [photo, doc, big] = lines.map((i) => detail.messages[i]!);
      expect(photo!.text).toBe('صورة الهوية');
      expect(photo!.attachments![0]).toMatchObject({ mimeType: 'image/jpeg', storageKey: 'tg:2.0' });
      expect(doc!.attachments![0]).toMatchObject({ mimeType: 'application/pdf', name: 'عقد الإيجار.pdf', storageKey: 'tg:3.0' });
      expect(big!.attachments![0]).toMatchObject({ storageKey: 'telegram:doc-4' });
      // Fetched at the HTTP boundary: getFile, then the download link (with the token, never logged).
      expect(tg.fake.ok('getFile').map((c) => c.body.file_id)).toEqual(['large-2', 'doc-3']);
      expect(tg.fake.ok('file')).toHaveLength(2);
      expect(JSON.stringify(tg.lines())).not.toContain(FAKE_TOKEN);

      // The console serves our copies to a signed-in officer; the one Telegram kept has no link.
      const file = (n: number) => api(tg.app, cookie, 'GET', `/console/handoffs/${item!.id}/files/${lines[n]}/0`);
      const image = await file(0);
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/jpeg');
      expect(image.rawPayload.equals(jpeg)).toBe(true);
      const lease = await file(1);
      expect(lease.headers['content-type']).toBe('application/pdf');
      expect(lease.rawPayload.equals(pdf)).toBe(true);
      expect((await file(2)).statusCode).toBe(404);
      expect((await api(tg.app, undefined, 'GET', `/console/handoffs/${item!.id}/files/${lines[0]}/0`)).statusCode).toBe(303);
      const page = (await api(tg.app, cookie, 'GET', `/console/handoffs/${item!.id}`)).body;
      expect(page).toContain(`href="/console/handoffs/${item!.id}/files/${lines[1]}/0"`);
      expect(page).not.toContain(`/files/${lines[2]}/0`);
      expect(page).toContain('مرفق محفوظ لدى المنصة فقط: كبير.pdf');
    } finally {
      await officers.stop();
      await tg.stop();
    }
  }, 40_000);
});

describe('a Telegram file over TELEGRAM_MEDIA_MAX_MB', () => {
  it('stays with Telegram: not downloaded, and the message goes on', async () => {
    const prefix = prefixFor('handoff-tg-large');
    const chat = 5553;
    const tg = await startTelegram(redis, prefix, { TELEGRAM_MEDIA_MAX_MB: '0.01' });
    try {
      await tg.post(updates.text(1, chat, 'موظف'));
      await tg.fake.waitFor('sendMessage', 1, chat);
      const handoff = (await tg.core.handoffs.handoffs.openFor({ channel: 'telegram', address: String(chat) }))!;
      // Said to be 240 KB in the update: no getFile at all.
      await tg.post(updates.document(2, chat, 'كبير.pdf', 'application/pdf'));
      // Said to be small, but getFile tells its real size (20 KB): not downloaded either.
      const small = updates.document(3, chat, 'صغير.pdf', 'application/pdf') as unknown as { message: { document: { file_size: number } } };
      small.message.document.file_size = 2_000;
      tg.fake.file('doc-3', Buffer.alloc(20_000, 1), 'pdf');
      await tg.post(small);
      const files = await waitFor(async () => {
        const t = await tg.core.handoffs.handoffs.transcript(handoff.id);
        const withFiles = t.filter((l) => l.attachments?.length);
        return withFiles.length === 2 ? withFiles.map((l) => l.attachments![0]!.storageKey) : undefined;
      }, 'both files in the transcript');
      expect(files).toEqual(['telegram:doc-2', 'telegram:doc-3']);
      expect(tg.fake.ok('getFile').map((c) => c.body.file_id)).toEqual(['doc-3']);
      expect(tg.fake.ok('file')).toEqual([]);
    } finally {
      await tg.stop();
    }
  }, 40_000);
});

describe('on the web chat (official Direct Line client)', () => {
  it('the visitor is queued, hears the officer join and reply, is silent-bot while owned, and is told when it is closed', async () => {
    const prefix = prefixFor('handoff-wc');
    let officers!: RunningConsole;
    const server = await startServer({ prefix, extra: async (app, core) => (officers = await attachConsole(app, core, prefix)) });
    const { token, conversationId, userId } = await newToken(server.url);
    const visitor = new Visitor(server.url, token, userId, conversationId, { webSocket: true, core: server.core });
    try {
      await visitor.ask('السلام عليكم');
      const queued = await visitor.ask('ابي اكلم احد');
      expect(queued.join('\n')).toContain('ترتيبك في قائمة الانتظار');
      const cookie = await login(server.app, ADMIN.email, ADMIN.password);
      const [item] = (await api(server.app, cookie, 'GET', '/api/handoffs?status=waiting')).json() as { id: string; address: string; channel: string }[];
      // For web chat the address is the Direct Line conversation id.
      expect(item).toMatchObject({ channel: 'webchat', address: conversationId });
      await api(server.app, cookie, 'POST', `/api/handoffs/${item!.id}/claim`);
      await visitor.waitFor((a) => (a as { text?: string }).text?.includes('انضم Admin') ?? false, { what: 'the joined message' });
      const from = visitor.received.length;
      expect(await visitor.ask('شكراً، عندي سؤال عن طلبي')).toEqual([]);
      await api(server.app, cookie, 'POST', `/api/handoffs/${item!.id}/messages`, { text: 'تفضل، أنا معك' });
      await visitor.waitFor((a) => (a as { text?: string }).text === 'تفضل، أنا معك', { from, what: 'the officer\'s reply' });
      // Nothing from the bot between the visitor's message and the officer's reply.
      const bot = visitor.received.slice(from).filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => (a as { text?: string }).text);
      expect(bot).toEqual(['تفضل، أنا معك']);
      await api(server.app, cookie, 'POST', `/api/handoffs/${item!.id}/close`);
      await visitor.waitFor((a) => (a as { text?: string }).text?.includes('أنهى الموظف المحادثة') ?? false, { what: 'the closing message' });
      const detail = (await api(server.app, cookie, 'GET', `/api/handoffs/${item!.id}`)).json();
      expect(detail.messages.map((m: { from: string; text: string }) => `${m.from}: ${m.text}`)).toEqual(
        expect.arrayContaining(['beneficiary: ابي اكلم احد', 'beneficiary: شكراً، عندي سؤال عن طلبي', 'officer: تفضل، أنا معك']),
      );
    } finally {
      visitor.end();
      await officers.stop();
      await server.close();
    }
  }, 40_000);
});

describe('on WhatsApp (fake whatsapp-web.js client)', () => {
  it('the officer answers, and the photo the beneficiary sends reaches him', async () => {
    const prefix = prefixFor('handoff-wa');
    let officers!: RunningConsole;
    const wa = await startWhatsApp(redis, prefix, 'session', {}, async (app, core) => (officers = await attachConsole(app, core, prefix)));
    const from = '966512340099@c.us';
    try {
      await waitFor(async () => (await wa.health()).state === 'ready', 'ready');
      wa.fakes.current.receive({ from, body: 'موظف' });
      await waitFor(() => wa.fakes.current.sentTo(from).some((t) => t.includes('ترتيبك في قائمة الانتظار')), 'the queue message');
      const cookie = await login(wa.app, ADMIN.email, ADMIN.password);
      const [item] = (await api(wa.app, cookie, 'GET', '/api/handoffs?status=waiting')).json() as { id: string; address: string }[];
      expect(item!.address).toBe(from);
      await api(wa.app, cookie, 'POST', `/api/handoffs/${item!.id}/claim`);
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
      wa.fakes.current.receive({ from, body: 'صورة الصك', media: { mimetype: 'image/jpeg', data: bytes.toString('base64'), filename: null, filesize: bytes.length } });
      const photo = await waitFor(async () => {
        const detail = (await api(wa.app, cookie, 'GET', `/api/handoffs/${item!.id}`)).json() as { messages: { text: string; attachments?: { mimeType: string; storageKey?: string }[] }[] };
        return detail.messages.find((m) => m.attachments?.length);
      }, 'the photo in the transcript');
      expect(photo.attachments![0]).toMatchObject({ mimeType: 'image/jpeg', storageKey: expect.stringMatching(/^wa:/) });
      // The console shows it: the file, from Redis, to a signed-in officer only.
      const detail = (await api(wa.app, cookie, 'GET', `/api/handoffs/${item!.id}`)).json() as { messages: { attachments?: unknown[] }[] };
      const line = detail.messages.findIndex((m) => m.attachments?.length);
      const file = await api(wa.app, cookie, 'GET', `/console/handoffs/${item!.id}/files/${line}/0`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      expect(file.rawPayload.equals(bytes)).toBe(true);
      expect((await api(wa.app, undefined, 'GET', `/console/handoffs/${item!.id}/files/${line}/0`)).statusCode).toBe(303);
      expect((await api(wa.app, cookie, 'GET', `/console/handoffs/${item!.id}/files/99/0`)).statusCode).toBe(404);
      await api(wa.app, cookie, 'POST', `/api/handoffs/${item!.id}/messages`, { text: 'وصلتني الصورة، شكراً' });
      await waitFor(() => wa.fakes.current.sentTo(from).includes('وصلتني الصورة، شكراً'), 'the officer\'s reply on WhatsApp');
    } finally {
      await officers.stop();
      await wa.stop();
    }
  }, 40_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { Transcript, testCore } from '../support/core.js';
import { updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startTelegram, type TelegramHarness } from '../telegram/harness.js';
import { PNG } from '../webchat/fixtures.js';
import { startServer, type TestServer } from '../webchat/support.js';
import { ADMIN_TOKEN, startWhatsApp, type WhatsAppHarness } from '../whatsapp/harness.js';
import type { Redis } from '../../src/store/redis.js';

/** Every limit of finding 3 cutting in, with the real server, Redis and channels. */
const prefix = uniquePrefix('limits');
let redis: Redis;
let server: TestServer;
let second: TestServer;
let core: Core;
let tg: TelegramHarness;
let wa: WhatsAppHarness;

const env = {
  LIMIT_TOKENS_PER_HOUR: '3',
  LIMIT_MESSAGES_PER_MINUTE: '4',
  LIMIT_UPLOADS_PER_HOUR: '1',
  LIMIT_ADMIN_FAILURES: '3',
  TRUST_PROXY: '127.0.0.1',
};

beforeAll(async () => {
  redis = await connectTestRedis();
  server = await startServer({ prefix, env, limits: true });
  // A second process on the same Redis: the limits are shared, not per process.
  second = await startServer({ prefix, env, limits: true });
  core = await testCore(redis, `${prefix}:core`);
  tg = await startTelegram(redis, `${prefix}:tg`, env);
  wa = await startWhatsApp(redis, `${prefix}:wa`, 'session', env);
});
afterAll(async () => {
  await server.close();
  await second.close();
  await tg.stop();
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

const token = (s: TestServer, from: string) =>
  s.app.inject({ method: 'POST', url: '/api/webchat/token', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, payload: '{}' });

describe('limits (finding 3)', () => {
  it('web chat tokens per address, shared by every process; the address behind a trusted proxy counts', async () => {
    const codes = [];
    for (let i = 0; i < 2; i++) codes.push((await token(server, '203.0.113.7')).statusCode);
    codes.push((await token(second, '203.0.113.7')).statusCode);
    const refused = await token(second, '203.0.113.7');
    expect(codes).toEqual([200, 200, 200]);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ code: 'SANAD_ERR_RATE_LIMIT' });
    expect((await token(server, '203.0.113.8')).statusCode).toBe(200);
  });

  async function conversation(from: string): Promise<{ id: string; auth: Record<string, string> }> {
    const t = (await token(server, from)).json() as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${t.token}`, 'x-forwarded-for': from };
    expect((await server.app.inject({ method: 'POST', url: '/v3/directline/conversations', headers: auth })).statusCode).toBe(201);
    return { id: t.conversationId, auth };
  }

  it('activities per conversation per minute (429), and typing does not keep a conversation alive', async () => {
    const c = await conversation('198.51.100.1');
    const ttlBefore = await redis.ttl(server.core.keys.webchatConversation(c.id));
    const post = (type: string) =>
      server.app.inject({ method: 'POST', url: `/v3/directline/conversations/${c.id}/activities`, headers: c.auth, payload: { type, ...(type === 'message' ? { text: 'مرحبا', locale: 'ar-SA' } : {}) } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('typing')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200]);
    // Four typing activities left the one-hour "nobody wrote yet" lifetime as it was.
    expect(await redis.ttl(server.core.keys.webchatConversation(c.id))).toBeLessThanOrEqual(ttlBefore);
    expect(ttlBefore).toBeLessThanOrEqual(3600);
    const refused = await post('message');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('uploads only when a form asks for a document, and then per conversation per hour', async () => {
    const c = await conversation('198.51.100.2');
    const form = () => {
      const f = new FormData();
      f.append('activity', new Blob([JSON.stringify({ type: 'message', locale: 'ar-SA' })], { type: 'application/vnd.microsoft.activity' }));
      f.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'x.png');
      return f;
    };
    const up = async () => {
      const res = await fetch(`${server.url}/v3/directline/conversations/${c.id}/upload`, { method: 'POST', headers: c.auth, body: form() });
      return { status: res.status, body: (await res.json()) as { code?: string } };
    };
    const notAsked = await up();
    expect(notAsked).toMatchObject({ status: 409, body: { code: 'SANAD_ERR_WEBCHAT_UPLOAD_NOT_ASKED' } });
    await redis.set(server.core.keys.webchatUploadOpen(c.id), '1');
    const refused = await up();
    // The one upload of the hour went to the refused attempt above: the limit counts attempts.
    expect(refused.status).toBe(429);
  });

  it('failed status look-ups per conversation and per national ID, then an officer is offered', async () => {
    const tryOnce = async (t: Transcript, ref: string, id: string) => {
      await t.say('مرحبا');
      await t.say('الاستعلام عن حالة طلب');
      await t.say(ref);
      return t.text(await t.say(id));
    };
    const t = new Transcript(core);
    for (let i = 1; i <= 5; i++) expect(await tryOnce(t, `SR-2026-00000${i}`, '1000000008')).toContain('لم نجد طلباً');
    const stopped = await tryOnce(t, 'SR-2026-000006', '1000000016');
    expect(stopped).toContain('أوقفنا الاستعلام مؤقتاً');
    // …and hands him to the officers' queue.
    expect(stopped).toContain('قائمة الانتظار');
    // The same ID from a fresh conversation is paused too: the count is kept per ID as well.
    expect(await tryOnce(new Transcript(core), 'SR-2026-000007', '1000000008')).toContain('أوقفنا الاستعلام مؤقتاً');
    expect(await tryOnce(new Transcript(core), 'SR-2026-000007', '1000000024')).toContain('لم نجد طلباً');
  });

  it('failed admin logins per address: past the limit even the right token waits (429, Retry-After)', async () => {
    const basic = (p: string) => ({ authorization: `Basic ${Buffer.from(`admin:${p}`).toString('base64')}` });
    for (let i = 0; i < 3; i++) expect((await wa.app.inject({ url: '/admin/whatsapp', headers: basic(`guess-${i}-xxxxxxxxxxxx`) })).statusCode).toBe(401);
    const held = await wa.app.inject({ url: '/admin/whatsapp', headers: basic(ADMIN_TOKEN) });
    expect(held.statusCode).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('messages per conversation on Telegram: past the limit a polite message, once, in both languages', async () => {
    const chat = 91_001;
    for (let i = 0; i < 7; i++) await tg.post(updates.text(20_000 + i, chat, `رسالة ${i}`));
    await waitFor(() => tg.fake.ok('sendMessage', chat).some((c) => String(c.body.text).includes('وصلتنا رسائل كثيرة')), 'the slow-down notice');
    await tg.post(updates.text(20_100, chat, 'مرحبا'));
    const notices = tg.fake.ok('sendMessage', chat).filter((c) => String(c.body.text).includes('Please wait a minute'));
    expect(notices).toHaveLength(1);
  });

  it('a message delivered again counts once: an update Telegram sends again never pushes his next messages past the limit', async () => {
    // The same four messages from two chats: one delivered once each, the other's first one eight times
    // (as Telegram does while its 200 is lost, and as WhatsApp's catch-up reads a chat again after a restart).
    const [once, again] = [91_010, 91_011];
    const texts = ['السلام عليكم', 'الاستفسارات', 'ما هي شروط التسجيل', 'شكرا'];
    const refused = () => tg.lines().filter((l) => l.msg === 'inbound limit: message refused').length;
    const refusedBefore = refused();
    for (const [i, text] of texts.entries()) await tg.post(updates.text(21_000 + i, once, text));
    for (let n = 0; n < 7; n++) await tg.postLost(updates.text(21_100, again, texts[0]!));
    await tg.post(updates.text(21_100, again, texts[0]!));
    for (const [i, text] of texts.slice(1).entries()) await tg.post(updates.text(21_101 + i, again, text));
    await waitFor(() => tg.fake.ok('sendMessage', again).length >= tg.fake.ok('sendMessage', once).length, 'the replies to the second chat');
    const said = (chat: number) => tg.fake.ok('sendMessage', chat).map((c) => String(c.body.text));
    expect(said(again)).toEqual(said(once));
    expect(said(again).some((t) => t.includes('Please wait a minute'))).toBe(false);
    expect(refused()).toBe(refusedBefore);
  });

  it('messages already handled, read again in a later minute (a catch-up after a restart), count nothing', async () => {
    const chat = 91_020;
    const texts = ['السلام عليكم', 'الاستفسارات', 'ما هي شروط التسجيل', 'شكرا'];
    for (const [i, text] of texts.entries()) await tg.post(updates.text(22_000 + i, chat, text));
    const before = tg.fake.ok('sendMessage', chat).length;
    // The minute is over; the same four come again (their answers lost), then a new one.
    await redis.del(tg.core.keys.limit(`inbound-ids:telegram:${chat}`));
    for (const [i, text] of texts.entries()) await tg.postLost(updates.text(22_000 + i, chat, text));
    await tg.post(updates.text(22_010, chat, 'وين موقعكم؟'));
    await waitFor(() => tg.fake.ok('sendMessage', chat).length > before, 'the answer to the new message');
    expect(tg.fake.ok('sendMessage', chat).map((c) => String(c.body.text)).some((t) => t.includes('Please wait a minute'))).toBe(false);
  });
});

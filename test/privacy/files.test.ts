import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../src/store/attachments.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { PNG } from '../webchat/fixtures.js';
import { startServer, Visitor, newToken, type TestServer } from '../webchat/support.js';

/** Visitors' files (finding 2): only with the conversation's token or its short-lived ticket, never cached. */
const prefix = uniquePrefix('files');
let server: TestServer;
const visitors: Visitor[] = [];
beforeAll(async () => {
  server = await startServer({ prefix });
});
afterAll(async () => {
  for (const v of visitors) v.end();
  await server.close();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

async function atDocumentStep(): Promise<Visitor & { token: string }> {
  const t = await newToken(server.url);
  const v = new Visitor(server.url, t.token, t.userId, t.conversationId, { webSocket: true, core: server.core }) as Visitor & { token: string };
  v.token = t.token;
  visitors.push(v);
  await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
  await v.ask('السلام عليكم');
  await v.pick('تقديم طلب دعم');
  await v.pick('نعم');
  for (const answer of ['محمد عبدالله السالم', '1000000008', '0512345678']) await v.ask(answer);
  await v.pick('الرياض');
  for (const answer of ['5', '3000']) await v.ask(answer);
  await v.pick('مساعدة علاجية');
  await v.ask('أحتاج مساعدة في تكاليف علاج والدي');
  return v;
}

async function send(v: Visitor & { token: string }): Promise<string> {
  const form = new FormData();
  form.append('activity', new Blob([JSON.stringify({ type: 'message', from: { id: v.userId }, locale: 'ar-SA' })], { type: 'application/vnd.microsoft.activity' }));
  form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'هوية.png');
  const res = await fetch(`${server.url}/v3/directline/conversations/${v.conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${v.token}` }, body: form });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  const echo = await v.waitFor((a) => a.id === id);
  return (echo as unknown as { attachments: { contentUrl: string }[] }).attachments[0]!.contentUrl;
}

describe('files (finding 2)', () => {
  it('serves a file only with a ticket bound to its conversation or its token, with Cache-Control: no-store', async () => {
    const v = await atDocumentStep();
    const link = await send(v);
    expect(link).toMatch(/\?t=/);
    const bare = link.split('?')[0]!;
    expect((await fetch(`${server.url}${bare}`)).status).toBe(401);
    expect((await fetch(`${server.url}${bare}?t=forged.ticket.x`)).status).toBe(403);
    const withTicket = await fetch(`${server.url}${link}`);
    expect(withTicket.status).toBe(200);
    expect(withTicket.headers.get('cache-control')).toBe('no-store');
    const withToken = await fetch(`${server.url}${bare}`, { headers: { authorization: `Bearer ${v.token}` } });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('cache-control')).toBe('no-store');
    // A conversation's token is no key to another conversation's files.
    const other = await newToken(server.url);
    expect((await fetch(`${server.url}${bare}`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(403);
    // The transcript read again hands out a fresh ticket; the stored activity holds none.
    const stored = await server.redis.lRange(server.core.keys.webchatActivities(v.conversationId), 0, -1);
    expect(stored.join('\n')).not.toContain('?t=');
  });

  it('keeps a file a request keeps for 90 days; any other only as long as its conversation', async () => {
    const v = await atDocumentStep();
    const link = await send(v);
    const storageKey = decodeURIComponent(link.split('?')[0]!.split('/').pop()!);
    const asked = await server.redis.ttl(server.core.keys.attachment(storageKey));
    // Test conversations live 24 hours: before the request is sent the file lives no longer.
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThanOrEqual(7 * 24 * 3600);
    // The upload is answered once queued; its turn (the summary) follows.
    await v.waitFor((a) => ((a as { suggestedActions?: { actions: { title: string }[] } }).suggestedActions?.actions ?? []).some((x) => x.title === 'البيانات صحيحة'), { what: 'the summary after the document' });
    await v.pick('البيانات صحيحة');
    await v.pick('نعم');
    expect(await server.redis.ttl(server.core.keys.attachment(storageKey))).toBeGreaterThan(80 * 24 * 3600);
  });

  it('is one store and one data model for every channel', async () => {
    const store = new AttachmentStore(server.redis, server.core.keys, 3600);
    const wa = await store.save('wa', { id: 'false_966512345678@c.us_ABC', bytes: PNG, mimeType: 'image/png', conversation: { channel: 'whatsapp', address: '966512345678@c.us' } });
    const wc = await store.save('wc', { bytes: PNG, mimeType: 'image/png', name: 'x.png', conversation: { channel: 'webchat', address: 'conv-1' } });
    const [a, b] = await Promise.all([server.redis.hKeys(server.core.keys.attachment(wa)), server.redis.hKeys(server.core.keys.attachment(wc))]);
    expect(a.filter((k) => k !== 'name').sort()).toEqual(b.filter((k) => k !== 'name').sort());
    expect(await store.load(`att:${wa}`)).toMatchObject({ mimeType: 'image/png', conversation: 'whatsapp:966512345678@c.us' });
    expect(await server.redis.ttl(server.core.keys.attachment(wa))).toBeLessThanOrEqual(3600);
  });
});

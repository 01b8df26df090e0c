import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, uniquePrefix } from '../support/redis.js';
import { ConnectionStatus, newToken, seqOf, startServer, type TestServer, Visitor } from './support.js';

const prefix = uniquePrefix('webchat-dl');
let server: TestServer;
const visitors: Visitor[] = [];

beforeAll(async () => {
  server = await startServer({ prefix });
});
afterAll(async () => {
  for (const v of visitors) v.end();
  await server.close();
  const { connectTestRedis } = await import('../support/redis.js');
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

async function visitor(webSocket: boolean, locale = 'ar-SA'): Promise<Visitor> {
  const t = await newToken(server.url, locale);
  const v = new Visitor(server.url, t.token, t.userId, t.conversationId, { webSocket, locale, core: server.core });
  visitors.push(v);
  return v;
}

describe.each([
  ['polling', false],
  ['WebSocket', true],
])('the official botframework-directlinejs client (%s)', (_name, webSocket) => {
  it('connects, is welcomed, and gets the greeting and the menu as suggested actions', async () => {
    const v = await visitor(webSocket);
    const welcome = await v.waitFor((a) => a.type === 'message' && a.from.role === 'bot', { what: 'the welcome' });
    expect(v.status).toBe(ConnectionStatus.Online);
    // Node 20 has no WebSocket of its own: make sure the client really streams (or really polls).
    if (webSocket) expect(server.webchat.hub.sockets).toBeGreaterThan(0);
    expect((welcome as { text: string }).text).toContain('مرحباً بك في جمعية سند الخيرية');
    expect(v.choices().map((c) => c.title)).toEqual(['القائمة']);

    const replies = await v.ask('السلام عليكم');
    expect(replies.join('\n')).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    const titles = v.choices().map((c) => c.title);
    expect(titles).toContain('تقديم طلب دعم');
    // Choices carry their id as the messageBack value; Web Chat shows the label.
    expect(v.choices().find((c) => c.title === 'تقديم طلب دعم')!.value).toEqual({ choiceId: 'support-request' });
  });

  it('echoes the visitor his own message with his clientActivityID, and numbers every activity in order', async () => {
    const v = await visitor(webSocket);
    await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
    const id = await v.post({ type: 'message', text: 'مرحبا', locale: 'ar-SA', channelData: { clientActivityID: 'client-42' } } as never);
    const echo = await v.waitFor((a) => a.id === id, { what: 'the echo' });
    expect(echo.from.id).toBe(v.userId);
    expect((echo.channelData as Record<string, unknown>).clientActivityID).toBe('client-42');
    await v.waitFor((a) => seqOf(a) > seqOf(echo) && a.type === 'message', { what: 'a reply' });
    const seqs = v.received.map(seqOf);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs[0]).toBe(0);
    // The bot shows it is working while the engine handles the message.
    expect(v.received.some((a) => a.type === 'typing' && seqOf(a) > seqOf(echo))).toBe(true);
  });

  it('takes a whole support request, tapping choices and typing answers, to a reference number', async () => {
    const v = await visitor(webSocket);
    await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
    await v.ask('السلام عليكم');
    await v.pick('تقديم طلب دعم');
    expect(v.choices().map((c) => c.title)).toContain('نعم');
    await v.pick('نعم');
    await v.ask('محمد عبدالله السالم');
    await v.ask('1000000008');
    const city = await v.ask('0512345678');
    expect(city.join('\n')).toContain('في أي مدينة تسكن؟');
    await v.pick('جدة');
    await v.ask('5');
    await v.ask('3000');
    await v.pick('سداد إيجار');
    const document = await v.ask('نحتاج سداد إيجار شهرين متأخرة');
    expect(document.join('\n')).toContain('أرسل صورة أو ملف PDF');
    const summary = await v.pick('تخطي');
    expect(summary.join('\n')).toContain('جدة');
    await v.pick('البيانات صحيحة');
    const done = (await v.pick('نعم')).join('\n');
    expect(done).toContain('تم استلام طلبك بنجاح');
    const reference = /SR-\d{4}-\d{6}/.exec(done)?.[0];
    expect(reference).toBeDefined();
    const request = await server.core.requests.get(reference!);
    expect(request?.applicant.city).toBe('jeddah');
    expect(request?.requestType).toBe('rent');
    expect(request?.conversation).toMatchObject({ channel: 'webchat', address: v.conversationId });
    expect(request?.consent.channel).toBe('webchat');
  }, 30_000);

  it('answers in English when the widget speaks English', async () => {
    const v = await visitor(webSocket, 'en-US');
    const welcome = await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
    expect((welcome as { text: string }).text).toContain('Welcome to Sanad Charity Association');
    const replies = await v.ask('hello');
    expect(replies.join('\n')).toContain('Welcome to Sanad Charity Association');
    expect(v.choices().map((c) => c.title)).toContain('Apply for support');
  });
});

it('refreshes a token for the same conversation and user', async () => {
  const t = await newToken(server.url);
  const res = await fetch(`${server.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${t.token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { token: string; conversationId: string };
  expect(body.conversationId).toBe(t.conversationId);
  const claims = server.webchat.signer.verify(body.token);
  expect(claims).toMatchObject({ conv: t.conversationId, user: t.userId });
});

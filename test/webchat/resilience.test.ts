import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { ConnectionStatus, newToken, seqOf, startServer, type TestServer, until, Visitor } from './support.js';

const prefix = uniquePrefix('webchat-resilience');
const servers: TestServer[] = [];
const visitors: Visitor[] = [];

afterAll(async () => {
  for (const v of visitors) v.end();
  for (const s of servers) await s.close().catch(() => {});
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

async function server(port?: number): Promise<TestServer> {
  const s = await startServer({ prefix, ...(port ? { port } : {}) });
  servers.push(s);
  return s;
}

function visit(url: string, t: { token: string; userId: string; conversationId: string }, webSocket: boolean, resume = false): Visitor {
  const v = new Visitor(url, t.token, t.userId, t.conversationId, {
    webSocket,
    resume,
    // The newest server's core: the one still running after a restart.
    core: { runner: { state: (ref) => servers.at(-1)!.core.runner.state(ref as never) } },
  });
  visitors.push(v);
  return v;
}

describe('a restart of the server', () => {
  it('loses nothing: the WebSocket reconnects, the form goes on, and a resumed client gets the whole history', async () => {
    const first = await server();
    const port = first.port;
    const t = await newToken(first.url);
    const live = visit(first.url, t, true);
    await live.waitFor((a) => a.type === 'message', { what: 'the welcome' });
    await live.ask('السلام عليكم');
    await live.pick('تقديم طلب دعم');
    await live.pick('نعم');
    const before = live.received.length;

    await first.close();
    servers.splice(servers.indexOf(first), 1);
    const second = await server(port);

    // The client notices the closed socket, asks GET /conversations/{id} for a new stream URL and goes on.
    const asked = await live.ask('محمد عبدالله السالم');
    expect(asked.join('\n')).toContain('رقم الهوية');
    expect(live.status).toBe(ConnectionStatus.Online);
    expect(second.webchat.hub.sockets).toBe(1);
    // Nothing was delivered twice across the reconnect.
    const seqs = live.received.map(seqOf);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(live.received.length).toBeGreaterThan(before);

    // A client resuming the conversation (the page reloaded, polling this time) gets it all from Redis.
    const t2 = { ...t, token: (live.dl as unknown as { token: string }).token };
    const resumed = visit(second.url, t2, false, true);
    await resumed.waitFor((a) => seqOf(a) === Math.max(...seqs), { what: 'the whole history' });
    expect(resumed.received.map(seqOf)).toEqual(live.received.map(seqOf));
    expect(resumed.botTexts().join('\n')).toContain('فضلاً اكتب اسمك الرباعي');
    const next = await resumed.ask('1000000008');
    expect(next.join('\n')).toContain('رقم الجوال');
  }, 40_000);
});

describe('two server processes behind a load balancer', () => {
  it('serve one conversation: posted to one, streamed by the other, with one token secret', async () => {
    const a = await server();
    const b = await server();
    const t = await newToken(a.url);
    // The socket is held by B; the conversation was started through B too.
    const v = visit(b.url, t, true);
    await v.waitFor((x) => x.type === 'message', { what: 'the welcome' });
    // The next POST lands on A (its token came from A: the secret is shared through Redis).
    const from = v.received.length;
    const res = await fetch(`${a.url}/v3/directline/conversations/${t.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'السلام عليكم', from: { id: t.userId }, channelData: { clientActivityID: 'lb-1' } }),
    });
    expect(res.status).toBe(200);
    await v.waitFor((x) => x.type === 'message' && (x as { text?: string }).text?.includes('كيف يمكنني خدمتك') === true, { from, what: 'the reply, through B' });
    const echo = v.received.find((x) => (x.channelData as Record<string, unknown>).clientActivityID === 'lb-1');
    expect(echo?.from.id).toBe(t.userId);
    // And polling A shows the same transcript.
    await until(async () => {
      const set = (await (await fetch(`${a.url}/v3/directline/conversations/${t.conversationId}/activities`, { headers: { authorization: `Bearer ${t.token}` } })).json()) as { activities: unknown[] };
      return set.activities.length === v.received.length;
    }, 5_000, 'the same transcript on A');
  });
});

describe('a dropped Redis subscriber connection', () => {
  it('loses no activity: the sockets catch up from the lists once it is back', async () => {
    const s = await server();
    const t = await newToken(s.url);
    const v = visit(s.url, t, true);
    await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
    // Cut this server's subscriber (named after its key prefix; other processes keep theirs).
    const clients = String(await s.redis.sendCommand(['CLIENT', 'LIST', 'TYPE', 'pubsub']));
    const ids = clients.split('\n').filter((l) => l.includes(` name=${prefix}:webchat-stream `)).map((l) => /id=(\d+)/.exec(l)![1]!);
    expect(ids.length).toBeGreaterThan(0);
    await Promise.all([
      ...ids.map((id) => s.redis.sendCommand(['CLIENT', 'KILL', 'ID', id])),
      // A reply sent at that very moment (before the subscriber is back) is published to nobody...
      s.core.outbound.send({ channel: 'webchat', address: t.conversationId, userId: t.userId }, [{ text: 'رد أثناء الانقطاع', locale: 'ar' }], 'outage-1'),
    ]);
    // ...and still reaches the visitor, read back from the list once the subscriber reconnected.
    await v.waitFor((a) => (a as { text?: string }).text === 'رد أثناء الانقطاع', { what: 'the reply sent during the outage' });
  });
});

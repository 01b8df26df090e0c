import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, login, startConsoleFixture, type ConsoleFixture } from './support.js';

/** The consoles' live feed over real HTTP (server-sent events), with event ids and replay on reconnect. */
const prefix = uniquePrefix('console-live');
let f: ConsoleFixture;
let url: string;
let cookie: string;
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  await f.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(f.app.server.address() as { port: number }).port}`;
  cookie = await login(f.app, ADMIN.email, ADMIN.password);
});
afterAll(() => f.close());

type Frame = { id?: string; data: { type: string; handoff?: string } };

/** An open event stream, as a browser's EventSource reads it. */
async function stream(query = '', lastEventId?: string) {
  const ac = new AbortController();
  const res = await fetch(`${url}/console/events${query}`, { headers: { cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: ac.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const frames: Frame[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const lines = buffered.slice(0, end).split('\n');
        buffered = buffered.slice(end + 2);
        const data = lines.find((l) => l.startsWith('data: '));
        const id = lines.find((l) => l.startsWith('id: '));
        if (data) frames.push({ ...(id ? { id: id.slice(4) } : {}), data: JSON.parse(data.slice(6)) });
      }
    }
  })();
  return {
    frames,
    /** Waits until `n` frames have come (then a moment more, for any that should not). */
    async until(n: number) {
      for (let i = 0; i < 200 && frames.length < n; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 150));
      return frames;
    },
    async close() {
      ac.abort();
      await pump;
    },
  };
}

let n = 0;
const open = async () => (await f.core.handoffs.open({ ref: { channel: 'telegram', address: `5500${n++}` }, reason: 'asked', locale: 'ar', transcript: [], now: Date.now() })).handoffId;
const queued = (frames: Frame[]) => frames.filter((x) => x.data.type === 'queued').map((x) => x.data.handoff);
const ascending = (ids: string[]) => ids.every((id, i) => i === 0 || compare(ids[i - 1]!, id) < 0);
function compare(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

describe('the console live feed', () => {
  it('gives every event an id; a page that reconnects with Last-Event-ID is sent what it missed, in order, once, then the live ones', async () => {
    const first = await stream();
    const a = await open();
    const [seen] = await first.until(1);
    expect(seen).toMatchObject({ data: { type: 'queued', handoff: a } });
    expect(seen!.id).toMatch(/^\d+-\d+$/);
    await first.close();

    // While the page is away (a restart, the network): two chats come.
    const b = await open();
    const c = await open();
    const again = await stream('', seen!.id);
    expect(queued(await again.until(2))).toEqual([b, c]);
    const d = await open();
    const frames = await again.until(3);
    expect(queued(frames)).toEqual([b, c, d]);
    expect(ascending(frames.map((x) => x.id!))).toBe(true);
    await again.close();
  });

  it('tells a page whose last event is no longer kept to reload its live parts (resync)', async () => {
    await open();
    const s = await stream('', '1-0');
    const [frame] = await s.until(1);
    expect(frame).toMatchObject({ data: { type: 'resync' } });
    expect(frame!.id).toMatch(/^\d+-\d+$/);
    // Reconnecting from that id misses nothing more.
    const e = await open();
    expect(queued(await s.until(2))).toEqual([e]);
    await s.close();
  });

  it("loses no event when the feed's Redis connection drops: the reader goes on from the last id it read", async () => {
    const s = await stream();
    const clients = String(await f.redis.sendCommand(['CLIENT', 'LIST', 'TYPE', 'normal']));
    const ids = clients.split('\n').filter((l) => l.includes(` name=${prefix}:console-feed `)).map((l) => /id=(\d+)/.exec(l)![1]!);
    expect(ids).toHaveLength(1);
    // Cut at the moment a chat comes (the reader is between two reads, or blocked in one).
    const [, a] = await Promise.all([f.redis.sendCommand(['CLIENT', 'KILL', 'ID', ids[0]!]), open()]);
    const b = await open();
    expect(queued(await s.until(2))).toEqual([a, b]);
    await s.close();
  });

  it('sends a queue page every change but messages, and a conversation page only its own chat', async () => {
    const mine = await open();
    const other = await open();
    const queue = await stream();
    const conversation = await stream(`?handoff=${mine}`);
    await f.core.handoffs.append(mine, [{ from: 'beneficiary', text: 'مرحبا', at: Date.now() }]);
    await f.core.handoffs.append(other, [{ from: 'beneficiary', text: 'مرحبا', at: Date.now() }]);
    const next = await open();
    expect((await queue.until(1)).map((x) => x.data)).toEqual([expect.objectContaining({ type: 'queued', handoff: next })]);
    expect((await conversation.until(1)).map((x) => x.data)).toEqual([expect.objectContaining({ type: 'message', handoff: mine })]);
    await queue.close();
    await conversation.close();
  });
});

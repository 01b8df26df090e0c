import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

/** An open event stream: a queue page (every event but messages), or a conversation page (its chat's events only). */
interface Client {
  res: ServerResponse;
  handoff?: string;
  /** Events that came while what it missed is being read back; sent after that, in order. */
  held?: Entry[];
}

/** One event of the stream, with its SSE frame ready to write. */
interface Entry {
  id: string;
  type: string;
  handoff?: string;
  frame: string;
}

/** A stream id, `<ms>-<seq>`: what a page sends back as Last-Event-ID. */
const STREAM_ID = /^\d{1,16}-\d{1,16}$/;
/** How long one read waits for new events before it asks again (and notices a stop). */
const BLOCK_MS = 5_000;
const READ_COUNT = 500;

/** Whether stream id `a` comes after `b`. */
export function after(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am > bm || (am === bm && as > bs);
}

function entryOf(id: string, json: string | undefined): Entry | undefined {
  if (!json) return undefined;
  try {
    const e = JSON.parse(json) as { type?: unknown; handoff?: unknown };
    return { id, type: String(e.type), ...(typeof e.handoff === 'string' ? { handoff: e.handoff } : {}), frame: `id: ${id}\ndata: ${json}\n\n` };
  } catch {
    return undefined;
  }
}

/**
 * Server-sent events to every open console page in this process, read from the consoles' capped
 * Redis stream (`addConsoleEvent`) by one blocking reader: whichever process queued, claimed or
 * answered a chat, every officer's page hears of it. Each event carries its stream id; a page
 * that reconnects sends the last one it had (Last-Event-ID) and is sent what it missed, or a
 * `resync` when that is older than the stream keeps. The reader goes on from the last id it read,
 * so a Redis reconnect loses nothing either.
 */
export class LiveFeed {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private last = '0-0';
  private running = true;
  private reading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly redis: Redis,
    private readonly reader: Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
  ) {
    // A comment line now and then keeps proxies from closing a quiet stream.
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.res.write(': ping\n\n');
    }, 20_000);
    this.heartbeat.unref();
  }

  static async start(redis: Redis, keys: Keys, log: Logger): Promise<LiveFeed> {
    const reader = redis.duplicate({ name: `${keys.prefix}:console-feed` });
    reader.on('error', (err: Error) => log.warn({ err: err.message }, 'console feed: redis error'));
    await reader.connect();
    const feed = new LiveFeed(redis, reader, keys, log);
    // From the newest event there is: what comes after it is read, whenever the reads happen.
    feed.last = (await redis.xRevRange(keys.consoleEvents(), '+', '-', { COUNT: 1 }))?.[0]?.id ?? '0-0';
    feed.reading = feed.read();
    return feed;
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * Holds a response open as an event stream until the page goes away. `lastEventId`: the last
   * event the page had (it reconnected), so it is sent what came since; `handoff`: a conversation
   * page, sent only that chat's events (a queue page is sent every event but messages).
   */
  async add(res: ServerResponse, o: { lastEventId?: string | undefined; handoff?: string | undefined } = {}): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write('retry: 3000\n\n');
    const client: Client = { res, ...(o.handoff ? { handoff: o.handoff } : {}) };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
    if (o.lastEventId !== undefined) await this.replay(client, o.lastEventId);
  }

  private wants(c: Client, e: Entry): boolean {
    return c.handoff ? e.handoff === c.handoff : e.type !== 'message';
  }

  /** Sends a reconnected page what it missed since `lastId`, then what came meanwhile. */
  private async replay(client: Client, lastId: string): Promise<void> {
    client.held = [];
    const key = this.keys.consoleEvents();
    try {
      let upTo = lastId;
      const oldest = STREAM_ID.test(lastId) ? (await this.redis.xRange(key, '-', '+', { COUNT: 1 }))?.[0] : undefined;
      if (!oldest || after(oldest.id, lastId)) {
        // Its last event is no longer kept (or is none of ours): what it missed is unknown, so
        // the page reloads its live parts.
        upTo = (await this.redis.xRevRange(key, '+', '-', { COUNT: 1 }))?.[0]?.id ?? '0-0';
        client.res.write(`id: ${upTo}\ndata: {"type":"resync"}\n\n`);
      } else {
        for (;;) {
          const batch = (await this.redis.xRange(key, `(${upTo}`, '+', { COUNT: READ_COUNT })) ?? [];
          for (const m of batch) {
            const e = entryOf(m.id, m.message.e);
            if (e && this.wants(client, e)) client.res.write(e.frame);
            upTo = m.id;
          }
          if (batch.length < READ_COUNT) break;
        }
      }
      for (const e of client.held) if (after(e.id, upTo)) client.res.write(e.frame);
    } catch (err) {
      // Redis away: the page is told to reload its live parts once it is back.
      this.log.warn({ err: (err as Error).message }, 'console feed: missed events could not be read back');
      client.res.end();
    } finally {
      client.held = undefined;
    }
  }

  /** Reads the stream from the last id read, for as long as the feed runs. */
  private async read(): Promise<void> {
    const key = this.keys.consoleEvents();
    while (this.running) {
      try {
        const got = await this.reader.xRead({ key, id: this.last }, { BLOCK: BLOCK_MS, COUNT: READ_COUNT });
        for (const stream of got ?? []) {
          for (const m of stream.messages) {
            this.last = m.id;
            // Read on even with no page open here, so the position is never behind.
            const e = this.clients.size ? entryOf(m.id, m.message.e) : undefined;
            if (e) this.deliver(e);
          }
        }
      } catch (err) {
        if (!this.running) return;
        this.log.warn({ err: (err as Error).message }, 'console feed: reading the events failed; trying again');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private deliver(e: Entry): void {
    for (const c of this.clients) {
      if (!this.wants(c, e)) continue;
      if (c.held) c.held.push(e);
      else c.res.write(e.frame);
    }
  }

  /** Ends every open stream (the pages reconnect, to this process or another, and are sent what they missed). */
  endClients(): void {
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  async close(): Promise<void> {
    this.running = false;
    clearInterval(this.heartbeat);
    this.endClients();
    // The blocked read ends with the connection.
    this.reader.destroy();
    await this.reading;
  }
}

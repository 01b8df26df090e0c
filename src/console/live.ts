import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

/**
 * Server-sent events to every open console page in this process, fed by one Redis pub/sub
 * subscription: whichever process queued, claimed or answered a chat, every officer's queue
 * hears of it.
 */
export class LiveFeed {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private constructor(private readonly subscriber: Redis) {
    // A comment line now and then keeps proxies from closing a quiet stream.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), 20_000);
    this.heartbeat.unref();
  }

  static async start(redis: Redis, keys: Keys, log: Logger): Promise<LiveFeed> {
    const subscriber = redis.duplicate({ name: `${keys.prefix}:console-feed` });
    subscriber.on('error', (err: Error) => log.warn({ err: err.message }, 'console feed: redis error'));
    await subscriber.connect();
    const feed = new LiveFeed(subscriber);
    await subscriber.subscribe(keys.consoleEvents(), (message) => feed.write(`data: ${message}\n\n`));
    return feed;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Holds a response open as an event stream until the page goes away. */
  add(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write('retry: 3000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  private write(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }

  /** Ends every open stream (the pages reconnect, to this process or another). */
  endClients(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.endClients();
    await this.subscriber.close().catch(() => {});
  }
}

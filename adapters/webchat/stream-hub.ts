import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { activitySet, withFileTickets, type ActivityLog } from './activity-log.js';

/** One open WebSocket and how far it has been fed. */
interface Client {
  socket: WebSocket;
  /** The sequence number of the next activity this socket should get. */
  next: number;
  /** Frames are sent strictly one after another (a catch-up read may sit between two). */
  chain: Promise<void>;
  alive: boolean;
}

/** Ping every open socket this often; one that did not answer the previous ping is closed. */
const HEARTBEAT_MS = 30_000;

/**
 * Feeds Direct Line WebSockets (`streamUrl`) from Redis pub/sub: every append, by any process,
 * is published on the conversation's channel and this process forwards it to the sockets it
 * holds. A socket first gets the backlog from its watermark, then live activities; a gap (an
 * activity published before the subscription took hold) is read back from the list, so a
 * socket sees every activity once, in sequence order.
 */
export class StreamHub {
  private readonly conversations = new Map<string, Set<Client>>();
  /** The subscription callback per conversation, so unsubscribing removes exactly that one. */
  private readonly listeners = new Map<string, (message: string) => void>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly subscriber: Redis,
    private readonly keys: Keys,
    private readonly activities: ActivityLog,
    private readonly log: Logger,
    /** A file ticket for a conversation, put on the file links of what a socket is sent. */
    private readonly fileTicket: (conversationId: string) => string = () => '',
  ) {
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS).unref();
  }

  /** Open sockets, for /healthz. */
  get sockets(): number {
    let n = 0;
    for (const set of this.conversations.values()) n += set.size;
    return n;
  }

  /** Feeds `socket` with the conversation's activities from `watermark` on, until it closes. */
  async attach(conversationId: string, socket: WebSocket, watermark: number): Promise<void> {
    const client: Client = { socket, next: watermark, chain: Promise.resolve(), alive: true };
    let set = this.conversations.get(conversationId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.conversations.set(conversationId, set);
    }
    set.add(client);
    socket.on('pong', () => (client.alive = true));
    // The client pings with empty messages to notice broken connections; nothing else comes in.
    socket.on('message', () => {});
    socket.on('close', () => void this.detach(conversationId, client));
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'webchat socket error'));
    // Subscribe before reading the backlog, so nothing appended in between is missed.
    client.chain = (async () => {
      if (first) {
        const listener = (message: string) => this.onPublished(conversationId, message);
        this.listeners.set(conversationId, listener);
        await this.subscriber.subscribe(this.keys.webchatStream(conversationId), listener);
      }
      await this.catchUp(conversationId, client, Number.POSITIVE_INFINITY);
    })().catch((err: unknown) => this.fail(client, err));
    await client.chain;
  }

  /**
   * After the subscriber reconnected to Redis (node-redis subscribes again by itself), reads
   * back what every socket may have missed meanwhile.
   */
  resync(): void {
    for (const [conversationId, set] of this.conversations) {
      for (const client of set) {
        client.chain = client.chain.then(() => this.catchUp(conversationId, client, Number.POSITIVE_INFINITY)).catch((err: unknown) => this.fail(client, err));
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const [conversationId, set] of this.conversations) {
      for (const c of set) c.socket.close(1001, 'server shutting down');
      await this.unsubscribe(conversationId);
    }
  }

  private onPublished(conversationId: string, message: string): void {
    const set = this.conversations.get(conversationId);
    if (!set) return;
    const nl = message.indexOf('\n');
    const first = Number(message.slice(0, nl));
    const lines = message.slice(nl + 1).split('\n');
    for (const client of set) {
      client.chain = client.chain.then(() => this.deliver(conversationId, client, first, lines)).catch((err: unknown) => this.fail(client, err));
    }
  }

  private async deliver(conversationId: string, client: Client, first: number, lines: string[]): Promise<void> {
    if (first > client.next) await this.catchUp(conversationId, client, first - 1);
    const skip = client.next - first;
    if (skip >= lines.length) return;
    const fresh = skip > 0 ? lines.slice(skip) : lines;
    client.next = first + lines.length;
    this.send(client, withFileTickets(activitySet(fresh, client.next), () => this.fileTicket(conversationId)));
  }

  /** Sends what the list holds from the socket's position up to `last` (inclusive). */
  private async catchUp(conversationId: string, client: Client, last: number): Promise<void> {
    const end = Number.isFinite(last) ? last : -1;
    const { activities, watermark } = await this.activities.read(conversationId, client.next, end);
    if (!activities.length) return;
    client.next = watermark;
    this.send(client, withFileTickets(activitySet(activities, watermark), () => this.fileTicket(conversationId)));
  }

  private send(client: Client, frame: string): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
  }

  private fail(client: Client, err: unknown): void {
    this.log.warn({ err: (err as Error).message }, 'webchat socket feed failed; closing it so the client reconnects');
    client.socket.close(1011, 'feed failed');
  }

  private async detach(conversationId: string, client: Client): Promise<void> {
    const set = this.conversations.get(conversationId);
    if (!set) return;
    set.delete(client);
    if (set.size) return;
    await this.unsubscribe(conversationId);
  }

  private async unsubscribe(conversationId: string): Promise<void> {
    this.conversations.delete(conversationId);
    const listener = this.listeners.get(conversationId);
    this.listeners.delete(conversationId);
    if (listener) await this.subscriber.unsubscribe(this.keys.webchatStream(conversationId), listener).catch(() => {});
  }

  private ping(): void {
    for (const set of this.conversations.values()) {
      for (const c of set) {
        if (!c.alive) {
          c.socket.terminate();
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }
  }
}

import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { type Activity, ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import WebSocket from 'ws';
import xhr2 from 'xhr2';
import { channelPorts, type Core } from '../../src/core.js';
import { parseConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build.js';
import type { Redis } from '../../src/store/redis.js';
import { startWebchat, type Webchat, type WebchatOptions } from '../../adapters/webchat/plugin.js';
import { connectTestRedis } from '../support/redis.js';
import { connectRedis } from '../../src/store/redis.js';
import { testCore } from '../support/core.js';

// botframework-directlinejs polls with rxjs' ajax, which needs an XMLHttpRequest (Node has none),
// and only uses WebSockets when a global WebSocket exists (Node 20 has none) even if given one.
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= xhr2;
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** Every log line a server wrote, for tests that check bad input is logged. */
export class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
  has(pred: (l: Record<string, unknown>) => boolean): boolean {
    return this.lines.some(pred);
  }
}

export interface TestServer {
  url: string;
  port: number;
  app: FastifyInstance;
  core: Core;
  redis: Redis;
  webchat: Webchat;
  logs: LogLines;
  close(): Promise<void>;
}

/** The real server (core, HTTP app, web chat plugin) on a real port, on the test's key prefix. */
export async function startServer(o: {
  prefix: string;
  env?: Record<string, string>;
  port?: number;
  vendorDir?: string;
  azureEndpoints?: WebchatOptions['azureEndpoints'];
  /** Another Redis than the shared one (a test's own, which it may kill). */
  redisUrl?: string;
  /** Adds more to the app before it listens (the officers' console). */
  extra?: (app: FastifyInstance, core: Core) => Promise<unknown>;
  /** Rate limits on (counted in Redis under the test's prefix), as `npm start` has them. */
  limits?: boolean;
}): Promise<TestServer> {
  const redis = o.redisUrl ? await connectRedis(o.redisUrl) : await connectTestRedis();
  const logs = new LogLines();
  const log: Logger = pino({ level: 'debug' }, logs);
  const core = await testCore(redis, o.prefix);
  const config = parseConfig({ REDIS_PREFIX: o.prefix, ...o.env });
  const health = new Map<string, () => unknown>();
  const app = await buildServer({ redis, log, health, trustProxy: config.TRUST_PROXY, ...(o.limits ? { limits: { keys: core.keys } } : {}) });
  const webchat = await startWebchat({
    ...channelPorts(core, { http: app, config, log, health }),
    ...(o.vendorDir ? { vendorDir: o.vendorDir } : {}),
    ...(o.azureEndpoints ? { azureEndpoints: o.azureEndpoints } : {}),
  });
  await o.extra?.(app, core);
  await app.listen({ port: o.port ?? 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    core,
    redis,
    webchat,
    logs,
    async close() {
      await app.close();
      await webchat.stop();
      await redis.close();
    },
  };
}

/** Where a visitor reads the conversation's turn counter (a core's runner). */
export type TurnSource = { runner: { state(ref: { channel: string; address: string }): Promise<{ seq: number } | undefined> } };

/** A token from the page's own endpoint. */
export async function newToken(url: string, locale = 'ar-SA'): Promise<{ token: string; conversationId: string; userId: string }> {
  const res = await fetch(`${url}/api/webchat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale }) });
  if (!res.ok) throw new Error(`token: ${res.status}`);
  return (await res.json()) as { token: string; conversationId: string; userId: string };
}

type Choice = { title: string; value: unknown };

/**
 * A visitor using the official botframework-directlinejs client (polling or WebSocket),
 * as Web Chat does: he posts activities and reads everything the conversation holds.
 */
export class Visitor {
  readonly dl: DirectLine;
  readonly received: Activity[] = [];
  /** Why the client's activity stream ended, if it did. */
  failure: unknown;
  private readonly waiters = new Set<() => void>();
  private readonly sub;
  private readonly locale: string;
  private readonly core: TurnSource | undefined;

  constructor(
    private readonly url: string,
    token: string,
    readonly userId: string,
    readonly conversationId: string,
    o: { webSocket: boolean; resume?: boolean; locale?: string; core?: TurnSource },
  ) {
    this.locale = o.locale ?? 'ar-SA';
    this.core = o.core;
    this.dl = new DirectLine({
      domain: `${url}/v3/directline`,
      token,
      webSocket: o.webSocket,
      pollingInterval: 200,
      timeout: 5_000,
      // Resuming: the client reconnects (GET /conversations/{id}) instead of starting one.
      ...(o.resume ? { conversationId } : {}),
      conversationStartProperties: { locale: o.locale ?? 'ar-SA' },
      // Node has no global WebSocket; the client takes the class to use.
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      // Reconnect after a dropped socket in 3 s, the shortest of the client's 3-15 s.
      random: () => 0,
    } as ConstructorParameters<typeof DirectLine>[0]);
    this.sub = this.dl.activity$.subscribe({
      next: (a) => {
        this.received.push(a);
        for (const w of this.waiters) w();
      },
      // A refused connection ends the stream with an error; the status tells the test about it.
      error: (err: unknown) => (this.failure = err),
    });
  }

  get status(): ConnectionStatus {
    return this.dl.connectionStatus$.getValue();
  }

  /** Posts a typed message and resolves with the id the server gave it. */
  say(text: string): Promise<string> {
    return this.post({ type: 'message', text, locale: this.locale });
  }

  /** Taps a suggested action of the last bot message by its label, as Web Chat does (messageBack). */
  tap(title: string): Promise<string> {
    const choice = this.choices().find((c) => c.title === title);
    if (!choice) throw new Error(`no suggested action "${title}"; offered: ${this.choices().map((c) => c.title).join(' | ')}`);
    return this.post({ type: 'message', text: title, locale: this.locale, value: choice.value, channelData: { messageBack: { displayText: title } } } as Partial<Activity>);
  }

  post(activity: Partial<Activity>): Promise<string> {
    const full = {
      from: { id: this.userId, role: 'user' },
      ...activity,
      channelData: { clientActivityID: randomUUID(), ...(activity as { channelData?: object }).channelData },
    } as Activity;
    return new Promise((resolve, reject) => {
      this.dl.postActivity(full).subscribe({ next: resolve, error: reject });
    });
  }

  /** The suggested actions of the newest bot message. */
  choices(): Choice[] {
    const last = [...this.received].reverse().find((a) => a.type === 'message' && a.from.role === 'bot');
    return ((last as { suggestedActions?: { actions: Choice[] } } | undefined)?.suggestedActions?.actions ?? []) as Choice[];
  }

  botTexts(): string[] {
    return this.received.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => (a as { text?: string }).text ?? '');
  }

  /** Waits until an activity matching `pred` arrived after `from` (an index into `received`). */
  async waitFor(pred: (a: Activity) => boolean, o: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<Activity> {
    const from = o.from ?? 0;
    const found = () => this.received.slice(from).find(pred);
    const hit = found();
    if (hit) return hit;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${o.what ?? 'an activity'}; got: ${this.received.slice(from).map((a) => `${a.type}:${(a as { text?: string }).text ?? ''}`).join(' | ')}`));
      }, o.timeoutMs ?? 8_000);
      const check = () => {
        const a = found();
        if (!a) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(a);
      };
      this.waiters.add(check);
    });
  }

  /**
   * Says something and returns the bot's replies to it. The server answers the POST once the
   * message is queued; the turn is over when the conversation's turn counter moved (replies are
   * stored before the turn commits). Their last sequence id is then read from the conversation
   * (an ordinary GET with a watermark), and the client waits until it has it.
   */
  async ask(text: string): Promise<string[]> {
    const before = await this.turns();
    return this.turn(await this.say(text), before);
  }

  async pick(title: string): Promise<string[]> {
    const before = await this.turns();
    return this.turn(await this.tap(title), before);
  }

  /** The conversation's turn counter (the engine's state), through the test's core. */
  private async turns(): Promise<number> {
    if (!this.core) throw new Error('Visitor: pass `core` to wait for turns');
    return (await this.core.runner.state({ channel: 'webchat', address: this.conversationId }))?.seq ?? 0;
  }

  private async turn(id: string, before: number): Promise<string[]> {
    await until(async () => (await this.turns()) > before, 8_000, `the turn of activity ${id}`);
    const seq = Number(id.split('|')[1]);
    const res = await fetch(`${this.url}/v3/directline/conversations/${this.conversationId}/activities?watermark=${seq + 1}`, {
      headers: { authorization: `Bearer ${(this.dl as unknown as { token: string }).token}` },
    });
    const set = (await res.json()) as { activities: Activity[] };
    const last = Math.max(seq, ...set.activities.map(seqOf));
    await this.waitFor((a) => seqOf(a) === last, { what: `the replies to activity ${seq}` });
    return this.received.filter((a) => seqOf(a) > seq && a.type === 'message' && a.from.role === 'bot').map((a) => (a as { text?: string }).text ?? '');
  }

  end(): void {
    this.sub.unsubscribe();
    this.dl.end();
  }
}

/** Web Chat orders by this; our server stamps every activity with it. */
export function seqOf(a: Activity): number {
  return Number((a.channelData as Record<string, unknown> | undefined)?.['webchat:sequence-id'] ?? -1);
}

/** Resolves when `pred` holds, polling every 20 ms. */
export async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 8_000, what = 'a condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { ConnectionStatus };

import type { Logger } from 'pino';
import { SanadError } from '../../src/errors.js';
import { RetryLaterError } from '../../src/jobs/delivery-errors.js';
import type { WhatsAppClientLike, WhatsAppMessage } from './client.js';

/** A send WhatsApp Web did not finish in time (retried with backoff by the delivery worker). */
export class SendTimeoutError extends Error {
  constructor(ms: number) {
    super(`sendMessage took longer than ${ms} ms`);
    this.name = 'SendTimeoutError';
  }
}

/** Where the link to WhatsApp Web stands, as /healthz shows it. */
export type WhatsAppState = 'starting' | 'qr' | 'authenticated' | 'ready' | 'disconnected' | 'auth-failure' | 'stopped';

export interface WhatsAppConnectionOptions {
  /** A fresh client per attempt: a client that disconnected is destroyed, not reused. */
  create: () => Promise<WhatsAppClientLike>;
  onMessage: (msg: WhatsAppMessage) => void;
  /** A new QR code to scan (shown in the terminal and on the admin page). */
  onQr: (qr: string) => void;
  /** Linked (again): replies held back can go, messages that came meanwhile can be read. */
  onReady?: (client: WhatsAppClientLike) => void;
  log: Logger;
  /** `initialize()` can hang forever on a network that drops packets: it gets this long. */
  initTimeoutMs: number;
  /** A send on a hung page never settles: it gets this long, then fails and is retried (default 30 s). */
  sendTimeoutMs?: number;
  /** Reconnect backoff: first wait, doubling up to `maxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/**
 * Keeps one whatsapp-web.js client linked: starts it, follows its events, and when it
 * disconnects (or does not start in time) destroys it and starts a new one with backoff.
 */
export class WhatsAppConnection {
  state: WhatsAppState = 'starting';
  since = Date.now();
  /** The QR code waiting to be scanned, while the state is `qr`. */
  qr: string | undefined;
  lastError: string | undefined;
  private client: WhatsAppClientLike | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly o: WhatsAppConnectionOptions) {}

  start(): void {
    void this.connect();
  }

  private set(state: WhatsAppState): void {
    if (state !== this.state) this.o.log.info({ from: this.state, to: state }, 'whatsapp state');
    this.state = state;
    this.since = Date.now();
    if (state !== 'qr') this.qr = undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.set('starting');
    let client: WhatsAppClientLike;
    try {
      client = await this.o.create();
    } catch (err) {
      return this.retry(undefined, `client could not be created: ${(err as Error).message}`);
    }
    this.client = client;
    const current = () => this.client === client && !this.stopped;
    client.on('qr', (qr) => {
      if (!current()) return;
      this.set('qr');
      this.qr = qr;
      this.o.onQr(qr);
    });
    client.on('authenticated', () => current() && this.set('authenticated'));
    client.on('auth_failure', (message) => {
      if (!current()) return;
      this.o.log.error({ reason: message }, 'whatsapp: authentication failed; a new QR scan is needed');
      this.set('auth-failure');
      this.retry(client, `auth failure: ${message}`);
    });
    client.on('ready', () => {
      if (!current()) return;
      this.failures = 0;
      this.lastError = undefined;
      this.set('ready');
      this.o.onReady?.(client);
    });
    client.on('change_state', (state) => current() && this.o.log.info({ waState: state }, 'whatsapp: connection state changed'));
    client.on('disconnected', (reason) => current() && this.retry(client, `disconnected: ${reason}`));
    client.on('message', (msg) => current() && this.o.onMessage(msg));

    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.initialize(),
        new Promise<never>((_, fail) => {
          timeout = setTimeout(() => fail(new SanadError('SANAD_ERR_WHATSAPP_START', `initialize() took longer than ${this.o.initTimeoutMs} ms`)), this.o.initTimeoutMs);
        }),
      ]);
    } catch (err) {
      if (current()) this.retry(client, `could not start: ${(err as Error).message}`);
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Drops `client` and schedules a new attempt, waiting longer after each failure in a row. */
  private retry(client: WhatsAppClientLike | undefined, reason: string): void {
    if (this.stopped || (client && this.client !== client)) return;
    this.client = undefined;
    this.lastError = reason;
    if (this.state !== 'auth-failure') this.set('disconnected');
    const base = this.o.retryBaseMs ?? 2_000;
    const wait = Math.min(base * 2 ** this.failures, this.o.retryMaxMs ?? 120_000);
    this.failures++;
    this.o.log.warn({ reason, retryInMs: wait, attempt: this.failures }, 'whatsapp: connection lost; reconnecting');
    client?.destroy().catch((err: Error) => this.o.log.warn({ err: err.message }, 'whatsapp: destroy failed'));
    this.timer = setTimeout(() => void this.connect(), wait);
  }

  /** Sends a text; while the link is down the delivery is postponed (no attempt used). */
  async send(chatId: string, text: string): Promise<void> {
    // Without a deadline a hung page holds a delivery slot for ever (BullMQ keeps renewing the
    // job's lock); timed out, the job is retried with backoff like any network error.
    await this.call((client) => client.sendMessage(chatId, text));
  }

  /** The bot's last few messages in a chat, oldest first (whether a send whose result was lost went out). */
  async lastSent(chatId: string, limit = 3): Promise<WhatsAppMessage[]> {
    return this.call(async (client) => (await client.getChatById(chatId)).fetchMessages({ limit, fromMe: true }));
  }

  /** One call to the page, within the send deadline; postponed (no attempt used) while the link is down. */
  private async call<T>(work: (client: WhatsAppClientLike) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client || this.state !== 'ready') throw new RetryLaterError(5_000, `whatsapp is ${this.state}`);
    const ms = this.o.sendTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([work(client), new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new SendTimeoutError(ms)), ms)))]);
    } finally {
      clearTimeout(timer);
    }
  }

  health(): Record<string, unknown> {
    return {
      state: this.state,
      since: new Date(this.since).toISOString(),
      ...(this.failures ? { failures: this.failures } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.set('stopped');
    await client?.destroy().catch((err: Error) => this.o.log.warn({ err: err.message }, 'whatsapp: destroy failed'));
  }
}

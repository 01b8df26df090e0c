import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { DomainEvent, DomainEventName } from './event-types.js';

export type { DomainEvent, DomainEventName, DomainEventPayloads, EventSpec, MissReason } from './event-types.js';
export { domainEvent } from './event-types.js';

/** Payload fields that are what a person wrote: kept out of the stream, under a key that expires. */
const CONTENT_FIELDS = ['text', 'attachments'] as const;

export interface EventBusOptions {
  /** How long the stream keeps events (trimmed by time, not only by count). */
  retentionMs?: number;
  /** How long what a person wrote (a message for an officer) is kept beside its event. */
  contentTtlSeconds?: number;
}

/**
 * Domain events, emitted in one place (the runner, after a turn is carried out) for later
 * listeners: satisfaction surveys, notifications, the officers' console. Each event goes to
 * in-process listeners and to a Redis stream trimmed by age (personal content only by reference), so another process can follow them too.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly retentionMs: number;
  private readonly contentTtl: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log?: Logger,
    o: EventBusOptions = {},
  ) {
    this.emitter.setMaxListeners(50);
    this.retentionMs = o.retentionMs ?? 30 * 24 * 3600_000;
    this.contentTtl = o.contentTtlSeconds ?? 7 * 24 * 3600;
  }

  async emit(event: DomainEvent): Promise<void> {
    // The stream (read by other processes, kept for weeks) holds a reference to what a person
    // wrote, never the words: they sit under their own key and expire with the conversation.
    const streamed: Record<string, unknown> = { ...event.payload };
    const entry = () => ({ name: event.name, id: event.id, at: String(event.at), payload: JSON.stringify(streamed) });
    // Trimmed by age: entries older than the retention go (ids are milliseconds).
    const trim = { TRIM: { strategy: 'MINID', threshold: Math.max(0, Date.now() - this.retentionMs) } } as const;
    if (CONTENT_FIELDS.some((f) => streamed[f] !== undefined)) {
      const content = Object.fromEntries(CONTENT_FIELDS.filter((f) => streamed[f] !== undefined).map((f) => [f, streamed[f]]));
      for (const f of CONTENT_FIELDS) delete streamed[f];
      streamed.contentRef = this.keys.eventContent(event.id);
      await this.redis
        .multi()
        .set(this.keys.eventContent(event.id), JSON.stringify(content), { expiration: { type: 'EX', value: this.contentTtl } })
        .xAdd(this.keys.events(), '*', entry(), trim)
        .exec();
    } else {
      // Nothing a person wrote: the stream entry alone, one command (no transaction to wrap).
      await this.redis.xAdd(this.keys.events(), '*', entry(), trim);
    }
    for (const listener of this.emitter.listeners(event.name)) {
      try {
        await (listener as (e: DomainEvent) => unknown)(event);
      } catch (err) {
        this.log?.error({ err, event: event.name }, 'event listener failed');
      }
    }
  }

  /** Listens to one event; the listener gets that event's payload type. Returns a function that stops listening. */
  on<N extends DomainEventName>(name: N, listener: (event: DomainEvent<N>) => unknown): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}

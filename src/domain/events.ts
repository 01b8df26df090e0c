import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { DomainEvent, DomainEventName } from './event-types.js';

export type { DomainEvent, DomainEventName, DomainEventPayloads, EventSpec, MissReason } from './event-types.js';
export { domainEvent } from './event-types.js';

/**
 * Domain events, emitted in one place (the runner, after a turn is carried out) for later
 * listeners: satisfaction surveys, notifications, the officers' console. Each event goes to
 * in-process listeners and to a capped Redis stream, so another process can follow them too.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log?: Logger,
  ) {
    this.emitter.setMaxListeners(50);
  }

  async emit(event: DomainEvent): Promise<void> {
    await this.redis.xAdd(
      this.keys.events(),
      '*',
      { name: event.name, id: event.id, at: String(event.at), payload: JSON.stringify(event.payload) },
      { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: 100_000 } },
    );
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

import type { ConversationState } from './state.js';

/** A conversation's state as this process last wrote it, and the version it was written with. */
export interface Cached {
  version: string;
  state: ConversationState;
}

/**
 * The states a process last wrote, by conversation key, so a turn need not read its state back
 * from Redis (the accept script answers '=' when it is unchanged). The oldest go first once it
 * holds `size`; `take` removes an entry while its conversation is being changed.
 */
export class StateCache {
  private readonly map = new Map<string, Cached>();

  constructor(private readonly size = 10_000) {}

  get(key: string): Cached | undefined {
    return this.map.get(key);
  }

  /** The entry, out of the cache until `put` brings it back (with the state the turn wrote). */
  take(key: string): Cached | undefined {
    const hit = this.map.get(key);
    if (hit) this.map.delete(key);
    return hit;
  }

  put(key: string, entry: Cached): void {
    this.map.set(key, entry);
    if (this.map.size > this.size) this.evict();
  }

  /**
   * Drops the oldest tenth. A Map walked from its oldest entry steps over the slots of the
   * entries deleted before (until V8 compacts it), so dropping one per turn cost a walk of
   * thousands of slots on every turn (some 8 µs) once the cache was full: a tenth at once costs
   * one walk per thousand turns.
   */
  private evict(): void {
    let drop = this.map.size - Math.floor(this.size * 0.9);
    for (const key of this.map.keys()) {
      if (drop-- <= 0) break;
      this.map.delete(key);
    }
  }
}

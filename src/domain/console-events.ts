import type { Keys } from '../store/keys.js';
import type { Redis, RedisMulti } from '../store/redis.js';

/** How many console events the stream keeps (about: XADD MAXLEN ~): what a console that reconnects can be sent. */
export const CONSOLE_EVENTS_KEPT = 1_000;

/**
 * What the consoles hear: what happened (`type`), to which chat (`handoff`) or survey, when.
 * References only, never who the beneficiary is or what he wrote.
 */
export interface ConsoleEvent {
  type: 'queued' | 'assigned' | 'claimed' | 'message' | 'transferred' | 'released' | 'closed' | 'left' | 'survey-low';
  at: number;
  handoff?: string;
  officerId?: string;
  survey?: string;
}

const trim = { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: CONSOLE_EVENTS_KEPT } } as const;

/**
 * Adds an event to the consoles' stream (`<prefix>:console:events`), which every process's live
 * feed reads and replays to a page that reconnects. Its stream id is the event's SSE id.
 */
export async function addConsoleEvent(redis: Redis, keys: Keys, event: ConsoleEvent): Promise<void> {
  await redis.xAdd(keys.consoleEvents(), '*', { e: JSON.stringify(event) }, trim);
}

/** The same, inside a caller's transaction (with what the event is about: one round trip). */
export function addConsoleEventIn(m: RedisMulti, keys: Keys, event: ConsoleEvent): void {
  m.xAdd(keys.consoleEvents(), '*', { e: JSON.stringify(event) }, trim);
}

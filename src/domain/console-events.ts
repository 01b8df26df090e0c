import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

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

/**
 * The command adding an event to the consoles' stream (`<prefix>:console:events`), which every
 * process's live feed reads and replays to a page that reconnects. Its stream id is the event's
 * SSE id. As a command, it also goes into a transaction or a turn's commit with what it is about.
 */
export function consoleEventCommand(keys: Keys, event: ConsoleEvent): string[] {
  return ['XADD', keys.consoleEvents(), 'MAXLEN', '~', String(CONSOLE_EVENTS_KEPT), '*', 'e', JSON.stringify(event)];
}

/** Adds an event to the consoles' stream now. */
export async function addConsoleEvent(redis: Redis, keys: Keys, event: ConsoleEvent): Promise<void> {
  await redis.sendCommand(consoleEventCommand(keys, event));
}

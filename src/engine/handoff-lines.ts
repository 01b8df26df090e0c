import type { Logger } from 'pino';
import type { ConversationRef } from '../messages/model.js';
import type { HandoffPort, HandoffTrigger, TranscriptLine, TurnWrite } from './control.js';
import type { Effect } from './effects.js';
import type { ConversationState } from './state.js';
import type { EngineInput } from './step.js';

/** How many lines of the conversation are kept, to hand over with a new handoff. */
export const RECENT_LINES = 12;

/**
 * What one turn changes in the conversation's recent lines. They live in their own Redis list
 * (`keys.recent`, one entry per turn), written by the commit script with the state: a turn sends
 * only its new lines, where carrying the last 12 in the state cost every turn a JSON of them.
 */
export interface RecentLines {
  /** The lines so far went with a new handoff: the list starts again. */
  clear: boolean;
  /** Lines to append (the list keeps the last `RECENT_LINES` turns' entries: at least as many lines). */
  add: TranscriptLine[];
}

/** The last `RECENT_LINES` lines of the list's entries (each a JSON array of one turn's lines). */
export function lastLines(entries: string[]): TranscriptLine[] {
  return entries.flatMap((entry) => JSON.parse(entry) as TranscriptLine[]).slice(-RECENT_LINES);
}

/**
 * Opens the handoff the engine asked for, with the recent lines (read only now: a handoff is
 * rare) and this turn's; the engine hears back where the beneficiary is in the queue.
 */
export async function openHandoff(
  o: { handoffs?: HandoffPort | undefined; log: Logger; earlier: (recentKey: string) => Promise<TranscriptLine[]> },
  recentKey: string,
  state: ConversationState,
  ref: ConversationRef,
  reason: HandoffTrigger,
  lines: TranscriptLine[],
  now: number,
  recent: RecentLines,
): Promise<EngineInput> {
  if (!o.handoffs) return { type: 'control', control: { kind: 'not-queued' }, now };
  try {
    // `state.recent`: lines a state carried before they had their own list (written after those in it).
    const transcript = [...(await o.earlier(recentKey)), ...(state.recent ?? []), ...lines];
    const opened = await o.handoffs.open({ ref, reason, locale: state.locale, transcript, now });
    state.recent = undefined;
    recent.clear = true;
    return { type: 'control', control: { kind: 'queued', ...opened }, now };
  } catch (err) {
    o.log.error({ err }, 'handoff could not be opened');
    return { type: 'control', control: { kind: 'not-queued' }, now };
  }
}

/**
 * Keeps the turn's lines: with the open handoff's transcript, else in the recent lines (handed
 * over if a handoff opens later). Leaving the queue ends the handoff. The transcript's lines
 * (with their audit entries) go into `writes`, written by the commit with the state; when the
 * beneficiary leaves, they are written at once, before the handoff ends and its keys are given
 * their retention.
 */
export async function recordLines(
  handoffs: HandoffPort | undefined,
  state: ConversationState,
  lines: TranscriptLine[],
  effects: Effect[],
  now: number,
  recent: RecentLines,
  writes: TurnWrite[],
  controlled?: string,
): Promise<void> {
  const left = effects.find((e) => e.type === 'leave-handoff');
  // An officer's last action (closing, handing back) still belongs to his handoff's transcript.
  const id = state.handoff?.id ?? (left?.type === 'leave-handoff' ? left.handoffId : controlled);
  if (id && handoffs) {
    if (left?.type !== 'leave-handoff') {
      writes.push(...handoffs.transcriptWrites(id, lines));
      return;
    }
    await handoffs.append(id, lines);
    await handoffs.leave(left.handoffId, now);
    return;
  }
  if (!handoffs || !lines.length) return;
  if (state.recent) {
    // Lines a state carried before they had their own list move there, before this turn's.
    recent.add.push(...state.recent);
    state.recent = undefined;
  }
  recent.add.push(...lines);
}

/** The texts a turn sent, as transcript lines (an officer's reply is his, the rest the bot's). */
export function sentLines(effects: Effect[], at: number, from = 0): TranscriptLine[] {
  // A plain loop: this runs for every turn.
  const lines: TranscriptLine[] = [];
  for (let i = from; i < effects.length; i++) {
    const e = effects[i]!;
    if (e.type !== 'send') continue;
    lines.push(e.officerId ? { from: 'officer', text: e.message.text, at, officerId: e.officerId } : { from: 'bot', text: e.message.text, at });
  }
  return lines;
}

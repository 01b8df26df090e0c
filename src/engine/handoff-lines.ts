import type { Logger } from 'pino';
import type { ConversationRef } from '../messages/model.js';
import type { HandoffPort, HandoffTrigger, TranscriptLine } from './control.js';
import type { Effect } from './effects.js';
import type { ConversationState } from './state.js';
import type { EngineInput } from './step.js';

/** How many lines of the conversation the state keeps, to hand over with a new handoff. */
const RECENT_LINES = 12;

/** Opens the handoff the engine asked for; the engine hears back where the beneficiary is in the queue. */
export async function openHandoff(
  handoffs: HandoffPort | undefined,
  log: Logger,
  state: ConversationState,
  ref: ConversationRef,
  reason: HandoffTrigger,
  lines: TranscriptLine[],
  now: number,
): Promise<EngineInput> {
  if (!handoffs) return { type: 'control', control: { kind: 'not-queued' }, now };
  try {
    const opened = await handoffs.open({ ref, reason, locale: state.locale, transcript: [...(state.recent ?? []), ...lines], now });
    state.recent = undefined;
    return { type: 'control', control: { kind: 'queued', ...opened }, now };
  } catch (err) {
    log.error({ err }, 'handoff could not be opened');
    return { type: 'control', control: { kind: 'not-queued' }, now };
  }
}

/**
 * Keeps the turn's lines: with the open handoff's transcript, else in the state's short
 * history (handed over if a handoff opens later). Leaving the queue ends the handoff.
 */
export async function recordLines(handoffs: HandoffPort | undefined, state: ConversationState, lines: TranscriptLine[], effects: Effect[], now: number, controlled?: string): Promise<void> {
  const left = effects.find((e) => e.type === 'leave-handoff');
  // An officer's last action (closing, handing back) still belongs to his handoff's transcript.
  const id = state.handoff?.id ?? (left?.type === 'leave-handoff' ? left.handoffId : controlled);
  if (id && handoffs) {
    await handoffs.append(id, lines);
    if (left?.type === 'leave-handoff') await handoffs.leave(left.handoffId, now);
    return;
  }
  if (!handoffs || !lines.length) return;
  state.recent = [...(state.recent ?? []), ...lines].slice(-RECENT_LINES);
}

/** The texts a turn sent, as transcript lines (an officer's reply is his, the rest the bot's). */
export function sentLines(effects: Effect[], at: number): TranscriptLine[] {
  return effects.flatMap((e) =>
    e.type === 'send' ? [{ from: e.officerId ? ('officer' as const) : ('bot' as const), text: e.message.text, at, ...(e.officerId ? { officerId: e.officerId } : {}) }] : [],
  );
}

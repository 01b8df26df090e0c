import type { Logger } from 'pino';
import type { ActionRegistry } from '../domain/action-registry.js';
import { domainEvent, type EventBus } from '../domain/events.js';
import type { ConversationRef, InboundMessage, OutboundMessage } from '../messages/model.js';
import { isRedisDown } from '../store/redis.js';
import type { ControlInput, HandoffPort, TranscriptLine, TurnWrite } from './control.js';
import type { Effect } from './effects.js';
import { openHandoff, recordLines, sentLines, type RecentLines } from './handoff-lines.js';
import type { ConversationState } from './state.js';
import { stepOwned, type EngineContext, type EngineInput } from './step.js';

/** An inbox entry: a beneficiary's message, or an officer's (or a timer's) control input. */
export type Queued = InboundMessage & { control?: ControlInput };

/** Where replies go. `key` is unique per conversation turn and the same if the turn is handled again; `origin`, the message it answers. */
export interface OutboundPort {
  send(ref: ConversationRef, messages: OutboundMessage[], key: string, origin?: string): Promise<void>;
}

export interface TurnOptions {
  ctx: EngineContext;
  actions: ActionRegistry;
  outbound: OutboundPort;
  events: EventBus;
  log: Logger;
  handoffs?: HandoffPort | undefined;
  /** The recent lines kept under this key (read when a handoff opens). */
  earlier: (recentKey: string) => Promise<TranscriptLine[]>;
}

/** What one turn leaves: the state to save, what changes in the recent lines, and the handoff's transcript writes (all saved with it). */
export interface TurnDone {
  state: ConversationState;
  recent: RecentLines;
  writes: TurnWrite[];
}

/**
 * One input through the interpreter, its actions (and a handoff) run, its effects carried out,
 * its lines kept. The runner calls it under the conversation's lock and commits what it returns.
 */
export async function runTurn(o: TurnOptions, state: ConversationState, msg: Queued, recentKey: string): Promise<TurnDone> {
  const now = msg.receivedAt ?? Date.now();
  const first: EngineInput = msg.control ? { type: 'control', control: msg.control, now } : { type: 'message', msg, now };
  let result = stepOwned(o.ctx, state, first);
  // The state's id makes the key unique for the life of this conversation; seq, per turn.
  const key = `${msg.ref.channel}:${msg.ref.address}:${state.id}:${result.state.seq}`;
  const effects: Effect[] = [];
  const lines: TranscriptLine[] = [];
  const recent: RecentLines = { clear: false, add: [] };
  /** Effects before this index were handed over with a new handoff's transcript. */
  let handedOver = 0;
  if (!msg.control && (msg.text || msg.attachments.length)) {
    lines.push({ from: 'beneficiary', text: msg.text ?? '', at: now, ...(msg.attachments.length ? { attachments: msg.attachments } : {}) });
  }
  for (let n = 0; ; n++) {
    // An action or a handoff comes last (effects.ts): its result is the interpreter's next input.
    let pending: Extract<Effect, { type: 'action' | 'handoff' }> | undefined;
    for (const e of result.effects) {
      if (e.type === 'action' || e.type === 'handoff') pending ??= e;
      else effects.push(e);
    }
    if (!pending || n > 20) break;
    let input: EngineInput;
    if (pending.type === 'handoff') {
      input = await openHandoff(o, recentKey, result.state, msg.ref, pending.reason, [...lines, ...sentLines(effects, now)], now, recent);
      // The lines so far went with the handoff; what follows goes to its transcript.
      lines.length = 0;
      handedOver = effects.length;
    } else {
      input = await action(o, result.state, msg.ref, pending.name, now, `${key}:${n}`, effects);
    }
    result = stepOwned(o.ctx, result.state, input);
  }
  await carryOut(o, msg.ref, effects, key, now, msg.control ? undefined : msg.messageId);
  lines.push(...sentLines(effects, now, handedOver));
  const controlled = msg.control && 'handoffId' in msg.control ? msg.control.handoffId : undefined;
  const writes: TurnWrite[] = [];
  await recordLines(o.handoffs, result.state, lines, effects, now, recent, writes, controlled);
  return { state: result.state, recent, writes };
}

/** Runs one registered action; its events join the turn's effects, its result goes back to the interpreter. */
async function action(o: TurnOptions, state: ConversationState, ref: ConversationRef, name: string, now: number, key: string, effects: Effect[]): Promise<EngineInput> {
  try {
    const out = await o.actions.get(name)({ data: state.data, ref, locale: state.locale, now, key });
    for (const e of out.events ?? []) effects.push({ type: 'emit', ...e });
    return { type: 'action-result', ok: true, value: out.value, now };
  } catch (err) {
    // Redis away is no failure of the action: the whole message is handled again later.
    if (isRedisDown(err)) throw err;
    o.log.error({ err, action: name }, 'action failed');
    return { type: 'action-result', ok: false, error: (err as Error).message, now };
  }
}

async function carryOut(o: TurnOptions, ref: ConversationRef, effects: Effect[], key: string, now: number, origin?: string): Promise<void> {
  const messages: OutboundMessage[] = [];
  for (const e of effects) if (e.type === 'send') messages.push(e.message);
  if (messages.length) await o.outbound.send(ref, messages, key, origin);
  let i = 0;
  for (const e of effects) {
    if (e.type !== 'emit') continue;
    await o.events.emit(domainEvent(e, { id: `${key}:${i++}`, at: now, conversation: ref }));
  }
}

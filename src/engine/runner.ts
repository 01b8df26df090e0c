import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { domainEvent, type EventBus } from '../domain/events.js';
import { InboundMessage, type ConversationRef, type InboundMessageInput, type OutboundMessage } from '../messages/model.js';
import { acceptScript, commitScript, tryScript } from '../store/conversation-scripts.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { ActionRegistry } from '../domain/action-registry.js';
import type { ControlInput, HandoffPort, HandoffTrigger, TranscriptLine } from './control.js';
import type { Effect } from './effects.js';
import { initialState, type ConversationState } from './state.js';
import { stepOwned, type EngineContext, type EngineInput } from './step.js';

/** Where replies go. `key` is unique per conversation turn and the same if the turn is handled again. */
export interface OutboundPort {
  send(ref: ConversationRef, messages: OutboundMessage[], key: string): Promise<void>;
}

export interface RunnerOptions {
  redis: Redis;
  keys: Keys;
  ctx: EngineContext;
  actions: ActionRegistry;
  outbound: OutboundPort;
  events: EventBus;
  log: Logger;
  /** How long a conversation's state lives after its last message. */
  stateTtlSeconds: number;
  /** How long a process may hold a conversation before another may take over. */
  lockMs?: number;
  /** How long a platform message id is remembered for deduplication. */
  seenTtlSeconds?: number;
  /** Where handoffs to officers are opened and their transcripts kept; without it the bot offers a phone number. */
  handoffs?: HandoffPort;
}

/** An inbox entry: a beneficiary's message, or an officer's (or a timer's) control input. */
type Queued = InboundMessage & { control?: ControlInput };

/** How many lines of the conversation the state keeps, to hand over with a new handoff. */
const RECENT_LINES = 12;

/** `limited`: refused by a limit before the engine saw it (the channel ports' message limit). */
export type HandleOutcome = 'handled' | 'duplicate' | 'limited';

/** How many conversations' last written state a process keeps, to skip reading it back. */
const STATE_CACHE_SIZE = 10_000;

type Reply = [string, string?, string?];

/**
 * Carries the engine out against Redis: deduplicates and orders inbound messages per
 * conversation, loads and saves state, runs actions, and hands effects to the outside.
 */
export class Runner {
  private readonly lockMs: number;
  private readonly seenTtl: number;
  /** Conversation key → the state this process last wrote and its version (insertion order = age). */
  private readonly cache = new Map<string, { version: string; state: ConversationState }>();

  constructor(private readonly o: RunnerOptions) {
    this.lockMs = o.lockMs ?? 30_000;
    this.seenTtl = o.seenTtlSeconds ?? 7 * 24 * 3600;
  }

  /**
   * Handles one inbound message. Resolves once it has been handled (by this process or by
   * another that held the conversation), or at once for a redelivered duplicate.
   */
  async handle(input: InboundMessageInput): Promise<HandleOutcome> {
    const msg = InboundMessage.parse({ ...input, receivedAt: input.receivedAt ?? Date.now() });
    return this.enqueue(msg);
  }

  /**
   * Queues an officer's action or a timer into the conversation's inbox, behind the messages
   * already there, under the same lock and order; resolves once it has been handled. `id` is
   * unique per action: the same id twice is handled once.
   */
  async control(ref: ConversationRef, control: ControlInput, id: string, now = Date.now()): Promise<HandleOutcome> {
    return this.enqueue({ ref, messageId: `ctl:${id}`, attachments: [], receivedAt: now, control });
  }

  private async enqueue(msg: Queued): Promise<HandleOutcome> {
    const { keys, redis } = this.o;
    const token = randomUUID();
    const json = JSON.stringify(msg);
    const seen = keys.seen(msg.ref.channel, msg.messageId);
    const convKeys = [keys.inbox(msg.ref), keys.lock(msg.ref), keys.state(msg.ref)];
    const stateKey = keys.state(msg.ref);
    const known = () => this.cache.get(stateKey)?.version ?? '';
    let reply = (await acceptScript.run(redis, [seen, ...convKeys], [json, token, this.lockMs, this.seenTtl, known()])) as Reply;
    if (reply[0] === 'dup') return 'duplicate';
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      if (reply[0] === 'run') {
        await this.drain(msg.ref, token, reply[1]!, reply[2] || undefined, { json, msg });
        // The drain handled every message queued behind the lock, ours included.
      }
      if (reply[0] !== 'wait') return 'handled';
      await new Promise((r) => setTimeout(r, wait));
      reply = (await tryScript.run(redis, [seen, ...convKeys], [token, this.lockMs, known()])) as Reply;
    }
  }

  /** Reads a conversation's state (for tests, the console, diagnostics). */
  async state(ref: Pick<ConversationRef, 'channel' | 'address'>): Promise<ConversationState | undefined> {
    const raw = await this.o.redis.get(this.o.keys.state(ref));
    return raw ? (JSON.parse(raw.slice(raw.indexOf('|') + 1)) as ConversationState) : undefined;
  }

  /**
   * The state this process last wrote for a conversation, else the one in Redis. It may be
   * behind when another process handled the conversation since: for a caller that only needs
   * to see its own control input's effect (the surveys worker), which an older state never fakes.
   */
  async lastState(ref: Pick<ConversationRef, 'channel' | 'address'>): Promise<ConversationState | undefined> {
    return this.cache.get(this.o.keys.state(ref))?.state ?? this.state(ref);
  }

  /** The state to work on: the cached one when Redis says it is unchanged ('='), else the one read. */
  private async loadState(stateKey: string, stored: string | undefined): Promise<ConversationState> {
    const hit = this.cache.get(stateKey);
    this.cache.delete(stateKey); // taken out while it is being changed; put back after the commit
    if (stored === '=') {
      if (hit) return hit.state;
      stored = (await this.o.redis.get(stateKey)) ?? undefined; // evicted meanwhile: read it
    }
    if (!stored) return initialState();
    return JSON.parse(stored.slice(stored.indexOf('|') + 1)) as ConversationState;
  }

  private async drain(
    ref: ConversationRef,
    token: string,
    head: string,
    stateJson: string | undefined,
    own?: { json: string; msg: Queued },
  ): Promise<void> {
    const { keys, redis } = this.o;
    const stateKey = keys.state(ref);
    let state = await this.loadState(stateKey, stateJson);
    let next: string | undefined = head;
    let version = '';
    while (next) {
      // Usually the head is the message this call just queued: no need to parse it again.
      const msg = own && next === own.json ? own.msg : (JSON.parse(next) as Queued);
      let saved = '';
      try {
        state = await this.turn(state, msg);
        version = `${state.seq}.${token.slice(0, 8)}`;
        saved = `${version}|${JSON.stringify(state)}`;
      } catch (err) {
        // The state may be half-changed: read it again from Redis next time.
        state = await this.loadState(stateKey, (await redis.get(stateKey)) ?? undefined);
        version = '';
        // A message that cannot be handled must not block the conversation: it is dropped
        // with an error log, and the state stays as it was.
        this.o.log.error({ err, channel: ref.channel, messageId: msg.messageId }, 'message could not be handled');
      }
      const reply = (await commitScript.run(
        redis,
        [keys.state(ref), keys.inbox(ref), keys.lock(ref), keys.seen(msg.ref.channel, msg.messageId)],
        [token, saved, this.o.stateTtlSeconds, this.lockMs, this.seenTtl],
      )) as Reply;
      if (reply[0] === 'lost') {
        this.o.log.warn({ channel: ref.channel }, 'conversation lock lost; another process took over');
        return;
      }
      next = reply[0] === 'run' ? reply[1] : undefined;
    }
    if (version) {
      this.cache.set(stateKey, { version, state });
      if (this.cache.size > STATE_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
  }

  /** One input through the interpreter, its actions (and a handoff) run, its effects carried out. */
  private async turn(state: ConversationState, msg: Queued): Promise<ConversationState> {
    const now = msg.receivedAt ?? Date.now();
    const first: EngineInput = msg.control ? { type: 'control', control: msg.control, now } : { type: 'message', msg, now };
    let result = stepOwned(this.o.ctx, state, first);
    const key = `${msg.ref.channel}:${msg.ref.address}:${result.state.seq}`;
    const effects: Effect[] = [];
    const lines: TranscriptLine[] = [];
    /** Effects before this index were handed over with a new handoff's transcript. */
    let handedOver = 0;
    if (!msg.control && (msg.text || msg.attachments.length)) {
      lines.push({ from: 'beneficiary', text: msg.text ?? '', at: now, ...(msg.attachments.length ? { attachments: msg.attachments } : {}) });
    }
    for (let n = 0; ; n++) {
      const pending = result.effects.find((e) => e.type === 'action' || e.type === 'handoff');
      effects.push(...result.effects.filter((e) => e.type !== 'action' && e.type !== 'handoff'));
      if (!pending || n > 20) break;
      let input: EngineInput;
      if (pending.type === 'handoff') {
        input = await this.openHandoff(result.state, msg.ref, pending.reason, [...lines, ...sentLines(effects, now)], now);
        // The lines so far went with the handoff; what follows goes to its transcript.
        lines.length = 0;
        handedOver = effects.length;
      } else {
        try {
          const out = await this.o.actions.get(pending.name)({
            data: result.state.data,
            ref: msg.ref,
            locale: result.state.locale,
            now,
            key: `${key}:${n}`,
          });
          effects.push(...(out.events ?? []).map((e) => ({ type: 'emit' as const, ...e })));
          input = { type: 'action-result', ok: true, value: out.value, now };
        } catch (err) {
          this.o.log.error({ err, action: pending.name }, 'action failed');
          input = { type: 'action-result', ok: false, error: (err as Error).message, now };
        }
      }
      result = stepOwned(this.o.ctx, result.state, input);
    }
    await this.carryOut(msg.ref, effects, key, now);
    lines.push(...sentLines(effects.slice(handedOver), now));
    const controlled = msg.control && 'handoffId' in msg.control ? msg.control.handoffId : undefined;
    await this.record(result.state, lines, effects, now, controlled);
    return result.state;
  }

  /** Opens the handoff the engine asked for; the engine hears back where the beneficiary is in the queue. */
  private async openHandoff(state: ConversationState, ref: ConversationRef, reason: HandoffTrigger, lines: TranscriptLine[], now: number): Promise<EngineInput> {
    if (!this.o.handoffs) return { type: 'control', control: { kind: 'not-queued' }, now };
    try {
      const opened = await this.o.handoffs.open({ ref, reason, locale: state.locale, transcript: [...(state.recent ?? []), ...lines], now });
      state.recent = undefined;
      return { type: 'control', control: { kind: 'queued', ...opened }, now };
    } catch (err) {
      this.o.log.error({ err }, 'handoff could not be opened');
      return { type: 'control', control: { kind: 'not-queued' }, now };
    }
  }

  /**
   * Keeps the turn's lines: with the open handoff's transcript, else in the state's short
   * history (handed over if a handoff opens later). Leaving the queue ends the handoff.
   */
  private async record(state: ConversationState, lines: TranscriptLine[], effects: Effect[], now: number, controlled?: string): Promise<void> {
    const left = effects.find((e) => e.type === 'leave-handoff');
    // An officer's last action (closing, handing back) still belongs to his handoff's transcript.
    const id = state.handoff?.id ?? (left?.type === 'leave-handoff' ? left.handoffId : controlled);
    if (id && this.o.handoffs) {
      await this.o.handoffs.append(id, lines);
      if (left?.type === 'leave-handoff') await this.o.handoffs.leave(left.handoffId, now);
      return;
    }
    if (!this.o.handoffs || !lines.length) return;
    state.recent = [...(state.recent ?? []), ...lines].slice(-RECENT_LINES);
  }

  private async carryOut(ref: ConversationRef, effects: Effect[], key: string, now: number): Promise<void> {
    const messages = effects.flatMap((e) => (e.type === 'send' ? [e.message] : []));
    if (messages.length) await this.o.outbound.send(ref, messages, key);
    let i = 0;
    for (const e of effects) {
      if (e.type !== 'emit') continue;
      await this.o.events.emit(domainEvent(e, { id: `${key}:${i++}`, at: now, conversation: ref }));
    }
  }
}

/** The texts a turn sent, as transcript lines (an officer's reply is his, the rest the bot's). */
function sentLines(effects: Effect[], at: number): TranscriptLine[] {
  return effects.flatMap((e) =>
    e.type === 'send' ? [{ from: e.officerId ? ('officer' as const) : ('bot' as const), text: e.message.text, at, ...(e.officerId ? { officerId: e.officerId } : {}) }] : [],
  );
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { domainEvent, type EventBus } from '../domain/events.js';
import { InboundMessage, type ConversationRef, type InboundMessageInput, type OutboundMessage } from '../messages/model.js';
import { acceptScript, commitScript, tryScript } from '../store/conversation-scripts.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { ActionRegistry } from '../domain/action-registry.js';
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
}

export type HandleOutcome = 'handled' | 'duplicate';

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
    own?: { json: string; msg: InboundMessage },
  ): Promise<void> {
    const { keys, redis } = this.o;
    const stateKey = keys.state(ref);
    let state = await this.loadState(stateKey, stateJson);
    let next: string | undefined = head;
    let version = '';
    while (next) {
      // Usually the head is the message this call just queued: no need to parse it again.
      const msg = own && next === own.json ? own.msg : (JSON.parse(next) as InboundMessage);
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

  /** One message through the interpreter, its actions run, its effects carried out. */
  private async turn(state: ConversationState, msg: InboundMessage): Promise<ConversationState> {
    const now = msg.receivedAt ?? Date.now();
    let result = stepOwned(this.o.ctx, state, { type: 'message', msg, now });
    const key = `${msg.ref.channel}:${msg.ref.address}:${result.state.seq}`;
    const effects: Effect[] = [];
    for (let n = 0; ; n++) {
      const action = result.effects.find((e) => e.type === 'action');
      effects.push(...result.effects.filter((e) => e.type !== 'action'));
      if (!action || n > 20) break;
      let input: EngineInput;
      try {
        const out = await this.o.actions.get(action.name)({
          data: result.state.data,
          ref: msg.ref,
          locale: result.state.locale,
          now,
          key: `${key}:${n}`,
        });
        effects.push(...(out.events ?? []).map((e) => ({ type: 'emit' as const, ...e })));
        input = { type: 'action-result', ok: true, value: out.value, now };
      } catch (err) {
        this.o.log.error({ err, action: action.name }, 'action failed');
        input = { type: 'action-result', ok: false, error: (err as Error).message, now };
      }
      result = stepOwned(this.o.ctx, result.state, input);
    }
    await this.carryOut(msg.ref, effects, key, now);
    return result.state;
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

import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { domainEvent, type EventBus } from '../domain/events.js';
import { InboundMessage, type ConversationRef, type InboundMessageInput, type OutboundMessage } from '../messages/model.js';
import { acceptScript, claimScript, commitScript, tryScript } from '../store/conversation-scripts.js';
import type { Keys } from '../store/keys.js';
import { asStoreDown, isRedisDown, type Redis } from '../store/redis.js';
import type { ActionRegistry } from '../domain/action-registry.js';
import type { ControlInput, HandoffPort, HandoffTrigger, TranscriptLine } from './control.js';
import type { Effect } from './effects.js';
import { openHandoff, recordLines, sentLines } from './handoff-lines.js';
import { initialState, legacyStateId, type ConversationState } from './state.js';
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

/** `limited`: refused by a limit before the engine saw it (the channel ports' message limit). */
export type HandleOutcome = 'handled' | 'duplicate' | 'limited';

/**
 * What `accept` says once the message is durably queued: 'queued' (new, or queued before and
 * not yet handled: a redelivery after a crash) or 'duplicate' (handled before). `done` resolves
 * once it has been handled (never rejects: failures are logged and left to the sweep).
 */
export interface Accepted {
  outcome: 'queued' | 'duplicate';
  done: Promise<void>;
}

/** How many conversations' last written state a process keeps, to skip reading it back. */
const STATE_CACHE_SIZE = 10_000;
/** How long a drain that failed on Redis retries (then the sweep takes the conversation). */
const RESUME_FOR_MS = 5 * 60_000;

type Reply = [string, string?, string?, string?];

/**
 * Carries the engine out against Redis: deduplicates and orders inbound messages per
 * conversation, loads and saves state, runs actions, and hands effects to the outside.
 */
export class Runner {
  private readonly lockMs: number;
  private readonly seenTtl: number;
  /** Conversation key → the state this process last wrote and its version (insertion order = age). */
  private readonly cache = new Map<string, { version: string; state: ConversationState }>();
  /** Drains running in the background after `accept`, waited for on close. */
  private readonly working = new Set<Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly o: RunnerOptions) {
    this.lockMs = o.lockMs ?? 30_000;
    this.seenTtl = o.seenTtlSeconds ?? 7 * 24 * 3600;
  }

  /**
   * Queues one inbound message durably (the inbox push and the seen mark: one Redis round trip)
   * and resolves then; it is handled right after, in the background. A channel acknowledges its
   * platform once this resolves, never before. Rejects (Redis away) when nothing was queued.
   */
  async accept(input: InboundMessageInput): Promise<Accepted> {
    const msg = InboundMessage.parse({ ...input, receivedAt: input.receivedAt ?? Date.now() });
    return this.enqueue(msg);
  }

  /**
   * Queues an officer's action or a timer into the conversation's inbox, behind the messages
   * already there, under the same lock and order; resolves once it has been handled. `id` is
   * unique per action: the same id twice is handled once.
   */
  async control(ref: ConversationRef, control: ControlInput, id: string, now = Date.now()): Promise<HandleOutcome> {
    const accepted = await this.enqueue({ ref, messageId: `ctl:${id}`, attachments: [], receivedAt: now, control });
    await accepted.done;
    return accepted.outcome === 'duplicate' ? 'duplicate' : 'handled';
  }

  private async enqueue(msg: Queued): Promise<Accepted> {
    const { keys, redis } = this.o;
    const token = randomUUID();
    const json = JSON.stringify(msg);
    const stateKey = keys.state(msg.ref);
    const member = JSON.stringify([msg.ref.channel, msg.ref.address]);
    const known = () => this.cache.get(stateKey)?.version ?? '';
    let reply: Reply;
    try {
      reply = (await acceptScript.run(
        redis,
        [keys.seen(msg.ref.channel, msg.messageId), keys.inbox(msg.ref), keys.lock(msg.ref), stateKey, keys.pending()],
        [json, token, this.lockMs, this.seenTtl, known(), member, Date.now()],
      )) as Reply;
    } catch (err) {
      throw asStoreDown(err);
    }
    if (reply[0] === 'dup') return { outcome: 'duplicate', done: Promise.resolve() };
    const done = this.follow(msg, json, token, reply).catch((err: unknown) =>
      this.o.log.error({ err, channel: msg.ref.channel, messageId: msg.messageId }, 'queued message not handled yet; the sweep will'),
    );
    this.working.add(done);
    void done.finally(() => this.working.delete(done));
    return { outcome: 'queued', done };
  }

  /**
   * Handles one inbound message. Resolves once it has been handled (by this process or by
   * another that held the conversation), or at once for a redelivered duplicate.
   */
  async handle(input: InboundMessageInput): Promise<HandleOutcome> {
    const accepted = await this.accept(input);
    await accepted.done;
    return accepted.outcome === 'duplicate' ? 'duplicate' : 'handled';
  }

  /** After accept: drain the inbox when this call holds the lock, else wait until the message is done or the lock is free. */
  private async follow(msg: Queued, json: string, token: string, first: Reply): Promise<void> {
    const { keys, redis } = this.o;
    const stateKey = keys.state(msg.ref);
    const member = JSON.stringify([msg.ref.channel, msg.ref.address]);
    const convKeys = [keys.seen(msg.ref.channel, msg.messageId), keys.inbox(msg.ref), keys.lock(msg.ref), stateKey, keys.pending()];
    let reply: Reply = first[0] === 'run' ? ['run', first[2], first[3]] : ['wait'];
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      if (reply[0] === 'run') {
        // The drain handles every message queued behind the lock, ours included.
        return this.drainResuming(msg.ref, token, reply[1]!, reply[2] || undefined, { json, msg });
      }
      if (reply[0] !== 'wait' || this.closed) return;
      await new Promise((r) => setTimeout(r, wait));
      reply = (await tryScript.run(redis, convKeys, [token, this.lockMs, this.cache.get(stateKey)?.version ?? '', member])) as Reply;
    }
  }

  /** A drain that, when Redis goes away under it, takes the conversation up again once it is back. */
  private async drainResuming(ref: ConversationRef, token: string, head: string, stateJson: string | undefined, own?: { json: string; msg: Queued }): Promise<void> {
    const until = Date.now() + RESUME_FOR_MS;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        return await this.drain(ref, token, head, stateJson, own);
      } catch (err) {
        if (!isRedisDown(err) || this.closed || Date.now() > until) throw err;
        this.o.log.warn({ err: (err as Error).message, channel: ref.channel }, 'redis away mid-conversation; resuming when it is back');
      }
      for (;;) {
        await new Promise((r) => setTimeout(r, wait));
        if (this.closed || Date.now() > until) return;
        try {
          const claimed = await this.claim(ref, token);
          if (!claimed) return; // emptied or taken over by another process
          [head, stateJson] = claimed;
          own = undefined;
          break;
        } catch (err) {
          if (!isRedisDown(err)) throw err;
          wait = Math.min(wait * 2, 2_000);
        }
      }
    }
  }

  /** Takes a conversation (free, or held with `token`): its inbox head and stored state, or undefined when empty or busy. */
  private async claim(ref: Pick<ConversationRef, 'channel' | 'address'>, token: string): Promise<[string, string] | undefined> {
    const { keys, redis } = this.o;
    const member = JSON.stringify([ref.channel, ref.address]);
    const reply = (await claimScript.run(redis, [keys.inbox(ref), keys.lock(ref), keys.state(ref), keys.pending()], [token, this.lockMs, member])) as Reply;
    return reply[0] === 'run' ? [reply[1]!, reply[2] ?? ''] : undefined;
  }

  /**
   * Handles the inboxes left by a process that died holding them (their lock lapsed): every
   * conversation in the pending set for longer than `graceMs` whose lock is free. Safe to run
   * in every process at once: a conversation is taken with its lock.
   */
  async sweep(graceMs = 2_000): Promise<number> {
    const { keys, redis } = this.o;
    const members = await redis.zRangeByScore(keys.pending(), '-inf', Date.now() - graceMs, { LIMIT: { offset: 0, count: 500 } });
    let taken = 0;
    for (const member of members) {
      if (this.closed) break;
      const [channel, address] = JSON.parse(member) as [string, string];
      const ref = { channel, address } as ConversationRef;
      const token = randomUUID();
      const claimed = await this.claim(ref, token);
      if (!claimed) continue;
      taken++;
      // The ref as the beneficiary's messages carry it (with its userId), for the replies.
      const full = (JSON.parse(claimed[0]) as InboundMessage).ref;
      const run = this.drainResuming(full, token, claimed[0], claimed[1] || undefined).catch((err: unknown) =>
        this.o.log.error({ err, channel }, 'sweep: conversation could not be drained'),
      );
      this.working.add(run);
      void run.finally(() => this.working.delete(run));
    }
    if (taken) this.o.log.info({ conversations: taken }, 'sweep: took over messages a stopped process had queued');
    return taken;
  }

  /** Sweeps now and every `everyMs` (the start-up sweep finds what the previous process left). */
  startSweeper(everyMs = 5_000): void {
    const tick = () => {
      if (this.closed || this.sweeping) return;
      this.sweeping = this.sweep()
        .then(() => undefined, (err: unknown) => this.o.log.warn({ err: (err as Error).message }, 'sweep failed; trying again later'))
        .finally(() => (this.sweeping = undefined));
    };
    tick();
    this.sweeper = setInterval(tick, everyMs);
    this.sweeper.unref();
  }

  /** Stops sweeping and waits (up to `ms`) for the messages being handled. */
  async close(ms = 8_000): Promise<void> {
    clearInterval(this.sweeper);
    const pending = [...this.working, ...(this.sweeping ? [this.sweeping] : [])];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(pending), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Stops taking new work after the current messages (on shutdown, after close). */
  stop(): void {
    this.closed = true;
    clearInterval(this.sweeper);
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

  /**
   * The state to work on: the cached one when Redis says it is unchanged ('='), else the one read;
   * undefined when there is none yet (the drain starts one from its first message).
   */
  private async loadState(stateKey: string, stored: string | undefined): Promise<ConversationState | undefined> {
    const hit = this.cache.get(stateKey);
    this.cache.delete(stateKey); // taken out while it is being changed; put back after the commit
    if (stored === '=') {
      if (hit) return hit.state;
      stored = (await this.o.redis.get(stateKey)) ?? undefined; // evicted meanwhile: read it
    }
    if (!stored) return undefined;
    const state = JSON.parse(stored.slice(stored.indexOf('|') + 1)) as ConversationState;
    state.id ??= legacyStateId(stored);
    return state;
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
    const member = JSON.stringify([ref.channel, ref.address]);
    let state = await this.loadState(stateKey, stateJson);
    let next: string | undefined = head;
    // A new conversation's id comes from the message that starts it: the same if it is handled again.
    const born = (m: Queued) => initialState('ar', createHash('sha1').update(`${ref.channel}:${ref.address}:${m.messageId}`).digest('base64url').slice(0, 12));
    let version = '';
    while (next) {
      // Usually the head is the message this call just queued: no need to parse it again.
      const msg = own && next === own.json ? own.msg : (JSON.parse(next) as Queued);
      let saved = '';
      try {
        state = await this.turn(state ?? born(msg), msg);
        version = `${state.seq}.${token.slice(0, 8)}`;
        saved = `${version}|${JSON.stringify(state)}`;
      } catch (err) {
        // Redis away: the message stays queued and is handled again once it is back.
        if (isRedisDown(err)) throw err;
        // The state may be half-changed: read it again from Redis next time.
        state = await this.loadState(stateKey, (await redis.get(stateKey)) ?? undefined);
        version = '';
        // A message that cannot be handled must not block the conversation: it is dropped
        // with an error log, and the state stays as it was.
        this.o.log.error({ err, channel: ref.channel, messageId: msg.messageId }, 'message could not be handled');
      }
      const reply = (await commitScript.run(
        redis,
        [keys.state(ref), keys.inbox(ref), keys.lock(ref), keys.seen(msg.ref.channel, msg.messageId), keys.pending()],
        [token, saved, this.o.stateTtlSeconds, this.lockMs, this.seenTtl, member],
      )) as Reply;
      if (reply[0] === 'lost') {
        this.o.log.warn({ channel: ref.channel }, 'conversation lock lost; another process took over');
        return;
      }
      next = reply[0] === 'run' ? reply[1] : undefined;
    }
    if (version && state) {
      this.cache.set(stateKey, { version, state });
      if (this.cache.size > STATE_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
  }

  /** One input through the interpreter, its actions (and a handoff) run, its effects carried out. */
  private async turn(state: ConversationState, msg: Queued): Promise<ConversationState> {
    const now = msg.receivedAt ?? Date.now();
    const first: EngineInput = msg.control ? { type: 'control', control: msg.control, now } : { type: 'message', msg, now };
    let result = stepOwned(this.o.ctx, state, first);
    // The state's id makes the key unique for the life of this conversation; seq, per turn.
    const key = `${msg.ref.channel}:${msg.ref.address}:${state.id}:${result.state.seq}`;
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
          // Redis away is no failure of the action: the whole message is handled again later.
          if (isRedisDown(err)) throw err;
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

  private openHandoff(state: ConversationState, ref: ConversationRef, reason: HandoffTrigger, lines: TranscriptLine[], now: number): Promise<EngineInput> {
    return openHandoff(this.o.handoffs, this.o.log, state, ref, reason, lines, now);
  }

  private record(state: ConversationState, lines: TranscriptLine[], effects: Effect[], now: number, controlled?: string): Promise<void> {
    return recordLines(this.o.handoffs, state, lines, effects, now, controlled);
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

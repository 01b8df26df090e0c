import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../domain/events.js';
import { InboundMessage, type ConversationRef, type InboundMessageInput } from '../messages/model.js';
import { acceptScript, claimScript, commitScript, takeScript, tryScript } from '../store/conversation-scripts.js';
import type { Keys } from '../store/keys.js';
import { markArgs, markKeys, type Mark } from '../store/marks.js';
import { asStoreDown, isRedisDown, type Redis } from '../store/redis.js';
import type { ActionRegistry } from '../domain/action-registry.js';
import type { ControlInput, HandoffPort, TurnWrite } from './control.js';
import { lastLines, RECENT_LINES, type RecentLines } from './handoff-lines.js';
import { runTurn, type OutboundPort, type Queued, type TurnOptions } from './runner-turn.js';
import type { ControlOptions, ControlOutcome, Precondition, TurnMark } from './control-options.js';
import { bornState, legacyStateId, stamped, type ConversationState } from './state.js';
import { StateCache } from './state-cache.js';
import type { EngineContext } from './step.js';

export type { OutboundPort } from './runner-turn.js';
export type { ControlOptions, TurnMark } from './control-options.js';

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

/** How long a drain that failed on Redis retries (then the sweep takes the conversation). */
const RESUME_FOR_MS = 5 * 60_000;

type Reply = [string, string?, string?, string?];

/** One conversation's queue keys and its pending-set member, built once per message. */
interface Conv {
  state: string;
  inbox: string;
  lock: string;
  pending: string;
  recent: string;
  member: string;
}

/** The message a drain was started for: its inbox entry as queued, not parsed again, and what its commit may write with it. */
interface Own {
  json: string;
  msg: Queued;
  mark?: TurnMark | undefined;
}

const DUPLICATE: Accepted = { outcome: 'duplicate', done: Promise.resolve() };
/** A control input whose precondition did not hold: not queued. */
const REFUSED = Symbol('refused');

/**
 * Carries the engine out against Redis: deduplicates and orders inbound messages per
 * conversation, loads and saves state, runs actions, and hands effects to the outside.
 */
export class Runner {
  private readonly lockMs: number;
  private readonly seenTtl: number;
  /** Conversation key → the state this process last wrote and its version. */
  private readonly cache = new StateCache();
  /** Drains running in the background after `accept`, waited for on close. */
  private readonly working = new Set<Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private closed = false;

  /** What a turn needs (the interpreter, actions, effects' ports). */
  private readonly turns: TurnOptions;

  constructor(private readonly o: RunnerOptions) {
    this.lockMs = o.lockMs ?? 30_000;
    this.seenTtl = o.seenTtlSeconds ?? 7 * 24 * 3600;
    const earlier = async (recentKey: string) => lastLines(await o.redis.lRange(recentKey, 0, -1));
    this.turns = { ctx: o.ctx, actions: o.actions, outbound: o.outbound, events: o.events, log: o.log, handoffs: o.handoffs, earlier };
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
   * unique per action: the same id twice is handled once. `mark`: what its turn's commit may
   * write with the state (see TurnMark).
   */
  async control(ref: ConversationRef, control: ControlInput, id: string, now = Date.now(), o: ControlOptions = {}): Promise<ControlOutcome> {
    const msg: Queued = { ref, messageId: `ctl:${id}`, attachments: [], receivedAt: now, control };
    // Taken at once, an input would skip the accept script, where its precondition is checked.
    const taken = o.redelivered && !o.only ? await this.take(msg, o.mark) : undefined;
    if (taken) return taken;
    const accepted = await this.enqueue(msg, o.mark, o.only);
    if (accepted === REFUSED) return 'refused';
    await accepted.done;
    return accepted.outcome === 'duplicate' ? 'duplicate' : 'handled';
  }

  /**
   * A redelivered control input handled at once when its conversation is idle (one script fewer
   * and no inbox entry); undefined when it must go through the inbox. A Redis failure rejects:
   * the caller gives it again later, and whatever was queued behind the lock meanwhile is in the
   * inbox for the sweep.
   */
  private async take(msg: Queued, mark?: TurnMark): Promise<'handled' | 'duplicate' | undefined> {
    const c = this.conv(msg.ref);
    const token = randomUUID();
    let reply: Reply;
    try {
      reply = (await takeScript.run(this.o.redis, [this.o.keys.seen(msg.ref.channel, msg.messageId), c.inbox, c.lock, c.state], [token, this.lockMs, this.cache.get(c.state)?.version ?? ''])) as Reply;
    } catch (err) {
      throw asStoreDown(err);
    }
    if (reply[0] === 'dup') return 'duplicate';
    if (reply[0] !== 'run') return undefined;
    const work = this.drain(msg.ref, c, token, undefined, reply[1] || undefined, { json: '', msg, mark });
    this.working.add(work);
    try {
      await work;
    } finally {
      this.working.delete(work);
    }
    return 'handled';
  }

  private async enqueue(msg: Queued, mark?: TurnMark): Promise<Accepted>;
  private async enqueue(msg: Queued, mark: TurnMark | undefined, only: Precondition | undefined): Promise<Accepted | typeof REFUSED>;
  private async enqueue(msg: Queued, mark?: TurnMark, only?: Precondition): Promise<Accepted | typeof REFUSED> {
    const c = this.conv(msg.ref);
    const seen = this.o.keys.seen(msg.ref.channel, msg.messageId);
    const token = randomUUID();
    const own: Own = { json: JSON.stringify(msg), msg, mark };
    let reply: Reply;
    try {
      reply = (await acceptScript.run(
        this.o.redis,
        only ? [seen, c.inbox, c.lock, c.state, c.pending, only.key] : [seen, c.inbox, c.lock, c.state, c.pending],
        [Buffer.from(own.json), token, this.lockMs, this.seenTtl, this.cache.get(c.state)?.version ?? '', c.member, Date.now(), ...(only?.equals.flat() ?? [])],
      )) as Reply;
    } catch (err) {
      throw asStoreDown(err);
    }
    if (reply[0] === 'refused') return REFUSED;
    if (reply[0] === 'dup') return DUPLICATE;
    // 'run': the drain handles every message queued behind the lock, ours included ('' head: ours alone).
    const work = reply[0] === 'run' ? this.drainResuming(msg.ref, c, token, reply[2] || own.json, reply[3] || undefined, own) : this.follow(c, seen, token, own);
    const done: Promise<void> = work.then(
      () => void this.working.delete(done),
      (err: unknown) => {
        this.working.delete(done);
        this.o.log.error({ err, channel: msg.ref.channel, messageId: msg.messageId }, 'queued message not handled yet; the sweep will');
      },
    );
    this.working.add(done);
    return { outcome: 'queued', done };
  }

  /**
   * Handles one inbound message. Resolves once it has been handled (by this process or by
   * another that held the conversation), or at once for a redelivered duplicate.
   */
  async handle(input: InboundMessageInput): Promise<HandleOutcome> {
    const accepted = await this.enqueue(InboundMessage.parse({ ...input, receivedAt: input.receivedAt ?? Date.now() }));
    await accepted.done;
    return accepted.outcome === 'duplicate' ? 'duplicate' : 'handled';
  }

  private conv(ref: Pick<ConversationRef, 'channel' | 'address'>): Conv {
    const { keys } = this.o;
    return { state: keys.state(ref), inbox: keys.inbox(ref), lock: keys.lock(ref), pending: keys.pending(), recent: keys.recent(ref), member: JSON.stringify([ref.channel, ref.address]) };
  }

  /** After accept, when another call holds the lock: wait until the message is done, or the lock is free (then drain). */
  private async follow(c: Conv, seen: string, token: string, own: Own): Promise<void> {
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      if (this.closed) return;
      await new Promise((r) => setTimeout(r, wait));
      const reply = (await tryScript.run(this.o.redis, [seen, c.inbox, c.lock, c.state, c.pending], [token, this.lockMs, this.cache.get(c.state)?.version ?? '', c.member])) as Reply;
      if (reply[0] === 'run') return this.drainResuming(own.msg.ref, c, token, reply[1]!, reply[2] || undefined, own);
      if (reply[0] !== 'wait') return;
    }
  }

  /** A drain that, when Redis goes away under it, takes the conversation up again once it is back. */
  private async drainResuming(ref: ConversationRef, c: Conv, token: string, head: string, stateJson: string | undefined, own?: Own): Promise<void> {
    const until = Date.now() + RESUME_FOR_MS;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        return await this.drain(ref, c, token, head, stateJson, own);
      } catch (err) {
        if (!isRedisDown(err) || this.closed || Date.now() > until) throw err;
        this.o.log.warn({ err: (err as Error).message, channel: ref.channel }, 'redis away mid-conversation; resuming when it is back');
      }
      for (;;) {
        await new Promise((r) => setTimeout(r, wait));
        if (this.closed || Date.now() > until) return;
        try {
          const claimed = await this.claim(c, token);
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
  private async claim(c: Conv, token: string): Promise<[string, string] | undefined> {
    const reply = (await claimScript.run(this.o.redis, [c.inbox, c.lock, c.state, c.pending], [token, this.lockMs, c.member])) as Reply;
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
      const c = this.conv({ channel, address } as ConversationRef);
      const token = randomUUID();
      const claimed = await this.claim(c, token);
      if (!claimed) continue;
      taken++;
      // The ref as the beneficiary's messages carry it (with its userId), for the replies.
      const full = (JSON.parse(claimed[0]) as InboundMessage).ref;
      const run = this.drainResuming(full, c, token, claimed[0], claimed[1] || undefined).catch((err: unknown) =>
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
    const hit = this.cache.take(stateKey); // out while it is being changed; put back after the commit
    if (stored === '=') {
      if (hit) return hit.state;
      stored = (await this.o.redis.get(stateKey)) ?? undefined; // evicted meanwhile: read it
    }
    if (!stored) return undefined;
    const state = JSON.parse(stored.slice(stored.indexOf('|') + 1)) as ConversationState;
    state.id ??= legacyStateId(stored);
    return state;
  }

  /** Handles the inbox from `head` on (undefined: `own` first, taken at once, not in the inbox), while messages keep coming. */
  private async drain(ref: ConversationRef, c: Conv, token: string, head: string | undefined, stateJson: string | undefined, own?: Own): Promise<void> {
    const { keys, redis } = this.o;
    let state = await this.loadState(c.state, stateJson);
    let taken = head === undefined;
    let next: string | undefined = head;
    let version = '';
    while (taken || next) {
      // Usually the head is the message this call just queued: no need to parse it again.
      const mine = own !== undefined && (taken || next === own.json);
      const msg = mine ? own.msg : (JSON.parse(next!) as Queued);
      const turnMark = mine ? own.mark : undefined;
      let saved = '';
      version = '';
      let recent: RecentLines | undefined;
      let mark: Mark | undefined;
      let writes: TurnWrite[] = [];
      try {
        const done = await runTurn(this.turns, state ?? bornState(ref, msg.messageId), msg, c.recent);
        state = done.state;
        recent = done.recent;
        writes = done.writes;
        [version, saved] = stamped(state, token);
        mark = turnMark?.for(state);
      } catch (err) {
        // Redis away: the message stays queued and is handled again once it is back.
        if (isRedisDown(err)) throw err;
        // The state may be half-changed: read it again from Redis.
        state = await this.loadState(c.state, (await redis.get(c.state)) ?? undefined);
        // A message that cannot be handled must not block the conversation: it is dropped with an
        // error log, the state as it was but for its turn number, which the turn may have queued
        // replies under (the next message, given it too, would have its reply taken for them).
        if (state) {
          state.seq++;
          [version, saved] = stamped(state, token);
        }
        this.o.log.error({ err, channel: ref.channel, messageId: msg.messageId }, 'message could not be handled');
      }
      // The turn's lines: one entry of the recent list. The large texts go as bytes (no copy in the client).
      const lines = recent?.add.length ? Buffer.from(JSON.stringify(recent.add)) : '';
      const commitKeys = [c.state, c.inbox, c.lock, keys.seen(msg.ref.channel, msg.messageId), c.pending, c.recent];
      const args: (string | number | Buffer)[] = [token, saved && Buffer.from(saved), this.o.stateTtlSeconds, this.lockMs, this.seenTtl, c.member, recent?.clear ? '1' : '', RECENT_LINES, lines, taken ? '' : '1'];
      taken = false;
      // The handoff's transcript lines and audit entries, each command as its length and its words.
      const words = writes.flatMap((w) => [w.length, ...w]);
      args.push(words.length, ...words);
      if (mark) {
        commitKeys.push(...markKeys(mark));
        args.push(...markArgs(mark));
      }
      const reply = (await commitScript.run(redis, commitKeys, args)) as [string, string?, number?, string?];
      if (reply[0] === 'lost') {
        this.o.log.warn({ channel: ref.channel }, 'conversation lock lost; another process took over');
        return;
      }
      if (turnMark && mark && reply[2] === 1) turnMark.written = true;
      if (reply[3]) this.o.log.error({ err: reply[3], channel: ref.channel, messageId: msg.messageId }, 'a write of the turn (a handoff transcript line or audit entry) was refused; the message is handled');
      next = reply[0] === 'run' ? reply[1] : undefined;
    }
    if (version && state) this.cache.put(c.state, { version, state });
  }
}

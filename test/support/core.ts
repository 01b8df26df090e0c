import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from './redis.js';
import { createCore, type Core } from '../../src/core.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** The real core against the real Redis, with the shipped flows. */
export async function testCore(redis: Redis, prefix: string, flowsDir = 'flows', o: { officeHours?: string } = {}): Promise<Core> {
  // Officers are in at any hour unless a test says otherwise, so no test depends on the clock.
  return createCore({ redis, prefix, flowsDir, log: silentLog, conversationTtlHours: 24, officeHours: o.officeHours ?? 'always' });
}

/**
 * A `test` channel that records every reply, so a test reads a conversation as a transcript.
 */
type Sent = { ref: ConversationRef; message: OutboundMessage; key: string };
const recorders = new WeakMap<Core, Sent[]>();

function recorder(core: Core): Sent[] {
  let sent = recorders.get(core);
  if (!sent) {
    const list: Sent[] = [];
    core.outbound.register('test', async (ref, messages, key) => {
      for (const message of messages) list.push({ ref, message, key });
    });
    recorders.set(core, list);
    sent = list;
  }
  return sent;
}

export class Transcript {
  private n = 0;

  constructor(
    private readonly core: Core,
    readonly address = `user-${Math.random().toString(36).slice(2, 8)}`,
  ) {
    recorder(core);
  }

  /** Every reply sent to this conversation so far. */
  get sent(): Sent[] {
    return recorder(this.core).filter((s) => s.ref.address === this.address);
  }

  get ref(): ConversationRef {
    return { channel: 'test', address: this.address };
  }

  /** Sends one message and returns the replies it produced. */
  async say(text: string, extra: { choiceId?: string; messageId?: string; address?: string } = {}): Promise<OutboundMessage[]> {
    const before = this.sent.length;
    await this.core.runner.handle({
      ref: { channel: 'test', address: extra.address ?? this.address },
      messageId: extra.messageId ?? `m${++this.n}-${Math.random().toString(36).slice(2)}`,
      text,
      ...(extra.choiceId ? { choiceId: extra.choiceId } : {}),
    });
    return this.sent.slice(before).map((s) => s.message);
  }

  /** All reply texts since the start, joined, for `toContain` checks. */
  text(replies: OutboundMessage[]): string {
    return replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join('\n')).join('\n---\n');
  }
}

/**
 * The usual test-file fixture: before all tests, a Redis connection and the real core under a
 * unique key prefix (handed to `set`); after all, that prefix's keys deleted and Redis closed.
 * Returns the prefix.
 */
export function useCore(name: string, set: (fixture: { redis: Redis; core: Core }) => void): string {
  const prefix = uniquePrefix(name);
  let redis: Redis | undefined;
  beforeAll(async () => {
    redis = await connectTestRedis();
    set({ redis, core: await testCore(redis, prefix) });
  });
  afterAll(async () => {
    if (!redis) return;
    await deleteKeys(redis, prefix);
    await redis.close();
  });
  return prefix;
}

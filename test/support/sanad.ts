import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from './redis.js';
import { createSanad, type Sanad } from '../../src/app.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** The real core against the real Redis, with the shipped flows. */
export async function testSanad(redis: Redis, prefix: string, flowsDir = 'flows'): Promise<Sanad> {
  return createSanad({ redis, prefix, flowsDir, log: silentLog, conversationTtlHours: 24 });
}

/**
 * A `test` channel that records every reply, so a test reads a conversation as a transcript.
 */
type Sent = { ref: ConversationRef; message: OutboundMessage; key: string };
const recorders = new WeakMap<Sanad, Sent[]>();

function recorder(sanad: Sanad): Sent[] {
  let sent = recorders.get(sanad);
  if (!sent) {
    const list: Sent[] = [];
    sanad.outbound.register('test', async (ref, messages, key) => {
      for (const message of messages) list.push({ ref, message, key });
    });
    recorders.set(sanad, list);
    sent = list;
  }
  return sent;
}

export class Transcript {
  private n = 0;

  constructor(
    private readonly sanad: Sanad,
    readonly address = `user-${Math.random().toString(36).slice(2, 8)}`,
  ) {
    recorder(sanad);
  }

  /** Every reply sent to this conversation so far. */
  get sent(): Sent[] {
    return recorder(this.sanad).filter((s) => s.ref.address === this.address);
  }

  get ref(): ConversationRef {
    return { channel: 'test', address: this.address };
  }

  /** Sends one message and returns the replies it produced. */
  async say(text: string, extra: { choiceId?: string; messageId?: string; address?: string } = {}): Promise<OutboundMessage[]> {
    const before = this.sent.length;
    await this.sanad.runner.handle({
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
export function useSanad(name: string, set: (fixture: { redis: Redis; sanad: Sanad }) => void): string {
  const prefix = uniquePrefix(name);
  let redis: Redis | undefined;
  beforeAll(async () => {
    redis = await connectTestRedis();
    set({ redis, sanad: await testSanad(redis, prefix) });
  });
  afterAll(async () => {
    if (!redis) return;
    await deleteKeys(redis, prefix);
    await redis.close();
  });
  return prefix;
}

import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { ConversationRef, OutboundMessage } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { LuaScript } from '../store/script.js';

/** One conversation turn's replies, delivered in order, as one BullMQ job. */
export interface TurnJob {
  ref: ConversationRef;
  messages: OutboundMessage[];
  /** The job queued just before this one for the same conversation: it must be finished first. */
  prev?: string;
  /** Times this job waited for `prev`; the wait grows with it. */
  waits?: number;
}

/** How many delivery attempts a network error gets (backoff 1 s doubling, capped at 5 min: about an hour). */
export const DEFAULT_ATTEMPTS = 20;

/**
 * Reserves a job id for a turn, once: a second call with the same turn key returns the first
 * answer ("<jobId>|<prev>|q" once the job is known to be queued), so a turn handled again after a
 * crash is queued as the same job, or not at all. It also links the job to the conversation's
 * previous one (the tail), which is how per-conversation order is kept.
 */
const reserveScript = new LuaScript(`
local got = redis.call('GET', KEYS[1])
if got then return got end
local prev = redis.call('GET', KEYS[2]) or ''
local v = ARGV[1] .. '|' .. prev .. '|'
redis.call('SET', KEYS[1], v, 'EX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[3])
return v
`);

const TAIL_TTL_SECONDS = 7 * 24 * 3600;

export interface OutboundQueueOptions {
  channel: string;
  redis: Redis;
  keys: Keys;
  /** How long a turn key is remembered; must stay below the conversation TTL (a new conversation reuses turn keys). */
  dedupeSeconds: number;
  attempts?: number;
  /** How long completed jobs are kept (for inspection) before they are pruned. */
  keepCompletedSeconds?: number;
}

export function queueName(channel: string): string {
  return `outbound-${channel}`;
}

/**
 * The durable side of sending: the runner calls `enqueue` before it commits the conversation's
 * state, and once the job is in Redis the reply survives a crash of this process. Each channel
 * has its own queue, so only a process running that channel's client (WhatsApp) works on it.
 */
export class OutboundQueue {
  readonly queue: Queue<TurnJob>;
  private readonly attempts: number;

  constructor(private readonly o: OutboundQueueOptions) {
    this.attempts = o.attempts ?? DEFAULT_ATTEMPTS;
    const keepCompleted = o.keepCompletedSeconds ?? 3600;
    this.queue = new Queue<TurnJob>(queueName(o.channel), {
      connection: o.redis,
      prefix: o.keys.bullPrefix(),
      defaultJobOptions: {
        attempts: this.attempts,
        backoff: { type: 'sanad' },
        removeOnComplete: { age: keepCompleted, count: 10_000 },
        // Failed jobs keep the platform's reason for the operator; a month, then pruned.
        removeOnFail: { age: 30 * 24 * 3600, count: 50_000 },
      },
    });
  }

  /** Queues one turn's replies; with the same `key` again (a re-handled turn) nothing new is queued. */
  async enqueue(ref: ConversationRef, messages: OutboundMessage[], key: string): Promise<string> {
    const { redis, keys, dedupeSeconds } = this.o;
    const reply = (await reserveScript.run(
      redis,
      [keys.outboundTurn(key), keys.outboundTail(ref)],
      [randomUUID(), Math.max(1, Math.round(dedupeSeconds)), TAIL_TTL_SECONDS],
    )) as string;
    const [jobId, prev, queued] = reply.split('|') as [string, string, string];
    if (queued) return jobId;
    // Re-adding an id still in the queue (a crash between these two lines) is a no-op in BullMQ.
    await this.queue.add('turn', { ref, messages, ...(prev ? { prev } : {}) }, { jobId });
    // Not awaited (one round trip less on the runner's path): it only spares a turn handled again
    // the add above. Lost in a crash, the add is repeated under the same job id, which BullMQ
    // ignores while the job is kept (an hour after completion).
    redis.set(keys.outboundTurn(key), `${jobId}|${prev}|q`, { expiration: 'KEEPTTL' }).catch(() => {});
    return jobId;
  }

  /** Jobs per state, for /healthz. */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

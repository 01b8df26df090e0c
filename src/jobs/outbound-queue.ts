import { randomUUID } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import type { ConversationRef, OutboundMessage } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import { isRedisDown, type Redis } from '../store/redis.js';
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
 * previous one (the tail), which is how per-conversation order is kept. With a third key (the
 * origin: the platform message the turn answers), it records the job there unless the channel
 * already decided to leave that message's reply to the worker ('declined'), and says which:
 * → {"<jobId>|<prev>|<q>", '' | 'held' | 'declined'}.
 */
const reserveScript = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  local prev = redis.call('GET', KEYS[2]) or ''
  v = ARGV[1] .. '|' .. prev .. '|'
  redis.call('SET', KEYS[1], v, 'EX', ARGV[2])
  redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[3])
end
local origin = ''
if KEYS[3] then
  local job = string.match(v, '^[^|]*')
  redis.call('SET', KEYS[3], job, 'NX', 'EX', ARGV[2])
  origin = (redis.call('GET', KEYS[3]) == job) and 'held' or 'declined'
end
return {v, origin}
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

/**
 * Sends a held (delayed) job to the worker now. Redis going away is thrown, so the caller's
 * acknowledgement fails and it is tried again; BullMQ refusing a job no longer delayed (the worker
 * took it first, or its hold ran out) is fine.
 */
export async function releaseHeld(job: Job<TurnJob>): Promise<void> {
  await job.promote().catch((err: unknown) => {
    if (isRedisDown(err)) throw err;
  });
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

  /**
   * Queues one turn's replies; with the same `key` again (a re-handled turn) nothing new is queued.
   * With `origin` (the platform message the turn answers) the job is recorded as that message's
   * (`outboundOrigin`) and held from the worker `holdMs`, for the channel to answer it itself
   * first; not held when the channel already left that message's reply to the worker.
   */
  async enqueue(ref: ConversationRef, messages: OutboundMessage[], key: string, o: { origin?: string; holdMs?: number } = {}): Promise<string> {
    const { redis, keys } = this.o;
    const [reply, origin] = (await reserveScript.run(
      redis,
      [keys.outboundTurn(key), keys.outboundTail(ref), ...(o.origin ? [keys.outboundOrigin(ref.channel, o.origin)] : [])],
      [randomUUID(), this.dedupeSeconds(), TAIL_TTL_SECONDS],
    )) as [string, string];
    const [jobId, prev, queued] = reply.split('|') as [string, string, string];
    if (queued) return jobId;
    const hold = origin === 'held' && o.holdMs ? { delay: o.holdMs } : {};
    // Re-adding an id still in the queue (a crash between these two lines) is a no-op in BullMQ.
    const job = await this.queue.add('turn', { ref, messages, ...(prev ? { prev } : {}) }, { jobId, ...hold });
    // Who sends a held turn may have been decided between the reservation and the add (the
    // channel found no job to release): then it is not held, or it would wait the whole hold.
    if (hold.delay && (await redis.exists(keys.outboundClaim(jobId)))) await releaseHeld(job);
    // Not awaited (one round trip less on the runner's path): it only spares a turn handled again
    // the add above. Lost in a crash, the add is repeated under the same job id, which BullMQ
    // ignores while the job is kept (an hour after completion).
    redis.set(keys.outboundTurn(key), `${jobId}|${prev}|q`, { expiration: 'KEEPTTL' }).catch(() => {});
    return jobId;
  }

  /** How long a turn key (and a job's origin and claim) is remembered. */
  dedupeSeconds(): number {
    return Math.max(1, Math.round(this.o.dedupeSeconds));
  }

  /** Jobs per state, for /healthz. */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { ConversationRef, OutboundMessage } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { maskText } from '../text/mask.js';
import { RefusedError, RetryLaterError } from './delivery-errors.js';
import { DEFAULT_ATTEMPTS, queueName, type OutboundQueue, type TurnJob } from './outbound-queue.js';
import { PENDING, type TurnClaims } from './turn-claims.js';

/** Stalls (its process died while it ran) after which BullMQ gives a job up: see the workers' options. */
export const MAX_STALLS = 50;

/** Which job and which of its messages a delivery is: lets a channel record what the platform accepted. */
export interface DeliveryContext {
  jobId: string;
  index: number;
}

/** Sends one message to the platform; throws RetryLaterError / RefusedError, or anything else to retry. */
export type Deliver = (ref: ConversationRef, message: OutboundMessage, at: DeliveryContext) => Promise<void>;

export interface DeliveryWorkerOptions {
  channel: string;
  redis: Redis;
  keys: Keys;
  log: Logger;
  /** The queue this worker drains; used to look up a job's predecessor. */
  queue: OutboundQueue;
  deliver: Deliver;
  /** Conversations served at once; one conversation's turns are always sent one after the other. */
  concurrency?: number;
  attempts?: number;
  /** First retry delay after a network error; it doubles per attempt up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A reply not delivered within this time (the channel stayed down) is failed as expired. */
  maxAgeMs?: number;
  /** How long a job may run without renewing its lock before another worker takes it over (crash). */
  lockMs?: number;
  /** At most `max` jobs per `duration` ms across every worker of this queue (a platform's throughput limit). */
  limiter?: { max: number; duration: number };
  /** For a channel that may send a turn in its acknowledgement: a job is claimed before its first message. */
  claims?: TurnClaims;
}

/** A turn's replies with every ID and number masked, and the address too (a WhatsApp address is a number). */
export function maskTurn(data: TurnJob): TurnJob {
  return {
    ...data,
    ref: { ...data.ref, address: maskText(data.ref.address), ...(data.ref.userId ? { userId: maskText(data.ref.userId) } : {}) },
    messages: data.messages.map((m) => ({
      ...m,
      text: maskText(m.text),
      ...(m.choices ? { choices: m.choices.map((c) => ({ ...c, label: maskText(c.label) })) } : {}),
    })),
  };
}

/**
 * Drains a channel's outbound queue: each job is one turn's replies, sent in order, resumed
 * where it stopped after a failure (progress = messages already accepted). A job waits until
 * its conversation's previous job is finished, so turn N+1 never overtakes turn N. With `claims`,
 * a job the channel's acknowledgement carried (and claimed first) is completed without sending.
 */
export class DeliveryWorker {
  readonly worker: Worker<TurnJob>;
  private readonly attempts: number;
  private readonly maxAgeMs: number;

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.attempts = o.attempts ?? DEFAULT_ATTEMPTS;
    this.maxAgeMs = o.maxAgeMs ?? 24 * 3600_000;
    const base = o.retryBaseMs ?? 1000;
    const max = o.retryMaxMs ?? 300_000;
    this.worker = new Worker<TurnJob>(queueName(o.channel), (job, token) => this.process(job, token), {
      // BullMQ duplicates this node-redis client for its blocking connection (BZPOPMIN).
      connection: o.redis,
      prefix: o.keys.bullPrefix(),
      concurrency: o.concurrency ?? 8,
      lockDuration: o.lockMs ?? 30_000,
      // A job whose process died (SIGKILL, a crash) stalls; BullMQ fails it after maxStalledCount stalls
      // (default 1), so two kills during one job would lose it. Stalls here mean a dead process, not a
      // bad job (a job's own errors are retried by attempts), so take it up again many times.
      maxStalledCount: MAX_STALLS,
      ...(o.lockMs ? { stalledInterval: Math.max(500, Math.round(o.lockMs / 2)) } : {}),
      ...(o.limiter ? { limiter: o.limiter } : {}),
      settings: { backoffStrategy: (attemptsMade: number) => Math.min(base * 2 ** Math.max(0, attemptsMade - 1), max) },
    });
    this.worker.on('error', (err) => o.log.warn({ err: err.message, channel: o.channel }, 'outbound worker: redis error'));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= this.attempts;
      const fields = { channel: o.channel, jobId: job.id, attempt: job.attemptsMade, reason: err.message };
      if (final) {
        o.log.error(fields, 'reply not delivered');
        // A failed job is kept a month for the operator's reason; the replies it holds (a review
        // summary has the full ID and mobile) are not: they are masked once it is final.
        void job.updateData(maskTurn(job.data)).catch((e: Error) => o.log.warn({ err: e.message, jobId: job.id }, 'failed reply could not be masked'));
      } else o.log.warn(fields, 'reply delivery failed; will retry');
    });
  }

  private async process(job: Job<TurnJob>, token?: string): Promise<void> {
    const { ref, messages, prev } = job.data;
    const { claims } = this.o;
    if (prev && PENDING.has(await this.o.queue.queue.getJobState(prev)) && !(await claims?.answered(prev))) {
      // The conversation's previous turn is not out yet: look again shortly (no attempt used).
      const waits = job.data.waits ?? 0;
      await job.updateData({ ...job.data, waits: waits + 1 });
      return this.later(job, token, Math.min(100 * 2 ** waits, 5_000));
    }
    if (Date.now() - job.timestamp > this.maxAgeMs) {
      throw new UnrecoverableError(`expired: not delivered within ${Math.round(this.maxAgeMs / 3600_000)} h`);
    }
    const done = typeof job.progress === 'number' ? job.progress : 0;
    if (done === 0 && claims && !(await claims.forWorker(job.id!))) {
      this.o.log.debug({ channel: this.o.channel, jobId: job.id }, 'replies already sent in the acknowledgement');
      return;
    }
    for (let i = done; i < messages.length; i++) {
      try {
        await this.o.deliver(ref, messages[i]!, { jobId: job.id!, index: i });
      } catch (err) {
        if (err instanceof RefusedError) {
          this.o.log.warn({ channel: this.o.channel, jobId: job.id, reason: err.reason }, 'platform refused the reply for good');
          throw new UnrecoverableError(err.reason);
        }
        if (err instanceof RetryLaterError) {
          this.o.log.info({ channel: this.o.channel, jobId: job.id, afterMs: err.afterMs, reason: err.reason }, 'reply postponed');
          return this.later(job, token, err.afterMs);
        }
        throw err;
      }
      // Recorded per message, so a retry does not send again what the platform already accepted.
      await job.updateProgress(i + 1);
    }
  }

  /** Puts the job back as delayed, without counting an attempt. */
  private async later(job: Job<TurnJob>, token: string | undefined, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}

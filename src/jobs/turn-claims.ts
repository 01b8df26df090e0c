import type { Job } from 'bullmq';
import type { ConversationRef, OutboundMessage } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { LuaScript } from '../store/script.js';
import { releaseHeld, type OutboundQueue, type TurnJob } from './outbound-queue.js';

/** KEYS claim · ARGV value, ttlSec → the claim's value: the one given when it was free, else the one set before. */
const claimScript = new LuaScript(`
local got = redis.call('GET', KEYS[1])
if got then return got end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]
`);

const WORKER = 'worker';
const ANSWER = 'answer';
/** An origin whose reply was left to the worker before its turn was queued. */
const DECLINED = 'declined';

/** Job states in which a job still has to be sent (completed, failed or pruned: it is done). */
export const PENDING = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused']);

/** The one platform call of a turn's replies, or undefined when they take more than one. */
export type RenderAnswer = (ref: ConversationRef, messages: OutboundMessage[]) => string | undefined;

export interface TurnClaimsOptions {
  channel: string;
  redis: Redis;
  keys: Keys;
  queue: OutboundQueue;
  render: RenderAnswer;
}

/**
 * Who sends a turn's replies, decided once per delivery job: the delivery worker, or the channel
 * itself in its acknowledgement of the message the turn answers (Telegram's webhook answer
 * carries one Bot API call, and is one event with the acknowledgement: lost with the process, the
 * update comes again, and nothing was sent). Whoever claims a job first sends it; a claim is
 * never handed over, so a turn is sent by one of them only, and every delivery of one message
 * is acknowledged the same way (with the answer, made again from the job, or without when the
 * worker has it). The claims hold no reply text: only who.
 */
export class TurnClaims {
  constructor(private readonly o: TurnClaimsOptions) {}

  private async claim(jobId: string, value: string): Promise<string> {
    const { redis, keys, queue } = this.o;
    return (await claimScript.run(redis, [keys.outboundClaim(jobId)], [value, queue.dedupeSeconds()])) as string;
  }

  /** The worker's side, before a job's first message: true when the worker sends it (claimed now or before), false when an answer carried it. */
  async forWorker(jobId: string): Promise<boolean> {
    return (await this.claim(jobId, WORKER)) !== ANSWER;
  }

  /** True when the job went out in an answer (a job still queued, but sent). */
  async answered(jobId: string): Promise<boolean> {
    return (await this.o.redis.get(this.o.keys.outboundClaim(jobId))) === ANSWER;
  }

  /**
   * The channel's side, once the message `origin` has been handled: the call carrying its turn's
   * replies, claimed now, or claimed before (the message came again: the answer given then was
   * lost with a process or a connection, so it was never carried out). Undefined (and the job is
   * the worker's) when the worker has it, the message's reply was left to the worker before, the
   * replies are not one call, or an earlier turn of the conversation is still on its way (the
   * answer would overtake it); undefined too when the turn had no reply.
   */
  async answer(origin: string): Promise<string | undefined> {
    const { redis, keys, channel, queue, render } = this.o;
    const jobId = await redis.get(keys.outboundOrigin(channel, origin));
    // No job: the turn had no reply, or was not handled after all (Redis went away under it; the
    // sweep handles it later): left to the worker, so it is not held when it comes.
    if (!jobId) return this.decline(origin);
    if (jobId === DECLINED) return undefined;
    let job = await queue.queue.getJob(jobId);
    if (!job) {
      // Long done and pruned, or not added yet (the turn is being queued right now): the worker's.
      // Claimed before looking again: the queue, finding it claimed as it adds it, does not hold
      // it (OutboundQueue.enqueue); added in between, it is found now and released here.
      const got = await this.claim(jobId, WORKER);
      job = await queue.queue.getJob(jobId);
      if (!job) return undefined;
      await this.release(job);
      // Another delivery of the message answered it first: the same answer.
      return got === ANSWER ? render(job.data.ref, job.data.messages) : undefined;
    }
    const call = render(job.data.ref, job.data.messages);
    let got = await redis.get(keys.outboundClaim(jobId));
    got ??= await this.claim(jobId, call !== undefined && (await this.settled(job.data.prev)) ? ANSWER : WORKER);
    // Released whoever has it (again, if a process died before): answered, the worker finds it
    // claimed and completes it at once, so the conversation's next job does not wait for the
    // hold; else the worker sends it now.
    await this.release(job);
    return got === ANSWER ? call : undefined;
  }

  /**
   * Leaves the reply to the message `origin` to the worker, at once (the acknowledgement goes
   * without it), decided for every delivery of that message: a turn not queued yet is queued
   * without a hold. Unless an answer to another delivery of the same message claimed it first:
   * then that answer, to be given again (whichever delivery the platform reads carries it).
   */
  async decline(origin: string): Promise<string | undefined> {
    const { redis, keys, channel, queue, render } = this.o;
    const key = keys.outboundOrigin(channel, origin);
    let jobId = await redis.get(key);
    if (!jobId) {
      if (await redis.set(key, DECLINED, { condition: 'NX', expiration: { type: 'EX', value: queue.dedupeSeconds() } })) return undefined;
      jobId = await redis.get(key); // the turn was queued meanwhile
    }
    if (!jobId || jobId === DECLINED) return undefined;
    const got = await this.claim(jobId, WORKER);
    const job = await queue.queue.getJob(jobId);
    if (!job) return undefined;
    await this.release(job);
    return got === ANSWER ? render(job.data.ref, job.data.messages) : undefined;
  }

  /** Nothing before this job is still to be sent: no previous job, or it finished, or an answer carried it. */
  private async settled(prev: string | undefined): Promise<boolean> {
    if (!prev || !PENDING.has(await this.o.queue.queue.getJobState(prev))) return true;
    return this.answered(prev);
  }

  private async release(job: Job<TurnJob>): Promise<void> {
    // Only a held (delayed) job can be promoted; one the worker has already is left as it is.
    if ((await job.getState()) === 'delayed') await releaseHeld(job);
  }
}

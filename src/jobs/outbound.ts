import type { Logger } from 'pino';
import type { ChannelPorts } from '../channels/ports.js';
import type { Channel, OutboundMessage } from '../messages/model.js';
import { DeliveryWorker, type Deliver, type DeliveryWorkerOptions } from './delivery-worker.js';
import { OutboundQueue } from './outbound-queue.js';
import { TurnClaims, type RenderAnswer } from './turn-claims.js';

export interface OutboundOptions {
  channel: Channel;
  /** Where the queue lives, and where the channel's sender is registered with the core. */
  ports: Pick<ChannelPorts, 'store' | 'outbound'>;
  log: Logger;
  deliver: Deliver;
  /** The conversation TTL: turn keys repeat in a new conversation, so the dedupe window must be shorter. */
  conversationTtlHours: number;
  /** Tuning for the worker (tests shorten the delays). */
  worker?: Pick<DeliveryWorkerOptions, 'concurrency' | 'attempts' | 'retryBaseMs' | 'retryMaxMs' | 'maxAgeMs' | 'lockMs' | 'limiter'>;
  /** The messages a turn's replies become on this channel (Telegram joins texts into one message). */
  shape?: (messages: OutboundMessage[]) => OutboundMessage[];
  /**
   * For a channel that may send a turn in its acknowledgement of the message it answers (see
   * TurnClaims): jobs are claimed before they are sent, and a turn answering `origin` is held from
   * the worker `holdMs(origin)` ms, so the acknowledgement, when it can, claims it first;
   * `render` makes the one platform call of a turn's replies, when they are one.
   */
  answers?: { holdMs: (origin: string | undefined) => number; render: RenderAnswer };
}

export interface Outbound {
  queue: OutboundQueue;
  worker: DeliveryWorker;
  /** Set with `answers`: where the acknowledgement claims its turn. */
  claims?: TurnClaims;
  /** Queued / delayed / failed jobs, for /healthz. */
  counts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** How long a turn's delivery is remembered (its key, claims, send marks): below the conversation TTL, since a new conversation reuses turn keys; a day at most. */
export function outboundDedupeSeconds(conversationTtlHours: number): number {
  return Math.min(24 * 3600, (conversationTtlHours * 3600) / 2);
}

/**
 * A channel's outbound path: registers the channel's sender with the core (replies become
 * BullMQ jobs, exactly once per turn) and starts the worker that delivers them.
 */
export async function startOutbound(o: OutboundOptions): Promise<Outbound> {
  const dedupeSeconds = outboundDedupeSeconds(o.conversationTtlHours);
  // BullMQ's node-redis wrapper leaves listeners on the client it is given: it gets its own
  // client, closed on stop, rather than the process's main one.
  // BullMQ retries its own commands in loops that expect a client which queues while reconnecting:
  // with commands failing at once it would spin without yielding. Its loops await each command, so
  // what queues is bounded by them.
  const bull = o.ports.store.redis.duplicate({ disableOfflineQueue: false });
  bull.on('error', (err: Error) => o.log.warn({ err: err.message, channel: o.channel }, 'outbound queue: redis error'));
  await bull.connect();
  const queue = new OutboundQueue({
    channel: o.channel,
    redis: bull,
    keys: o.ports.store.keys,
    dedupeSeconds,
    ...(o.worker?.attempts ? { attempts: o.worker.attempts } : {}),
  });
  queue.queue.on('error', (err) => o.log.warn({ err: err.message, channel: o.channel }, 'outbound queue error'));
  const answers = o.answers;
  // The main client (commands fail at once while Redis is away), not BullMQ's: an acknowledgement waits on it.
  const claims = answers ? new TurnClaims({ channel: o.channel, redis: o.ports.store.redis, keys: o.ports.store.keys, queue, render: answers.render }) : undefined;
  o.ports.outbound.register(o.channel, async (ref, messages, key, origin) => {
    const shaped = o.shape ? o.shape(messages) : messages;
    await queue.enqueue(ref, shaped, key, answers && origin ? { origin, holdMs: answers.holdMs(origin) } : {});
  });
  const worker = new DeliveryWorker({
    ...o.worker,
    channel: o.channel,
    redis: bull,
    keys: o.ports.store.keys,
    log: o.log,
    queue,
    deliver: o.deliver,
    ...(claims ? { claims } : {}),
  });
  return {
    queue,
    worker,
    ...(claims ? { claims } : {}),
    counts: () => queue.counts(),
    async stop() {
      await worker.close();
      await queue.close();
      await bull.close();
    },
  };
}

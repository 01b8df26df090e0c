import { Queue } from 'bullmq';
import type { Core } from '../../src/core.js';
import type { Channel, ConversationRef } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';
import { waitFor } from '../support/wait-for.js';

/** One bot message as the beneficiary sees it: its text and the choices he can pick. */
export interface Reply {
  text: string;
  choices: string[];
}

export interface TestFile {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

/** A beneficiary talking to Sanad through one channel, at that channel's platform boundary. */
export interface Conversation {
  readonly ref: ConversationRef;
  /** Types a message; resolves with the bot's replies to it. */
  say(text: string): Promise<Reply[]>;
  /** Picks an offered choice the channel's own way (a tapped button, a typed number). */
  choose(label: string): Promise<Reply[]>;
  /** Sends a file (a document or photo on that platform). */
  sendFile(file: TestFile): Promise<Reply[]>;
}

export interface RunningChannel {
  core: Core;
  open(): Promise<Conversation>;
  stop(): Promise<void>;
}

/** How the conformance suite drives one adapter. Adding a channel to the suite = adding a driver. */
export interface ChannelDriver {
  channel: Channel;
  /** Names the driver when one channel has several (WhatsApp's two providers); default: the channel. */
  name?: string;
  start(redis: Redis, prefix: string): Promise<RunningChannel>;
}

/**
 * For channels whose replies go through the outbound queue: `after(ref, act)` runs `act`, waits
 * until the engine has handled the message (the conversation's turn counter moved) and until that
 * turn's delivery job has completed, so every reply of the turn has reached the platform.
 */
export class TurnWatcher {
  private constructor(
    private readonly core: Core,
    private readonly redis: Redis,
    private readonly bull: Redis,
    private readonly queue: Queue,
  ) {}

  static async open(core: Core, redis: Redis, channel: Channel): Promise<TurnWatcher> {
    // Its own connection: BullMQ leaves listeners on the client it is given.
    const bull = redis.duplicate();
    await bull.connect();
    return new TurnWatcher(core, redis, bull, new Queue(`outbound-${channel}`, { connection: bull, prefix: core.keys.bullPrefix() }));
  }

  async after(ref: ConversationRef, act: () => Promise<unknown>): Promise<void> {
    const before = (await this.core.runner.state(ref))?.seq ?? 0;
    await act();
    await waitFor(async () => ((await this.core.runner.state(ref))?.seq ?? 0) > before, `the turn on ${ref.channel} to be handled`);
    const job = await this.redis.get(this.core.keys.outboundTail(ref));
    if (job) await waitFor(async () => (await this.queue.getJobState(job)) === 'completed', `the replies on ${ref.channel} to be delivered`);
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.bull.close();
  }
}

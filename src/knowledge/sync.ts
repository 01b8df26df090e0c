/**
 * Every process learns what one learned (issue 15). A supervisor's click reaches one process: it
 * appends the example to learned.yaml (the processes share `FLOWS_DIR`) and retrains its own
 * matcher; then it announces it on a Redis pub/sub channel (`Keys.knowledgeLearned`), and every
 * other process subscribed retrains from the files. The command line (`npm run -s misses -- assign`)
 * announces too, so a running bot learns what was assigned there without a restart.
 *
 * Pub/sub, not a stream: what is announced is only "read the files again", so an announcement missed
 * while a connection was down is made good by retraining once it is back (the subscriber retrains
 * on every reconnect), and nothing needs to be kept.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { RetrainableAnswerer, Retrained } from './retrainable.js';

/** What is published: who learned (a process's id, so it does not retrain twice), and when. */
interface Announcement {
  from: string;
  at: number;
}

/** Announces that the knowledge base learned something; returns how many subscribers heard it. */
export async function announceLearned(redis: Redis, keys: Keys, from = 'cli'): Promise<number> {
  const message: Announcement = { from, at: Date.now() };
  return redis.publish(keys.knowledgeLearned(), JSON.stringify(message));
}

export class KnowledgeSync {
  /** This process's id in announcements. */
  readonly id = randomBytes(6).toString('hex');
  private connected = false;
  private closed = false;
  /** The retrain an announcement started, if one is running (for tests and a clean close). */
  private last: Promise<Retrained | undefined> = Promise.resolve(undefined);
  /** How many times this process retrained because another announced (or a reconnect). */
  retrains = 0;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: Keys,
    private readonly answerer: RetrainableAnswerer,
    private readonly log: Logger,
  ) {}

  /** Subscribes (on a connection of its own: a subscribed connection can do nothing else). */
  static async start(o: { redis: Redis; keys: Keys; answerer: RetrainableAnswerer; log: Logger }): Promise<KnowledgeSync> {
    const subscriber = o.redis.duplicate({ name: `${o.keys.prefix}:knowledge-sync` });
    const sync = new KnowledgeSync(o.redis, subscriber, o.keys, o.answerer, o.log);
    subscriber.on('error', (err: Error) => o.log.warn({ err: err.message }, 'knowledge sync: redis error'));
    // node-redis subscribes again after a reconnect; what was announced meanwhile is read from the files.
    subscriber.on('ready', () => {
      if (sync.connected && !sync.closed) sync.retrain('reconnected');
      sync.connected = true;
    });
    await subscriber.connect();
    await subscriber.subscribe(o.keys.knowledgeLearned(), (raw) => sync.heard(raw));
    return sync;
  }

  /** Tells every other process to retrain (this one has: it served the click). */
  announce(): Promise<number> {
    return announceLearned(this.redis, this.keys, this.id);
  }

  /** The retrain the last announcement started (resolved at once when none ran). */
  settled(): Promise<Retrained | undefined> {
    return this.last;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.last;
    await this.subscriber.close().catch(() => this.subscriber.destroy());
  }

  private heard(raw: string): void {
    let from: unknown;
    try {
      from = (JSON.parse(raw) as Partial<Announcement>).from;
    } catch {
      from = undefined;
    }
    if (from === this.id || this.closed) return;
    this.retrain('announced');
  }

  private retrain(why: 'announced' | 'reconnected'): void {
    this.retrains++;
    this.last = this.answerer.retrain().then(
      (r) => {
        this.log.info({ why, ...r }, 'knowledge sync: retrained from the knowledge base');
        return r;
      },
      (err: unknown) => {
        // A knowledge base that no longer loads: the current matcher keeps answering.
        this.log.error({ err, why }, 'knowledge sync: the knowledge base could not be read again; the current matcher keeps answering');
        return undefined;
      },
    );
  }
}

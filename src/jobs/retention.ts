import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { PrivacyService } from '../domain/privacy.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

const QUEUE = 'privacy-retention';

export interface RetentionJob {
  queue: Queue;
  worker: Worker;
  stop(): Promise<void>;
}

/**
 * The retention sweep as a BullMQ repeatable job (`upsertJobScheduler`): one schedule however
 * many processes start it, run by whichever worker takes it; each run erases what is due and
 * writes what it did to the privacy audit log.
 */
export async function startRetention(o: { redis: Redis; keys: Keys; privacy: PrivacyService; log: Logger; everyMs: number }): Promise<RetentionJob> {
  // BullMQ leaves listeners on the client it is given, and its worker blocks one: its own client.
  const bull = o.redis.duplicate();
  bull.on('error', (err: Error) => o.log.warn({ err: err.message }, 'retention: redis error'));
  await bull.connect();
  const opts = { connection: bull, prefix: o.keys.bullPrefix() };
  const queue = new Queue(QUEUE, opts);
  await queue.upsertJobScheduler('retention', { every: o.everyMs }, { name: 'sweep', opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  const worker = new Worker(
    QUEUE,
    async () => {
      const done = await o.privacy.sweep();
      o.log.info(done, 'retention: records past their retention erased');
      return done;
    },
    { ...opts, concurrency: 1 },
  );
  worker.on('error', (err) => o.log.warn({ err: err.message }, 'retention worker error'));
  worker.on('failed', (_job, err) => o.log.error({ err: err.message }, 'retention sweep failed; it runs again at its next time'));
  return {
    queue,
    worker,
    async stop() {
      await worker.close();
      await queue.close();
      await bull.close();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { connectRedis, type Redis } from '../../src/store/redis.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique key prefix per test file run, so parallel runs never see each other's keys. */
export function uniquePrefix(name = 'test'): string {
  return `sanad-test:${name}:${randomBytes(4).toString('hex')}`;
}

export async function connectTestRedis(): Promise<Redis> {
  return connectRedis(REDIS_URL);
}

/** Deletes every key under `prefix` (ours only: never FLUSHALL). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const batch: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
    batch.push(...keys);
  }
  for (let i = 0; i < batch.length; i += 500) await redis.del(batch.slice(i, i + 500));
}

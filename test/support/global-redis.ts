import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRedis } from '../../src/store/redis.js';

/**
 * vitest's global setup: the tests need a real Redis. `REDIS_URL` if set; else 127.0.0.1:6379 if it
 * answers; else a `redis-server` from PATH is started for the run (data in a temporary folder,
 * removed afterwards) and every test file is pointed at it through REDIS_URL.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.REDIS_URL) return async () => {};
  const dir = mkdtempSync(join(tmpdir(), 'sanad-test-redis-'));
  const found = await resolveRedis(undefined, { dataDir: dir });
  process.env.REDIS_URL = found.url;
  if (found.source === 'spawned') process.stderr.write(`tests: no Redis on 127.0.0.1:6379, started redis-server at ${found.url}\n`);
  return async () => {
    await found.stop?.();
    rmSync(dir, { recursive: true, force: true });
  };
}

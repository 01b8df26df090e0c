import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisUnavailableError } from '../../src/errors.js';
import { resolveRedis } from '../../src/store/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'sanad-redis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 127.0.0.1:1 never answers, so these tests see a machine without a local Redis.
const nowhere = 'redis://127.0.0.1:1';

describe('finding Redis', () => {
  it('uses REDIS_URL when set', async () => {
    expect(await resolveRedis('redis://example:6390')).toEqual({ url: 'redis://example:6390', source: 'REDIS_URL' });
  });

  it('uses the local Redis (127.0.0.1:6379 by default) when it answers', async () => {
    // The test run's Redis stands for the local one (it is 127.0.0.1:6379 unless none was there).
    expect((await resolveRedis(undefined, { localUrl: process.env.REDIS_URL! })).source).toBe('local');
  });

  it('else starts redis-server with AOF under the data folder, and stops it', async () => {
    const found = await resolveRedis(undefined, { localUrl: nowhere, dataDir: join(dir, 'redis') });
    expect(found.source).toBe('spawned');
    const client = createClient({ url: found.url });
    await client.connect();
    expect(await client.configGet('appendonly')).toEqual({ appendonly: 'yes' });
    await client.set('k', 'v');
    await client.close();
    await found.stop!();
    expect(existsSync(join(dir, 'redis', 'appendonlydir'))).toBe(true);
  });

  it('else says how to install Redis or set REDIS_URL', async () => {
    const err = await resolveRedis(undefined, { localUrl: nowhere, dataDir: join(dir, 'r2'), binary: 'no-such-redis-server' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect((err as Error).message).toContain('REDIS_URL');
    expect((err as Error).message).toContain('apt-get install redis-server');
  });
});

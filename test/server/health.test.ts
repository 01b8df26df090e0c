import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { parseConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { buildServer } from '../../src/server/build.js';
import { connectRedis, type Redis } from '../../src/store/redis.js';
import { silentLog, useCore } from '../support/core.js';

let redis: Redis;
let core: Core;
useCore('health', (fixture) => ({ redis, core } = fixture));

describe('GET /healthz', () => {
  it('answers 200 when Redis answers', async () => {
    const app = await buildServer({ redis, log: silentLog });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok' } });
    await app.close();
  });

  it('answers 503 when Redis does not', async () => {
    const lonely = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const app = await buildServer({ redis: lonely, log: silentLog });
    lonely.destroy();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().status).toBe('unavailable');
    await app.close();
  });

  it('answers an unknown route and malformed JSON with a 4xx, not a crash', async () => {
    const app = await buildServer({ redis, log: silentLog });
    app.post('/echo', async (req) => req.body);
    const bad = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"oops' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBeTruthy();
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('configuration', () => {
  it('has defaults', () => {
    expect(parseConfig({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', REDIS_PREFIX: 'sanad', LOG_LEVEL: 'info' });
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      parseConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('REDIS_URL');
  });
});

import rateLimit, { type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Counters } from '../store/counters.js';

/**
 * A `@fastify/rate-limit` store on our Redis counters. The plugin's own Redis store expects an
 * ioredis client (`defineCommand`); Sanad's one client is node-redis, so this small store runs
 * the same fixed-window count through `Counters`: limits are shared by every process.
 */
export function countersStore(counters: Counters, route = ''): new () => FastifyRateLimitStore {
  return class CountersStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counters.hit(`http:${route}${key}`, timeWindow).then(
        (c) => callback(null, { current: c.current, ttl: c.ttlMs }),
        (err: Error) => callback(err),
      );
    }
    child(routeOptions: { method?: string | string[]; url?: string; routeInfo?: { method: string; url: string } }): FastifyRateLimitStore {
      const info = routeOptions.routeInfo ?? { method: String(routeOptions.method), url: String(routeOptions.url) };
      const Child = countersStore(counters, `${info.method}${info.url}:`);
      return new Child();
    }
  };
}

/** The answer to a refused request: 429 with Retry-After (the plugin sets it) and a stable code. */
export const tooMany: NonNullable<RateLimitOptions['errorResponseBuilder']> = (_req, ctx) => ({
  statusCode: 429,
  code: 'SANAD_ERR_RATE_LIMIT',
  error: 'Too Many Requests',
  message: `too many requests: at most ${ctx.max} per ${ctx.after}; try again in ${Math.ceil(ctx.ttl / 1000)} s`,
});

/**
 * Turns on per-route limits: a route opts in with `config: { rateLimit: { max, timeWindow, keyGenerator } }`.
 * Without a route config nothing is limited (`global: false`).
 */
export async function registerRateLimits(app: FastifyInstance, counters: Counters): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    store: countersStore(counters),
    // Redis down: answer rather than refuse (everything else fails loudly then anyway).
    skipOnError: true,
    errorResponseBuilder: tooMany,
  });
}

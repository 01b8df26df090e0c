import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { HealthChecks } from '../channels/ports.js';
import { SanadError } from '../errors.js';
import { Counters } from '../store/counters.js';
import type { Keys } from '../store/keys.js';
import { isRedisDown, pingWithin, type Redis } from '../store/redis.js';
import { registerRateLimits } from './rate-limit.js';

/** `/healthz` answers within this even when Redis hangs (a command has no timeout of its own). */
const HEALTH_PING_MS = 1_500;

export interface BuildOptions {
  redis: Redis;
  log: Logger;
  /** Extra health checks (channels add theirs): name → state; a check that throws makes /healthz 503. */
  health?: HealthChecks;
  /** Which proxies to believe about the client's address (`TRUST_PROXY`). */
  trustProxy?: boolean | number | string;
  /** Where the limits count (shared by every process). Unset, routes are not rate-limited (most tests). */
  limits?: { keys: Keys };
}

/**
 * The HTTP app, without listening: `bin/serve.ts` listens, tests call `inject()`.
 * Channels add their routes (web chat, webhooks) through `app.register`.
 */
export async function buildServer(o: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: o.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // A hop count is accepted at run time though the types leave it out.
    trustProxy: (o.trustProxy ?? false) as boolean | string,
  });
  if (o.limits) await registerRateLimits(app, new Counters(o.redis, o.limits.keys));
  const health = o.health ?? new Map();

  /** A check's state within the deadline; a check that throws or does not answer in time is down. */
  const within = async (check: () => unknown): Promise<{ ok: boolean; state: unknown }> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const state = await Promise.race([
        Promise.resolve().then(check),
        new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer within ${HEALTH_PING_MS} ms`)), HEALTH_PING_MS))),
      ]);
      return { ok: true, state };
    } catch (err) {
      return { ok: false, state: `down: ${(err as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  };

  app.get('/healthz', async (_req, reply) => {
    // All at once, each with the same deadline (a channel's counts wait on its queue's Redis
    // connection): /healthz answers within it even when Redis hangs.
    const names = ['redis', ...health.keys()];
    const results = await Promise.all([within(() => pingWithin(o.redis, HEALTH_PING_MS).then(() => 'ok')), ...[...health.values()].map((c) => within(c))]);
    const checks = Object.fromEntries(names.map((n, i) => [n, results[i]!.state]));
    const ok = results.every((r) => r.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });

  // Malformed input gets a 4xx with a clear body and a log line, never a crash or a stack trace.
  // A `SanadError` answers with its catalogue status (a 503 too, whose message says what to fix);
  // any other 5xx hides its message, which may say more than a client should know.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (isRedisDown(err)) {
      // Redis away: a clear 503 the client can retry, never a hang or an "internal error".
      req.log.warn({ err: err.message, url: req.url.split('?')[0] }, 'redis away: request refused');
      return void reply.code(503).header('retry-after', '2').send({ error: 'the service is briefly unavailable (storage reconnecting): try again in a few seconds', code: 'SANAD_ERR_REDIS_DOWN' });
    }
    const known = err instanceof SanadError && err.statusCode !== undefined;
    const status = known || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) ? err.statusCode! : 500;
    if (status >= 500 && !known) req.log.error({ err }, 'request failed');
    else req.log.warn({ code: err.code, message: err.message, url: req.url }, status >= 500 ? 'request refused' : 'bad request');
    const code = err.code ?? (status >= 500 ? 'SANAD_ERR_INTERNAL' : 'SANAD_ERR_REQUEST');
    void reply.code(status).send({ error: status >= 500 && !known ? 'internal error' : err.message, code });
  });
  return app;
}

import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import { createCore, type Core } from '../src/core.js';
import { ConfigError } from '../src/errors.js';
import { connectRedis, resolveRedis } from '../src/store/redis.js';

/** The core with its Redis found (or started) and connected: what every process entry point needs. */
export interface Booted {
  core: Core;
  /** Closes Redis, and stops the redis-server Sanad started, if it did. */
  close(): Promise<void>;
}

export async function boot(config: Readonly<Config>, log: Logger): Promise<Booted> {
  const where = await resolveRedis(config.REDIS_URL);
  log.info({ source: where.source, url: where.url.replace(/\/\/[^@]*@/, '//***@') }, 'redis');
  const redis = await connectRedis(where.url, log);
  const core = await createCore({
    redis,
    prefix: config.REDIS_PREFIX,
    flowsDir: config.FLOWS_DIR,
    log,
    conversationTtlHours: config.CONVERSATION_TTL_HOURS,
    missesRetentionDays: config.MISSES_RETENTION_DAYS,
    lockMs: config.CONVERSATION_LOCK_SECONDS * 1000,
    officeHours: config.OFFICE_HOURS,
    handoffRetentionDays: config.HANDOFF_RETENTION_DAYS,
    statusFailuresPerDay: config.LIMIT_STATUS_FAILURES_PER_DAY,
  });
  const days = core.ctx.profile.retention.conversationDays;
  if (config.CONVERSATION_TTL_HOURS > days * 24) {
    await redis.close();
    await where.stop?.();
    throw new ConfigError(`CONVERSATION_TTL_HOURS: ${config.CONVERSATION_TTL_HOURS} hours is longer than the ${days} days flows/association.yaml allows (retention.conversationDays)`);
  }
  return {
    core,
    close: async () => {
      await redis.close();
      await where.stop?.();
    },
  };
}

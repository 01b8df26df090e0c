import type { Redis } from '../../src/store/redis.js';
import { OwnRedis } from '../support/own-redis.js';
import { connectRedis } from '../../src/store/redis.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../support/redis.js';
import { runChaos, type ChaosFigures } from './harness.js';
import { telegramChaos } from './telegram.js';
import { webchatChaos } from './webchat.js';
import { whatsappChaos } from './whatsapp.js';

export const channels = { telegram: telegramChaos, webchat: webchatChaos, whatsapp: whatsappChaos };

/** One channel, the Sanad process killed `kills` times, on the shared Redis under a fresh prefix. */
export async function processKills(redis: Redis, name: keyof typeof channels, conversations: number, kills: number, seed = 9): Promise<ChaosFigures> {
  const prefix = uniquePrefix(`chaos-${name}`);
  try {
    return await runChaos(await channels[name]({ redisUrl: REDIS_URL, prefix }), { redis, prefix, conversations, kills, seed });
  } finally {
    await deleteKeys(redis, prefix);
  }
}

/** Telegram under load while its Redis (our own, AOF on) is killed with SIGKILL and started again on its data. */
export async function redisKills(conversations: number, kills: number, seed = 11): Promise<ChaosFigures> {
  const own = await new OwnRedis().start();
  const redis = await connectRedis(own.url);
  const prefix = uniquePrefix('chaos-redis');
  try {
    const figures = await runChaos(await telegramChaos({ redisUrl: own.url, prefix }), {
      redis,
      prefix,
      conversations,
      kills,
      seed,
      chaos: { kill: () => own.kill(), restart: async () => void (await own.start()) },
    });
    return { ...figures, channel: 'telegram, Redis killed' };
  } finally {
    await redis.close().catch(() => {});
    await own.stop();
  }
}

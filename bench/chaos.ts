/**
 * `npm run chaos`: per channel, 40 beneficiaries filling a support request while the Sanad
 * process is killed with SIGKILL at random moments (CHAOS_KILLS rounds, default 5), then Redis
 * itself killed under load and started again on its AOF. Prints messages sent / answered / lost /
 * doubled, turns queued twice and requests filed.
 */
import { connectTestRedis } from '../test/support/redis.js';
import { formatFigures } from '../test/chaos/harness.js';
import { channels, processKills, redisKills } from '../test/chaos/runs.js';

const conversations = Number(process.env.CHAOS_CONVERSATIONS ?? 40);
const kills = Number(process.env.CHAOS_KILLS ?? 5);
const redis = await connectTestRedis();
console.log(`chaos: ${conversations} conversations per channel, a whole support request each (14 messages)`);
try {
  for (const name of Object.keys(channels) as (keyof typeof channels)[]) {
    console.log(formatFigures(await processKills(redis, name, conversations, kills)));
  }
  const limit = Number(process.env.CHAOS_REDIS_LIMIT_SECONDS ?? 150) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const run = redisKills(conversations, Math.min(kills, 2));
  const result = await Promise.race([run, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), limit)))]);
  clearTimeout(timer);
  console.log(result ? formatFigures(result) : `  telegram, Redis killed: did not finish within ${limit / 1000} s (see the README, Operations)`);
} finally {
  await redis.close();
}
process.exit(0);

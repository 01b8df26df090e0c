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
  console.log(formatFigures(await redisKills(conversations, Math.min(kills, 3))));
} finally {
  await redis.close();
}
process.exit(0);

/**
 * `npm run -s misses`: the messages the bot did not understand well enough, newest first, one
 * line each: time (UTC), channel, reason, masked text, id (tab-separated).
 * `npm run -s misses -- assign <id> <topic>`: adds that message as an example of `<topic>` (or
 * `out-of-scope`) to `$FLOWS_DIR/knowledge/learned.yaml` and removes the miss; every running bot
 * (sharing that FLOWS_DIR) is told on Redis to retrain, and answers with it at once.
 */
import { join } from 'node:path';
import { parseConfig } from '../src/config.js';
import { assignMiss } from '../src/knowledge/learned.js';
import { MissStore, type Miss } from '../src/knowledge/misses.js';
import { announceLearned } from '../src/knowledge/sync.js';
import { Keys } from '../src/store/keys.js';
import { connectRedis, resolveRedis } from '../src/store/redis.js';
import { run } from './run.js';

const USAGE = 'usage: npm run -s misses                         list the misses\n       npm run -s misses -- assign <id> <topic>    add one to a topic as an example\n';

export function missLine(m: Miss): string {
  const time = new Date(m.at).toISOString().slice(0, 16).replace('T', ' ');
  return [time, m.channel, m.reason, m.text.replace(/\s+/g, ' '), m.id].join('\t');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && !(command === 'assign' && rest.length === 2) && command !== 'list') {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = parseConfig();
  const where = await resolveRedis(config.REDIS_URL);
  const redis = await connectRedis(where.url);
  try {
    const keys = new Keys(config.REDIS_PREFIX);
    const store = new MissStore(redis, keys, config.MISSES_RETENTION_DAYS);
    if (command === 'assign') {
      const [id, topic] = rest as [string, string];
      const { file } = await assignMiss(store, join(config.FLOWS_DIR, 'knowledge'), id, topic);
      const told = await announceLearned(redis, keys);
      process.stdout.write(`${id} → ${topic}: added to ${file}; ${told ? `${told} running bot process(es) told to retrain` : 'no running bot heard it (one learns it at its next start)'}\n`);
      return 0;
    }
    const misses = await store.list();
    if (!misses.length) process.stderr.write(`no misses in the last ${config.MISSES_RETENTION_DAYS} days\n`);
    process.stdout.write(misses.map((m) => `${missLine(m)}\n`).join(''));
    return 0;
  } finally {
    await redis.close();
    await where.stop?.();
  }
}

run(async () => {
  process.exitCode = await main(process.argv.slice(2));
});

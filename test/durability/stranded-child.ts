/**
 * A Sanad process that queues one message and dies (SIGKILL) while handling it, before its
 * commit: the message is left in the inbox, marked queued, with the lock held by a dead
 * process. Run by stranded.test.ts.
 */
import { createCore } from '../../src/core.js';
import { connectRedis } from '../../src/store/redis.js';
import { silentLog } from '../support/core.js';

const [redisUrl, prefix, address, messageId] = process.argv.slice(2) as [string, string, string, string];
const redis = await connectRedis(redisUrl);
const core = await createCore({ redis, prefix, flowsDir: 'flows', log: silentLog, conversationTtlHours: 24, lockMs: 1_000 });
core.outbound.register('test', async () => {
  process.stdout.write('handling\n');
  process.kill(process.pid, 'SIGKILL');
  await new Promise(() => {});
});
await core.runner.handle({ ref: { channel: 'test', address }, messageId, text: 'السلام عليكم' });

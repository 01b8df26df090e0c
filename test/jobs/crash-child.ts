/**
 * A Sanad process that dies (SIGKILL, no clean-up) at a chosen moment of sending a reply:
 * `enqueued` right after the reply was queued (before the conversation's commit), `delivering`
 * while the platform call is in flight. Run by outbound-crash.test.ts.
 */
import { createCore } from '../../src/core.js';
import { startOutbound } from '../../src/jobs/outbound.js';
import { connectRedis } from '../../src/store/redis.js';
import { silentLog } from '../support/core.js';

const [redisUrl, prefix, when, address] = process.argv.slice(2) as [string, string, 'enqueued' | 'delivering', string];
const redis = await connectRedis(redisUrl);
const core = await createCore({ redis, prefix, flowsDir: 'flows', log: silentLog, conversationTtlHours: 24 });
const out = await startOutbound({
  channel: 'test',
  ports: { store: { redis, keys: core.keys }, outbound: core.outbound },
  log: silentLog,
  conversationTtlHours: 24,
  worker: { lockMs: 1000 },
  deliver: async () => {
    process.stdout.write('delivering\n');
    if (when === 'delivering') process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  },
});
if (when === 'enqueued') {
  await out.worker.worker.close(); // this process only queues
  core.outbound.register('test', async (ref, messages, key) => {
    await out.queue.enqueue(ref, messages, key);
    process.stdout.write(`${JSON.stringify({ key, messages })}\n`);
    process.kill(process.pid, 'SIGKILL');
  });
}
await core.runner.handle({ ref: { channel: 'test', address }, messageId: `crash-${address}`, text: 'السلام عليكم' });

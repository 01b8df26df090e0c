/**
 * The engine against the real Redis: N concurrent scripted conversations (the whole support
 * request, greeting to reference number), next to the raw Redis ceiling measured in the same
 * run (one GET + one SET per message, the least any stateful bot must do).
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createCore } from '../src/core.js';
import { connectRedis, type Redis } from '../src/store/redis.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';
import { figures, line, type Figures } from './stats.js';

const SCRIPT = [
  'السلام عليكم', '2', 'نعم', 'محمد عبدالله السالم', '1000000008', '0512345678', '1', '5', '3000', '3',
  'نحتاج سداد إيجار شهرين متأخرة', 'تخطي', '1', 'نعم', 'شكرا',
];

async function ceiling(redis: Redis, prefix: string, conversations: number): Promise<Figures> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      const key = `${prefix}:ceiling:${c}`;
      for (const text of SCRIPT) {
        const t0 = performance.now();
        const state = await redis.get(key);
        await redis.set(key, JSON.stringify({ last: text, n: (state?.length ?? 0) + 1, pad: 'x'.repeat(600) }));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return figures(latencies, (performance.now() - start) / 1000);
}

async function engine(redis: Redis, prefix: string, conversations: number): Promise<Figures> {
  const core = await createCore({ redis, prefix, flowsDir: 'flows', log: pino({ level: 'silent' }), conversationTtlHours: 1 });
  let replies = 0;
  core.outbound.register('test', async (_ref, messages) => {
    replies += messages.length;
  });
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      for (const [i, text] of SCRIPT.entries()) {
        const t0 = performance.now();
        await core.runner.handle({ ref: { channel: 'test', address: `bench-${c}` }, messageId: `${c}-${i}`, text });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const f = figures(latencies, (performance.now() - start) / 1000);
  const submitted = (await core.requests.listByStatus('submitted', conversations + 1)).length;
  if (submitted !== conversations || replies < conversations * SCRIPT.length) {
    throw new Error(`engine benchmark went wrong: ${submitted} requests filed for ${conversations} conversations`);
  }
  return f;
}

export async function benchEngine(): Promise<void> {
  const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 500);
  const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = uniquePrefix('bench');
  try {
    console.log(`\nengine: ${conversations} concurrent conversations × ${SCRIPT.length} messages (a whole support request each), real Redis`);
    // Warm-up: JIT, script cache, connection.
    await engine(redis, `${prefix}:warm`, 20);
    await ceiling(redis, `${prefix}:warm`, 20);
    // Alternate the two, three rounds each, and keep each one's median round: one short run on a
    // shared machine says little.
    const raws: Figures[] = [];
    const engs: Figures[] = [];
    for (let round = 0; round < 3; round++) {
      raws.push(await ceiling(redis, `${prefix}:c${round}`, conversations));
      engs.push(await engine(redis, `${prefix}:e${round}`, conversations));
    }
    const median = (list: Figures[]) => [...list].sort((a, b) => a.perSecond - b.perSecond)[1]!;
    const raw = median(raws);
    const eng = median(engs);
    console.log(line('redis ceiling (GET + SET / msg)', raw));
    console.log(line('engine (Runner.handle)', eng));
    const ratio = eng.perSecond / raw.perSecond;
    console.log(`  engine / ceiling                    ${(ratio * 100).toFixed(0)}%   (target >= 50% at 500 conversations; median of 3 rounds each)`);
  } finally {
    await deleteKeys(redis, prefix);
    await redis.close();
  }
}

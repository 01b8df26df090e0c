/**
 * Outbound delivery on the real Redis and a real BullMQ worker, with an instant platform: what
 * queueing a turn costs the engine's hot path (the runner waits for it), and how fast turns flow
 * from "engine decided" to "platform accepted" with per-conversation order kept.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createCore } from '../src/core.js';
import { startOutbound } from '../src/jobs/outbound.js';
import type { OutboundMessage } from '../src/messages/model.js';
import { connectRedis } from '../src/store/redis.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';
import { figures, line } from './stats.js';

const TURN: OutboundMessage[] = [
  { text: 'أهلاً وسهلاً بك في جمعية سند الخيرية', locale: 'ar' },
  { text: 'كيف يمكنني خدمتك اليوم؟', locale: 'ar', choices: [{ id: 'a', label: 'الاستفسارات' }, { id: 'b', label: 'تقديم طلب دعم' }] },
];

export async function benchOutbound(): Promise<void> {
  const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 500);
  const turns = 4;
  const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = uniquePrefix('bench-out');
  const log = pino({ level: 'silent' });
  try {
    const core = await createCore({ redis, prefix, flowsDir: 'flows', log, conversationTtlHours: 24 });
    const enqueuedAt = new Map<string, number>();
    const delivered: number[] = [];
    const lastTurn = new Map<string, number>();
    let outOfOrder = 0;
    let allDone: () => void = () => {};
    const done = new Promise<void>((r) => (allDone = r));
    const expected = conversations * turns * TURN.length;
    let count = 0;
    const out = await startOutbound({
      channel: 'test',
      ports: { store: { redis, keys: core.keys }, outbound: core.outbound },
      log,
      conversationTtlHours: 24,
      worker: { concurrency: 16 },
      deliver: async (ref, message) => {
        const turn = Number(/^\[(\d+)\]/.exec(message.text)![1]);
        const prev = lastTurn.get(ref.address) ?? -1;
        if (turn < prev) outOfOrder++;
        lastTurn.set(ref.address, turn);
        if (message.choices) delivered.push(performance.now() - enqueuedAt.get(`${ref.address}:${turn}`)!);
        if (++count === expected) allDone();
      },
    });
    console.log(`\noutbound: ${conversations} conversations × ${turns} turns × ${TURN.length} messages, BullMQ worker (concurrency 16), instant platform`);
    const latencies: number[] = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: conversations }, async (_, c) => {
        for (let t = 0; t < turns; t++) {
          const ref = { channel: 'test' as const, address: `b${c}` };
          const t0 = performance.now();
          enqueuedAt.set(`b${c}:${t}`, t0);
          await core.outbound.send(ref, TURN.map((m) => ({ ...m, text: `[${t}] ${m.text}` })), `test:b${c}:${t + 1}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const queued = figures(latencies, (performance.now() - start) / 1000);
    await done;
    const all = (performance.now() - start) / 1000;
    console.log(line('queue a turn (runner waits)', queued, 'turns/s'));
    console.log(line('decided → accepted (whole turn)', { ...figures(delivered, all), perSecond: (conversations * turns) / all }, 'turns/s'));
    console.log(`  order kept per conversation          ${outOfOrder === 0 ? 'yes' : `NO (${outOfOrder} out of order)`}; delivered ${count}/${expected} messages once`);
    await out.stop();
  } finally {
    await deleteKeys(redis, prefix);
    await redis.close();
  }
}

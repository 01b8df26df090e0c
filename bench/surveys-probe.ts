/**
 * Where a survey send's CPU goes, beside a plain BullMQ no-op job: `npm run bench surveys` gives
 * the rates; this splits the cost. BullMQ's queue can live on a Redis of its own (BULL_URL), so
 * each server's CPU is BullMQ's work and ours apart, with the commands and socket reads per job
 * (how well they batch), and Node's CPU with its GC. PROBE_SLOWLOG=1 adds each script's time
 * (by SHA, named: ours and BullMQ's) from the slow log at threshold 0, which inflates every time
 * it shows; PROBE_PROFILE=<path> writes a CPU profile of each timed phase. It changes the servers'
 * settings (slow log, stats reset), so it runs only against Redis servers of your own, ports 639x:
 *   redis-server --port 6390 --save '' & redis-server --port 6391 --save '' &
 *   REDIS_URL=redis://127.0.0.1:6390 BULL_URL=redis://127.0.0.1:6391 npx tsx bench/surveys-probe.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as inspector from 'node:inspector/promises';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import * as bullScripts from 'bullmq/dist/esm/scripts/index.js';
import pino from 'pino';
import { createCore } from '../src/core.js';
import { SURVEY_FLOW } from '../src/engine/flow-set.js';
import { Surveys } from '../src/jobs/surveys.js';
import * as conversationScripts from '../src/store/conversation-scripts.js';
import { connectRedis, type Redis } from '../src/store/redis.js';
import { LuaScript } from '../src/store/script.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';
import { benchSettings, counter, infoField, redisCpu } from './surveys.js';

const own = (url: string | undefined) => !!url && /:639\d\b/.test(url);
const url = process.env.REDIS_URL;
if (!own(url) || (process.env.BULL_URL && !own(process.env.BULL_URL))) throw new Error('surveys-probe: Redis servers of your own only (ports 639x), see the header');
const n = Number(process.env.BENCH_SURVEYS ?? 30_000);
const CONCURRENCY = 32;

const redis = await connectRedis(url!);
const bullRedis = process.env.BULL_URL ? await connectRedis(process.env.BULL_URL) : redis;
redis.setMaxListeners(0);
bullRedis.setMaxListeners(0);
const servers = bullRedis === redis ? [redis] : [redis, bullRedis];

/** Script SHA → name: BullMQ's (as its node-redis client hashes them) and the runner's. */
const names = new Map<string, string>();
for (const s of Object.values(bullScripts) as { name?: string; content?: string }[]) if (s?.content && s.name) names.set(createHash('sha1').update(s.content).digest('hex'), `bull:${s.name}`);
for (const [k, v] of Object.entries(conversationScripts)) if (v instanceof LuaScript) names.set(v.sha, k);


/** Runs `run` (it handles `jobs` jobs) and prints what each side spent per job. */
async function probe(label: string, jobs: number, run: () => Promise<void>): Promise<void> {
  const slow = !!process.env.PROBE_SLOWLOG;
  for (const r of servers) {
    if (slow) await r.configSet({ 'slowlog-log-slower-than': '0', 'slowlog-max-len': '2000000' });
    await r.sendCommand(['SLOWLOG', 'RESET']);
    await r.configResetStat();
  }
  const session = process.env.PROBE_PROFILE ? new inspector.Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMs += e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  const redisAt = await Promise.all(servers.map(redisCpu));
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  const node = process.cpuUsage(cpu);
  const redisUs = (await Promise.all(servers.map(redisCpu))).map((c, i) => (c - redisAt[i]!) / jobs);
  gc.disconnect();
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${process.env.PROBE_PROFILE}-${label.split(' ')[0]}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
  const us = (x: number) => (x / jobs).toFixed(1);
  console.log(`\n${label}: ${jobs} jobs in ${seconds.toFixed(2)} s; Node ${us(node.user + node.system)} µs/job (system ${us(node.system)}, GC ${us(gcMs * 1000)} wall)`);
  for (const [i, r] of servers.entries()) {
    const stats = await r.info('stats');
    const name = servers.length === 1 ? 'Redis' : i === 0 ? 'Redis (ours)' : "Redis (BullMQ's)";
    console.log(`  ${name}: ${redisUs[i]!.toFixed(1)} µs/job; per job ${us(infoField(stats, 'total_commands_processed'))} commands (inside scripts too), ${(infoField(stats, 'total_reads_processed') / jobs).toFixed(2)} socket reads, ${us(infoField(stats, 'total_net_input_bytes'))} bytes in`);
    if (!slow) continue;
    const entries = (await r.sendCommand(['SLOWLOG', 'GET', '2000000'])) as [number, number, number, string[]][];
    await r.configSet({ 'slowlog-log-slower-than': '10000' });
    const by = new Map<string, { calls: number; us: number }>();
    for (const [, , t, args] of entries) {
      const cmd = String(args[0]).toLowerCase();
      if (cmd !== 'evalsha') continue; // the commands inside scripts are logged too: their time is in the script's
      const key = names.get(String(args[1])) ?? `sha:${String(args[1]).slice(0, 8)}`;
      const e = by.get(key) ?? { calls: 0, us: 0 };
      e.calls++;
      e.us += t;
      by.set(key, e);
    }
    for (const [k, e] of [...by].sort((a, b) => b[1].us - a[1].us)) console.log(`    ${k.padEnd(28)} ${(e.calls / jobs).toFixed(2)} calls/job ${us(e.us).padStart(6)} µs/job (slow log)`);
  }
}

const prefix = uniquePrefix('surveys-probe');
try {
  const log = pino({ level: 'silent' });
  const core = await createCore({ redis, prefix, flowsDir: 'flows', log, conversationTtlHours: 24 });
  let tick = () => {};
  core.outbound.register('test', async (_ref, messages) => void (messages.some((m) => m.choices?.length === 6) && tick()));
  const settings = benchSettings();
  const options = { redis: bullRedis, keys: core.keys, surveys: core.surveys, conversations: core.runner, settings, log, hasSurveyFlow: core.ctx.flows.has(SURVEY_FLOW) };
  const scheduler = new Surveys({ ...options, worker: false });
  const bull = { connection: bullRedis, prefix: core.keys.bullPrefix() };
  /** `add(from..from+count-1)`, a thousand at a time (node-redis bounds its queue). */
  const addAll = async (from: number, count: number, add: (i: number) => Promise<unknown>) => {
    for (let k = 0; k < count; k += 1000) await Promise.all(Array.from({ length: Math.min(1000, count - k) }, (_, j) => add(from + k + j)));
  };
  const ticks = (count: number) => {
    const all = counter(count);
    tick = all.tick;
    return all.done;
  };
  const surveys = async (from: number, count: number, timed: boolean) => {
    const now = Date.now();
    await addAll(from, count, (i) => scheduler.schedule({ id: `chat-b${i}`, service: 'chat', ref: { channel: 'test', address: `b${i}` }, locale: 'ar', officer: null, link: 'x', completedAt: now }));
    const run = async () => {
      const done = ticks(count);
      const worker = new Surveys({ ...options, concurrency: CONCURRENCY });
      await done;
      await worker.close();
    };
    await (timed ? probe('send a survey (runner, channel)', count, run) : run());
  };
  const plain = async (from: number, count: number, timed: boolean) => {
    const queue = new Queue('bench-noop', { ...bull, defaultJobOptions: { removeOnComplete: true } });
    await addAll(from, count, (i) => queue.add('noop', { i }, { jobId: `noop-${i}` }));
    const run = async () => {
      const done = ticks(count);
      const worker = new Worker('bench-noop', async () => tick(), { ...bull, concurrency: CONCURRENCY, removeOnComplete: { count: 0 } });
      await done;
      await worker.close();
    };
    await (timed ? probe('plain BullMQ process (no-op)', count, run) : run());
    await queue.close();
  };
  // Warm first (untimed), as the bench does.
  await plain(n, 2000, false);
  await surveys(n, 2000, false);
  await plain(0, n, true);
  await surveys(0, n, true);
  await scheduler.close();
} finally {
  for (const r of servers) await deleteKeys(r, prefix);
  if (bullRedis !== redis) await bullRedis.close();
  await redis.close();
}

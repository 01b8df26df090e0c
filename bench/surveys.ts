/**
 * Surveys on the real Redis and real BullMQ workers: schedule N survey jobs (the service's
 * survey created once, its job added) and process them (each goes into its conversation through
 * the runner, reaches a fake channel, and is marked sent with its follow-up due), beside plain
 * BullMQ adding and processing N no-op jobs in the same run, with the same concurrency. Both
 * first run BENCH_WARMUP jobs of their own, untimed (a server runs warm), then take turns in
 * BENCH_ROUNDS rounds (so a load that comes and goes on the machine falls on both alike). The
 * CPU per job of Node and of the Redis server is printed beside each rate: it is what bounds
 * the rates once the two cores are busy. At the end, every beneficiary must have had his survey
 * question exactly once.
 */
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { createCore, type Core } from '../src/core.js';
import { QuietHours } from '../src/domain/quiet-hours.js';
import { SURVEY_FLOW } from '../src/engine/flow-set.js';
import { Surveys, type SurveySettings } from '../src/jobs/surveys.js';
import { connectRedis, type Redis } from '../src/store/redis.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';

const ADDERS = 64;
const CONCURRENCY = 32;

interface Timed {
  seconds: number;
  /** Node CPU (user + system), µs. */
  nodeUs: number;
  /** The Redis server's CPU, µs (every client's: on a shared server, others' too). */
  redisUs: number;
}
type Round = { add: Timed; process: Timed };

const plus = (a: Timed, b: Timed): Timed => ({ seconds: a.seconds + b.seconds, nodeUs: a.nodeUs + b.nodeUs, redisUs: a.redisUs + b.redisUs });
const ZERO: Round = { add: { seconds: 0, nodeUs: 0, redisUs: 0 }, process: { seconds: 0, nodeUs: 0, redisUs: 0 } };

/** A numeric field of an `INFO` reply. */
export function infoField(info: string, name: string): number {
  return Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
}

/** The Redis server's CPU so far (user + system), µs. */
export async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return (infoField(info, 'used_cpu_user') + infoField(info, 'used_cpu_sys')) * 1e6;
}

/** Starts timing; the returned function stops it. */
async function meter(redis: Redis): Promise<() => Promise<Timed>> {
  const redisAt = await redisCpu(redis);
  const start = performance.now();
  const cpu = process.cpuUsage();
  return async () => {
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    return { seconds, nodeUs: used.user + used.system, redisUs: (await redisCpu(redis)) - redisAt };
  };
}

/** Runs `run(from..from+n-1)` with ADDERS at once. */
async function inParallel(redis: Redis, from: number, n: number, run: (i: number) => Promise<unknown>): Promise<Timed> {
  const stop = await meter(redis);
  let next = from;
  await Promise.all(Array.from({ length: ADDERS }, async () => {
    while (next < from + n) await run(next++);
  }));
  return stop();
}

/** Surveys sent at once (no delay, no quiet hours, no bot surveys), their follow-ups far off. */
export function benchSettings(): SurveySettings {
  return { delayMs: 0, quiet: QuietHours.parse('off'), reminderMs: 24 * 3600_000, expiryMs: 7 * 24 * 3600_000, retryMs: 60_000, botSample: 0, botOutcomes: new Set<string>() };
}

/** `done` resolves on the `n`th `tick()`. */
export function counter(n: number): { tick: () => void; done: Promise<void> } {
  let seen = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  return { tick: () => void (++seen === n && finish()), done };
}

/** Plain BullMQ: `n` no-op jobs added (from `from`), then processed by a worker started afterwards. */
async function plainRound(core: Core, redis: Redis, from: number, n: number): Promise<Round> {
  const bull = { connection: redis, prefix: core.keys.bullPrefix() };
  const queue = new Queue('bench-noop', { ...bull, defaultJobOptions: { removeOnComplete: true } });
  const add = await inParallel(redis, from, n, (i) => queue.add('noop', { i }, { jobId: `noop-${i}` }));
  const all = counter(n);
  const stop = await meter(redis);
  const worker = new Worker('bench-noop', async () => all.tick(), { ...bull, concurrency: CONCURRENCY, removeOnComplete: { count: 0 } });
  await all.done;
  const processed = await stop();
  await worker.close();
  await queue.close();
  return { add, process: processed };
}

const rate = (n: number, t: Timed) =>
  `${(n / t.seconds).toFixed(0).padStart(7)} jobs/s  (${n} in ${t.seconds.toFixed(2)} s; CPU per job: Node ${(t.nodeUs / n).toFixed(0)} µs, Redis ${(t.redisUs / n).toFixed(0)} µs)`;

export async function benchSurveys(): Promise<void> {
  const n = Number(process.env.BENCH_SURVEYS ?? 100_000);
  const warm = Number(process.env.BENCH_WARMUP ?? 2_000);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
  const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  // Each round's BullMQ queue and workers leave their listeners on this client (as BullMQ does).
  redis.setMaxListeners(0);
  const prefix = uniquePrefix('bench-surveys');
  const log = pino({ level: 'silent' });
  try {
    const core = await createCore({ redis, prefix, flowsDir: 'flows', log, conversationTtlHours: 24 });
    console.log(`\nsurveys: ${n} jobs in ${rounds} rounds each (after ${warm} untimed), BullMQ worker concurrency ${CONCURRENCY}, ${ADDERS} adders, fake channel`);

    // The fake channel counts survey questions per beneficiary: each must get exactly one.
    const asked = new Map<string, number>();
    let tick = () => {};
    core.outbound.register('test', async (ref, messages) => {
      if (!messages.some((m) => m.choices?.length === 6)) return;
      asked.set(ref.address, (asked.get(ref.address) ?? 0) + 1);
      tick();
    });
    const settings = benchSettings();
    const options = { redis, keys: core.keys, surveys: core.surveys, conversations: core.runner, settings, log, hasSurveyFlow: core.ctx.flows.has(SURVEY_FLOW) };
    const scheduler = new Surveys({ ...options, worker: false });
    /** Surveys: `count` scheduled (from `from`, no worker yet), then sent into their conversations by a worker started afterwards. */
    const surveysRound = async (from: number, count: number): Promise<Round> => {
      const now = Date.now();
      const add = await inParallel(redis, from, count, (i) =>
        scheduler.schedule({ id: `chat-b${i}`, service: 'chat', ref: { channel: 'test', address: `b${i}` }, locale: 'ar', officer: null, link: `b${i}`, completedAt: now }),
      );
      const all = counter(count);
      tick = all.tick;
      const stop = await meter(redis);
      const worker = new Surveys({ ...options, concurrency: CONCURRENCY });
      await all.done;
      const processed = await stop();
      await worker.close();
      return { add, process: processed };
    };

    if (warm) {
      await plainRound(core, redis, n, warm);
      await surveysRound(n, warm);
    }
    // Plain and surveys take turns, a round each at a time, so both see the machine's load alike.
    let plain = ZERO;
    let surveys = ZERO;
    for (let from = 0, per = Math.ceil(n / rounds); from < n; from += per) {
      const k = Math.min(per, n - from);
      const p = await plainRound(core, redis, from, k);
      const s = await surveysRound(from, k);
      plain = { add: plus(plain.add, p.add), process: plus(plain.process, p.process) };
      surveys = { add: plus(surveys.add, s.add), process: plus(surveys.process, s.process) };
    }
    await scheduler.close();

    let once = 0;
    for (let i = 0; i < n; i++) if (asked.get(`b${i}`) === 1) once++;
    const sent = await redis.zCount(core.keys.surveysSent(), '-inf', '+inf');
    const followUps = await redis.zCard(core.keys.surveyFollowUps());
    const pct = (a: Timed, b: Timed) => ((a.seconds / b.seconds) * 100).toFixed(0);
    console.log(`  plain BullMQ add (no-op)           ${rate(n, plain.add)}`);
    console.log(`  schedule a survey                  ${rate(n, surveys.add)}   ${pct(plain.add, surveys.add)}% of plain add`);
    console.log(`  plain BullMQ process (no-op)       ${rate(n, plain.process)}`);
    console.log(`  send a survey (runner, channel)    ${rate(n, surveys.process)}   ${pct(plain.process, surveys.process)}% of plain process`);
    const e2e = ((plain.add.seconds + plain.process.seconds) / (surveys.add.seconds + surveys.process.seconds)) * 100;
    console.log(`  end to end                         ${e2e.toFixed(0)}% of plain BullMQ (target >= 70%)`);
    console.log(`  ${once}/${n} beneficiaries got their survey exactly once; ${sent} marked sent, ${followUps} reminders due (warm-up included)`);
  } finally {
    await deleteKeys(redis, prefix);
    await redis.close();
  }
}

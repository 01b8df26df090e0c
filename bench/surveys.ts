/**
 * Surveys on the real Redis and real BullMQ workers: schedule N survey jobs (the service's
 * survey created once, its job added) and process them (each goes into its conversation through
 * the runner, reaches a fake channel, is marked sent with its follow-up job), beside plain
 * BullMQ adding and processing N no-op jobs in the same run, with the same concurrency.
 */
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { createCore } from '../src/core.js';
import { QuietHours } from '../src/domain/quiet-hours.js';
import { SURVEY_FLOW } from '../src/engine/flow-set.js';
import { Surveys } from '../src/jobs/surveys.js';
import { connectRedis } from '../src/store/redis.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';

const ADDERS = 64;
const CONCURRENCY = 32;

async function inParallel(n: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: ADDERS }, async () => {
    while (next < n) await run(next++);
  }));
  return (performance.now() - start) / 1000;
}

const rate = (n: number, s: number) => `${(n / s).toFixed(0).padStart(7)} jobs/s  (${n} in ${s.toFixed(2)} s)`;

export async function benchSurveys(): Promise<void> {
  const n = Number(process.env.BENCH_SURVEYS ?? 100_000);
  const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = uniquePrefix('bench-surveys');
  const log = pino({ level: 'silent' });
  try {
    const core = await createCore({ redis, prefix, flowsDir: 'flows', log, conversationTtlHours: 24 });
    console.log(`\nsurveys: ${n} jobs, BullMQ worker concurrency ${CONCURRENCY}, ${ADDERS} adders, fake channel`);

    // Plain BullMQ: no-op jobs, added, then processed.
    const plain = new Queue('bench-noop', { connection: redis, prefix: core.keys.bullPrefix(), defaultJobOptions: { removeOnComplete: true } });
    const plainAdd = await inParallel(n, (i) => plain.add('noop', { i }, { jobId: `noop-${i}` }));
    let plainDone = 0;
    let plainFinished: () => void = () => {};
    const plainAll = new Promise<void>((r) => (plainFinished = r));
    const t0 = performance.now();
    const plainWorker = new Worker('bench-noop', async () => {
      if (++plainDone === n) plainFinished();
    }, { connection: redis, prefix: core.keys.bullPrefix(), concurrency: CONCURRENCY, removeOnComplete: { count: 0 } });
    await plainAll;
    const plainProcess = (performance.now() - t0) / 1000;
    await plainWorker.close();
    await plain.close();

    // Surveys: scheduled (no worker yet), then processed into conversations.
    let sent = 0;
    let surveysFinished: () => void = () => {};
    const surveysAll = new Promise<void>((r) => (surveysFinished = r));
    core.outbound.register('test', async (_ref, messages) => {
      if (messages.some((m) => m.choices?.length === 6) && ++sent === n) surveysFinished();
    });
    const settings = { delayMs: 0, quiet: QuietHours.parse('off'), reminderMs: 24 * 3600_000, expiryMs: 7 * 24 * 3600_000, retryMs: 60_000, botSample: 0, botOutcomes: new Set<string>() };
    const scheduler = new Surveys({ redis, keys: core.keys, surveys: core.surveys, conversations: core.runner, settings, log, hasSurveyFlow: core.ctx.flows.has(SURVEY_FLOW), worker: false });
    const now = Date.now();
    const schedule = await inParallel(n, (i) =>
      scheduler.schedule({ id: `chat-b${i}`, service: 'chat', ref: { channel: 'test', address: `b${i}` }, locale: 'ar', officer: null, link: `b${i}`, completedAt: now }),
    );
    const t1 = performance.now();
    const worker = new Surveys({ redis, keys: core.keys, surveys: core.surveys, conversations: core.runner, settings, log, hasSurveyFlow: true, concurrency: CONCURRENCY });
    await surveysAll;
    const process = (performance.now() - t1) / 1000;
    await worker.close();
    await scheduler.close();
    const indexed = await redis.zCard(core.keys.surveysSent());

    console.log(`  plain BullMQ add (no-op)           ${rate(n, plainAdd)}`);
    console.log(`  schedule a survey                  ${rate(n, schedule)}   ${((plainAdd / schedule) * 100).toFixed(0)}% of plain add`);
    console.log(`  plain BullMQ process (no-op)       ${rate(n, plainProcess)}`);
    console.log(`  send a survey (runner, channel)    ${rate(n, process)}   ${((plainProcess / process) * 100).toFixed(0)}% of plain process`);
    console.log(`  end to end                         ${((plainAdd + plainProcess) / (schedule + process) * 100).toFixed(0)}% of plain BullMQ (target >= 70%); ${sent}/${n} surveys reached the channel, ${indexed} marked sent`);
  } finally {
    await deleteKeys(redis, prefix);
    await redis.close();
  }
}

/**
 * The server side of `npm run bench handoff`, in a process of its own as in production: the
 * core, the web chat and the console on one Fastify app. The bench process holds the clients
 * (100 visitors' WebSockets, the officer's HTTP calls), so their work is not counted into the
 * server's latency. Talks to the bench over the IPC channel: it sends `{url}` once listening,
 * and answers `cpu` (its CPU time in ms, its main thread's, its garbage collection pauses),
 * `profile` (a CPU profile: started, then written to `file`), `waiting` (opens that many
 * waiting chats), `open` (one new chat, for the consoles' live feed) and `stop`.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import pino from 'pino';
import { startWebchat } from '../adapters/webchat/plugin.js';
import { startConsole } from '../src/console/plugin.js';
import { channelPorts, createCore } from '../src/core.js';
import { parseConfig } from '../src/config.js';
import { buildServer } from '../src/server/build.js';
import { connectRedis } from '../src/store/redis.js';

export type ServerRequest = { cmd: 'cpu' } | { cmd: 'profile'; file?: string } | { cmd: 'waiting'; count: number } | { cmd: 'open'; address: string } | { cmd: 'stop' };
export type ServerReply = { url: string } | { cpu: number; gc: number; main?: number } | { done: true };

const send = (m: ServerReply) => process.send!(m);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.BENCH_PREFIX!;
const redis = await connectRedis(redisUrl);
const log = pino({ level: 'silent' });
const config = parseConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', ADMIN_EMAIL: process.env.BENCH_ADMIN_EMAIL, ADMIN_PASSWORD: process.env.BENCH_ADMIN_PASSWORD, OFFICE_HOURS: 'always' });
const core = await createCore({ redis, prefix, flowsDir: 'flows', log, conversationTtlHours: 1, officeHours: 'always' });
const health = new Map<string, () => unknown>();
const app = await buildServer({ redis, log, health });
const webchat = await startWebchat(channelPorts(core, { http: app, config, log, health }));
const officers = await startConsole(app, { redis, keys: core.keys, officers: core.officers, handoffs: core.handoffs, conversations: core.runner, config, log, sweepMs: 3_600_000 });
await app.listen({ port: 0, host: '127.0.0.1' });
send({ url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` });

let profiler: Session | undefined;
/**
 * The main thread's CPU time so far, ms (Linux: its schedstat, in ns): the part of the process's
 * CPU that requests wait on, without V8's background compiling and marking.
 */
function mainThreadMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}
/** Time spent in garbage collection pauses so far, ms. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

process.on('message', (m: ServerRequest) => {
  void (async () => {
    // BENCH_PROFILE: a CPU profile of the server over the officers' bursts (started without a file, written with one).
    if (m.cmd === 'profile') {
      if (!m.file) {
        profiler = new Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
        await profiler.post('Profiler.start');
      } else if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        await writeFile(m.file, JSON.stringify(profile));
        profiler.disconnect();
      }
      return send({ done: true });
    }
    if (m.cmd === 'cpu') {
      const c = process.cpuUsage();
      const main = mainThreadMs();
      return send({ cpu: (c.user + c.system) / 1000, gc: gcMs, ...(main === undefined ? {} : { main }) });
    }
    if (m.cmd === 'waiting') {
      const now = Date.now();
      for (let i = 0; i < m.count; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, m.count - i) }, (_, k) =>
            core.handoffs.handoffs.open({ ref: { channel: 'telegram', address: `9${i + k}` }, reason: 'asked', locale: 'ar', transcript: [], now: now + i + k }),
          ),
        );
      }
      return send({ done: true });
    }
    if (m.cmd === 'open') {
      await core.handoffs.open({ ref: { channel: 'telegram', address: m.address }, reason: 'asked', locale: 'ar', transcript: [], now: Date.now() });
      return send({ done: true });
    }
    await officers.stop();
    await app.close();
    await webchat.stop();
    await core.runner.close();
    await redis.close();
    send({ done: true });
    process.disconnect();
  })();
});

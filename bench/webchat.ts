/**
 * Web chat over HTTP: N concurrent visitors, each going through a whole support request
 * (15 messages) on our Direct Line, by polling and by WebSocket; replies per second and the
 * time from posting a message to receiving the bot's reply. Beside them, in the same run, the
 * same visitors against a bare Fastify route (the least any HTTP bot must cost).
 *
 * The server runs in a child process (the real app: core, web chat plugin, Redis), so the load
 * generator does not share its event loop. Visitors pause between messages (think time, default
 * 1 s: still far faster than anyone types); a last run without pauses shows the ceiling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import pino from 'pino';
import WebSocket from 'ws';
import { channelPorts, createCore } from '../src/core.js';
import { parseConfig } from '../src/config.js';
import { buildServer } from '../src/server/build.js';
import { connectRedis } from '../src/store/redis.js';
import { startWebchat } from '../adapters/webchat/plugin.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';
import { figures, line, type Figures } from './stats.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROLE = 'SANAD_BENCH_WEBCHAT_SERVER';

/** A whole support request, greeting to reference number, as a visitor types it. */
const SCRIPT = [
  'السلام عليكم', '2', 'نعم', 'محمد عبدالله السالم', '1000000008', '0512345678', '1', '5', '3000', '3',
  'نحتاج سداد إيجار شهرين متأخرة', 'تخطي', '1', 'نعم', 'شكرا',
];

// ---- the server (child process) ---------------------------------------------

async function serve(): Promise<void> {
  const log = pino({ level: 'silent' });
  const config = parseConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const redis = await connectRedis(REDIS_URL);
  const core = await createCore({ redis, prefix: config.REDIS_PREFIX, flowsDir: 'flows', log, conversationTtlHours: 1 });
  const health = new Map<string, () => unknown>();
  const app = await buildServer({ redis, log, health });
  await startWebchat(channelPorts(core, { http: app, config, log, health }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The bare route: parse the same JSON body, answer an id. No Redis, no engine.
  const bare = Fastify({ logger: false });
  let n = 0;
  bare.post('/bare', async (req) => ({ id: `${(req.body as { type: string }).type}|${++n}` }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const port = (s: typeof app) => (s.server.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port(app)}`, bare: `http://127.0.0.1:${port(bare)}` })}\n`);
}

// ---- the visitors (this process) ----------------------------------------------

type Mode = 'polling' | 'websocket' | 'bare';

interface Visitor {
  post(text: string): Promise<number>;
  /** Resolves at the arrival of the first bot message after the activity with this sequence id. */
  reply(seq: number): Promise<number>;
  close(): void;
}

const json = { 'content-type': 'application/json' };

async function startConversation(url: string): Promise<{ conv: string; token: string; user: string; streamUrl: string }> {
  const t = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST', headers: json, body: '{}' })).json()) as { token: string; conversationId: string; userId: string };
  const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { ...json, authorization: `Bearer ${t.token}` }, body: '{"locale":"ar-SA"}' });
  const started = (await res.json()) as { streamUrl: string };
  return { conv: t.conversationId, token: t.token, user: t.userId, streamUrl: started.streamUrl };
}

type Act = { type: string; from: { role?: string }; channelData: { 'webchat:sequence-id': number } };

async function visitor(mode: Mode, url: string, bareUrl: string, n: number): Promise<Visitor> {
  if (mode === 'bare') {
    let i = 0;
    return {
      async post(text) {
        const res = await fetch(`${bareUrl}/bare`, { method: 'POST', headers: json, body: JSON.stringify({ type: 'message', text, channelData: { clientActivityID: `${n}-${++i}` } }) });
        await res.json();
        return i;
      },
      reply: async () => performance.now(),
      close() {},
    };
  }
  const c = await startConversation(url);
  const headers = { ...json, authorization: `Bearer ${c.token}` };
  let i = 0;
  const post = async (text: string) => {
    const res = await fetch(`${url}/v3/directline/conversations/${c.conv}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', text, locale: 'ar-SA', from: { id: c.user }, channelData: { clientActivityID: `${n}-${++i}` } }),
    });
    const { id } = (await res.json()) as { id: string };
    return Number(id.slice(id.lastIndexOf('|') + 1));
  };
  if (mode === 'polling') {
    return {
      post,
      // The POST is answered once the turn is handled: the first GET after it finds the replies.
      async reply(seq) {
        for (;;) {
          const res = await fetch(`${url}/v3/directline/conversations/${c.conv}/activities?watermark=${seq + 1}`, { headers });
          const set = (await res.json()) as { activities: Act[] };
          if (set.activities.some((a) => a.type === 'message' && a.from.role === 'bot')) return performance.now();
          await new Promise((r) => setTimeout(r, 5));
        }
      },
      close() {},
    };
  }
  // WebSocket: every bot message's arrival time by sequence id; the reply may arrive before the POST's answer.
  const arrivals: [number, number][] = [];
  let wake: (() => void) | undefined;
  const socket = new WebSocket(c.streamUrl);
  await new Promise<void>((ok, fail) => {
    socket.once('open', () => ok());
    socket.once('error', fail);
  });
  socket.on('message', (data) => {
    const at = performance.now();
    const set = JSON.parse(String(data)) as { activities: Act[] };
    for (const a of set.activities) if (a.type === 'message' && a.from.role === 'bot') arrivals.push([a.channelData['webchat:sequence-id'], at]);
    wake?.();
  });
  return {
    post,
    async reply(seq) {
      for (;;) {
        const hit = arrivals.find(([s]) => s > seq);
        if (hit) {
          arrivals.length = 0;
          return hit[1];
        }
        await new Promise<void>((r) => (wake = r));
      }
    },
    close: () => socket.close(),
  };
}

async function run(mode: Mode, url: string, bareUrl: string, visitors: number, messages: number, thinkMs: number): Promise<Figures> {
  const all = await Promise.all(Array.from({ length: visitors }, (_, n) => visitor(mode, url, bareUrl, n)));
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    all.map(async (v, n) => {
      // Visitors start spread over one think time, as people arrive at different moments.
      if (thinkMs) await new Promise((r) => setTimeout(r, (n / visitors) * thinkMs));
      for (let k = 0; k < messages; k++) {
        const t0 = performance.now();
        const seq = await v.post(SCRIPT[k % SCRIPT.length]!);
        latencies.push((await v.reply(seq)) - t0);
        if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
      }
    }),
  );
  const f = figures(latencies, (performance.now() - start) / 1000);
  for (const v of all) v.close();
  return f;
}

async function startServerProcess(prefix: string): Promise<{ child: ChildProcess; url: string; bare: string }> {
  // BENCH_WEBCHAT_PROFILE=<dir> writes a CPU profile of the server (open it in Chrome's DevTools).
  const profile = process.env.BENCH_WEBCHAT_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WEBCHAT_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/webchat.ts'], {
    env: { ...process.env, [ROLE]: '1', REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  const { url, bare } = JSON.parse(first) as { url: string; bare: string };
  return { child, url, bare };
}

export async function benchWebchat(): Promise<void> {
  const visitors = Number(process.env.BENCH_WEBCHAT_VISITORS ?? 200);
  const thinkMs = Number(process.env.BENCH_WEBCHAT_THINK_MS ?? 1000);
  const prefix = uniquePrefix('bench-webchat');
  const { child, url, bare } = await startServerProcess(prefix);
  try {
    console.log(`\nwebchat: ${visitors} concurrent visitors × ${SCRIPT.length} messages (a whole support request each), post → reply over HTTP, think time ${thinkMs} ms`);
    // Warm-up: JIT, Lua scripts, connections.
    for (const mode of ['bare', 'polling', 'websocket'] as const) await run(mode, url, bare, 20, 5, 0);
    const rows: [string, Figures][] = [];
    rows.push(['bare Fastify route (POST → answer)', await run('bare', url, bare, visitors, SCRIPT.length, thinkMs)]);
    rows.push(['Direct Line polling (POST, GET)', await run('polling', url, bare, visitors, SCRIPT.length, thinkMs)]);
    rows.push(['Direct Line WebSocket', await run('websocket', url, bare, visitors, SCRIPT.length, thinkMs)]);
    for (const [label, f] of rows) console.log(line(label, f, 'replies/s'));
    const ws = rows[2]![1];
    console.log(`  WebSocket p99 ${ws.p99.toFixed(1)} ms at ${visitors} visitors   (target < 50 ms)`);
    console.log(`  without think time (the ceiling of this machine: server, Redis and visitors on ${(await import('node:os')).availableParallelism()} cores):`);
    console.log(line('bare Fastify route', await run('bare', url, bare, visitors, SCRIPT.length, 0), 'replies/s'));
    console.log(line('Direct Line WebSocket', await run('websocket', url, bare, visitors, SCRIPT.length, 0), 'replies/s'));
  } finally {
    child.kill('SIGTERM');
    const redis = await connectRedis(REDIS_URL);
    await deleteKeys(redis, prefix);
    await redis.close();
  }
}

if (process.env[ROLE]) {
  serve().catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  });
  // SIGTERM ends the server cleanly, so a CPU profile gets written.
  process.once('SIGTERM', () => process.exit(0));
} else if (process.argv[1]?.endsWith('webchat.ts')) {
  await benchWebchat();
}

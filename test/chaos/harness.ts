/**
 * Chaos runs: a real Sanad process (its own key prefix, the real Redis), many beneficiaries
 * filling a support request at once through one channel's platform boundary, and the process
 * killed with SIGKILL at random moments and started again. Platforms redeliver what was not
 * acknowledged, as they do. Used by test/chaos/chaos.test.ts and `npm run chaos`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Queue, type Job } from 'bullmq';
import { queueName, type TurnJob } from '../../src/jobs/outbound-queue.js';
import type { Keys } from '../../src/store/keys.js';
import { createCore } from '../../src/core.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';
import { maskText } from '../../src/text/mask.js';
import { nationalIdFor, supportRequestScript } from '../support/applicants.js';
import { silentLog } from '../support/core.js';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

/** A small seeded random (mulberry32): a run's kill moments repeat with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Server processes still running: never left behind when a run ends early. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of alive) c.kill('SIGKILL');
});

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A Sanad process that can be killed (SIGKILL) and started again on the same port and Redis. */
export class ServerProcess {
  child: ChildProcess | undefined;
  out = '';
  starts = 0;
  constructor(
    private readonly entry: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    /** Extra stdio for an IPC channel (the WhatsApp fake). */
    private readonly ipc = false,
  ) {}

  async start(): Promise<ChildProcess> {
    this.out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], {
      env: { ...process.env, LOG_PRETTY: 'false', LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn', PORT: String(this.port), HOST: '127.0.0.1', ...this.env },
      stdio: this.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    alive.add(child);
    child.once('exit', () => alive.delete(child));
    child.stdout!.on('data', (d: Buffer) => (this.out = (this.out + d.toString()).slice(-20_000)));
    if (process.env.CHAOS_LOG) child.stdout!.on('data', (d: Buffer) => appendFileSync(process.env.CHAOS_LOG!, d));
    child.stderr!.on('data', (d: Buffer) => (this.out = (this.out + d.toString()).slice(-20_000)));
    if (process.env.CHAOS_LOG) child.stderr!.on('data', (d: Buffer) => appendFileSync(process.env.CHAOS_LOG!, d));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && code !== 0) process.stderr.write(`chaos: the server exited by itself (${code ?? signal}):\n${this.out.slice(-3000)}\n`);
    });
    const until = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${this.out}`);
      if (Date.now() > until) throw new Error(`the server did not start: ${this.out}`);
      const up = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status === 200, () => false);
      if (up) break;
      await sleep(50);
    }
    return child;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([gone, sleep(10_000).then(() => child.kill('SIGKILL'))]);
  }
}

/** One beneficiary at the platform boundary of a channel. */
export interface Beneficiary {
  /** The conversation's address in Sanad. */
  address: string;
  /** Sends message `i` of his script, as the platform does (retrying until it was acknowledged). */
  send(text: string, i: number): Promise<void>;
  /** Bot messages he has received so far. */
  received(): number;
  /** Of those, the ones a webhook's answer carried (Telegram). */
  inAnswers?(): number;
}

/** A channel under chaos: starts its platform fakes and the server process, opens beneficiaries. */
export interface ChaosChannel {
  name: 'telegram' | 'webchat' | 'whatsapp';
  /** Whether the platform can take a reply twice when a process dies during its call (no idempotent send). */
  atLeastOnceSends: boolean;
  server: ServerProcess;
  /** How many messages the beneficiary receives for a turn's replies (Telegram joins a turn's texts); default one each. */
  messagesOf?(replies: OutboundMessage[]): number;
  /** Called after each (re)start of the server. */
  started?(): Promise<void>;
  open(n: number): Promise<Beneficiary>;
  close(): Promise<void>;
}

export interface ChaosFigures {
  channel: string;
  conversations: number;
  kills: number;
  /** Messages the beneficiaries sent (each acknowledged by the platform boundary). */
  sent: number;
  /** Messages whose replies all arrived. */
  answered: number;
  /** Messages never answered (sent − answered). */
  lost: number;
  /** Replies received beyond those expected. */
  doubled: number;
  /** Replies carried by the webhook's answer, where the platform has one (Telegram); the rest came from the worker. */
  inAnswers?: number;
  /** Delivery jobs (turns queued for the platform) beyond one per message: a turn handled twice. */
  turnsQueuedTwice: number;
  requestsFiled: number;
  requestsDoubled: number;
  seconds: number;
  /** For each message not answered in time: who, which step, and what Redis held for him then (to find the cause). */
  losses?: string[];
}

/** Bot messages per script step, from the real engine in-process (no kills): what each step must get. */
export async function expectedReplies(redis: Redis, prefix: string, messagesOf = (replies: OutboundMessage[]) => replies.length): Promise<number[]> {
  const core = await createCore({ redis, prefix: `${prefix}:reference`, flowsDir: 'flows', log: silentLog, conversationTtlHours: 1 });
  const counts: number[] = [];
  let n = 0;
  core.outbound.register('test', async (_ref, messages) => void (n += messagesOf(messages)));
  for (const [i, text] of supportRequestScript(999_999).entries()) {
    n = 0;
    await core.runner.handle({ ref: { channel: 'test', address: 'reference' }, messageId: `ref-${i}`, text });
    counts.push(n);
  }
  return counts;
}

export interface ChaosOptions {
  redis: Redis;
  prefix: string;
  conversations: number;
  /** Kill rounds: the process is killed this many times at random moments, and started again. */
  kills: number;
  seed?: number;
  /** How long a beneficiary waits for the replies to one message before it counts it as lost. */
  patienceMs?: number;
  /** Instead of killing the Sanad process: what to kill and restart (the Redis-restart run). */
  chaos?: { kill(): Promise<void>; restart(): Promise<void> };
}

/**
 * Runs every beneficiary's whole support request at once while the process is killed `kills`
 * times, then counts: every message answered exactly once (its replies, no more, no fewer),
 * every request filed once.
 */
export async function runChaos(channel: ChaosChannel, o: ChaosOptions): Promise<ChaosFigures> {
  const started = Date.now();
  const expected = await expectedReplies(o.redis, o.prefix, channel.messagesOf?.bind(channel));
  const random = seeded(o.seed ?? 9);
  const patience = o.patienceMs ?? 45_000;
  await channel.server.start();
  await channel.started?.();
  const people = await Promise.all(Array.from({ length: o.conversations }, (_, i) => channel.open(i + 1)));
  let sent = 0;
  let answered = 0;
  let finished = 0;
  const gaveUp: { b: Beneficiary; step: number; got: number; due: number; at: number }[] = [];
  const runs = people.map(async (b, k) => {
    const script = supportRequestScript(k + 1);
    let due = 0;
    try {
      for (const [i, text] of script.entries()) {
        // A person types at his own pace: the kills land at every point of the form.
        await sleep(Math.floor(random() * 120));
        await b.send(text, i);
        sent++;
        due += expected[i]!;
        const until = Date.now() + patience;
        while (b.received() < due) {
          // No answer: counted as lost, and this beneficiary gives up.
          if (Date.now() > until) return void gaveUp.push({ b, step: i, got: b.received(), due, at: Date.now() });
          await sleep(20);
        }
        answered++;
      }
    } finally {
      finished++;
    }
  });
  let kills = 0;
  const killer = (async () => {
    while (kills < o.kills && finished < people.length) {
      await sleep(200 + Math.floor(random() * 700));
      if (finished >= people.length) break;
      kills++;
      if (o.chaos) {
        await o.chaos.kill();
        await sleep(200 + Math.floor(random() * 500));
        await o.chaos.restart();
      } else {
        await channel.server.kill();
        await channel.server.start();
        await channel.started?.();
      }
    }
  })();
  const progress = process.env.CHAOS_DEBUG
    ? setInterval(() => console.error(`chaos: sent ${sent}, answered ${answered}, finished ${finished}/${people.length}, kills ${kills}`), 5_000)
    : undefined;
  await Promise.all([...runs, killer]).finally(() => clearInterval(progress));
  // Anything sent twice would come in now.
  await sleep(1_500);
  const totalExpected = expected.reduce((a, b) => a + b, 0);
  const doubled = people.reduce((a, b) => a + Math.max(0, b.received() - totalExpected), 0);
  const inAnswers = people[0]?.inAnswers ? people.reduce((a, b) => a + b.inAnswers!(), 0) : undefined;
  let requestsFiled = 0;
  let requestsDoubled = 0;
  const core = await createCore({ redis: o.redis, prefix: o.prefix, flowsDir: 'flows', log: silentLog, conversationTtlHours: 1 });
  for (let n = 1; n <= people.length; n++) {
    const filed = (await core.requests.listByNationalId(nationalIdFor(n))).length;
    requestsFiled += Math.min(filed, 1);
    requestsDoubled += Math.max(0, filed - 1);
  }
  const losses = [];
  const jobs = await deliveryJobs(o.redis, core.keys, channel.name);
  for (const g of gaveUp) {
    const held = await whatRedisHolds(o.redis, core.keys, jobs, { channel: channel.name, address: g.b.address });
    losses.push(`${g.b.address} step ${g.step}: ${g.got}/${g.due} replies at give-up, ${g.b.received()} at the end; ${held}`);
  }
  const turnsQueuedTwice = jobsBeyondTurns(jobs, people.map((p) => p.address), expected.filter((e) => e > 0).length);
  await channel.close();
  return {
    channel: channel.name,
    conversations: people.length,
    kills,
    sent,
    answered,
    lost: sent - answered,
    doubled,
    ...(inAnswers === undefined ? {} : { inAnswers }),
    turnsQueuedTwice,
    requestsFiled,
    requestsDoubled,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    ...(losses.length ? { losses } : {}),
  };
}

/** A delivery job as the run's end found it. */
type Seen = Job<TurnJob> & { state: string };

/** The channel's delivery jobs, every state, read once for the figures and the losses' reports. */
async function deliveryJobs(redis: Redis, keys: Keys, channel: string): Promise<Seen[]> {
  if (channel === 'webchat') return []; // web chat appends replies by key, no queue
  const bull = redis.duplicate();
  await bull.connect();
  const queue = new Queue<TurnJob>(queueName(channel), { connection: bull, prefix: keys.bullPrefix() });
  try {
    const states = ['completed', 'failed', 'active', 'waiting', 'delayed'] as const;
    const lists = await Promise.all(states.map((state) => queue.getJobs([state], 0, -1)));
    return lists.flatMap((list, i) => list.map((j) => Object.assign(j, { state: states[i]! })));
  } finally {
    await queue.close();
    await bull.close();
  }
}

/** One conversation's queue keys and delivery jobs, for a loss's report. */
async function whatRedisHolds(redis: Redis, keys: Keys, jobs: Seen[], ref: ConversationRef): Promise<string> {
  const [inbox, lock, pending, state] = await Promise.all([
    redis.lRange(keys.inbox(ref), 0, -1),
    redis.get(keys.lock(ref)),
    redis.zScore(keys.pending(), JSON.stringify([ref.channel, ref.address])),
    redis.get(keys.state(ref)),
  ]);
  const seq = state ? (JSON.parse(state.slice(state.indexOf('|') + 1)) as { seq?: number }).seq : undefined;
  // A job failed for good has its data masked (the address too).
  const mine = jobs.filter((j) => j.data.ref.address === ref.address || j.data.ref.address === maskText(ref.address)).sort((a, b) => a.timestamp - b.timestamp);
  const parts = [];
  for (const j of mine) {
    const claim = await redis.get(keys.outboundClaim(j.id!));
    parts.push(`${j.id?.slice(0, 8)}:${j.state} p${String(j.progress)} a${j.attemptsMade} s${j.stalledCounter ?? '-'}${claim ? ` ${claim}` : ''}${j.failedReason ? ` (${j.failedReason})` : ''} t+${j.timestamp - mine[0]!.timestamp}`);
  }
  return `inbox ${inbox.length}, lock ${lock ? 'held' : 'free'}, pending ${pending ?? 'no'}, state seq ${seq ?? 'none'}; jobs [${parts.join(', ')}]`;
}

/** Delivery jobs queued beyond one per turn (Telegram and WhatsApp reply through BullMQ; web chat appends once by key). */
function jobsBeyondTurns(jobs: Seen[], addresses: string[], turnsEach: number): number {
  if (!jobs.length) return 0;
  const per = new Map<string, number>();
  for (const j of jobs) per.set(j.data.ref.address, (per.get(j.data.ref.address) ?? 0) + 1);
  return addresses.reduce((a, addr) => a + Math.max(0, (per.get(addr) ?? 0) - turnsEach), 0);
}

export function formatFigures(f: ChaosFigures): string {
  return (
    `  ${f.channel.padEnd(22)} ${String(f.conversations).padStart(3)} conversations, ${f.kills} kills: ` +
    `sent ${f.sent}, answered ${f.answered}, lost ${f.lost}, doubled ${f.doubled}` +
    (f.inAnswers === undefined ? '; ' : ` (replies in the webhook's answer: ${f.inAnswers}); `) +
    `turns queued twice ${f.turnsQueuedTwice}; requests filed ${f.requestsFiled}/${f.conversations}, doubled ${f.requestsDoubled} (${f.seconds} s)` +
    (f.losses ? `\n    lost: ${f.losses.join('\n    lost: ')}` : '')
  );
}

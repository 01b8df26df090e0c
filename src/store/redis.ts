import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import { RedisUnavailableError, StoreDownError } from '../errors.js';

/** Commands waiting for a reply at most, per connection: past it a command fails at once rather than pile up. */
const MAX_QUEUED_COMMANDS = 50_000;

function makeClient(url: string) {
  return createClient({
    url,
    // Reconnects: 50 ms doubling to 1 s, so the same conversations carry on soon after Redis is back.
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000), connectTimeout: 5_000 },
    // node-redis 6 arms an AbortSignal timer per command by default, which costs more CPU than
    // the command itself on the hot path. A dead connection is found by the periodic PING
    // instead, and the conversation lock's expiry covers a process that stalls.
    commandOptions: { timeout: 0 },
    pingInterval: 10_000,
    // While Redis is away a command fails at once (ClientOfflineError) instead of waiting in an
    // unbounded queue and bursting out, stale, on reconnect: the platform retries, the client
    // gets a 503, and nothing grows in memory. It costs the hot path nothing.
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
  });
}

const DOWN = /ClientOfflineError|ClientClosedError|SocketClosedUnexpectedlyError|ConnectionTimeoutError|DisconnectsClientError|SocketTimeoutError|ECONNREFUSED|ECONNRESET|EPIPE|The queue is full|The client is closed|The client is offline|connection is closed|Socket closed/i;

/** Whether an error means Redis is away (not a wrong command): the work is to be tried again, not dropped. */
export function isRedisDown(err: unknown): boolean {
  if (err instanceof StoreDownError) return true;
  if (!(err instanceof Error)) return false;
  return DOWN.test(err.constructor.name) || DOWN.test(err.name) || DOWN.test(err.message) || (err.cause !== undefined && err.cause !== err && isRedisDown(err.cause));
}

/** `err` as a StoreDownError when Redis is away (HTTP 503 with a clear message), else unchanged. */
export function asStoreDown(err: unknown): unknown {
  return isRedisDown(err) && !(err instanceof StoreDownError) ? new StoreDownError(undefined, { cause: err }) : err;
}

/** PING with its own deadline (the client has none per command): `/healthz` answers within it. */
export async function pingWithin(client: Redis, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.ping(),
      new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
export type Redis = ReturnType<typeof makeClient>;
/** A transaction (MULTI) on the store's client. */
export type RedisMulti = ReturnType<Redis['multi']>;

/** Connects one node-redis client (used for state and for BullMQ alike). */
export async function connectRedis(url: string, log?: Logger): Promise<Redis> {
  const client = makeClient(url);
  // Without a listener an 'error' event would crash the process; reconnects are automatic.
  client.on('error', (err: Error) => log?.warn({ err: err.message }, 'redis connection error'));
  await client.connect();
  return client;
}

/** Whether a Redis answers PING at `url` (one try, no reconnect). */
export async function answers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.close().catch(() => {});
  }
}

/** A TCP port free on 127.0.0.1 now (for a redis-server Sanad or a test starts). */
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

export interface ResolvedRedis {
  url: string;
  /** Set when we started a redis-server ourselves; call it on exit. */
  stop?: () => Promise<void>;
  source: 'REDIS_URL' | 'local' | 'spawned';
}

/**
 * Where Redis is: `REDIS_URL` if set; else 127.0.0.1:6379 if it answers; else a
 * `redis-server` on PATH, started with its data (AOF on) under `./.data/redis`.
 */
export async function resolveRedis(
  envUrl: string | undefined,
  opts: { dataDir?: string; localUrl?: string; binary?: string } = {},
): Promise<ResolvedRedis> {
  if (envUrl) return { url: envUrl, source: 'REDIS_URL' };
  const local = opts.localUrl ?? 'redis://127.0.0.1:6379';
  if (await answers(local)) return { url: local, source: 'local' };
  const dataDir = opts.dataDir ?? '.data/redis';

  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn(opts.binary ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], {
      stdio: 'ignore',
    });
    await new Promise<void>((ok, fail) => {
      child.once('error', fail);
      child.once('spawn', ok);
    });
  } catch (err) {
    throw new RedisUnavailableError(
      'No Redis found. Set REDIS_URL to your Redis server (e.g. redis://127.0.0.1:6379), ' +
        'start one on 127.0.0.1:6379, or install it so Sanad can start its own: ' +
        '`sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS).',
      { cause: err },
    );
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, stop, source: 'spawned' };
}

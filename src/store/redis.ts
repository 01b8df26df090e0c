import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import { RedisUnavailableError } from '../errors.js';

function makeClient(url: string) {
  return createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 5_000), connectTimeout: 5_000 },
    // node-redis 6 arms an AbortSignal timer per command by default, which costs more CPU than
    // the command itself on the hot path. A dead connection is found by the periodic PING
    // instead, and the conversation lock's expiry covers a process that stalls.
    commandOptions: { timeout: 0 },
    pingInterval: 10_000,
  });
}
export type Redis = ReturnType<typeof makeClient>;

/** Connects one node-redis client (used for state and for BullMQ alike). */
export async function connectRedis(url: string, log?: Logger): Promise<Redis> {
  const client = makeClient(url);
  // Without a listener an 'error' event would crash the process; reconnects are automatic.
  client.on('error', (err: Error) => log?.warn({ err: err.message }, 'redis connection error'));
  await client.connect();
  return client;
}

async function answers(url: string): Promise<boolean> {
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

async function freePort(): Promise<number> {
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

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, freePort } from '../../src/store/redis.js';

/** Servers still running: never left behind by a test run that ends early. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of alive) c.kill('SIGKILL');
});

/**
 * A redis-server of the test's own (free port, AOF on, data in a temp dir), which the test may
 * kill with SIGKILL and start again on the same port and data: never the shared one on 6379.
 */
export class OwnRedis {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'sanad-redis-'));
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    this.child = child;
    alive.add(child);
    child.once('exit', () => alive.delete(child));
    await new Promise<void>((ok, fail) => (child.once('spawn', ok), child.once('error', fail)));
    for (let i = 0; !(await answers(this.url)); i++) {
      if (i > 100) throw new Error('own redis-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    return this;
  }

  /** SIGKILL: no clean shutdown, only what AOF has on disk survives. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

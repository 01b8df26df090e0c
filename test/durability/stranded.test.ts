import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core.js';
import type { Redis } from '../../src/store/redis.js';
import { silentLog, Transcript, useCore } from '../support/core.js';
import { REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

/** A message queued by a process that died before handling it is handled: on redelivery, and by the sweep. */
let redis: Redis;
let core: Core;
const prefix = useCore('stranded', (fixture) => ({ redis, core } = fixture));

async function dieWhileHandling(address: string, messageId: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/durability/stranded-child.ts', REDIS_URL, prefix, address, messageId]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
  expect(signal, out).toBe('SIGKILL');
  expect(out).toContain('handling');
}

/** A second process on the same Redis, with a short lock like the one that died. */
async function nextProcess(): Promise<Core> {
  return createCore({ redis, prefix, flowsDir: 'flows', log: silentLog, conversationTtlHours: 24, lockMs: 1_000 });
}

describe('a message queued before a crash', () => {
  it('is handled when the platform delivers it again (not taken for a duplicate)', async () => {
    await dieWhileHandling('s1', 'redelivered-1');
    const next = await nextProcess();
    const c = new Transcript(next, 's1');
    // The platform sends the unacknowledged message again, under its same id.
    await c.say('السلام عليكم', { messageId: 'redelivered-1' });
    await waitFor(() => c.sent.length >= 2, 'the greeting and the menu', 10_000);
    expect(c.sent[0]!.message.text).toContain('أهلاً وسهلاً');
    expect((await next.runner.state(c.ref))!.seq).toBe(1);
    expect(await redis.lLen(core.keys.inbox(c.ref))).toBe(0);
  }, 30_000);

  it('is handled by the sweep of another process once the dead one\'s lock lapsed', async () => {
    await dieWhileHandling('s2', 'swept-1');
    const next = await nextProcess();
    const c = new Transcript(next, 's2');
    expect(await redis.lLen(core.keys.inbox(c.ref))).toBe(1);
    // Two processes sweep at once: the conversation is taken by one, with its lock.
    const other = await nextProcess();
    new Transcript(other, 's2');
    await waitFor(async () => (await Promise.all([next.runner.sweep(0), other.runner.sweep(0)])).some((n) => n > 0), 'a sweep to take it', 10_000);
    await waitFor(() => c.sent.length + new Transcript(other, 's2').sent.length >= 2, 'the greeting and the menu', 10_000);
    await waitFor(async () => (await redis.lLen(core.keys.inbox(c.ref))) === 0, 'the inbox drained');
    const all = [...c.sent, ...new Transcript(other, 's2').sent];
    expect(all.filter((s) => s.message.text.includes('أهلاً وسهلاً'))).toHaveLength(1);
    expect(await redis.zScore(core.keys.pending(), JSON.stringify(['test', 's2']))).toBeNull();
  }, 30_000);
});

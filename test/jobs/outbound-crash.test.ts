import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { startOutbound } from '../../src/jobs/outbound.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Redis } from '../../src/store/redis.js';
import { REDIS_URL } from '../support/redis.js';
import { silentLog, useCore } from '../support/core.js';
import { sleep, waitFor } from '../support/wait-for.js';

/** A reply survives the death of the process between "engine decided" and "platform accepted". */
let redis: Redis;
let core: Core;
const prefix = useCore('outcrash', (fixture) => ({ redis, core } = fixture));

/** Runs crash-child.ts until it kills itself; returns what it printed. */
async function crash(when: 'enqueued' | 'delivering', address: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs/crash-child.ts', REDIS_URL, prefix, when, address]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
  expect(signal, out).toBe('SIGKILL');
  return out;
}

function recorder() {
  const sent: { ref: ConversationRef; message: OutboundMessage }[] = [];
  return { sent, deliver: async (ref: ConversationRef, message: OutboundMessage) => void sent.push({ ref, message }) };
}

describe('a crash of the process while sending', () => {
  it('killed while the platform call is in flight: another process delivers the reply', async () => {
    await crash('delivering', 'k1');
    const { sent, deliver } = recorder();
    const out = await startOutbound({ channel: 'test', ports: { store: { redis, keys: core.keys }, outbound: core.outbound }, log: silentLog, conversationTtlHours: 24, deliver, worker: { lockMs: 1000 } });
    try {
      await waitFor(() => sent.length >= 2, 'the greeting and the menu', 15_000);
      await sleep(300);
      expect(sent.map((s) => s.ref.address)).toEqual(['k1', 'k1']);
      expect(sent[0]!.message.text).toContain('أهلاً وسهلاً');
      expect(sent[1]!.message.choices?.length).toBeGreaterThan(2);
    } finally {
      await out.stop();
    }
  }, 30_000);

  it('killed after queueing, before its commit: the turn handled again is not queued twice', async () => {
    const printed = await crash('enqueued', 'k2');
    const { key, messages } = JSON.parse(printed.trim().split('\n').at(-1)!) as { key: string; messages: OutboundMessage[] };
    const { sent, deliver } = recorder();
    const out = await startOutbound({ channel: 'test', ports: { store: { redis, keys: core.keys }, outbound: core.outbound }, log: silentLog, conversationTtlHours: 24, deliver });
    try {
      // What the runner does when it handles the uncommitted message again: same turn key.
      await out.queue.enqueue({ channel: 'test', address: 'k2' }, messages, key);
      await waitFor(() => sent.length >= messages.length, 'the replies', 15_000);
      await sleep(300);
      expect(sent.map((s) => s.message.text)).toEqual(messages.map((m) => m.text));
    } finally {
      await out.stop();
    }
  }, 30_000);
});

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { REDIS_URL } from '../support/redis.js';
import { Transcript, useCore } from '../support/core.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { RATING_QUESTION, fastSettings, startSurveys } from './support.js';

/** The worker's process dies while a survey is pending: another one sends it, once. */
let core: Core;
const prefix = useCore('survey-crash', (fx) => ({ core } = fx));

async function crash(when: 'waiting' | 'sending', address: string): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/surveys/crash-child.ts', REDIS_URL, prefix, when, address]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
  expect(signal, out).toBe('SIGKILL');
  expect(out).toContain('scheduled');
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { sent: string }).sent);
}

describe('the surveys worker killed', () => {
  it('while the survey waits for its time: another worker sends it, once', async () => {
    const sentByChild = await crash('waiting', 'w1');
    expect(sentByChild).toEqual([]);
    const c = new Transcript(core, 'w1');
    const s = startSurveys(core, fastSettings());
    try {
      await waitFor(() => c.sent.some((x) => x.message.text.includes(RATING_QUESTION)), 'the survey', 15_000);
      await waitFor(async () => (await core.surveys.get('chat-crash-w1'))?.status === 'sent', 'marked sent');
      await sleep(500);
      expect(c.sent.filter((x) => x.message.text.includes(RATING_QUESTION))).toHaveLength(1);
    } finally {
      await s.close();
    }
  }, 30_000);

  it('right after the survey went out, before its job was done: not sent a second time', async () => {
    const sentByChild = await crash('sending', 'w2');
    expect(sentByChild.filter((t) => t.includes(RATING_QUESTION))).toHaveLength(1);
    const c = new Transcript(core, 'w2');
    const s = startSurveys(core, fastSettings());
    try {
      // The stalled job is taken over; the survey is found started and marked sent, not sent again.
      await waitFor(async () => (await core.surveys.get('chat-crash-w2'))?.status === 'sent', 'marked sent', 15_000);
      await sleep(500);
      expect(c.sent).toHaveLength(0);
    } finally {
      await s.close();
    }
  }, 30_000);
});

import { afterAll, describe, expect, it } from 'vitest';
import { QuietHours } from '../../src/domain/quiet-hours.js';
import { ConfigError } from '../../src/errors.js';
import type { Core } from '../../src/core.js';
import { useCore } from '../support/core.js';
import { fastSettings, startSurveys } from './support.js';

/** Riyadh is UTC+3: 22:00 there is 19:00 UTC. */
const riyadh = (iso: string) => Date.parse(`${iso}+03:00`);

describe('quiet hours', () => {
  const q = QuietHours.parse('22:00-08:00');
  it('a time in the window moves to its end (next morning from the evening), others stay', () => {
    expect(q.shift(riyadh('2026-12-01T21:59:00'))).toBe(riyadh('2026-12-01T21:59:00'));
    expect(q.shift(riyadh('2026-12-01T22:00:00'))).toBe(riyadh('2026-12-02T08:00:00'));
    expect(q.shift(riyadh('2026-12-01T23:30:00'))).toBe(riyadh('2026-12-02T08:00:00'));
    expect(q.shift(riyadh('2026-12-02T03:10:00'))).toBe(riyadh('2026-12-02T08:00:00'));
    expect(q.shift(riyadh('2026-12-02T08:00:00'))).toBe(riyadh('2026-12-02T08:00:00'));
    expect(QuietHours.parse('13:00-14:00').shift(riyadh('2026-12-02T13:30:00'))).toBe(riyadh('2026-12-02T14:00:00'));
    expect(QuietHours.parse('off').shift(riyadh('2026-12-02T03:10:00'))).toBe(riyadh('2026-12-02T03:10:00'));
    expect(() => QuietHours.parse('25:00-08:00')).toThrow(ConfigError);
  });
});

let core: Core;
useCore('survey-quiet', (fx) => ({ core } = fx));

describe('a survey due in quiet hours', () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(() => close?.());
  it('is scheduled for the morning (clock injected)', async () => {
    const now = riyadh('2026-12-01T21:55:00');
    const s = startSurveys(core, fastSettings({ delayMs: 10 * 60_000, quiet: QuietHours.parse('22:00-08:00') }), { now: () => now, worker: false });
    close = () => s.close();
    await s.schedule({ id: 'chat-quiet1', service: 'chat', ref: { channel: 'test', address: 'q1' }, locale: 'ar', officer: null, link: 'quiet1', completedAt: now });
    const job = (await s.queue.getJob('send-chat-quiet1'))!;
    // Due 22:05, inside the window: sent at 08:00 the next morning instead.
    expect(job.opts.delay).toBe(riyadh('2026-12-02T08:00:00') - now);
    expect(job.data).toEqual({ surveyId: 'chat-quiet1' });
  });

  it('outside quiet hours it is due after SURVEY_DELAY_MS', async () => {
    const now = riyadh('2026-12-01T10:00:00');
    const s = startSurveys(core, fastSettings({ delayMs: 10 * 60_000, quiet: QuietHours.parse('22:00-08:00') }), { now: () => now, worker: false });
    await s.schedule({ id: 'chat-quiet2', service: 'chat', ref: { channel: 'test', address: 'q2' }, locale: 'ar', officer: null, link: 'quiet2', completedAt: now });
    expect((await s.queue.getJob('send-chat-quiet2'))!.opts.delay).toBe(10 * 60_000);
    await s.close();
  });
});

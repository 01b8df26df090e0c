import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { QuietHours } from '../../src/domain/quiet-hours.js';
import { Transcript, useCore } from '../support/core.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { RATING_QUESTION, fastSettings, startSurveys } from './support.js';

/** Reminders and expiries from the due set, swept by the job scheduler; and an answer that comes first. */
let core: Core;
useCore('survey-follow-ups', (fx) => ({ core } = fx));

const REMINDER = 'تذكير لطيف';
/** Riyadh is UTC+3. */
const riyadh = (iso: string) => Date.parse(`${iso}+03:00`);

/** A survey started in his conversation by the engine (as the worker does), not yet marked sent. */
async function started(id: string, c: Transcript, now = Date.now()): Promise<void> {
  await core.surveys.create({ id, service: 'chat', ref: c.ref, locale: 'ar', officer: null, link: id, completedAt: now - 60_000 });
  await core.runner.control(c.ref, { kind: 'survey', surveyId: id }, `survey-${id}-0`, now);
  expect(c.sent.filter((s) => s.message.text.includes(RATING_QUESTION))).toHaveLength(1);
}

describe('follow-ups', () => {
  it('a reminder due in quiet hours waits for the morning, unsent', async () => {
    const now = riyadh('2026-12-01T23:00:00');
    const c = new Transcript(core, 'fq1');
    await started('chat-fq1', c, now);
    await core.surveys.markSent('chat-fq1', now, { kind: 'remind', at: now - 1 });
    const s = startSurveys(core, fastSettings({ reminderMs: 1, quiet: QuietHours.parse('22:00-08:00') }), { now: () => now });
    try {
      const morning = riyadh('2026-12-02T08:00:00');
      await waitFor(async () => (await core.redis.zScore(core.keys.surveyFollowUps(), 'remind chat-fq1')) === morning, 'the reminder moved to 08:00');
      expect(c.sent.filter((x) => x.message.text.includes(REMINDER))).toHaveLength(0);
      expect((await core.surveys.get('chat-fq1'))!.remindedAt).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('a reminder job left by an earlier version is sent once; then the survey expires', async () => {
    const c = new Transcript(core, 'fq2');
    await started('chat-fq2', c);
    await core.surveys.markSent('chat-fq2', Date.now());
    const s = startSurveys(core, fastSettings({ reminderMs: 1, expiryMs: 800 }));
    try {
      await s.queue.add('remind', { surveyId: 'chat-fq2' }, { jobId: 'remind-chat-fq2' });
      await waitFor(async () => (await core.surveys.get('chat-fq2'))?.status === 'expired', 'the expiry');
      expect(c.sent.filter((x) => x.message.text.includes(REMINDER))).toHaveLength(1);
      expect((await core.surveys.get('chat-fq2'))!.remindedAt).toBeGreaterThan(0);
      expect(await core.redis.zScore(core.keys.surveyFollowUps(), 'expire chat-fq2')).toBeNull();
    } finally {
      await s.close();
    }
  });

  it('an answered survey is neither reminded nor expired; its follow-up leaves the set', async () => {
    const c = new Transcript(core, 'fq3');
    await started('chat-fq3', c);
    const at = Date.now();
    await core.surveys.markSent('chat-fq3', at, { kind: 'remind', at: at + 300 });
    expect(c.text(await c.say('4'))).toContain('هل تمّ حلّ موضوعك؟');
    const s = startSurveys(core, fastSettings({ reminderMs: 1, expiryMs: 300 }));
    try {
      await waitFor(async () => (await core.redis.zScore(core.keys.surveyFollowUps(), 'remind chat-fq3')) === null, 'the reminder dropped');
      await sleep(300);
      expect(c.sent.filter((x) => x.message.text.includes(REMINDER))).toHaveLength(0);
      expect(await core.surveys.get('chat-fq3')).toMatchObject({ status: 'answered', rating: 4 });
    } finally {
      await s.close();
    }
  });
});

describe('an answer before the worker marked the survey sent', () => {
  it('counts: the survey is sent and answered (the worker was slow, or died after the turn)', async () => {
    const c = new Transcript(core, 'fq4');
    await started('chat-fq4', c);
    expect(c.text(await c.say('5'))).toContain('هل تمّ حلّ موضوعك؟');
    const s = (await core.surveys.get('chat-fq4'))!;
    expect(s).toMatchObject({ status: 'answered', rating: 5 });
    expect(s.sentAt).toBeGreaterThan(0);
    expect((await core.surveys.sentBetween(0, Date.now())).map((x) => x.id)).toContain('chat-fq4');
    // The worker's own mark comes after: nothing changes, and no follow-up is due.
    expect(await core.surveys.markSent('chat-fq4', Date.now(), { kind: 'remind', at: Date.now() })).toBe(false);
    expect(await core.redis.zScore(core.keys.surveyFollowUps(), 'remind chat-fq4')).toBeNull();
  });
});

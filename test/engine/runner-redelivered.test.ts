import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core.js';
import type { TurnMark } from '../../src/engine/runner.js';
import { takeScript } from '../../src/store/conversation-scripts.js';
import type { Redis } from '../../src/store/redis.js';
import { silentLog, Transcript, useCore } from '../support/core.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Control inputs whose caller gives them again after a crash (`redelivered`: the surveys
 * worker's jobs) are handled at once when the conversation is idle, without an inbox entry;
 * a mark goes in the turn's commit. Nothing is lost or handled twice when the conversation is
 * busy or its process dies mid-turn.
 */
let core: Core;
let redis: Redis;
const prefix = useCore('runner-redelivered', (fx) => ({ core, redis } = fx));

const RATING_QUESTION = 'ما مدى رضاك عن الخدمة بشكل عام؟';
const asked = (c: Transcript) => c.sent.filter((s) => s.message.text.includes(RATING_QUESTION)).length;

/** A record in the hash `hash`, at status `status`, and the mark that moves it to `sent` when the turn started survey `id`. */
async function record(hash: string, status: string, id: string): Promise<TurnMark> {
  await redis.hSet(hash, { status });
  return { for: (s) => (s.survey?.id === id ? { hash, field: 'status', from: 'scheduled', set: { status: 'sent', sentAt: s.survey.at }, zadd: [{ key: `${hash}:index`, score: s.survey.at, member: id }] } : undefined) };
}

describe('a redelivered control input', () => {
  it('on an idle conversation: handled at once, never queued; its mark written with the state; a repeat is a duplicate', async () => {
    // A channel that looks at the inbox while the turn sends: the input is not in it.
    const ref = { channel: 'terminal' as const, address: 'idle-1' };
    const during: number[] = [];
    core.outbound.register('terminal', async (r, messages) => {
      if (messages.some((m) => m.text.includes(RATING_QUESTION))) during.push(await redis.lLen(core.keys.inbox(r)));
    });
    const hash = `${prefix}:record:r1`;
    const mark = await record(hash, 'scheduled', 'r1');
    expect(await core.runner.control(ref, { kind: 'survey', surveyId: 'r1' }, 'survey-r1-0', Date.now(), { mark, redelivered: true })).toBe('handled');
    expect(during).toEqual([0]);
    expect(mark.written).toBe(true);
    expect(await redis.hGet(hash, 'status')).toBe('sent');
    expect(await redis.zScore(`${hash}:index`, 'r1')).toBe((await core.runner.state(ref))!.survey!.at);
    const again: TurnMark = { for: mark.for };
    expect(await core.runner.control(ref, { kind: 'survey', surveyId: 'r1' }, 'survey-r1-0', Date.now(), { mark: again, redelivered: true })).toBe('duplicate');
    expect(again.written).toBeUndefined();
    // Not redelivered (its reminder, here): queued first, as every other control input.
    await core.runner.control(ref, { kind: 'survey', surveyId: 'r1', reminder: true }, 'survey-r1-remind');
    expect(during).toEqual([0, 1]);
  });

  it('a mark whose record is not where it starts is not written; the turn still is', async () => {
    const c = new Transcript(core);
    const hash = `${prefix}:record:r2`;
    const mark = await record(hash, 'skipped', 'r2');
    await core.runner.control(c.ref, { kind: 'survey', surveyId: 'r2' }, 'survey-r2-0', Date.now(), { mark, redelivered: true });
    expect(asked(c)).toBe(1);
    expect((await core.runner.state(c.ref))!.survey?.id).toBe('r2');
    expect(mark.written).toBeUndefined();
    expect(await redis.hGet(hash, 'status')).toBe('skipped');
  });

  it('on a busy conversation: queued behind what came first, handled in that order', async () => {
    const c = new Transcript(core);
    await c.say('السلام عليكم');
    const lock = core.keys.lock(c.ref);
    const inbox = core.keys.inbox(c.ref);
    await redis.set(lock, 'another-process', { expiration: { type: 'PX', value: 10_000 } });
    // He starts a complaint while another process holds his conversation; the survey comes after.
    const message = c.say('شكوى أو اقتراح');
    await waitFor(async () => (await redis.lLen(inbox)) === 1, 'his message queued');
    const survey = core.runner.control(c.ref, { kind: 'survey', surveyId: 'r3' }, 'survey-r3-0', Date.now(), { redelivered: true });
    await waitFor(async () => (await redis.lLen(inbox)) === 2, 'the survey queued behind it');
    await redis.del(lock);
    await Promise.all([message, survey]);
    // The complaint's privacy notice came first, so he was in a form: no survey started.
    expect(c.text(c.sent.map((s) => s.message))).toContain('قبل أن نبدأ');
    expect(asked(c)).toBe(0);
    expect((await core.runner.state(c.ref))!.survey).toBeUndefined();
    expect(await redis.lLen(inbox)).toBe(0);
  });

  it('its process dies mid-turn: given again once the lock lapses, handled once, with what he sent meanwhile', async () => {
    const fast = await createCore({ redis, prefix, flowsDir: 'flows', log: silentLog, conversationTtlHours: 24, officeHours: 'always', lockMs: 300 });
    const c = new Transcript(fast);
    await c.say('السلام عليكم');
    // A process took the conversation for the survey and died before its commit.
    const seen = fast.keys.seen('test', 'ctl:survey-r4-0');
    const taken = (await takeScript.run(redis, [seen, fast.keys.inbox(c.ref), fast.keys.lock(c.ref), fast.keys.state(c.ref)], ['dead-process', 300, ''])) as string[];
    expect(taken[0]).toBe('run');
    // He writes meanwhile: it waits for the lock, then is handled.
    const hello = c.say('السلام عليكم');
    // The job is taken up again: behind the lapsed lock and his message, handled once.
    const survey = fast.runner.control(c.ref, { kind: 'survey', surveyId: 'r4' }, 'survey-r4-0', Date.now(), { redelivered: true });
    await Promise.all([hello, survey]);
    expect(asked(c)).toBe(1);
    expect(await fast.runner.control(c.ref, { kind: 'survey', surveyId: 'r4' }, 'survey-r4-0', Date.now(), { redelivered: true })).toBe('duplicate');
    expect(asked(c)).toBe(1);
    expect(await redis.exists(fast.keys.lock(c.ref))).toBe(0);
  });
});

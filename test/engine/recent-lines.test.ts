import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import type { Redis } from '../../src/store/redis.js';
import { Transcript, useCore } from '../support/core.js';

/**
 * The last lines of a conversation go with a new handoff. They are kept in their own list beside
 * the state (written by the commit script), not in the state every turn carries.
 */
let core: Core;
let redis: Redis;
useCore('recent-lines', (fixture) => ({ core, redis } = fixture));

type Line = { from: string; text: string };

/** Says each text and returns the lines the conversation had: his message, then the bot's replies. */
async function talk(c: Transcript, texts: string[]): Promise<Line[]> {
  const lines: Line[] = [];
  for (const text of texts) {
    const replies = await c.say(text);
    lines.push({ from: 'beneficiary', text }, ...replies.map((r) => ({ from: 'bot', text: r.text })));
  }
  return lines;
}

async function handoffLines(c: Transcript): Promise<Line[]> {
  const open = await core.handoffs.handoffs.openFor(c.ref);
  if (!open) throw new Error('no open handoff');
  return (await core.handoffs.handoffs.transcript(open.id)).map((l) => ({ from: l.from, text: l.text }));
}

describe('the lines handed over with a new handoff', () => {
  it('are the last 12 before it, oldest first; after the handoff the list starts again', async () => {
    const c = new Transcript(core);
    const before = await talk(c, ['السلام عليكم', 'متى أوقات الدوام؟', 'القائمة', '2', 'نعم', 'محمد عبدالله السالم', 'القائمة', 'متى أوقات الدوام؟']);
    expect(before.length).toBeGreaterThan(12);
    const asked = await talk(c, ['موظف']);
    const first = await handoffLines(c);
    expect(first.slice(0, 12)).toEqual(before.slice(-12));
    expect(first.slice(12, 12 + asked.length)).toEqual(asked);
    // Nothing of this conversation is in the state itself.
    expect((await core.runner.state(c.ref))?.recent).toBeUndefined();

    // He leaves the queue, talks to the bot again, and asks for an officer a second time.
    await c.say('القائمة');
    await c.say('القائمة');
    expect(await core.handoffs.handoffs.openFor(c.ref)).toBeUndefined();
    const between = await talk(c, ['متى أوقات الدوام؟']);
    await c.say('موظف');
    const second = await handoffLines(c);
    expect(second.slice(0, between.length)).toEqual(between);
    expect(second.map((l) => l.text)).not.toContain('محمد عبدالله السالم');
  });

  it('include those a state written before the list existed carried, moved to the list on the next turn', async () => {
    const c = new Transcript(core);
    await c.say('السلام عليكم');
    // The state as an earlier version wrote it: the lines inside it, no list beside it.
    const key = core.keys.state(c.ref);
    const stored = (await redis.get(key))!;
    const old = [
      { from: 'beneficiary', text: 'سطر قديم', at: 1 },
      { from: 'bot', text: 'رد قديم', at: 1 },
    ];
    const state = { ...JSON.parse(stored.slice(stored.indexOf('|') + 1)), recent: old };
    await redis.set(key, `${state.seq}.old|${JSON.stringify(state)}`);
    await redis.del(core.keys.recent(c.ref));

    const next = await talk(c, ['متى أوقات الدوام؟']);
    expect((await core.runner.state(c.ref))?.recent).toBeUndefined();
    await c.say('موظف');
    const lines = await handoffLines(c);
    expect(lines.slice(0, 2 + next.length)).toEqual([...old.map(({ from, text }) => ({ from, text })), ...next]);
  });
});

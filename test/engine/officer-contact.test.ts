import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { initialState } from '../../src/engine/state.js';
import { step } from '../../src/engine/step.js';
import { t } from '../../src/i18n/text.js';
import { texts } from '../../src/i18n/texts.js';
import { Transcript, useCore } from '../support/core.js';

let core: Core;
useCore('officer-contact', (fixture) => ({ core } = fixture));

describe('reaching an officer: one way however it is asked for', () => {
  it('the menu option, the command, a phrasing the matcher knows and "yes" after three misses all open a handoff', async () => {
    const menu = new Transcript(core);
    await menu.say('السلام عليكم');
    const fromMenu = await menu.say('', { choiceId: 'officer' });
    const commandChat = new Transcript(core);
    const command = await commandChat.say('موظف');
    const phrasedChat = new Transcript(core);
    const phrased = await phrasedChat.say('ابي اكلم موظف');
    const missed = new Transcript(core);
    await missed.say('السلام عليكم');
    await missed.say('2');
    await missed.say('نعم');
    await missed.say('محمد عبدالله السالم');
    for (const bad of ['1', '2', '3']) await missed.say(bad);
    const yes = await missed.say('1');

    for (const [how, replies] of Object.entries({ fromMenu, command, phrased, yes })) {
      expect(replies.map((m) => m.text).join('\n'), how).toContain('حوّلت محادثتك إلى موظفي الجمعية');
    }
    const reasons = await Promise.all([menu, commandChat, phrasedChat, missed].map(async (c) => (await core.handoffs.handoffs.openFor(c.ref))?.reason));
    expect(reasons).toEqual(['asked', 'asked', 'asked', 'invalid-answers']);
  });

  it('without a queue to join, the one contact text (texts.officerContact)', () => {
    const p = core.ctx.profile;
    const expected = t(texts.officerContact, 'ar', { phone: p.contact.phone, whatsapp: p.contact.whatsapp ?? p.contact.phone, workingHours: t(p.workingHours, 'ar') });
    const asked = step(core.ctx, initialState(), { type: 'message', now: 1, msg: { ref: { channel: 'test', address: 'x' }, messageId: 'm1', text: 'موظف', attachments: [] } });
    expect(asked.effects.at(-1)).toEqual({ type: 'handoff', reason: 'asked' });
    const answered = step(core.ctx, asked.state, { type: 'control', now: 2, control: { kind: 'not-queued' } });
    expect(answered.effects.flatMap((e) => (e.type === 'send' ? [e.message.text] : []))).toContain(expected);
  });
});

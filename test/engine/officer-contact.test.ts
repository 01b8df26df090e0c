import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { t } from '../../src/i18n/text.js';
import { texts } from '../../src/i18n/texts.js';
import { Transcript, useCore } from '../support/core.js';

let core: Core;
useCore('officer-contact', (fixture) => ({ core } = fixture));

describe('reaching an officer: one text however it is asked for', () => {
  it('the menu option, the command, a phrasing the matcher knows and "yes" after three misses all give texts.officerContact', async () => {
    const p = core.ctx.profile;
    const expected = t(texts.officerContact, 'ar', { phone: p.contact.phone, whatsapp: p.contact.whatsapp ?? p.contact.phone, workingHours: t(p.workingHours, 'ar') });
    expect(expected).toContain(p.contact.whatsapp!);

    const menu = new Transcript(core);
    await menu.say('السلام عليكم');
    const fromMenu = await menu.say('', { choiceId: 'officer' });
    const command = await new Transcript(core).say('موظف');
    const phrased = await new Transcript(core).say('ابي اكلم موظف');
    const missed = new Transcript(core);
    await missed.say('السلام عليكم');
    await missed.say('2');
    await missed.say('نعم');
    await missed.say('محمد عبدالله السالم');
    for (const bad of ['1', '2', '3']) await missed.say(bad);
    const yes = await missed.say('1');

    for (const [how, replies] of Object.entries({ fromMenu, command, phrased, yes })) {
      expect(replies.map((m) => m.text), how).toContain(expected);
    }
  });
});

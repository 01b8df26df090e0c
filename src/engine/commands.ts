import { texts } from '../i18n/texts.js';
import type { Command } from '../messages/reserved.js';
import { MAIN_FLOW } from './flow-set.js';
import { requestOfficer } from './handoff.js';
import type { Turn } from './turn.js';
import { clearForm, enter, reprompt, showMenu } from './walk.js';

/** Carries out a command: the same words mean the same thing wherever the conversation is. */
export function onCommand(turn: Turn, command: Command): void {
  const s = turn.s;
  const inForm = Boolean(s.at && s.at.flowId !== MAIN_FLOW);
  switch (command) {
    case 'arabic':
    case 'english':
      s.locale = command === 'arabic' ? 'ar' : 'en';
      s.localeChosen = true;
      turn.send(turn.text(texts.languageSwitched));
      return s.at ? reprompt(turn) : showMenu(turn);
    case 'officer':
      // A form in progress is kept, to continue after the officer (or after the contacts, without one).
      turn.officerAsked();
      return requestOfficer(turn, 'asked');
    case 'cancel':
      turn.send(turn.text(inForm || s.suspended ? texts.cancelled : texts.nothingToCancel));
      s.suspended = undefined;
      clearForm(turn);
      return showMenu(turn);
    case 'menu':
      // A first message that is the menu command (Telegram's /start) is greeted all the same.
      if (!s.at) turn.send(turn.text(texts.greeting));
      if (inForm && s.at) s.suspended = { at: s.at, data: s.data, trail: s.trail };
      clearForm(turn);
      return showMenu(turn);
    case 'back': {
      if (!inForm) return showMenu(turn);
      const previous = s.trail.pop();
      if (!previous || !s.at) {
        turn.send(turn.text(texts.firstQuestion));
        return reprompt(turn);
      }
      s.reviewReturn = undefined;
      turn.send(turn.text(texts.backTo));
      return enter(turn, s.at.flowId, previous, { fromBack: true });
    }
  }
}

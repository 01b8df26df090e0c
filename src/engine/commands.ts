import { texts } from '../i18n/texts.js';
import { normalizeForMatch } from '../text/normalize.js';
import { MAIN_FLOW } from './flow-set.js';
import type { Turn } from './turn.js';
import { clearForm, enter, reprompt, showMenu } from './walk.js';

/** Words that mean the same at every step, whatever the question. */
export type Command = 'menu' | 'back' | 'cancel' | 'officer' | 'arabic' | 'english';

const WORDS: Record<Command, string[]> = {
  menu: ['القائمة', 'القائمة الرئيسية', 'القائمه', 'قائمة', 'المنيو', 'منيو', 'الرئيسية', 'ابدا من جديد', 'menu', 'main menu', 'home', 'start over', '/menu', '/start'],
  back: ['رجوع', 'ارجع', 'الرجوع', 'السابق', 'السؤال السابق', 'back', 'go back', 'previous'],
  cancel: ['الغاء', 'إلغاء', 'الغي', 'الغ', 'الغاء الطلب', 'خروج', 'توقف', 'cancel', 'stop', 'quit', 'exit'],
  officer: [
    'موظف', 'الموظف', 'كلم موظف', 'اكلم موظف', 'ابي موظف', 'ابغى موظف', 'ابغي موظف', 'اريد موظف', 'ابي اكلم موظف', 'ابغى اكلم موظف',
    'تحدث مع موظف', 'التحدث مع موظف', 'التواصل مع موظف', 'خدمة العملاء', 'الباحث الاجتماعي', 'باحث اجتماعي', 'مسؤول', 'انسان',
    'officer', 'agent', 'human', 'talk to an officer', 'talk to officer', 'talk to a human', 'speak to someone', 'customer service',
  ],
  arabic: ['عربي', 'العربية', 'العربيه', 'arabic', 'عربى'],
  english: ['english', 'انجليزي', 'انجلش', 'الانجليزية', 'in english', 'eng'],
};

const lookup = new Map<string, Command>();
for (const [command, words] of Object.entries(WORDS) as [Command, string[]][]) {
  for (const w of words) lookup.set(normalizeForMatch(w), command);
}

/**
 * The command a whole message is, if any. Only whole messages count, so a name like
 * "عبدالله الموظف" is never taken for a command. `0` is the menu, except where the question
 * wants a number (the caller says so), since 0 can be a real answer there (no income).
 */
export function detectCommand(text: string | undefined, numericQuestion: boolean): Command | undefined {
  if (!text) return undefined;
  const s = normalizeForMatch(text);
  if (!s) return undefined;
  if (s === '0' && !numericQuestion) return 'menu';
  return lookup.get(s) ?? lookup.get(s.replace(/^(يا |لو سمحت |please )/, ''));
}

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
      turn.send(turn.text(texts.officerContact));
      return inForm ? reprompt(turn, texts.continueForm) : showMenu(turn, texts.wayOn);
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

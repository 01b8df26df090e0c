import { normalizeForMatch } from '../text/normalize.js';

/**
 * The choice ids and commands the engine keeps for itself, in one place with their parsers.
 * Adapters build them (Telegram's `/start <topic>`, the web chat's Menu button), the engine
 * reads them, and the flow loader refuses a flow or profile option whose id would be taken for one.
 */

/** Words that mean the same at every step, whatever the question; also tapped as `cmd:<name>`. */
export const COMMANDS = ['menu', 'back', 'cancel', 'officer', 'arabic', 'english'] as const;
export type Command = (typeof COMMANDS)[number];

/** Choice ids the engine offers with its own replies (never a flow's option id). */
export const CHOICE = {
  /** On the main menu: continue the form left for the menu. */
  resume: 'resume',
  /** On the main menu: switch to the other language. */
  lang: 'lang',
  /** On a form's summary: the answers are right. */
  confirm: 'confirm',
  /** With an optional attachment: go on without one. */
  skip: 'skip',
  /** After repeated invalid answers: "would you like an officer?" */
  officerYes: 'officer-yes',
  officerNo: 'officer-no',
} as const;

/**
 * The answers to a yes/no question. Not reserved for flows: they are only offered with a
 * yes/no question, which has no options of its own to clash with.
 */
export const YES = 'yes';
export const NO = 'no';

const PREFIX = { command: 'cmd:', topic: 'topic:', edit: 'edit:' } as const;

/** A command as a tappable choice: `cmd:menu`. */
export const commandChoice = (command: Command): string => `${PREFIX.command}${command}`;
/** A knowledge-base topic as a tappable choice (did-you-mean, deep links): `topic:<topic id>`. */
export const topicChoice = (topicId: string): string => `${PREFIX.topic}${topicId}`;
/** "Change this answer" on a form's summary: `edit:<ask step id>`. */
export const editChoice = (stepId: string): string => `${PREFIX.edit}${stepId}`;

export type ReservedChoice =
  | { kind: 'command'; command: Command }
  | { kind: 'topic'; topicId: string }
  | { kind: 'edit'; stepId: string }
  | { kind: keyof typeof CHOICE }
  /** Shaped like a reserved id but naming nothing (`cmd:xyz`): the engine takes the message as text. */
  | { kind: 'unknown' };

const byId = new Map<string, keyof typeof CHOICE>(Object.entries(CHOICE).map(([k, id]) => [id, k as keyof typeof CHOICE]));
const commandSet: ReadonlySet<string> = new Set(COMMANDS);

/** What a choice id means to the engine, or undefined for an id that is not reserved (a flow's option). */
export function parseChoiceId(id: string | undefined): ReservedChoice | undefined {
  if (!id) return undefined;
  const fixed = byId.get(id);
  if (fixed) return { kind: fixed };
  if (id.startsWith(PREFIX.command)) {
    const command = id.slice(PREFIX.command.length);
    return commandSet.has(command) ? { kind: 'command', command: command as Command } : { kind: 'unknown' };
  }
  if (id.startsWith(PREFIX.topic)) {
    const topicId = id.slice(PREFIX.topic.length);
    return topicId ? { kind: 'topic', topicId } : { kind: 'unknown' };
  }
  if (id.startsWith(PREFIX.edit)) {
    const stepId = id.slice(PREFIX.edit.length);
    return stepId ? { kind: 'edit', stepId } : { kind: 'unknown' };
  }
  return undefined;
}

/** Why an option id cannot be used in a flow or the profile, or undefined when it can. */
export function reservedClash(id: string): string | undefined {
  const fixed = byId.get(id);
  if (fixed) return `option id "${id}" is reserved by the engine (its "${fixed}" choice); choose another id`;
  const prefix = Object.values(PREFIX).find((p) => id.startsWith(p));
  if (prefix) return `option id "${id}" starts with "${prefix}", which the engine reserves for its own choices; choose another id`;
  return undefined;
}

const WORDS: Record<Command, string[]> = {
  menu: ['القائمة', 'القائمة الرئيسية', 'القائمه', 'قائمة', 'المنيو', 'منيو', 'الرئيسية', 'ابدا من جديد', 'menu', 'main menu', 'home', 'start over', '/menu', '/start'],
  back: ['رجوع', 'ارجع', 'الرجوع', 'السابق', 'السؤال السابق', 'back', 'go back', 'previous'],
  cancel: ['الغاء', 'إلغاء', 'الغي', 'الغ', 'الغاء الطلب', 'خروج', 'توقف', 'cancel', 'stop', 'quit', 'exit'],
  officer: [
    'موظف', 'الموظف', 'كلم موظف', 'اكلم موظف', 'ابي موظف', 'ابغى موظف', 'ابغي موظف', 'اريد موظف', 'ابي اكلم موظف', 'ابي اكلم احد', 'ابغى اكلم احد', 'ابغى اكلم موظف',
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
 * The command a whole typed message is, if any. Only whole messages count, so a name like
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

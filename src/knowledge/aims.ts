/**
 * Issue 15, round 4: bodies no list can name. The lists of `elsewhere.ts` name the kinds of bodies
 * every association meets and their brands; but people volunteer at a rally, give to a campaign for
 * wells in Africa, ask about "برنامج تكافل" or "مكتب الشؤون الاجتماعية". What these share is their
 * shape, not their words:
 * - a generic noun of a body followed by a name the knowledge base's topics never use: «برنامج
 *   تكافل», «مكتب الشؤون», «فريق تنظيف الشواطئ», «حملة سقيا» (but «فريق التطوع», «برامج للايتام»);
 * - what a topic's action is aimed at, where the knowledge base never uses that word: «اتطوع في
 *   الحرم», «متطوع في نادي الحي», «اتبرع لحاويه», «اقيم المحل» (but «اتطوع في رمضان», «اتبرع
 *   للايتام», «اقيم الموظف»).
 * "Never uses" is judged against the topics' own examples, so an association teaches the rule its
 * exceptions by adding an example (a miss assigned in the console does exactly that).
 */
import { lightStem } from './stem.js';

/** Generic nouns of bodies, as prepared: with a name after them they are a body of their own. */
export const BODY_NOUNS: readonly string[] = [
  'شركه', 'مؤسسه', 'موسسه', 'مركز', 'منصه', 'برنامج', 'حمله', 'مبادره', 'مكتب', 'فريق', 'نادي', 'مهرجان', 'موسم', 'صندوق',
  'هيئه', 'وزاره', 'مجمع', 'مصنع', 'مستشفي', 'مستوصف', 'عياده', 'بنك', 'مصرف', 'جامعه', 'مدرسه', 'معهد', 'تطبيق', 'منحه', 'مشروع',
  'company', 'foundation', 'center', 'centre', 'platform', 'program', 'campaign', 'initiative', 'team', 'club', 'festival', 'fund', 'app',
];

/** Words of time: what an action may be "in" without being aimed at a body («اتطوع في رمضان»). */
const TIMES = new Set([
  'رمضان', 'الاجازه', 'اجازه', 'الصيف', 'الصيفيه', 'العيد', 'الويكند', 'نهايه', 'الخميس', 'الجمعه', 'السبت', 'الشتاء', 'الشتا', 'العطله', 'عطله',
  'المساء', 'الصباح', 'الليل', 'الفتره', 'الاسبوع', 'الشهر', 'السنه', 'وقت', 'الوقت', 'اوقات', 'ايام', 'يوم', 'weekends', 'weekend', 'summer', 'ramadan', 'eid', 'evenings', 'holidays',
]);

/** "The people of": the place after them is what is named. */
const PEOPLE_OF = new Set(['اهل', 'اهالي', 'people']);

/** Articles and fillers between an action's preposition and its object («at the riyadh season»). */
const SKIP = new Set(['the', 'a', 'an', 'ال']);

/** Actions (as prepared) and the prepositions by which they reach what they are aimed at. */
const AIMS: Record<string, { preps: readonly string[]; prefixes: RegExp; direct?: boolean }> = {
  // «اتطوع في/مع/عند/لدى X», «متطوع بالحرم»: ب with a skill («بخبرتي») is a known word.
  تطوع: { preps: ['في', 'مع', 'عند', 'لدي', 'ويا'], prefixes: /^(بال|ب|لل)(.{3,})$/ },
  volunteer: { preps: ['at', 'with', 'in', 'for'], prefixes: /^$/ },
  // «اتبرع لـX» names the receiver; ب is the gift («اتبرع بثلاجه»), عن طريق the channel.
  تبرع: { preps: ['الي'], prefixes: /^(لل|ل)(.{3,})$/ },
  donate: { preps: ['to'], prefixes: /^$/ },
  // «اقيم المحل»: a definite object no topic uses. (Not complaints: what one complains of is as often
  // a thing as a body, «اشتكي على التأخير», and not English, whose nouns come in pairs: "feedback form".)
  تقييم: { preps: [], prefixes: /^$/, direct: true },
};

/** The words our topics use, by every form a message may bring them in (with particles, by stem). */
export class Vocabulary {
  private readonly words = new Set<string>();

  /** `topicExamples`: every topic's examples, prepared; `more`: words known besides (the examples as written, the word maps, the association's own names). */
  constructor(topicExamples: readonly (readonly string[][])[], more: Iterable<string> = []) {
    for (const examples of topicExamples) for (const e of examples) for (const t of e) for (const f of bare(t)) this.words.add(f);
    for (const t of more) for (const f of bare(t)) this.words.add(f);
  }

  /** Whether no topic example uses the word, in any form; a word of "you" (…كم) or a number is never unknown. */
  unknown(token: string): boolean {
    if (token.length < 3 || /[0-9]/.test(token) || (token.endsWith('كم') && token.length >= 5) || TIMES.has(token)) return false;
    return bare(token).every((f) => !this.words.has(f));
  }
}

/** A token, without its particles, and their light stems. */
function bare(token: string): string[] {
  const out = [token, lightStem(token)];
  const m = /^(وبال|وال|بال|فال|كال|لل|ال|و|ب|ل|ف)(.{3,})$/.exec(token);
  if (m) out.push(m[2]!, lightStem(m[2]!));
  return out;
}

/** The same noun with the article or a particle (بالمركز، للبرنامج، والشركه). */
function isNoun(token: string, noun: string): boolean {
  if (token === noun) return true;
  const m = /^(وبال|وال|بال|فال|كال|لل|ال|و|ب|ل|ف)(.+)$/.exec(token);
  return m !== null && m[2] === noun;
}

/** Positions of a generic body noun followed by a name no topic uses, with the noun («برنامج تكافل» → [i, برنامج]). */
export function namedBodies(tokens: readonly string[], vocabulary: Vocabulary): { at: number; noun: string }[] {
  const out: { at: number; noun: string }[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const noun = BODY_NOUNS.find((n) => isNoun(tokens[i]!, n));
    if (noun && vocabulary.unknown(tokens[i + 1]!)) out.push({ at: i, noun });
  }
  return out;
}

/** Words of an association (as prepared): «جمعيه مودة» with a name no topic uses is another one. */
const ASSOCIATIONS = new Set(['جمعيه', 'جمعيات', 'association', 'society', 'charity']);

/** Positions of an association named by a word no topic uses («جمعيه الزهايمر», «جمعيه مودة»): another association. */
export function namedAssociations(tokens: readonly string[], vocabulary: Vocabulary): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!ASSOCIATIONS.has(tokens[i]!) && !(tokens[i]!.length > 5 && /^(ال|لل|بال|ل|ب)جمعي(ه|ات)$/.test(tokens[i]!))) continue;
    const arabic = ARABIC.test(tokens[i]!);
    const name = tokens[i + 1]!;
    // A name in the association's own script; not a place phrase («الجمعيه جنب البنك»), a courtesy
    // («جمعيتكم الموقره») or a verb in the present tense («الجمعيه تكفل الايتام», «تساعد»), though a
    // verbal noun is («جمعيه تحفيظ القران», «تنميه»: تفعيل).
    if (ARABIC.test(name) !== arabic || NOT_NAMES.has(name) || (/^[تين].{2,4}$/.test(name) && !/^ت..ي.$/.test(name))) continue;
    if (vocabulary.unknown(name)) out.push(i);
  }
  return out;
}

const ARABIC = /[\u0621-\u064A]/;

/** Words after جمعيه that place it or say when, not what it is called. */
const NOT_NAMES = new Set([
  'جنب', 'قرب', 'قريب', 'جوار', 'بجنب', 'بجوار', 'مقابل', 'ورا', 'قدام', 'عند', 'near', 'next', 'online',
  'اللي', 'الي', 'الذي', 'التي', 'هذي', 'هاذي', 'ذي', 'دي', 'هذه', 'هذا', 'ذا', 'حقت', 'حقه', 'نفسها', 'كلها', 'بس', 'ولا', 'او',
  'الموقره', 'موقره', 'المحترمه', 'محترمه', 'الكريمه', 'الفاضله', 'المباركه', 'مباركه', 'العزيزه', 'الطيبه', 'الرائعه', 'الغاليه',
]);

/** The generic body nouns `tokens` hold (so a topic whose examples speak of a company is not ruled out by «شركه صغيره» alone). */
export function bodyNouns(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) for (const n of BODY_NOUNS) if (isNoun(t, n)) out.add(n);
  return out;
}

/** Whether a topic's action is aimed at a word no topic uses: «اتطوع في الحرم», «اتبرع لحاويه», «اقيم المحل». */
export function aimedAtUnknown(tokens: readonly string[], vocabulary: Vocabulary): boolean {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const aim = AIMS[tokens[i]!];
    if (!aim) continue;
    // An English action is followed by its Arabic counterpart ("volunteer تطوع at"): skip it.
    let k = i + 1;
    while (k < tokens.length && AIMS[tokens[k]!]) k++;
    if (k >= tokens.length) break;
    const next = tokens[k]!;
    if (aim.preps.includes(next)) {
      let j = k + 1;
      while (j < tokens.length && SKIP.has(tokens[j]!)) j++;
      // The people of a place are what is named by the place («اتبرع لاهل غزه»).
      if (j + 1 < tokens.length && PEOPLE_OF.has(tokens[j]!)) j++;
      if (j < tokens.length && vocabulary.unknown(tokens[j]!)) return true;
      continue;
    }
    // The receiver may come after the gift («اتبرع بملابس لحاويه»), within a few words.
    for (let j = k; j < Math.min(tokens.length, k + 3); j++) {
      const m = aim.prefixes.exec(tokens[j]!);
      if (!m) continue;
      const object = PEOPLE_OF.has(m[2]!) && j + 1 < tokens.length ? tokens[j + 1]! : tokens[j]!;
      if (vocabulary.unknown(object)) return true;
      break;
    }
    if (aim.direct && next.startsWith('ال') && vocabulary.unknown(next)) return true;
  }
  return false;
}

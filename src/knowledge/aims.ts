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
import { FUNCTION_WORDS } from './function-words.js';

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

/** "The people of", "for the sake of": the word after them is what is named («اتبرع لاهل غزه», «لصالح الايتام»). */
const PEOPLE_OF = new Set(['اهل', 'اهالي', 'صالح', 'اجل', 'people']);

/**
 * Places abroad one is asked to give to (round 5): the association serves its own area, so a gift aimed
 * at one («اتبرع لغزه», «لليمن») is another body's campaign. Only read as what a gift is aimed at: an
 * iqama holder from one of them asks about eligibility in the same words.
 */
const PLACES = new Set([
  'غزه', 'فلسطين', 'سوريا', 'اليمن', 'يمن', 'السودان', 'سودان', 'الصومال', 'صومال', 'افريقيا', 'تركيا', 'لبنان', 'العراق', 'عراق',
  'افغانستان', 'باكستان', 'بنغلاديش', 'الروهينجا', 'ليبيا', 'مصر', 'الاردن', 'اندونيسيا', 'الهند', 'gaza', 'palestine', 'syria', 'yemen',
  'sudan', 'somalia', 'africa', 'turkey', 'lebanon',
]);

/** The actions whose aim may be a place abroad. */
const GIFTS_TO_PLACES = new Set(['تبرع']);

/** The shapes of Arabic plurals of people (فقراء، مسنين، محتاجات، جيران، عمال، حجاج): a kind of people, not one body. */
const PEOPLE_PLURAL = /(ين|ون|ات|اء|ان)$|^[\u0621-\u064A]{2}ا[\u0621-\u064A]$/;

/** A word with a possessive ending: people of one's own («مع ولادي», «لاخواننا»), not a body. */
const POSSESSED = /(ي|نا|هم|ها)$/;

/** Articles and fillers between an action's preposition and its object («at the riyadh season»). */
const SKIP = new Set(['the', 'a', 'an', 'ال']);

/** Actions (as prepared) and the prepositions by which they reach what they are aimed at. */
const AIMS: Record<string, { preps: readonly string[]; prefixes: RegExp; direct?: boolean; written?: boolean; round6?: boolean }> = {
  // «اتطوع مع/عند/لدى X»: a body. Not «في X» nor «بـX»: what one volunteers in or with is as often a
  // skill or a task no example names («في التصوير», «بالسيارة») as a place; places and events are listed (bodies.ts).
  تطوع: { preps: ['مع', 'عند', 'لدي', 'ويا'], prefixes: /^$/ },
  volunteer: { preps: ['with'], prefixes: /^$/ },
  // «اتبرع لـX» names the receiver; ب is the gift («اتبرع بثلاجه»), عن طريق the channel. A receiver
  // with the article is a kind of people, in words of every dialect («للغلابه», «للمرضي»); a body or a
  // place is named without it («لحاويه», «لغزه», «لحمله سقيا»).
  تبرع: { preps: [], prefixes: /^(ل)(?!ل)(.{3,})$/ },
  donate: { preps: [], prefixes: /^$/ },
  // «اقيم المحل»: a definite object no topic uses. (Not complaints: what one complains of is as often
  // a thing as a body, «اشتكي على التأخير», and not English, whose nouns come in pairs: "feedback form".)
  تقييم: { preps: [], prefixes: /^$/, direct: true },
  // Round 6: «اشتكي على المعلمه», «شكوي ضد الجيران»: a complaint aimed at a definite word no topic uses is
  // about someone else; what we are complained of, our staff, delays, baskets, is in the examples («على التاخير»).
  // (Not in Arabizi: a transliteration the maps lack, «3la el ta3amol» → التعمول, reads as unknown.)
  شكوي: { preps: ['علي', 'ضد'], prefixes: /^$/, written: true, round6: true },
  // Round 6: the place of something no topic names («وين مكان الحفل», «عنوان المعرض») is not ours.
  موقع: { preps: [], prefixes: /^$/, direct: true, written: true, round6: true },
  عنوان: { preps: [], prefixes: /^$/, direct: true, written: true, round6: true },
};

/** The words our topics use, by every form a message may bring them in (with particles, by stem). */
export class Vocabulary {
  private readonly words = new Set<string>();

  /** `topicExamples`: every topic's examples, prepared; `more`: words known besides (the examples as written, the word maps, the association's own names). */
  constructor(topicExamples: readonly (readonly string[][])[], more: Iterable<string> = []) {
    for (const examples of topicExamples) for (const e of examples) for (const t of e) for (const f of bare(t)) this.words.add(f);
    for (const t of more) for (const f of bare(t)) this.words.add(f);
  }

  /**
   * Whether no topic example uses the word, in any form; a word of "you" (…كم), a number or a closed-class
   * word is never unknown (whether the examples happen to use «اللي» or "other" says nothing of a name).
   */
  unknown(token: string): boolean {
    if (token.length < 3 || /[0-9]/.test(token) || (token.endsWith('كم') && token.length >= 5) || TIMES.has(token) || FUNCTION_WORDS.has(token)) return false;
    return bare(token).every((f) => !this.words.has(f));
  }
}

/** A token, without its particles, and their light stems. */
export function bare(token: string): string[] {
  const out = [token, lightStem(token)];
  const m = /^(وبال|وال|بال|فال|كال|لل|ال|و|ب|ل|ف)(.{3,})$/.exec(token);
  if (m) out.push(m[2]!, lightStem(m[2]!));
  return out;
}

/** The noun without the article, perhaps behind a particle (بمركز، لبرنامج، وشركه). */
function isConstruct(token: string, noun: string): boolean {
  return token === noun || (token.length === noun.length + 1 && 'وبلف'.includes(token[0]!) && token.endsWith(noun));
}

/** The same noun with the article or a particle (بالمركز، للبرنامج، والشركه). */
function isNoun(token: string, noun: string): boolean {
  if (token === noun) return true;
  const m = /^(وبال|وال|بال|فال|كال|لل|ال|و|ب|ل|ف)(.+)$/.exec(token);
  return m !== null && m[2] === noun;
}

/**
 * Positions of a generic body noun followed by a name no topic uses, with the kind it is
 * («برنامج تكافل» → named:برنامج, «جامعه الامام» → school: the kind the lists give such bodies, so a
 * topic whose stories mention universities is not ruled out by one). A name is not a conjunction
 * («مصنع وانصاب») nor behind ب («مكتب بالرياض»).
 */
export function namedBodies(tokens: readonly string[], vocabulary: Vocabulary): { at: number; kind: string }[] {
  const out: { at: number; kind: string }[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    // The noun in construct («برنامج تكافل», «بمركز الملك»), not with the article: «المركز الرئيسي» is a noun and its adjective.
    const noun = BODY_NOUNS.find((n) => isConstruct(tokens[i]!, n));
    const name = tokens[i + 1]!;
    if (noun && !/^(و|ب)/.test(name) && vocabulary.unknown(name)) out.push({ at: i, kind: NOUN_KINDS[noun] ?? `named:${noun}` });
  }
  return out;
}

/** The kind of a body named by `noun` (a kind of bodies.ts, or `named:<noun>`). */
export function nounKind(noun: string): string {
  return NOUN_KINDS[noun] ?? `named:${noun}`;
}

/** Body nouns of a kind the lists know (bodies.ts). */
const NOUN_KINDS: Record<string, string> = {
  جامعه: 'school', مدرسه: 'school', معهد: 'school', مستشفي: 'hospital', مستوصف: 'hospital', عياده: 'hospital', بنك: 'bank', مصرف: 'bank',
  شركه: 'employer', مؤسسه: 'employer', موسسه: 'employer', مصنع: 'employer', وزاره: 'government', هيئه: 'government', تطبيق: 'app', app: 'app', company: 'employer',
};

/** An association as written, indefinite: «جمعيه مودة» (construct) names one; «الجمعيه الخيريه» (the article) is the one spoken of. */
const ASSOCIATION = /^(و|ب|ل|لـ)?جمعي(ه|ات)$|^(association|society|charity)$/;

/** Whether a word as written is an association word (any form: «الجمعيه», «جمعيتكم», «لجمعيه»). */
export function isAssociation(word: string): boolean {
  return /جمعي(ه|ات|تكم|تكو|تنا)$/.test(word) || /^(association|society|charity)$/.test(word);
}

/**
 * Positions, in the words as written (`Preparer.rawWords`: the article is still there), of an
 * association named by a word no topic uses: «جمعيه الزهايمر», «لجمعيه مودة» are other associations.
 */
export function namedAssociations(raw: readonly string[], vocabulary: Vocabulary, ours?: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < raw.length; i++) {
    if (!ASSOCIATION.test(raw[i]!)) continue;
    const arabic = ARABIC.test(raw[i]!);
    const name = raw[i + 1]!;
    // Round 6: an association in a city or country not ours («جمعيه خيريه بالاردن», «لجمعيه في جده»).
    if (ours !== undefined && raw.slice(i + 1, i + 4).some((w) => elsewherePlace(w, ours))) {
      out.push(i);
      continue;
    }
    // A name in the association's own script; not a place phrase («جمعيه جنب البنك»), a courtesy
    // («جمعيه موقره»), what is behind ب or و («جمعيه بالملز») or a verb in the present tense
    // («جمعيه تكفل الايتام», «تساعد»), though a verbal noun is («جمعيه تحفيظ القران», «تنميه»: تفعيل).
    if (ARABIC.test(name) !== arabic || NOT_NAMES.has(name) || /^(ب|و)/.test(name) || (/^[تين].{2,4}$/.test(name) && !/^ت..ي.$/.test(name))) continue;
    if (vocabulary.unknown(name) || (ours !== undefined && namesAnother(name, ours))) out.push(i);
  }
  return out;
}

const ARABIC = /[\u0621-\u064A]/;

/** The kingdom's cities (as written, folded), besides the places abroad: where another association may be. */
const CITIES = new Set([
  'الرياض', 'جده', 'مكه', 'المدينه', 'الدمام', 'الخبر', 'الظهران', 'الاحساء', 'القطيف', 'الجبيل', 'الطايف', 'تبوك', 'ابها', 'خميس', 'جازان', 'جيزان',
  'نجران', 'حايل', 'بريده', 'عنيزه', 'القصيم', 'الباحه', 'عرعر', 'سكاكا', 'الجوف', 'ينبع', 'القريات', 'حفر', 'الخرج', 'المجمعه', 'بيشه',
  'riyadh', 'jeddah', 'jedda', 'mecca', 'makkah', 'medina', 'madinah', 'dammam', 'khobar', 'taif', 'tabuk', 'abha', 'jazan',
]);

/** A place word (behind في or a particle) that is a city or country and not in the association's own address. */
function elsewherePlace(word: string, ours: ReadonlySet<string>): boolean {
  const m = /^(بال|وال|في|ب|ال)?(.+)$/.exec(word)!;
  const bare = m[2]!;
  const forms = [word, bare, `ال${bare}`];
  if (forms.some((f) => ours.has(f))) return false;
  return forms.some((f) => CITIES.has(f) || PLACES.has(f));
}

/**
 * Round 6: where the association's own names are known (`ours`: their words and its address's), a word
 * our topics do use names another association too («جمعيه انسان», «جمعيه الحي», «جمعيه تكافل»), unless
 * it is one of ours, a closed-class word («جمعيه ولا شركه», «جمعيه تبع مين») or an adjective that says
 * what kind of association it is: a nisba («خيريه», «اهليه», «رسميه») or a participle («مرخصه», «معتمده»).
 */
function namesAnother(name: string, ours: ReadonlySet<string>): boolean {
  const bare = name.replace(/^ال/, '');
  if (ours.has(name) || ours.has(bare) || FUNCTION_WORDS.has(name) || !ARABIC.test(name)) return false;
  return !/يه$/.test(bare) && !/^م.{2,4}ه$/.test(bare);
}

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

/** Whether a topic's action is aimed at a word no topic uses: «اتطوع في الحرم», «اتبرع لحاويه», «اقيم المحل», «اشتكي على الجيران» (round 6; `arabizi`: the message is written in Latin letters; `round6`: with round 6's complaints and places). */
export function aimedAtUnknown(tokens: readonly string[], vocabulary: Vocabulary, arabizi = false, round6 = true): boolean {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const aim = AIMS[tokens[i]!];
    if (!aim || (aim.written && arabizi) || (aim.round6 && !round6)) continue;
    // An English action is followed by its Arabic counterpart ("volunteer تطوع at"): skip it.
    let k = i + 1;
    while (k < tokens.length && AIMS[tokens[k]!]) k++;
    if (k >= tokens.length) break;
    const next = tokens[k]!;
    if (aim.preps.includes(next)) {
      // A body after "with": definite («مع الكشافه», "with the scouts"), not one's own people («مع ولادي», "with my friends").
      let j = k + 1;
      const english = !ARABIC.test(next);
      if (english && tokens[j] !== 'the') continue;
      while (j < tokens.length && SKIP.has(tokens[j]!)) j++;
      const object = tokens[j];
      if (object && (english || (object.startsWith('ال') && !POSSESSED.test(object))) && vocabulary.unknown(object)) return true;
      continue;
    }
    // The receiver may come after the gift («اتبرع بملابس لحاويه»), within a few words.
    for (let j = k; j < Math.min(tokens.length, k + 3); j++) {
      if (GIFTS_TO_PLACES.has(tokens[i]!) && /^لل/.test(tokens[j]!) && PLACES.has(`ال${tokens[j]!.slice(2)}`)) return true;
      const m = aim.prefixes.exec(tokens[j]!);
      if (!m) continue;
      // Behind "the people of", "for the sake of" or one's own («لاخواننا المحتاجين»), the next word is what is named.
      // A generic body noun («لمشروع السلال», «لحمله سقيا») is judged by its name, as `namedBodies` does (round 5).
      if (BODY_NOUNS.includes(m[2]!)) break;
      const through = PEOPLE_OF.has(m[2]!) || POSSESSED.test(m[2]!);
      const object = through ? tokens[j + 1] : tokens[j]!;
      if (!object) break;
      const bare = through ? object.replace(/^(ل|ال)/, '') : m[2]!;
      if (PLACES.has(bare)) return true;
      // Round 5: an indefinite kind of people is no body («لفقراء», «لمسنين», «لجيران», «لعمال»): only a
      // word not of the shape of a plural is taken for one («لحاويه»), behind "the people of" any word («لاهل غزه»).
      if (!object.startsWith('ال') && vocabulary.unknown(object) && (through || !PEOPLE_PLURAL.test(bare))) return true;
      break;
    }
    if (aim.direct && next.startsWith('ال') && vocabulary.unknown(next)) return true;
  }
  return false;
}

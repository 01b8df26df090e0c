/**
 * The "run elsewhere" rules: a message about a programme or body the association does not run is
 * out of scope whatever words it shares with our topics ("وش رقم خدمة عملاء البنك" is not a
 * question about our phone number, "ابي اتطوع مع الهلال الاحمر" not one about volunteering here).
 *
 * Two lists: the knowledge base's `elsewhere:` names (government programmes: حساب المواطن، أبشر …),
 * which rule a message out unless it names the association; and the kinds of other bodies every
 * association meets in messages (hospitals, banks, telecom companies, restaurants, embassies, other
 * charities, loan offers), which do the same, except for a topic whose own examples mention that
 * kind: there the body is part of the person's story ("زوجي منوم في المستشفى ومالنا دخل" asks for
 * support), so the classifier decides.
 *
 * Issue 15, round 3 (`addressee`): who the question is about. A body the question is about (the first
 * word of a one-sentence message, the possessor of a key noun «شروط الضمان»، «رقم البنك», what a
 * topic's action aims at «اتطوع في مدرسة») rules the message out even where the topic's stories
 * mention that kind; a body that is only the story's background (behind a preposition, with a verb
 * said to "you all": «تعطون بياناتي للبنك», or before a question to "you all" that names none) does not.
 */
import { aimedAtUnknown, bodyNouns, namedAssociations, namedBodies, type Vocabulary } from './aims.js';
import { lightStem } from './stem.js';

/** Kinds of bodies and services the association is not (normalised as `fold` leaves them). */
export const OTHER_BODIES: Record<string, readonly string[]> = {
  hospital: ['مستشفي', 'المستشفي', 'مستشفيات', 'مستوصف', 'المستوصف', 'عياده', 'العياده', 'مجمع طبي', 'طوارئ', 'hospital', 'clinic'],
  bank: ['بنك', 'البنك', 'بنوك', 'البنوك', 'مصرف', 'المصرف', 'الراجحي', 'الانماء', 'بنك البلاد', 'بنك الرياض', 'البنك الاهلي', 'سامبا', 'ساب', 'الجزيره', 'bank'],
  telecom: ['stc', 'موبايلي', 'mobily', 'ليبارا', 'شركه الاتصالات', 'الاتصالات السعوديه', 'النت فاصل', 'شريحه', 'الشريحه', 'باقه', 'الباقه', 'internet provider', 'telecom'],
  utility: ['شركه الكهرباء', 'شركه الكهربا', 'شركه المياه', 'المياه الوطنيه', 'عداد', 'العداد', 'عداد الكهرباء', 'عداد المويه', 'شركه الغاز'],
  restaurant: ['مطعم', 'المطعم', 'مطاعم', 'المطاعم', 'كافيه', 'الكافيه', 'كوفي', 'البيك', 'restaurant', 'cafe'],
  embassy: ['سفاره', 'السفاره', 'قنصليه', 'القنصليه', 'embassy', 'consulate'],
  'other-charity': ['الهلال الاحمر', 'هلال احمر', 'الكشافه', 'كشافه', 'بنك الطعام', 'التبرع بالدم', 'اتبرع بالدم', 'red crescent', 'blood'],
  'loan-offer': ['قرض', 'قروض', 'القرض', 'تمويل', 'التمويل', 'بدون كفيل', 'المتعثرين', 'للمتعثرين', 'سمه', 'loan', 'loans', 'تعقيب', 'معقب', 'المعقب', 'للفوز', 'الفوز', 'ربحت', 'جائزه', 'الجائزه', 'مسابقه', 'المسابقه', 'بطاقه ائتمانيه', 'البطاقه الائتمانيه', 'credit card'],
  employer: ['وظيفه', 'وظايف', 'توظيف', 'job', 'jobs'],
};

/**
 * Issue 15, round 3 (with `addressee`): the kinds and names a third writer's look-alikes were said to
 * name (government offices, schools, shops, airlines, apps, landlords, employers, other charities'
 * campaigns and mosques; brands of each). Every name was checked against every example, so that none
 * is an everyday word once prepared (زين is "good", البريد "email", application a request, سلام a greeting).
 */
export const MORE_BODIES: Record<string, readonly string[]> = {
  hospital: ['mostashfa', 'mustashfa', 'الحبيب', 'سليمان الحبيب', 'دله', 'المواساه', 'التخصصي', 'المدينه الطبيه', 'الصيدليه', 'صيدليه', 'النهدي', 'مختبر', 'المختبر', 'pharmacy'],
  bank: ['rajhi', 'alrajhi', 'بطاقه مدي', 'مدي البنكيه', 'الصراف الالي', 'atm', 'البنك السعودي', 'الفرنسي', 'العربي الوطني', 'الاهلي السعودي', 'snb', 'stc bank', 'urpay', 'يور باي', 'بنك ساب', 'مصرفي', 'الصراف'],
  telecom: ['شركه زين', 'عملاء زين', 'خط زين', 'zain', 'فودافون', 'vodafone', 'اس تي سي', 'الالياف', 'ريدبل', 'فيرجن', 'virgin', 'فاتوره الجوال', 'فاتوره النت', 'الراوتر', 'راوتر', 'router'],
  restaurant: ['حجز طاوله', 'احجز طاوله', 'ماكدونالدز', 'كنتاكي', 'هرفي', 'كودو', 'ستاربكس', 'دانكن', 'شاورمر', 'البرجر', 'mcdonalds', 'kfc', 'starbucks'],
  'other-charity': ['مسجد', 'المسجد', 'المساجد', 'mosque', 'الصليب الاحمر', 'hilal al a7mar', 'بنك الدم', 'بالكلي', 'احسان', 'منصه احسان', 'جود الاسكان', 'فرجت', 'منصه تبرع', 'مركز الملك سلمان', 'unicef', 'يونيسف', 'red cross', 'اتبرع دم', 'تبرع دم', 'التبرع بالاعضاء', 'بالاعضاء', 'الاغاثه', 'اغاثه', 'ehsan', 'jood', 'donate blood', 'blood donation', 'organ'],
  landlord: ['المالك', 'المؤجر', 'مستاجر', 'كمستاجر', 'landlord'],
  employer: ['الشركه', 'شركتي', 'كفيلي', 'صاحب العمل', 'الكفيل', 'ارامكو', 'employer', 'الشركه اللي اشتغل', 'المدير حقي', 'الموارد البشريه حق الشركه'],
  government: ['وزاره', 'الوزاره', 'الهيئه', 'هيئه حقوق', 'هيئه الزكاه', 'مكتب العمل', 'مكتب التعليم', 'المحكمه', 'الدفاع المدني', 'ministry', 'الشرطه', 'النيابه', 'سبل', 'ناجز', 'مدرستي', 'وزير', 'municipality', 'court', 'police', 'government office'],
  school: ['مدرسه', 'المدرسه', 'مدارس', 'جامعه', 'الجامعه', 'الجامعات', 'جامعي', 'جامعيه', 'الجامعي', 'مدرسيه', 'النادي', 'school', 'university', 'المعهد', 'الروضه', 'teacher', 'college'],
  shop: ['المحل', 'محلات', 'سوبرماركت', 'السوبرماركت', 'هايبر', 'بنده', 'امازون', 'نون', 'شي ان', 'ايكيا', 'ikea', 'amazon', 'shein', 'noon', 'المستهلك', 'جرير', 'اكسترا', 'العثيم', 'الدانوب', 'كارفور', 'لولو', 'نمشي', 'علي اكسبرس', 'المول', 'store', 'shop', 'mall', 'carrefour', 'jarir'],
  airline: ['الخطوط السعوديه', 'طيران', 'الطيران', 'فلاي اديل', 'flynas', 'flyadeal', 'airline', 'saudia', 'طيران الرياض', 'طيران ناس', 'طيران اديل', 'الاماراتيه', 'القطريه', 'emirates', 'flight', 'تذكره الطيران'],
  app: ['تطبيق', 'التطبيق', 'هنقرستيشن', 'مرسول', 'اوبر', 'سناب', 'سناب شات', 'الواتساب', 'قوقل', 'google', 'snapchat', 'uber', 'app', 'تويتر', 'انستقرام', 'تيك توك', 'يوتيوب', 'نتفلكس', 'تيليجرام', 'twitter', 'instagram', 'tiktok', 'youtube', 'netflix', 'talabat', 'hungerstation', 'jahez', 'تطبيقات'],
};

/** Words that name the association itself (as prepared): "عندكم", "الجمعية", "your association". */
export const OURS = new Set(['جمعيه', 'جمعيتكم', 'عندكم', 'لديكم', 'منكم', 'معكم', 'لكم', 'فيكم', 'حسابكم', 'رقمكم', 'انتم', 'انتو', 'انتوا', 'اياكم', 'حقكم', 'حقتكم', 'تبعكم', 'بتاعكم', 'تبعكو', 'بتاعكو', 'عندكو', 'منكو', 'معاكو', 'ليكو', 'لكوم', 'عندكوم', 'معاكم', 'ليكم', 'association', 'charity', 'you', 'your', 'yours']);

/** The same word, perhaps behind an attached particle (لحساب المواطن، بأبشر، والضمان). */
export function sameWord(token: string, word: string): boolean {
  if (token === word) return true;
  if (token.length === word.length + 1 && 'وبلفك'.includes(token[0]!) && token.endsWith(word)) return true;
  if (token.length === word.length + 2 && /^(وب|ول|لل|فب|فل|وك)/.test(token) && token.endsWith(word)) return true;
  return /[\u0621-\u064A]/.test(word) && word.length >= 3 && lightStem(token) === lightStem(word);
}

/**
 * The same word written with the article or a particle in front (بالمستشفى، للبنك، والمطعم), and
 * nothing looser: a body's name compared by stem meets everyday words ("اهلي" my family is not
 * "الاهلي" the bank).
 */
export function sameName(token: string, word: string): boolean {
  if (token === word) return true;
  const bare = word.startsWith('ال') ? word.slice(2) : word;
  const m = /^(وبال|وال|بال|فال|كال|لل|ال|و|ب|ل|ف)(.+)$/.exec(token);
  return m !== null && (m[2] === word || m[2] === bare || (m[1]!.endsWith('ل') && m[2] === bare));
}

/**
 * A one-word programme name compared as a body's name is, and also without its article (ضمان for
 * الضمان): by stem, "سكني" (Sakani) would meet السكن (housing) and "طاقات" (Taqat) طاقه (energy).
 */
export function sameProgramme(token: string, word: string): boolean {
  return sameName(token, word) || (word.startsWith('ال') && word.length >= 6 && token === word.slice(2));
}

/** Whether `tokens` contain `name` (a word sequence) at some position, each word compared by `same`. */
export function contains(tokens: readonly string[], name: readonly string[], same: (token: string, word: string) => boolean = sameWord): boolean {
  for (let i = 0; i + name.length <= tokens.length; i++) {
    if (name.every((w, k) => same(tokens[i + k]!, w))) return true;
  }
  return false;
}

/** "Next to you", "near you", "other than you": the association as a landmark, not as the one asked. */
const NEAR_US = new Set(['جنبكم', 'قربكم', 'حولكم', 'قريبكم', 'جنبيكم', 'وراكم', 'قدامكم', 'عليكم', 'غيركم']);

/** "Another", "the other": after جمعيه, within a few words, it is another association. */
const OTHER = new Set(['ثانيه', 'الثانيه', 'اخري', 'الاخري', 'ثانيين', 'غيركم', 'other', 'another']);

/**
 * Positions of جمعيه that name another association ("جمعيه ثانيه", "جمعيه البر الثانيه", "another
 * charity"): those are a body like a bank, not the association spoken to.
 */
export function otherAssociations(tokens: readonly string[]): Set<number> {
  const at = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'جمعيه' && tokens[i] !== 'جمعيات' && tokens[i] !== 'charity' && tokens[i] !== 'association') continue;
    for (let k = Math.max(0, i - 1); k <= Math.min(tokens.length - 1, i + 3); k++) if (k !== i && OTHER.has(tokens[k]!)) at.add(i);
  }
  return at;
}

/** Words of the shape of a verb said to "you all" that are not one (تعاون cooperation, تلفزيون). */
const NOT_VERBS = new Set(['تعاون', 'تلفزيون', 'تليفون', 'تلفون', 'تموين']);

/**
 * A verb said to "you all", the way a beneficiary addresses the association in every dialect:
 * تبون، تطلبون، تعطونا، بتقدموا (you want, ask for, give us …), and plural imperatives that ask
 * something of it: عطوني، ساعدوني، ارسلولي (give me, help me, send me).
 */
export function addressesUs(t: string): boolean {
  if (NOT_VERBS.has(t)) return false;
  if (t === 'تبون' || t === 'تبغون') return true;
  if (t.length >= 5 && /^(ت|بت)/.test(t) && /(ون|ونه|ونها|ونا|وني|ونهم)$/.test(t)) return true;
  if (t.length >= 6 && t.startsWith('بت') && /(وا|و)$/.test(t)) return true;
  return t.length >= 5 && /(وني|ولي)$/.test(t) && !t.startsWith('ي');
}

/**
 * Whether the message speaks to the association: one of `OURS`, a word with the "your" ending
 * كم (موقعكم، دوامكم، اسالكم), except courtesies (يعطيكم، يخليكم) and places next to it (جنبكم),
 * or, with `verbs`, a verb said to "you all" (`addressesUs`).
 */
export function namesUs(tokens: readonly string[], verbs = false, others: Set<number> | undefined = verbs ? otherAssociations(tokens) : undefined): boolean {
  return tokens.some((t, i) => (OURS.has(t) && !others?.has(i)) || (t.length >= 5 && t.endsWith('كم') && !t.startsWith('ي') && !NEAR_US.has(t)) || (verbs && addressesUs(t)));
}

/** Prepositions before a body that make it an object, not the one asked ("عن طريق stc", "مع البنك"). */
const PREPOSITIONS = new Set(['من', 'مع', 'عن', 'طريق', 'في', 'زي', 'مثل', 'متل', 'غير', 'via', 'through', 'with', 'from', 'than',
  // …or a word that makes it the story's background: because, after, before, near, at.
  'لان', 'لانه', 'عشان', 'بعد', 'قبل', 'قريب', 'جنب', 'عند', 'because', 'after', 'near',
  // …or joined to one that is («للبنك او الشركه»).
  'او', 'ولا', 'or']);

/** Whether the body named at `i` is behind a preposition: a particle on it (للبنك، بالمستشفى) or a word before it. */
function governed(tokens: readonly string[], i: number): boolean {
  return /^(لل|ل|ب|بال|وب|ول|وبال|وال)/.test(tokens[i]!) || (i > 0 && PREPOSITIONS.has(tokens[i - 1]!));
}

/** Nouns whose possessor is what a question is about: «شروط الضمان», «اوراق البنك», «دوام المستشفى». */
const KEY_NOUNS = new Set(['شروط', 'اوراق', 'ورق', 'دوام', 'رقم', 'موقع', 'مكان', 'مكتب', 'فرع', 'رد', 'تقييم', 'خدمه', 'عملاء', 'حقوق', 'موظف', 'موظفين', 'طلب', 'حاله']);

/** A topic's own actions, as prepared (ابي اتطوع → تطوع): their object is what the question is about. */
const ACTIONS = new Set(['تطوع', 'اتطوع', 'متطوع', 'تبرع', 'اتبرع', 'اشتكي', 'شكوي', 'اقيم', 'تقييم', 'اتواصل', 'تواصل', 'اكلم', 'اسجل', 'تسجيل', 'اقدم', 'volunteer', 'donate', 'complain']);

const GIVE = new Set(['تبرع', 'اتبرع', 'donate']);

/** The prepositions an action reaches its object by. */
const AIMED = new Set(['في', 'مع', 'علي', 'عن', 'at', 'with', 'to', 'for', 'about']);

/** Words of being entitled (as prepared): what follows them is what one asks to be entitled to. */
const ENTITLED = new Set(['مستحق', 'مستحقه', 'استحق', 'استحقاق', 'نستحق', 'تستحق', 'يستحق', 'مؤهل', 'eligible', 'for']);

/** Words of doing something with a request or one's data (as prepared): «… في X» is done at X. */
const DOINGS = new Set(['بيانات', 'بياناتي', 'رقمي', 'جوالي', 'عنواني', 'طلبي', 'طلب', 'ملفي', 'حسابي', 'اسجل', 'تسجيل', 'اقدم', 'تقديم', 'احدث', 'تحديث', 'اعدل', 'تعديل', 'اغير', 'اتابع', 'متابعه', 'شكوي', 'اعترض', 'اعتراض', 'info', 'data', 'application', 'طلبات']);

/** Question words a body may follow and still open the question («هل البنك …», «وش المستشفى …»). */
const OPENERS = new Set(['هل', 'وش', 'كيف', 'متي', 'ليش', 'وين', 'كم', 'يحق', 'حق']);

/**
 * Whether the body named at `i` is what the question is about, not part of a story: the possessor of
 * a key noun («شروط الضمان»), after "has the right" («يحق للبنك»), or, in a message of one sentence,
 * the first word or the first after a question word («الراجحي ايش الاوراق», «هل البنك يفتح السبت»).
 */
export function isSubject(tokens: readonly string[], i: number, story: boolean, more = false): boolean {
  const before = i > 0 ? tokens[i - 1]! : '';
  if (KEY_NOUNS.has(before) || before === 'يحق') return true;
  // Round 4: what one is entitled to («يحق لي الضمان», «مستحق لسكني»), and where a request or one's
  // data is kept («احدث بياناتي في سكني», «اقدم علي الضمان»): the body is what the question is about.
  if (more && (ENTITLED.has(before) || (i > 1 && tokens[i - 2] === 'يحق' && /^(لي|لنا|لها|له)$/.test(before)))) return true;
  if (more && i > 1 && (before === 'في' || before === 'علي' || before === 'عند') && DOINGS.has(tokens[i - 2]!)) return true;
  // What a topic's action is aimed at: «اتطوع في مدرسة»، «اتبرع لمستشفى»، «اشتكي على البنك».
  // (ل is "to" only after a gift: «ساعات تطوع للجامعه» are hours for a university.)
  if (ACTIONS.has(before) && (/^(ب|بال)/.test(tokens[i]!) || (GIVE.has(before) && /^(ل|لل)/.test(tokens[i]!)))) return true;
  if (i > 1 && ACTIONS.has(tokens[i - 2]!) && AIMED.has(before)) return true;
  if (story || tokens.length < 3) return false;
  return i === 0 || (i === 1 && OPENERS.has(before));
}

/** A token and what it is behind the article or a particle: the forms a name's first word is looked up by. */
function forms(token: string): string[] {
  const m = /^(وبال|وال|بال|فال|كال|لل|ال|و|ب|ل|ف)(.+)$/.exec(token);
  return m ? [token, m[2]!] : [token];
}


export class Elsewhere {
  /** Body names by their first word (and that word without its article), with their kind. */
  private readonly byFirst = new Map<string, { kind: string; name: string[] }[]>();
  /** For each topic, the kinds its own examples mention (the rule stays out of those). */
  private readonly exempt: Set<string>[];
  /** For each topic, the first words of the programmes its own examples mention (likewise). */
  private readonly exemptProgrammes: Set<string>[];

  /**
   * `programmes`: the knowledge base's `elsewhere:` names, prepared; `prepare`: the matcher's own
   * preparation (so a body's name meets a message in the same form); `topicExamples`: every
   * topic's examples, prepared.
   */
  constructor(
    private readonly programmes: string[][],
    prepare: (text: string) => string[],
    topicExamples: readonly (readonly string[][])[],
    bodies: boolean,
    /** Programmes a topic's examples mention are part of the story there; verbs said to "you all" name us. */
    private readonly dialect = false,
    /** A verb said to "you all" names us for bodies too, where each body is behind a preposition (round 3). */
    private readonly addressee = false,
    /** Round 4 (aims.ts): a body named by a generic noun and a name no topic uses, and an action aimed at such a word. */
    private readonly vocabulary?: Vocabulary,
  ) {
    if (bodies) {
      for (const [kind, names] of [...Object.entries(OTHER_BODIES), ...(addressee ? Object.entries(MORE_BODIES) : [])]) {
        for (const name of names.map(prepare).filter((n) => n.length)) {
          const first = name[0]!;
          for (const key of new Set([first, first.startsWith('ال') ? first.slice(2) : first])) {
            const bucket = this.byFirst.get(key) ?? [];
            bucket.push({ kind, name });
            this.byFirst.set(key, bucket);
          }
        }
      }
    }
    this.exempt = topicExamples.map((examples) => {
      const kinds = new Set<string>();
      for (const e of examples) for (const k of this.kindsIn(e)) kinds.add(k);
      if (vocabulary) for (const e of examples) for (const n of bodyNouns(e)) kinds.add(`named:${n}`);
      return kinds;
    });
    this.exemptProgrammes = topicExamples.map((examples) => {
      const firsts = new Set<string>();
      if (dialect) for (const e of examples) for (const name of programmes) if (contains(e, name, name.length === 1 ? sameProgramme : sameWord)) firsts.add(name[0]!);
      return firsts;
    });
  }

  /**
   * Whether the message names a programme run elsewhere and does not name the association; with
   * `dialect`, a programme that topic `best`'s own examples mention ("اذا عندي راتب ضمان هل يحق
   * لي") does not count there.
   */
  namesProgramme(tokens: readonly string[], best = -1, raw: readonly string[] = [], story = false): boolean {
    if (!this.programmes.length || namesUs(tokens, false, this.others(tokens)) || (this.addressee && namesUs(raw, false, this.others(raw)))) return false;
    // Spoken to only by a verb («تساعدوني اقدم علي الضمان»): out of scope where the programme is what is asked about (round 4).
    const byVerb = this.dialect && (namesUs(tokens, true, this.others(tokens)) || (this.addressee && namesUs(raw, true, this.others(raw))));
    if (byVerb && !this.vocabulary) return false;
    const exempt = this.exemptProgrammes[best];
    const more = this.vocabulary !== undefined;
    return this.programmes.some((name) => {
      const same = this.dialect && name.length === 1 ? sameProgramme : sameWord;
      if (!byVerb && !exempt?.has(name[0]!)) return contains(tokens, name, same);
      return (this.addressee || byVerb) && tokens.some((_, i) => isSubject(tokens, i, story, more) && name.every((w, k) => i + k < tokens.length && same(tokens[i + k]!, w)));
    });
  }

  /** Whether the message, taken as being about topic `best`, is really about another body. */
  namesOtherBody(tokens: readonly string[], best: number, raw: readonly string[] = [], tail?: readonly string[]): boolean {
    const story = tail !== undefined;
    // Not by a verb said to "you all": "متى تفتحون" is also what "opening hours" of a hospital reads as.
    if ((!this.byFirst.size && !this.vocabulary) || (this.dialect ? this.namesUsOnly(tokens) : namesUs(tokens)) || (this.addressee && this.namesUsOnly(raw))) return false;
    const exempt = this.exempt[best];
    const at: number[] = [];
    const kinds = this.kindsIn(tokens, at);
    // The name as written too: «جمعيه الاطفال» is prepared as جمعيه عيال, a word every topic knows.
    if (this.vocabulary && namedAssociations(raw, this.vocabulary).length) kinds.add('other-charity');
    if (this.addressee && at.length && at.every((i) => governed(tokens, i)) && tokens.some(addressesUs)) return false;
    // A story about the body, then a question said to "you all" that names none ("المستشفى طالبيني بفاتورة، تقدرون تساعدوني؟").
    if (this.addressee && tail && tail.some(addressesUs) && !this.kindsIn(tail).size) return false;
    if (this.vocabulary && aimedAtUnknown(tokens, this.vocabulary)) return true;
    for (const kind of kinds) if (!exempt?.has(kind)) return true;
    // Where the body is what the question is about, a story the topic's examples tell does not count.
    return this.addressee && at.some((i) => isSubject(tokens, i, story, this.vocabulary !== undefined));
  }

  /** Whether the message speaks to the association (`namesUs`, with verbs said to "you all"). */
  speaksToUs(tokens: readonly string[], raw: readonly string[] = []): boolean {
    return namesUs(tokens, this.dialect, this.dialect ? this.others(tokens) : undefined) || namesUs(raw, this.dialect, this.dialect ? this.others(raw) : undefined);
  }

  /**
   * Positions of جمعيه that name another association: «جمعيه ثانيه» (`otherAssociations`), and, in
   * round 4, «جمعيه مودة», «جمعيه الزهايمر»: followed by a name no topic uses (aims.ts).
   */
  private others(tokens: readonly string[]): Set<number> {
    const at = otherAssociations(tokens);
    if (this.vocabulary) for (const i of namedAssociations(tokens, this.vocabulary)) at.add(i);
    return at;
  }

  /** `namesUs` without the verbs, and without a جمعيه that is another association. */
  private namesUsOnly(tokens: readonly string[]): boolean {
    const others = this.others(tokens);
    return namesUs(others.size ? tokens.filter((_, i) => !others.has(i)) : tokens);
  }

  /** The kinds of bodies named in `tokens` (looked up by each token, so the cost follows the message). */
  private kindsIn(tokens: readonly string[], at?: number[]): Set<string> {
    const kinds = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      for (const f of forms(tokens[i]!)) {
        for (const { kind, name } of this.byFirst.get(f) ?? []) {
          if (i + name.length <= tokens.length && name.every((w, k) => sameName(tokens[i + k]!, w))) {
            kinds.add(kind);
            at?.push(i);
          }
        }
      }
    }
    if (this.dialect && otherAssociations(tokens).size) kinds.add('other-charity');
    if (this.vocabulary) {
      for (const i of namedAssociations(tokens, this.vocabulary)) {
        kinds.add('other-charity');
        at?.push(i);
      }
    }
    if (this.vocabulary) {
      for (const { at: i, noun } of namedBodies(tokens, this.vocabulary)) {
        kinds.add(`named:${noun}`);
        at?.push(i);
      }
    }
    return kinds;
  }
}

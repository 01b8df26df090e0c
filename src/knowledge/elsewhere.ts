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
import { MORE_BODIES, OTHER_BODIES, SERVICES_ELSEWHERE } from './bodies.js';
import { aimedAtUnknown, bodyNouns, isAssociation, namedAssociations, namedBodies, nounKind, type Vocabulary } from './aims.js';
import { lightStem } from './stem.js';
import { COMPLAINING, complainedOf, onTheWay, opensWithUnknown, TOPIC_WORDS } from './on-the-way.js';

/** Words that name the association itself (as prepared): "عندكم", "الجمعية", "your association". */
export const OURS = new Set(['جمعيه', 'جمعيتكم', 'عندكم', 'لديكم', 'منكم', 'معكم', 'لكم', 'فيكم', 'عنكم', 'بكم', 'اليكم', 'حسابكم', 'رقمكم', 'انتم', 'انتو', 'انتوا', 'اياكم', 'حقكم', 'حقتكم', 'تبعكم', 'بتاعكم', 'تبعكو', 'بتاعكو', 'عندكو', 'منكو', 'معاكو', 'ليكو', 'لكوم', 'عندكوم', 'معاكم', 'ليكم', 'association', 'charity', 'you', 'your', 'yours']);

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
  // Round 5: what "you all" did, in the past tense (صرفتوا، عطيتونا، رفضتوني).
  if (t.length >= 5 && /(توا|تونا|توني|تونه|تونها)$/.test(t)) return true;
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

/** `namesUs` without the verbs, and without the association words at `others` (another association). */
function namesUsOnly(tokens: readonly string[], others: Set<number>): boolean {
  return namesUs(others.size ? tokens.filter((_, i) => !others.has(i)) : tokens);
}

/** Prepositions before a body that make it an object, not the one asked ("عن طريق stc", "مع البنك"). */
const PREPOSITIONS = new Set(['من', 'مع', 'عن', 'طريق', 'في', 'زي', 'مثل', 'متل', 'غير', 'via', 'through', 'with', 'from', 'than',
  // …or a word that makes it the story's background: because, after, before, near, at.
  'لان', 'لانه', 'عشان', 'بعد', 'قبل', 'قريب', 'جنب', 'عند', 'because', 'after', 'near',
  // …or joined to one that is («للبنك او الشركه»).
  'او', 'ولا', 'or']);

/** Round 6: verbs of going before a body, which make it where one goes on the way («قبل لا اروح البنك», «رحت المستشفي»). */
const GOING = new Set(['اروح', 'رحت', 'نروح', 'رحنا', 'رايح', 'رايحه']);

/** Whether the body named at `i` is behind a preposition: a particle on it (للبنك، بالمستشفى) or a word before it. */
function governed(tokens: readonly string[], i: number, going = false): boolean {
  return /^(لل|ل|ب|بال|وب|ول|وبال|وال)/.test(tokens[i]!) || (i > 0 && (PREPOSITIONS.has(tokens[i - 1]!) || (going && GOING.has(tokens[i - 1]!))));
}

/** Nouns whose possessor is what a question is about: «شروط الضمان», «اوراق البنك», «دوام المستشفى». */
const KEY_NOUNS = new Set(['شروط', 'اوراق', 'ورق', 'دوام', 'رقم', 'موقع', 'مكان', 'مكتب', 'فرع', 'رد', 'تقييم', 'خدمه', 'عملاء', 'حقوق', 'موظف', 'موظفين', 'طلب', 'حاله', 'عنوان']);

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
  // (Round 5: also the nearest one, «وين اقرب صيدليه», "the nearest pharmacy": a place one looks for.)
  if (KEY_NOUNS.has(before) || before === 'يحق' || before === 'اقرب' || before === 'nearest') return true;
  // Round 4: what one is entitled to («يحق لي الضمان», «مستحق لسكني»), and where a request or one's
  // data is kept («احدث بياناتي في سكني», «اقدم علي الضمان»): the body is what the question is about.
  if (more && (ENTITLED.has(before) || (i > 1 && tokens[i - 2] === 'يحق' && /^(لي|لنا|لها|له)$/.test(before)))) return true;
  // (Round 5: the doing also behind a particle, «الاوراق المطلوبه للتسجيل في المدرسه».)
  if (more && i > 1 && (before === 'في' || before === 'علي' || before === 'عند') && forms(tokens[i - 2]!).some((f) => DOINGS.has(f))) return true;
  // What a topic's action is aimed at: «اتطوع في مدرسة»، «اتبرع لمستشفى»، «اشتكي على البنك».
  // (ل is "to" only after a gift: «ساعات تطوع للجامعه» are hours for a university.)
  if (ACTIONS.has(before) && (/^(ب|بال)/.test(tokens[i]!) || (GIVE.has(before) && /^(ل|لل)/.test(tokens[i]!)))) return true;
  if (i > 1 && ACTIONS.has(tokens[i - 2]!) && AIMED.has(before)) return true;
  if (story) return false;
  // (Round 5: two words too where a question word opens them, «وين السوق».)
  if (tokens.length < 3) return i === 1 && OPENERS.has(before);
  // …or after a question word and its verb («وين تقع المدرسه», «متى يفتح البنك»).
  return i === 0 || (i === 1 && OPENERS.has(before)) || (i === 2 && OPENERS.has(tokens[0]!) && /^[تي][\u0621-\u064A]{2,}$/.test(before) && !addressesUs(before));
}

/** Prepositions before a messaging app that make it the channel one writes by («على الواتس»). */
const CHANNEL_PREPOSITIONS = new Set(['علي', 'عبر', 'on', 'via', 'through', 'over']);

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
    /** Round 5: a body in a story's background, before a sentence asking our topic's action that names none (`inBackground`). */
    private readonly background = false,
    /** Round 5: a body complained of rules a message out even where it speaks to us (`complainedOf`). */
    private readonly complaintRule = false,
    /** Round 6: the words of the association's own name («سند», "sanad"): a message naming it speaks to us. */
    private readonly own?: ReadonlySet<string>,
    /** Round 6: the words of its names and address («سند», «الملز»): after «جمعيه» they are no other association's name. */
    private readonly ours?: ReadonlySet<string>,
    /** Round 6: a complaint story that opens with a word no topic uses is about someone else (`opensWithUnknown`). */
    private readonly storySubject = false,
    /** Round 6: complaints and places aimed at a word no topic uses (aims.ts), and a body one goes to on the way (`GOING`). */
    private readonly moreAims = false,
  ) {
    if (bodies) {
      const lists = [OTHER_BODIES, ...(addressee ? [MORE_BODIES] : []), ...(vocabulary ? [SERVICES_ELSEWHERE] : [])];
      for (const [kind, names] of lists.flatMap((l) => Object.entries(l))) {
        // A name that preparing shortens lost a word as a greeting or courtesy ("سلام موبايل" → جوال): left out.
        for (const name of names.map((n) => ({ n, p: prepare(n) })).filter(({ n, p }) => p.length >= n.split(/\s+/).length).map(({ p }) => p)) {
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
      if (vocabulary) for (const e of examples) for (const n of bodyNouns(e)) kinds.add(nounKind(n));
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
  namesProgramme(tokens: readonly string[], best = -1, raw: readonly string[] = [], story = false, tail?: readonly string[], starts?: readonly number[]): boolean {
    const others = this.others(tokens, raw);
    if (!this.programmes.length) return false;
    // Round 5: a programme complained of is its own matter even in a message to us («عندكم طريقة اشتكي فيها علي البلديه؟»).
    if (namesUs(tokens, false, others.tokens) || (this.addressee && namesUs(raw, false, others.raw)) || this.byName(tokens)) return this.complaintRule && this.programmeAt(tokens).some((i) => complainedOf(tokens, i));
    // Spoken to only by a verb («تساعدوني اقدم علي الضمان»): out of scope where the programme is what is asked about (round 4).
    const byVerb = this.dialect && (namesUs(tokens, true, others.tokens) || (this.addressee && namesUs(raw, true, others.raw)));
    if (byVerb && !this.vocabulary) return false;
    const exempt = this.exemptProgrammes[best];
    const more = this.vocabulary !== undefined;
    if (this.background && tail && starts) {
      // Round 5: a programme the story mentions on the way («راتب الضمان ما يكفينا، ابي اقدم طلب مساعده»).
      const at = this.programmeAt(tokens);
      const inTail = this.programmes.some((name) => contains(tail, name, this.dialect && name.length === 1 ? sameProgramme : sameWord));
      if (!inTail && this.inBackground(tokens, at, tail, starts, story)) return false;
    } else if (this.background && !tail && this.inBackground(tokens, this.programmeAt(tokens), undefined, undefined, story)) return false;
    return this.programmes.some((name) => {
      const same = this.dialect && name.length === 1 ? sameProgramme : sameWord;
      if (!byVerb && !exempt?.has(name[0]!)) return contains(tokens, name, same);
      return (this.addressee || byVerb) && tokens.some((_, i) => isSubject(tokens, i, story, more) && name.every((w, k) => i + k < tokens.length && same(tokens[i + k]!, w)));
    });
  }

  /** Whether the message, taken as being about topic `best`, is really about another body. */
  namesOtherBody(tokens: readonly string[], best: number, raw: readonly string[] = [], tail?: readonly string[], starts?: readonly number[]): boolean {
    const story = tail !== undefined;
    // Not by a verb said to "you all": "متى تفتحون" is also what "opening hours" of a hospital reads as.
    const others = this.others(tokens, raw);
    if (!this.byFirst.size && !this.vocabulary) return false;
    const toUs = (this.dialect ? namesUsOnly(tokens, others.tokens) : namesUs(tokens)) || (this.addressee && namesUsOnly(raw, others.raw)) || this.byName(tokens);
    const at: number[] = [];
    const kinds = this.kindsIn(tokens, at);
    // Round 5: a body complained of is another's matter even in a message to us («عندكم طريقة اشتكي فيها علي البلديه؟»).
    if (toUs) return this.complaintRule && at.some((i) => complainedOf(tokens, i));
    const exempt = this.exempt[best];
    // Another association by its name, read in the words as written (where the article still shows).
    if (others.named) kinds.add('other-charity');
    if (this.addressee && at.length && at.every((i) => governed(tokens, i, this.moreAims)) && tokens.some(addressesUs)) return false;
    // A story about the body, then a question said to "you all" that names none ("المستشفى طالبيني بفاتورة، تقدرون تساعدوني؟");
    // not where the body is what is complained of («ابي اشتكي علي شركه الاتصالات، تقدرون توصلون شكواي؟», round 5).
    if (this.addressee && tail && tail.some(addressesUs) && !this.kindsIn(tail).size && !(this.complaintRule && at.some((i) => complainedOf(tokens, i)))) return false;
    if (this.background && this.inBackground(tokens, at, tail, starts, story)) return false;
    const latin = raw.some((w) => /[a-z]/.test(w));
    if (this.vocabulary && aimedAtUnknown(tokens, this.vocabulary, latin, this.moreAims)) return true;
    // Round 6: a complaint whose story opens with someone no topic knows («مكتب الاستقدام اخذ فلوسي، وين اشتكي؟»,
    // «المركز الصحي عطاني موعد بعد اربع شهور، وين اشتكي؟») is about them: ours open with our staff, a delay, a basket.
    if (this.storySubject && this.vocabulary && tail && starts?.length && !latin && tail.some((t) => COMPLAINING.has(t)) && !tokens.some(addressesUs) && opensWithUnknown(tokens, this.vocabulary)) return true;
    for (const kind of kinds) if (!exempt?.has(kind)) return true;
    // Where the body is what the question is about, a story the topic's examples tell does not count.
    return this.addressee && at.some((i) => isSubject(tokens, i, story, this.vocabulary !== undefined));
  }

  /**
   * Round 5: a story that mentions a body on the way («التوزيع اللي صار عند المسجد كان فوضى، ابي اشتكي»,
   * «الموظف رفض تقرير المستشفى، ابي ارفع شكوى») and then asks one of our topics' actions in a sentence
   * that names no body. Not where a sentence opens with the body (the story is about it: «البنك خصم مني
   * فلوس، ابي اشتكي»), nor where the action is aimed at a word no topic uses («…، ابي اشتكي على الممرضه»).
   */
  private inBackground(tokens: readonly string[], at: readonly number[], tail: readonly string[] | undefined, starts: readonly number[] | undefined, story: boolean): boolean {
    // A story: its asking sentence names no body; one sentence: the body is on the way in it («ابي اشتكي على المندوب اللي وقف قدام المدرسه»).
    const asking = tail ?? tokens;
    if (!at.length || (tail && this.kindsIn(tail).size) || !asking.some((t) => ACTIONS.has(t) || TOPIC_WORDS.has(t))) return false;
    if (tail && !starts) return false;
    const opens = new Set([0, ...(starts ?? [])]);
    if (at.some((i) => opens.has(i) || (opens.has(i - 1) && OPENERS.has(tokens[i - 1]!)) || isSubject(tokens, i, story, this.vocabulary !== undefined))) return false;
    // Only a body that is a document's source, a landmark or one's income («تقرير المستشفي», «تعريف من الشركه»,
    // «عند المسجد», «راتب الضمان»), not one the story dealt with («اشتريت من المحل، ابي اشتكي»); where one's
    // own people are only when no complaint follows («ولدي في المدرسه ضربوه، ابي اشتكي» is about the school).
    const complaining = asking.some((t) => COMPLAINING.has(t));
    if (!at.every((i) => onTheWay(tokens, i, !complaining))) return false;
    if (this.vocabulary) {
      for (let k = 0; k + 2 < asking.length; k++) {
        if (ACTIONS.has(asking[k]!) && AIMED.has(asking[k + 1]!) && asking[k + 2]!.startsWith('ال') && this.vocabulary.unknown(asking[k + 2]!)) return false;
      }
    }
    return true;
  }

  /** Where the programmes of the `elsewhere:` list begin in `tokens`. */
  private programmeAt(tokens: readonly string[]): number[] {
    const at: number[] = [];
    for (const name of this.programmes) {
      const same = this.dialect && name.length === 1 ? sameProgramme : sameWord;
      tokens.forEach((_, i) => name.every((w, k) => i + k < tokens.length && same(tokens[i + k]!, w)) && at.push(i));
    }
    return at;
  }

  /** Whether the message speaks to the association (`namesUs`, with verbs said to "you all"). */
  speaksToUs(tokens: readonly string[], raw: readonly string[] = []): boolean {
    if (!this.dialect) return namesUs(tokens) || namesUs(raw) || this.byName(tokens);
    const others = this.others(tokens, raw);
    return namesUs(tokens, true, others.tokens) || namesUs(raw, true, others.raw) || this.byName(tokens);
  }

  /** Whether the message calls the association by its own name («سند», "Sanad"; round 6). */
  private byName(tokens: readonly string[]): boolean {
    return this.own !== undefined && this.own.size > 0 && tokens.some((t) => this.own!.has(t) || forms(t).some((f) => this.own!.has(f)));
  }

  /**
   * Positions of association words that name another association, in the prepared words and in the
   * words as written: «جمعيه ثانيه» (`otherAssociations`), and, in round 4, «جمعيه مودة», «لجمعيه
   * الزهايمر» (aims.ts, read where the article still shows). Where every association word of the
   * message is such a name, the prepared جمعيه (الجمعيه and جمعيتكم are prepared so too) is another one.
   */
  private others(tokens: readonly string[], raw: readonly string[]): { tokens: Set<number>; raw: Set<number>; named: boolean } {
    const out = { tokens: otherAssociations(tokens), raw: otherAssociations(raw), named: false };
    if (!this.vocabulary) return out;
    const named = namedAssociations(raw, this.vocabulary, this.ours);
    if (!named.length) return out;
    out.named = true;
    for (const i of named) out.raw.add(i);
    if (raw.every((w, i) => !isAssociation(w) || out.raw.has(i))) tokens.forEach((t, i) => t === 'جمعيه' && out.tokens.add(i));
    return out;
  }

  /** The kinds of bodies named in `tokens` (looked up by each token, so the cost follows the message). */
  private kindsIn(tokens: readonly string[], at?: number[]): Set<string> {
    const kinds = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      for (const f of forms(tokens[i]!)) {
        for (const { kind, name } of this.byFirst.get(f) ?? []) {
          if (i + name.length <= tokens.length && name.every((w, k) => sameName(tokens[i + k]!, w))) {
            // A way of coming is how one reaches us, not whom one asks («اجيكم بالتاكسي», "by bus").
            if (kind === 'transport' && (tokens[i]!.startsWith('ب') || tokens[i - 1] === 'by')) continue;
            // WhatsApp is also how one writes to us: «على الواتس», "on whatsapp" is the channel (round 5).
            if (kind === 'app' && name[0] === 'واتساب' && CHANNEL_PREPOSITIONS.has(tokens[i - 1] ?? '')) continue;
            kinds.add(kind);
            at?.push(i);
          }
        }
      }
    }
    if (this.dialect && otherAssociations(tokens).size) kinds.add('other-charity');
    if (this.vocabulary) {
      for (const { at: i, kind } of namedBodies(tokens, this.vocabulary)) {
        kinds.add(kind);
        at?.push(i);
      }
    }
    return kinds;
  }
}

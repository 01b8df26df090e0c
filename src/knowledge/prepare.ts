/**
 * Turns a beneficiary's message into the words the matcher compares: Arabic normalised,
 * repeated letters collapsed, Arabizi and English domain words turned into Arabic, dialect
 * variants unified, a و stuck to the next word split off, and the greetings and courtesies
 * around the question taken off. Examples in the knowledge base go through the same steps, so
 * both sides always meet in the same form.
 */
import { ARABIZI, CLOSERS, ENGLISH, ENGLISH_COMMON, OPENERS, VARIANTS } from './lexicon.js';
import { normalizeArabic } from '../text/normalize.js';
import { lightStem } from './stem.js';
import { dropNumbers, najdiVerb, southernArticle, splitNegation } from './dialect.js';
import { transliterate } from './arabizi.js';

export interface Prepared {
  /** The words that decide, after every mapping; greetings and courtesies around them are off. */
  tokens: string[];
  /** Light stems of `tokens` (prefixes such as ال/و/بال and suffixes such as ات/ين/ها removed). */
  stems: string[];
  /** `tokens` joined by single spaces. */
  text: string;
  /** The last sentence, when a message tells a story first and asks at the end. */
  tail?: { tokens: string[]; stems: string[]; text: string; asks?: boolean };
  /** Every sentence of a longer message on its own (with `everyClause`; the last few). */
  parts?: { tokens: string[]; stems: string[]; text: string }[];
  /** A greeting or courtesy was found around the words (whether taken off depends on the rest). */
  wrapped?: boolean;
  /** Where each sentence after the first begins in `tokens` (a message of more than one sentence). */
  starts?: number[];
  /** Character n-grams already counted for this message, by size range (see `wordGrams`). */
  grams?: Map<number, Map<string, number>>;
}

const variantOf = new Map<string, string>();
for (const [canonical, variants] of Object.entries(VARIANTS)) {
  for (const v of variants) variantOf.set(fold(v), fold(canonical));
}
const CANONICAL = new Set(Object.keys(VARIANTS).map(fold));

/** Phrases indexed by the word they start with (openers) or end with (closers), longest first. */
function phraseIndex(list: readonly string[], byLast: boolean): Map<string, string[][]> {
  const index = new Map<string, string[][]>();
  for (const p of list) {
    const words = fold(p).split(' ');
    const key = byLast ? words[words.length - 1]! : words[0]!;
    const bucket = index.get(key) ?? [];
    bucket.push(words);
    index.set(key, bucket);
  }
  for (const bucket of index.values()) bucket.sort((a, b) => b.length - a.length);
  return index;
}
const OPENER_INDEX = phraseIndex(OPENERS, false);
const CLOSER_INDEX = phraseIndex(CLOSERS, true);

const ARABIC_LETTER = /[\u0621-\u064A]/;
const LATIN_LETTER = /[a-z]/;
/** Sentence breaks, kept in the split (a question mark says the sentence before it asks). */
const CLAUSE_SPLIT = /([.!?؟\n،,;؛:]+)/;

export { transliterate } from './arabizi.js';

/** Emoji that say a word: thanks (🙏 👍) and hello (👋) are taken for what they say. */
const EMOJI_WORDS: [RegExp, string][] = [
  [/🙏|👍|🤝|💐/gu, ' شكرا '],
  [/👋/gu, ' مرحبا '],
];

/**
 * `normalizeArabic` and more, for matching only: letters of Persian and Urdu keyboards (ک ی ہ گ چ پ ڤ)
 * read as what is meant, and ظ folded into ض (often typed for each other). Everything compared
 * (examples, word maps, phrases) goes through it.
 */
export function fold(text: string): string {
  return normalizeArabic(text)
    .replace(/\u06A9/g, 'ك')
    .replace(/[\u06CC\u06D2]/g, 'ي')
    .replace(/[\u06C1\u06BE]/g, 'ه')
    .replace(/\u06AF/g, 'ق')
    // Gulf and Iraqi writing: چ for the ك of "چم" (كم), and پ ڤ ڨ of borrowed words.
    .replace(/\u0686/g, 'ك')
    .replace(/\u067E/g, 'ب')
    .replace(/\u06A4/g, 'ف')
    .replace(/\u06A8/g, 'ق')
    .replace(/ظ/g, 'ض');
}

function cleanText(text: string): string {
  let t = text;
  for (const [re, word] of EMOJI_WORDS) t = t.replace(re, word);
  return fold(t)
    // Words of two scripts glued together are two words ("ابيlocation", "٣ايتام").
    .replace(/([\u0621-\u064A])([a-z0-9])/g, '$1 $2')
    .replace(/([a-z0-9])([\u0621-\u064A])/g, '$1 $2')
    .replace(/([0-9])([\u0621-\u064A])/g, '$1 $2')
    // Arabizi's dotted letters, a digit and an apostrophe (round 5): 3' غ, 7' خ, 9' ض, 6' ظ ("a3'tarid"),
    // which punctuation removal would otherwise cut in two.
    .replace(/(?<=[a-z]|^|\s)3'(?=[a-z])/g, 'gh')
    .replace(/(?<=[a-z]|^|\s)7'(?=[a-z])/g, 'kh')
    .replace(/(?<=[a-z]|^|\s)[69]'(?=[a-z])/g, 'dh');
}

function collapseRepeats(word: string): string {
  return (
    word
      // "شكراااا" → "شكرا", "hiiii" → "hi"; Arabic spelling writes no letter three times.
      .replace(/([\u0621-\u064Aa-z])\1{2,}/g, '$1')
      // A doubled last letter is a stretched word ("مرحباا"), rarely a real spelling.
      .replace(/([\u0621-\u064A])\1$/g, '$1')
  );
}

/** Takes greeting/courtesy phrases off the start (or end) while something remains after them. */
function stripPhrases(tokens: string[], index: Map<string, string[][]>, fromEnd: boolean, conjunction = false): string[] {
  let out = tokens;
  for (let changed = true; changed && out.length; ) {
    changed = false;
    for (const p of index.get(fromEnd ? out[out.length - 1]! : out[0]!) ?? []) {
      if (p.length >= out.length) continue;
      const at = fromEnd ? out.length - p.length : 0;
      // With `conjunction`, a closing courtesy may begin with و («…، وجزاكم الله خير»).
      if (p.every((w, k) => out[at + k] === w || (conjunction && fromEnd && k === 0 && out[at] === `و${w}`))) {
        out = fromEnd ? out.slice(0, at) : out.slice(p.length);
        changed = true;
        break;
      }
    }
  }
  return out;
}

export interface PrepareOptions {
  /** Word maps and greeting stripping (off only to measure what they are worth). */
  lexicon: boolean;
  /** Also read unknown Latin words without digits as Arabizi (kept beside the original). */
  guessArabizi: boolean;
  /**
   * The tail is the sentence that asks (the last one with a question word), and in a long run-on
   * message without punctuation the words from its last question word on; off: the last sentence.
   */
  askingTail: boolean;
  /** Also keep each sentence apart (`parts`), so the one that asks can win wherever it stands. */
  everyClause: boolean;
  /** Numbers left out and the Southern article ام (dialect.ts). */
  dialect: boolean;
  /**
   * Issue 15, round 4: the story's question is the last sentence that says something, not a closing
   * courtesy after it («…، كيف اقدم عندكم؟ الله يعافيكم»), and a closing courtesy may begin with و.
   */
  courtesies: boolean;
  /**
   * Issue 15, round 5: a last sentence that does not ask (no question mark, no question word), after
   * one that does, is a detail added to the question («تدفعون ايجار؟ ايجاري ١٨٠٠٠ بالسنه», «ابي
   * اسجل متطوعه، عمري ١٩ سنه»), not the question: the tail is the last sentence that asks.
   */
  detailAfter: boolean;
  /** Round 5: حقي after a noun is a possessive («الطلب حقي»), read apart from the right («من حقي»). */
  possessive: boolean;
}

/** How many sentences besides the last are scored on their own (the last ones): the cost stays bounded. */
const MAX_PARTS = 3;

/** Words after which حقي is "my right" (what is my right, is it my right, my right is …), not "mine". */
const RIGHT_BEFORE = new Set(['وش', 'من', 'هل', 'ما', 'لي', 'كيف', 'ليش', 'عن', 'في', 'عشان', 'بس', 'كم', 'و', 'هذا', 'هذي', 'اعرف', 'ابي', 'يعني', 'اذا', 'لو', 'مو', 'هو', 'وين']);

/** Words that open a question or a request (as prepared). */
const ASKING = new Set(['وش', 'كيف', 'متي', 'وين', 'هل', 'كم', 'ليش', 'ابي', 'ممكن', 'اقدر', 'what', 'how', 'when', 'where', 'can', 'is', 'do']);

/** Words of closing blessings that the phrase lists do not hold in every order («الله يعافيكم ويجزاكم خير»). */
const COURTESY_WORDS = new Set(['الله', 'ربي', 'يعافيكم', 'يعافيك', 'يجزاكم', 'يجزيكم', 'يجزاك', 'جزاكم', 'جزاك', 'خير', 'خيرا', 'الخير', 'يسعدكم', 'يسعدك', 'يحفظكم', 'يحفظك', 'يرعاكم', 'يوفقكم', 'يوفقك', 'يخليكم', 'يعطيكم', 'يعطيك', 'العافيه', 'عافيه', 'الف', 'شكرا', 'مشكورين', 'وياكم', 'ويرعاكم', 'امين', 'يارب', 'رب', 'بارك', 'فيكم', 'فيك', 'مقدما', 'مقدم', 'thanks', 'thank', 'you', 'in', 'advance', 'regards']);

const FILLER_WORDS = new Set([...OPENER_INDEX.values(), ...CLOSER_INDEX.values()].flat(2));
const COMMON = new Set(ENGLISH_COMMON);
/** Arabic words too common to make a question on their own. */
const STOP = new Set(['و', 'في', 'من', 'علي', 'الي', 'عن', 'يا', 'ان', 'او', 'ثم', 'هذا', 'هذه', 'هذي', 'اللي', 'ما', 'لا', 'تمام', 'خلاص', 'طيب', 'الله', 'انا', 'انت', 'هو', 'هي', 'مع', 'كل', 'بس', 'ok', 'جمعيه']);

export class Preparer {
  private readonly vocabulary: Set<string>;
  private readonly english: Set<string>;
  /** Words that carry a question (not greetings or courtesies): what must remain after stripping. */
  private content: Set<string>;
  private readonly o: PrepareOptions;

  /**
   * `vocabulary`: words of the knowledge base's Arabic examples (used to split a و stuck to the
   * next word); `englishWords`: words of its English examples (so they are not read as Arabizi;
   * Arabizi examples written among the English ones are recognised and left out).
   */
  constructor(vocabulary: Iterable<string> = [], englishWords: Iterable<string> = [], o: Partial<PrepareOptions> = {}) {
    this.o = { lexicon: true, guessArabizi: true, askingTail: false, dialect: false, everyClause: false, courtesies: false, detailAfter: false, possessive: false, ...o };
    this.vocabulary = new Set(vocabulary);
    for (const [k, vs] of Object.entries(VARIANTS)) {
      this.vocabulary.add(fold(k));
      for (const v of vs) this.vocabulary.add(fold(v));
    }
    const english = [...englishWords].filter((w) => !/[0-9]/.test(w) && !ARABIZI[w] && LATIN_LETTER.test(w));
    this.english = new Set([...ENGLISH_COMMON, ...Object.keys(ENGLISH), ...english]);
    this.content = new Set([...this.vocabulary, ...english, ...Object.values(ARABIZI).map(fold)].filter((w) => !FILLER_WORDS.has(w)));
  }

  /**
   * The words that make a question, as prepared tokens (the matcher passes those of every topic
   * but small talk). Greetings, courtesies and common English words never count.
   */
  setContent(words: Iterable<string>): void {
    this.content = new Set([...words].filter((w) => !FILLER_WORDS.has(w) && !COMMON.has(w) && !STOP.has(w)));
  }

  /** Whether every word of a prepared message is a greeting, courtesy or common word (small talk). */
  static isSmallTalk(p: Prepared): boolean {
    return p.tokens.every((w) => FILLER_WORDS.has(w) || COMMON.has(w) || STOP.has(w) || w === 'شكرا' || w === 'مرحبا');
  }

  /** Every word the word maps know, as folded (dialect variants and their canonical forms, English and Arabizi words). */
  static mappedWords(): string[] {
    // Round 5: the English and Arabizi words the maps know too ("volunteer with the elderly" names no body).
    return [...variantOf.keys(), ...CANONICAL, ...Object.keys(ENGLISH), ...Object.keys(ARABIZI)];
  }

  /** Words of a text before matching-specific steps: what the vocabulary is built from. */
  static rawWords(text: string): string[] {
    return cleanText(text)
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .map(collapseRepeats);
  }

  prepare(text: string): Prepared {
    // Each sentence's words, and whether a question mark closes it.
    const pieces = cleanText(text).split(CLAUSE_SPLIT);
    const clauses: string[][] = [];
    const marked: boolean[] = [];
    for (let i = 0; i < pieces.length; i += 2) {
      const words = this.clauseWords(pieces[i]!);
      if (!words.length) continue;
      clauses.push(words);
      marked.push(/[?؟]/.test(pieces[i + 1] ?? ''));
    }
    let all = clauses.flat();
    if (!this.o.lexicon) return { tokens: all, stems: all.map(lightStem), text: all.join(' ') };
    const opened = stripPhrases(all, OPENER_INDEX, false);
    const stripped = stripPhrases(opened, CLOSER_INDEX, true, this.o.courtesies);
    const wrapped = stripped.length < all.length;
    // What is left must say something ("السلام عليكم ورحمه الله" leaves "ورحمه الله": still a greeting;
    // "ازيكم عاملين ايه" leaves "عاملين ايه", words of a greeting even where ايه reads as وش).
    let offset = 0;
    if (wrapped && this.finish(stripped).some((w, i) => this.content.has(w) && !(this.o.dialect && FILLER_WORDS.has(stripped[i]!)))) {
      offset = all.length - opened.length;
      all = stripped;
    }
    const tokens = this.finish(all);
    const out: Prepared = { tokens, stems: tokens.map(lightStem), text: tokens.join(' ') };
    if (wrapped) out.wrapped = true;
    if (clauses.length > 1) {
      // `finish` keeps one word for one: a sentence begins where the words before it end, less what the greeting took.
      const starts: number[] = [];
      let at = -offset;
      for (const c of clauses.slice(0, -1)) {
        at += c.length;
        if (at > 0 && at < tokens.length) starts.push(at);
      }
      if (starts.length) out.starts = starts;
    }
    let tail: string[] | undefined;
    if (clauses.length > 1) {
      let finished = clauses.map((c) => this.finish(stripPhrases(c, CLOSER_INDEX, true, this.o.courtesies)));
      // Closing sentences that are only courtesies («الله يعافيكم», «وجزاكم الله خير») are not the question.
      if (this.o.courtesies) while (finished.length > 1 && this.courtesyOnly(clauses[finished.length - 1]!)) finished = finished.slice(0, -1);
      tail = finished[finished.length - 1]!;
      if (this.o.detailAfter) {
        const asks = (i: number): boolean => marked[i]! || finished[i]!.some((w) => ASKING.has(w));
        const last = finished.length - 1;
        if (!asks(last)) {
          for (let i = last - 1; i >= 0; i--) {
            if (finished[i]!.length >= 2 && asks(i)) {
              tail = finished[i]!;
              break;
            }
          }
        }
      }
      if (this.o.everyClause) {
        const parts = finished.slice(0, -1).filter((c) => c.length >= 2 && c.length < tokens.length).slice(-MAX_PARTS);
        if (parts.length) out.parts = parts.map((c) => ({ tokens: c, stems: c.map(lightStem), text: c.join(' ') }));
      }
      if (this.o.askingTail) {
        for (let i = finished.length - 1; i >= 0; i--) {
          if (finished[i]!.length >= 2 && finished[i]!.some((w) => ASKING.has(w))) {
            tail = finished[i]!;
            break;
          }
        }
      }
    } else if (this.o.askingTail && tokens.length >= 10) {
      let at = -1;
      for (let i = tokens.length - 2; i >= 2; i--) {
        if (ASKING.has(tokens[i]!)) {
          at = i;
          break;
        }
      }
      if (at > 0) tail = tokens.slice(at);
    }
    if (tail && tail.length >= 2 && tail.length < tokens.length) {
      out.tail = { tokens: tail, stems: tail.map(lightStem), text: tail.join(' ') };
      // The last sentence asks: a question mark ends the message, or it holds a question word.
      if (/[?؟]\s*$/.test(text) || tail.some((w) => ASKING.has(w))) out.tail.asks = true;
    }
    return out;
  }

  /** Whether a clause's words are all courtesies: a closing phrase, or words of one (الله، يعافيكم، خير). */
  private courtesyOnly(words: readonly string[]): boolean {
    return stripPhrases([...words, '.'], CLOSER_INDEX, true, true).length === 1 || words.every((w) => FILLER_WORDS.has(w) || FILLER_WORDS.has(w.replace(/^و/, '')) || COURTESY_WORDS.has(w.replace(/^و/, '')));
  }

  /** One clause's words with Latin words turned into Arabic where they are Arabizi. */
  private clauseWords(clause: string): string[] {
    let words = clause
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .map(collapseRepeats);
    if (!this.o.lexicon) return words;
    if (this.o.dialect) words = dropNumbers(words).flatMap((w) => splitNegation(w, this.known) ?? [w]);
    const out: string[] = [];
    for (const w of words) {
      if (!LATIN_LETTER.test(w)) {
        out.push(w);
        continue;
      }
      const mapped = this.latin(w);
      for (const m of mapped) {
        // "el jam3ya" → الجمعيه: the article was written as a word of its own.
        if (out.length && out[out.length - 1] === 'ال' && ARABIC_LETTER.test(m)) out[out.length - 1] = `ال${m}`;
        else out.push(m);
      }
    }
    return out;
  }

  private latin(w: string): string[] {
    return this.latinRaw(w).map((x) => (ARABIC_LETTER.test(x) ? fold(x) : x));
  }

  private latinRaw(w: string): string[] {
    if (this.english.has(w)) {
      const ar = ENGLISH[w];
      return ar ? [w, ar] : [w];
    }
    const direct = ARABIZI[w];
    if (direct) return [direct];
    const article = /^(el|al|il)(.{2,})$/.exec(w);
    if (article && ARABIZI[article[2]!]) return [`ال${ARABIZI[article[2]!]}`];
    const ar = ENGLISH[w];
    if (ar) return [w, ar];
    if (/^[0-9]+$/.test(w)) return [w];
    if (!/[0-9]/.test(w) && !this.o.guessArabizi) return [w];
    const t = transliterate(w);
    // A word with digits inside is Arabizi for sure; a plain Latin word may be an English word
    // the lists do not know, so it is kept beside its reading.
    return /[0-9]/.test(w) || !t ? [t || w] : [w, t];
  }

  /** Dialect variants unified (also behind an attached particle) and a و stuck to a known word split off. */
  private finish(words: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      let word = words[i]!;
      if (word.length > 3 && word.startsWith('و') && !this.vocabulary.has(word) && !variantOf.has(word)) {
        const rest = word.slice(1);
        if (this.vocabulary.has(rest) || variantOf.has(rest)) word = rest;
      }
      if (this.o.dialect) word = southernArticle(word, this.known) ?? najdiVerb(word, this.known) ?? word;
      let mapped = variantOf.get(word) ?? this.behindParticle(word) ?? word;
      // Egyptian «قد ايه» (how much, how long) is كم (round 5); word for word, so «قد» alone stays.
      if (this.o.possessive && mapped === 'قد' && i + 1 < words.length && variantOf.get(words[i + 1]!) === 'وش') mapped = 'كم';
      // Round 5: «الطلب حقي» (بتاعي) is "my request", not "my right" («وش حقي», «من حقي»): after a noun, حقي is a possessive.
      if (this.o.possessive && mapped === 'حقي' && out.length && !RIGHT_BEFORE.has(out[out.length - 1]!)) mapped = 'تبعي';
      out.push(mapped);
    }
    return out;
  }

  private readonly known = (w: string): boolean => this.vocabulary.has(w) || variantOf.has(w);

  /** "للتبرعات" → تبرع, "بالواتس" → واتساب: a known variant after ال، لل، بال، وال، فال، ب، ل، ك. */
  private behindParticle(word: string): string | undefined {
    // ك "as" too (round 5): «كمتطوعه» as a volunteer, «كمستفيده» as a beneficiary.
    const m = /^(وال|بال|فال|كال|لل|ال|ول|وب|ب|ل|ك)(.{3,})$/.exec(word);
    if (!m) return undefined;
    const rest = m[2]!;
    return variantOf.get(rest) ?? (CANONICAL.has(rest) ? rest : undefined);
  }
}

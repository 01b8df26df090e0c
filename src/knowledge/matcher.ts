/**
 * The matcher: prepares a message, lets each ranker score every topic (and the out-of-scope
 * class), fuses the scores, and decides: a clear winner is answered, two close candidates are
 * offered as "did you mean …?", anything else gets the out-of-scope reply. Which rankers, their
 * weights, the threshold and the margin were chosen by measurement (bench/matcher-compare.ts;
 * README "Inquiries: how the matcher was chosen").
 */
import type { Answer, Topic } from './answerer.js';
import { Preparer, type Prepared } from './prepare.js';
import { augment } from './augment.js';
import { Vocabulary } from './aims.js';
import { Elsewhere } from './elsewhere.js';
import { CHATTER, seeksBestPlace, unknownContent } from './chatter.js';
import { entitledElsewhere, topicWords } from './entitled.js';
import { Bm25Ranker } from './rankers/bm25.js';
import { LOGREG_DEFAULTS, LogRegRanker } from './rankers/logreg.js';
import { NGRAM_DEFAULTS, NgramTfidfRanker } from './rankers/ngram-tfidf.js';
import { NLPJS_DEFAULTS, NlpjsRanker } from './rankers/nlpjs.js';
import type { Ranker, Sample } from './rankers/ranker.js';
import type { TopicFile } from './schema.js';

export type RankerKind = 'ngram' | 'bm25' | 'logreg' | 'nlpjs';

export interface MatcherConfig {
  /** The rankers whose scores are added, each with its weight (weights sum to 1). */
  rankers: {
    kind: RankerKind;
    weight: number;
    /** Leave the out-of-scope examples to the other rankers (a nearest-example ranker is easily
     * pulled by an out-of-scope example sharing words with a real question). */
    noOutOfScope?: boolean;
    /** Also learn this many noisy copies of every example (augment.ts); for trained rankers. */
    augment?: number;
    options?: Record<string, unknown>;
  }[];
  /** Below this fused score the message is out of scope. */
  threshold: number;
  /** A runner-up closer than this to the winner makes the answer "did you mean A or B?". */
  margin: number;
  /** Learn the out-of-scope examples as a class of their own. */
  outOfScopeClass: boolean;
  /** Also score the last sentence alone (a story first, the question at the end). */
  tail: boolean;
  /** That sentence is the one that asks, and run-on text gets one from its last question word (prepare.ts). */
  askingTail?: boolean;
  /** Issue 15: numbers left out and the Southern article ام (dialect.ts); programmes a topic's examples mention, and verbs said to "you all", in the programme rule (elsewhere.ts). */
  dialect?: boolean;
  /** Also score every sentence of a story alone, keeping each class's best (issue 15). */
  everyClause?: boolean;
  /**
   * Where a story's last sentence asks, each topic's score is this share of the whole message's plus
   * the rest of the sentence's (at least the sentence's own), instead of the better of the two. Off:
   * measured only together with examples that were taken out again (README).
   */
  askingShare?: number;
  /** Word maps (dialect, Arabizi, English) and greeting stripping; off only to measure their worth. */
  lexicon: boolean;
  /** Read unknown Latin words without digits as Arabizi too. */
  guessArabizi: boolean;
  /** The out-of-scope class wins when its score times this reaches the best topic's. */
  outOfScopeWeight: number;
  /** A message naming a programme the association does not run (and not the association) is out of scope. */
  elsewhereRule: boolean;
  /** The same for other kinds of bodies (hospitals, banks, telecoms …), outside topics whose examples mention them (elsewhere.ts). */
  otherBodies: boolean;
  /**
   * Issue 15, round 3: a message that speaks to the association ("عندكم", "دوامكم", "تعطون") keeps the
   * out-of-scope score of the whole message, not its last sentence's ("متى دوامكم؟ ابي اجي بعد
   * المستشفى": the hospital is where the writer comes from, not whom the question is about); and a verb
   * said to "you all" names us for the other-body rule too where every body is behind a preposition
   * ("تعطون بياناتي للبنك"), not the subject ("البنك متى تفتحون").
   */
  addressee?: boolean;
  /** With `addressee`, a message that speaks to the association has its out-of-scope score times this (measured flat from 0.85 to 0.5 on every set). */
  spokenToUs?: number;
  /** Issue 15, round 4: a closing courtesy after the question is not the story's question (prepare.ts). */
  courtesies?: boolean;
  /** Issue 15, round 5: a last sentence that does not ask, after one that does, is a detail, not the question (prepare.ts). */
  detailAfter?: boolean;
  /** Issue 15, round 5: حقي after a noun is a possessive, not a right (prepare.ts). */
  possessive?: boolean;
  /**
   * Issue 15, round 5: how a story's last sentence counts for the out-of-scope class: 'max' (as before: the
   * higher of the whole's and the sentence's) or 'mean' (their mean: a vague last sentence, «ابي اعرف وضعه
   * الحين», does not outweigh a whole message that is plainly ours, nor is an out-of-scope last sentence lost).
   */
  tailOutOfScope?: 'max' | 'mean';
  /** Issue 15, round 5: a body in a story's background does not rule out a last sentence that asks our topic's action (elsewhere.ts). */
  background?: boolean;
  /** Issue 15, round 5: a body complained of is out of scope even in a message that speaks to us (elsewhere.ts). */
  complainedOf?: boolean;
  /** Issue 15, round 4 (aims.ts): bodies named by a generic noun and a name no topic uses, and actions aimed at a word no topic uses, are elsewhere. */
  aims?: boolean;
  /** Issue 15, round 6: the association's own name («سند», "Sanad", from association.yaml) speaks to it as «عندكم» does. */
  ownName?: boolean;
  /** Issue 15, round 6: where the association's names are known, «جمعيه X» with any X not of them (nor a closed-class word or an adjective) is another association (aims.ts). */
  otherNames?: boolean;
  /** Issue 15, round 6: a message most of whose content words no topic uses, that does not speak to us, is out of scope unless the classifier is sure (chatter.ts). */
  chatter?: boolean;
  /** Issue 15, round 6: a complaint whose story opens with a word no topic uses is about someone else (elsewhere.ts). */
  storySubject?: boolean;
  /** Issue 15, round 6: complaints and places aimed at a word no topic uses («اشتكي على الجيران», «وين مكان الحفل»), and a body one goes to on the way («قبل لا اروح البنك»). */
  moreAims?: boolean;
  /** Issue 15, round 6: what one asks to be entitled to must be a word of the answering topic's examples (entitled.ts). */
  entitled?: boolean;
}

/** The configuration that measured best on the development set (see bench/matcher-compare.ts). */
export const DEFAULT_MATCHER: MatcherConfig = {
  rankers: [
    { kind: 'ngram', weight: 0.5 },
    { kind: 'logreg', weight: 0.5, options: { crossN: 4 } },
  ],
  threshold: 0.18,
  margin: 0.06,
  outOfScopeClass: true,
  tail: true,
  lexicon: true,
  guessArabizi: true,
  outOfScopeWeight: 1.1,
  elsewhereRule: true,
  otherBodies: true,
  dialect: true,
  addressee: true,
  spokenToUs: 0.75,
  aims: true,
  courtesies: true,
  detailAfter: true,
  background: true,
  complainedOf: true,
  possessive: true,
  tailOutOfScope: 'mean',
  ownName: true,
  otherNames: true,
  chatter: true,
  storySubject: true,
  moreAims: true,
  entitled: true,
};

/** What the knowledge base holds, read from its files. */
export interface KnowledgeBase {
  topics: TopicFile[];
  /** Example messages that are out of scope. */
  outOfScope: string[];
  /** Names of programmes and bodies the association does not run (see schema.ts). */
  elsewhere?: string[];
  /** The association's own names (association.yaml): «جمعيه سند» is not another association. */
  names?: string[];
  /** What the association gives (association.yaml's request types): one may ask to be entitled to any of them, whichever topic answers. */
  services?: string[];
}

/** A message's fused scores: the best topics first, and the out-of-scope class's own score. */
export interface Ranking {
  ranked: { topic: Topic; score: number }[];
  outOfScope: number;
}

export function toTopic(t: TopicFile): Topic {
  return { id: t.id, label: t.label, answer: t.answer, ...(t.flow ? { flow: t.flow } : {}), ...(t.command ? { command: t.command } : {}) };
}

export class Matcher {
  readonly topics: Topic[];
  private readonly preparer: Preparer;
  private readonly rankers: { ranker: Ranker; weight: number }[];
  private readonly classes: number;
  private readonly buf: Float64Array;
  private readonly fused: Float64Array;
  private readonly tailFused: Float64Array;
  private readonly elsewhere: Elsewhere;
  /** The words the topics' examples use (aims.ts): what a body's name or chatter's content is judged against. */
  private readonly vocabulary: Vocabulary;
  /** Each topic's own words, for what one asks to be entitled to (entitled.ts). */
  private readonly topicWords: Set<string>[];

  constructor(
    kb: KnowledgeBase,
    readonly config: MatcherConfig = DEFAULT_MATCHER,
  ) {
    this.topics = kb.topics.map(toTopic);
    const arabic = [...kb.topics.flatMap((t) => t.examples.ar), ...kb.outOfScope];
    const english = kb.topics.flatMap((t) => t.examples.en);
    this.preparer = new Preparer(arabic.flatMap((e) => Preparer.rawWords(e)), english.flatMap((e) => Preparer.rawWords(e)), { lexicon: config.lexicon, guessArabizi: config.guessArabizi, askingTail: config.askingTail ?? false, dialect: config.dialect ?? false, everyClause: config.everyClause ?? false, courtesies: config.courtesies ?? false, detailAfter: config.detailAfter ?? false, possessive: config.possessive ?? false });
    // A topic whose examples are mostly greetings or courtesies is small talk: its words do not
    // make a question, so "السلام عليكم، متى الدوام؟" is matched on "متى الدوام" alone. Examples
    // are prepared once; only those wrapped in a greeting are prepared again with that knowledge.
    const prepared = kb.topics.map((t) => [...t.examples.ar, ...t.examples.en].map((e) => ({ e, p: this.preparer.prepare(e) })));
    const content: string[] = [];
    prepared.forEach((list) => {
      if (list.filter((x) => Preparer.isSmallTalk(x.p)).length * 2 >= list.length) return;
      for (const x of list) content.push(...x.p.tokens);
    });
    this.preparer.setContent(content);
    const samples: Sample[] = [];
    prepared.forEach((list, cls) => {
      for (const x of list) samples.push({ cls, p: x.p.wrapped ? this.preparer.prepare(x.e) : x.p });
    });
    const oos = this.topics.length;
    if (config.outOfScopeClass) for (const e of kb.outOfScope) samples.push({ cls: oos, p: this.preparer.prepare(e) });
    this.classes = this.topics.length + 1;
    const topicSamples = samples.filter((s) => s.cls !== oos);
    this.rankers = config.rankers.map(({ kind, weight, noOutOfScope, augment: copies, options }) => ({
      ranker: makeRanker(kind, withCopies(noOutOfScope ? topicSamples : samples, copies), this.classes, options),
      weight,
    }));
    const tokensOf = (e: string): string[] => this.preparer.prepare(e).tokens;
    // The answering topic's own words, and what the association gives: «هل استحق سلة غذائية» is answered by
    // eligibility, whose examples need not name every request type.
    const services = (kb.services ?? []).map(tokensOf);
    this.topicWords = prepared.map((list) => topicWords([...list.map((x) => x.p.tokens), ...services]));
    this.vocabulary = new Vocabulary(prepared.map((list) => list.map((x) => x.p.tokens)), [...kb.topics.flatMap((t) => [...t.examples.ar, ...t.examples.en].flatMap((e) => Preparer.rawWords(e))), ...Preparer.mappedWords(), ...(kb.names ?? []).flatMap(tokensOf)]);
    this.elsewhere = new Elsewhere(
      (kb.elsewhere ?? []).map(tokensOf).filter((t) => t.length),
      tokensOf,
      prepared.map((list) => list.map((x) => x.p.tokens)),
      config.otherBodies,
      config.dialect ?? false,
      config.addressee ?? false,
      config.aims && config.otherBodies ? this.vocabulary : undefined,
      config.background ?? false,
      config.complainedOf ?? false,
      // Its names only (`ownNames` gives them first, then the address): "Riyadh" does not name us.
      config.ownName ? ownWords((kb.names ?? []).slice(0, 2).map(tokensOf)) : undefined,
      config.otherNames && kb.names?.length ? new Set(kb.names.flatMap((n) => [...tokensOf(n), ...Preparer.rawWords(n)]).filter((w) => !ADDRESS_NOUNS.has(w))) : undefined,
      config.storySubject ?? false,
      config.moreAims ?? false,
    );
    this.buf = new Float64Array(this.classes);
    this.fused = new Float64Array(this.classes);
    this.tailFused = new Float64Array(this.classes);
  }

  prepare(text: string): Prepared {
    return this.preparer.prepare(text);
  }

  private fuse(p: Prepared, out: Float64Array): void {
    out.fill(0);
    for (const { ranker, weight } of this.rankers) {
      ranker.score(p, this.buf);
      for (let c = 0; c < this.classes; c++) out[c]! += weight * this.buf[c]!;
    }
  }

  /** Fused scores of every class for `text` (the last one is the out-of-scope class), in a buffer reused by the next call. */
  private scores(text: string): Float64Array {
    const p = this.preparer.prepare(text);
    const scores = this.fused;
    if (!p.tokens.length) {
      scores.fill(0);
      return scores;
    }
    this.fuse(p, scores);
    const oos = this.topics.length;
    const whole = scores[oos]!;
    if (this.config.tail && p.tail) {
      this.fuse(p.tail, this.tailFused);
      const share = p.tail.asks ? this.config.askingShare : undefined;
      if (share !== undefined) {
        for (let c = 0; c < this.topics.length; c++) scores[c] = Math.max(this.tailFused[c]!, share * scores[c]! + (1 - share) * this.tailFused[c]!);
        if (this.tailFused[oos]! > scores[oos]!) scores[oos] = this.tailFused[oos]!;
      } else for (let c = 0; c < this.classes; c++) if (this.tailFused[c]! > scores[c]!) scores[c] = this.tailFused[c]!;
      if (this.config.tailOutOfScope === 'mean') scores[oos] = (whole + this.tailFused[oos]!) / 2;
    }
    if (this.config.tail && p.parts) {
      for (const part of p.parts) {
        this.fuse(part, this.tailFused);
        for (let c = 0; c < this.classes; c++) if (this.tailFused[c]! > scores[c]!) scores[c] = this.tailFused[c]!;
      }
    }
    // The words as written, before the word maps: "مكانكم" is mapped to موقع, which no longer says "your".
    const raw = this.config.addressee ? Preparer.rawWords(text) : [];
    const toUs = this.config.addressee && this.elsewhere.speaksToUs(p.tokens, raw);
    if (toUs) scores[oos] = Math.min(scores[oos]!, whole) * (this.config.spokenToUs ?? 1);
    const best = bestTopic(scores, this.topics.length);
    // The words as written for round 6's rules, even where the addressee rule is off.
    const written = raw.length || !(this.config.chatter || this.config.entitled) ? raw : Preparer.rawWords(text);
    // Round 6: everyday chatter, most of whose content words no topic uses, unless the classifier is sure or it speaks to us.
    if (this.config.chatter && !toUs && scores[best]! < CHATTER.score) {
      const content = unknownContent(p.tokens, written, this.vocabulary);
      if (content.words >= CHATTER.words && content.share >= CHATTER.share) scores[oos] = Infinity;
    }
    if (this.config.chatter && !toUs && seeksBestPlace(p.tokens)) scores[oos] = Infinity;
    // Round 6: what one asks to be entitled to is a word of the answering topic's examples (entitled.ts); not read in Arabizi.
    if (this.config.entitled && !toUs && !written.some((w) => /[a-z]/.test(w) && /[0-9]/.test(w)) && entitledElsewhere(p.tokens, this.topicWords[best]!)) scores[oos] = Infinity;
    if (this.config.elsewhereRule && (this.elsewhere.namesProgramme(p.tokens, best, raw, !!p.tail, p.tail?.tokens, p.starts) || this.elsewhere.namesOtherBody(p.tokens, best, raw, p.tail?.tokens, p.starts))) {
      scores[oos] = Infinity;
    }
    return scores;
  }

  /** Every topic's fused score for `text`, best first, and the out-of-scope class's. */
  rank(text: string): Ranking {
    const scores = this.scores(text);
    const ranked = this.topics.map((topic, c) => ({ topic, score: scores[c]! })).sort((a, b) => b.score - a.score);
    return { ranked, outOfScope: Math.min(1e9, scores[this.topics.length]!) };
  }

  /** The decision the engine acts on (the same as `rank` would give, without sorting every topic). */
  answer(text: string): Answer {
    const scores = this.scores(text);
    let first = -1;
    let second = -1;
    for (let c = 0; c < this.topics.length; c++) {
      if (first < 0 || scores[c]! > scores[first]!) {
        second = first;
        first = c;
      } else if (second < 0 || scores[c]! > scores[second]!) second = c;
    }
    if (first < 0) return { kind: 'none', score: 0 };
    const top = scores[first]!;
    const score = round(top);
    const oos = scores[this.topics.length]! * this.config.outOfScopeWeight;
    if (top < this.config.threshold || oos >= top) return { kind: 'none', score };
    if (second >= 0 && top - scores[second]! < this.config.margin && scores[second]! > oos) {
      return { kind: 'ambiguous', topics: [this.topics[first]!, this.topics[second]!], score };
    }
    return { kind: 'topic', topic: this.topics[first]!, score };
  }
}

/** Words that are generic in an association's Latin name ("Sanad Charity Association"): the rest is what it is called. */
const GENERIC_NAME_WORDS = new Set(['charity', 'charitable', 'association', 'society', 'the', 'for']);

/** The nouns of an address («حي الملز، شارع الجامعه»): «جمعيه الحي» is another association, «جمعيه الملز» ours. */
const ADDRESS_NOUNS = new Set(['حي', 'الحي', 'شارع', 'الشارع', 'طريق', 'الطريق', 'street', 'road', 'district', 'al']);

/**
 * The words of the association's own names (prepared) that say which association it is, in Latin
 * letters: "sanad". In Arabic the name is as often an everyday word («سند» is also a bond, a support),
 * and «جمعيه سند» names us by جمعيه already.
 */
export function ownWords(names: readonly string[][]): Set<string> {
  return new Set(names.flat().filter((w) => w.length >= 3 && !GENERIC_NAME_WORDS.has(w) && /^[a-z]+$/.test(w)));
}

function withCopies(samples: Sample[], copies: number | undefined): Sample[] {
  return copies ? [...samples, ...augment(samples, copies)] : samples;
}

function bestTopic(scores: Float64Array, topics: number): number {
  let best = 0;
  for (let c = 1; c < topics; c++) if (scores[c]! > scores[best]!) best = c;
  return best;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Builds one ranker; `options` override its defaults (used by the measurements). */
export function makeRanker(kind: RankerKind, samples: Sample[], classes: number, options: Record<string, unknown> = {}): Ranker {
  switch (kind) {
    case 'ngram':
      return new NgramTfidfRanker(samples, classes, { ...NGRAM_DEFAULTS, ...options });
    case 'bm25':
      return new Bm25Ranker(samples, classes);
    case 'logreg':
      return new LogRegRanker(samples, classes, { ...LOGREG_DEFAULTS, ...options });
    case 'nlpjs':
      return new NlpjsRanker(samples, classes, { ...NLPJS_DEFAULTS, ...options });
  }
}

/**
 * `npx tsx bench/matcher-compare.ts`: how the matcher was chosen. Every method is trained on the
 * knowledge base (flows/knowledge). Its threshold and out-of-scope weight are tuned on the
 * development set (test/knowledge/dev-set.yaml) together with 5-fold cross-validation on the
 * knowledge base's own examples (each fifth scored by a matcher trained on the other four: a
 * thousand messages, so the tuning does not hang on a few dev messages). It is then scored on
 * the evaluation set (test/knowledge/eval-set.yaml) and the hard set (test/knowledge/hard-set.yaml,
 * written from the topic labels alone, labelled by variety), which nothing was tuned on. After the
 * method table, the shipped decision (`Matcher.answer`, as the ask CLI reports it) of the baseline
 * and of the default is printed on every set, by variety.
 *
 * in-scope: share of in-scope messages answered with the right topic (the ask CLI's `topic`);
 * rejected: share of out-of-scope messages given the out-of-scope reply; balanced: their mean.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase, type MatcherConfig } from '../src/knowledge/matcher.js';
import { namedTopic } from '../src/knowledge/answerer.js';
import { defaultKnowledge, DEV_SET, DIALECT_DEV_SET, EVAL_SET, FRESH_DEV_SET, HARD_SET, LOOKALIKE_DEV_SET, REJECTION_DEV_SET, REJECTION_DEV_SET_2, heldOutSets, readSet, unseen, type Labelled } from '../test/knowledge/sets.js';

interface Scored {
  expected: string | null;
  best: string;
  score: number;
  oos: number;
}

function scoreSet(m: Matcher, set: Labelled[]): Scored[] {
  return set.map(({ text, expected }) => {
    const r = m.rank(text);
    return { expected, best: r.ranked[0]!.topic.id, score: r.ranked[0]!.score, oos: r.outOfScope };
  });
}

export interface Metrics {
  inScope: number;
  rejected: number;
  balanced: number;
}

export interface Cut {
  threshold: number;
  outOfScopeWeight: number;
}

export function metrics(scored: Scored[], cut: Cut): Metrics {
  let inOk = 0;
  let inN = 0;
  let outOk = 0;
  let outN = 0;
  for (const s of scored) {
    const topic = s.score < cut.threshold || s.oos * cut.outOfScopeWeight >= s.score ? null : s.best;
    if (s.expected === null) {
      outN++;
      if (topic === null) outOk++;
    } else {
      inN++;
      if (topic === s.expected) inOk++;
    }
  }
  const inScope = inOk / Math.max(1, inN);
  const rejected = outOk / Math.max(1, outN);
  return { inScope, rejected, balanced: (inScope + rejected) / 2 };
}

/**
 * The threshold and out-of-scope weight for a method: the best in-scope accuracy that still
 * rejects at least `minRejection` of the out-of-scope messages (ties: the lower threshold). Why
 * not the best balanced score: rejection measures well above its pass mark (80%) for every
 * sensible cut, in-scope accuracy is the figure with little room (90%), so the cut favours it
 * while keeping rejection clear of its mark.
 */
export function tune(scored: Scored[], hasOutOfScopeClass: boolean, minRejection = 0.85): Cut {
  let best = { cut: { threshold: 0, outOfScopeWeight: 1 }, inScope: -1, balanced: -1 };
  let fallback = best;
  for (const w of hasOutOfScopeClass ? [0.75, 1, 1.25, 1.5, 2, 3] : [1]) {
    for (let t = 0; t <= 0.95; t += 0.01) {
      const cut = { threshold: Math.round(t * 100) / 100, outOfScopeWeight: w };
      const m = metrics(scored, cut);
      if (m.rejected >= minRejection && m.inScope > best.inScope + 1e-9) best = { cut, inScope: m.inScope, balanced: m.balanced };
      if (m.balanced > fallback.balanced + 1e-9) fallback = { cut, inScope: m.inScope, balanced: m.balanced };
    }
  }
  return best.inScope >= 0 ? best.cut : fallback.cut;
}

/** Scores of the knowledge base's examples, each by a matcher that did not learn it. */
function crossValidated(kb: KnowledgeBase, config: MatcherConfig, folds = 5): Scored[] {
  const out: Scored[] = [];
  const keep = (i: number, f: number): boolean => i % folds !== f;
  for (let f = 0; f < folds; f++) {
    const train: KnowledgeBase = {
      ...kb,
      topics: kb.topics.map((t) => ({ ...t, examples: { ar: t.examples.ar.filter((_, i) => keep(i, f)), en: t.examples.en.filter((_, i) => keep(i, f)) } })),
      outOfScope: kb.outOfScope.filter((_, i) => keep(i, f)),
    };
    const held: Labelled[] = [
      ...kb.topics.flatMap((t) => [...t.examples.ar.filter((_, i) => !keep(i, f)), ...t.examples.en.filter((_, i) => !keep(i, f))].map((text) => ({ text, expected: t.id, variety: 'knowledge base' }))),
      ...kb.outOfScope.filter((_, i) => !keep(i, f)).map((text) => ({ text, expected: null, variety: 'knowledge base' })),
    ];
    out.push(...scoreSet(new Matcher(train, config), held));
  }
  return out;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

/** The topic the ask CLI reports for `text`: an ambiguous answer counts as its first candidate. */
export function askTopic(m: Matcher, text: string): string | null {
  return namedTopic(m.answer(text));
}

/** Share right per variety (in scope: the right topic; out of scope: rejected), and overall. */
export function byVariety(m: Matcher, set: Labelled[]): { variety: string; inScope: boolean; ok: number; n: number }[] {
  const rows = new Map<string, { variety: string; inScope: boolean; ok: number; n: number }>();
  for (const x of set) {
    const inScope = x.expected !== null;
    const key = `${inScope ? 'in' : 'out'}:${x.variety}`;
    const row = rows.get(key) ?? { variety: x.variety, inScope, ok: 0, n: 0 };
    row.n++;
    if (askTopic(m, x.text) === x.expected) row.ok++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => Number(b.inScope) - Number(a.inScope) || b.n - a.n || a.variety.localeCompare(b.variety));
}

export interface NamedSet {
  name: string;
  set: Labelled[];
}

export function loadSets(): { kb: KnowledgeBase; dev: Labelled[]; held: NamedSet[] } {
  const kb = defaultKnowledge();
  // The hard set is scored without its few messages that are word for word in the knowledge base.
  // The dialect development set was tuned on (issue 15's second round), the look-alike set in its
  // third: shown, not used by `tune`.
  // Every held-out blind*.yaml set is scored too (its figures only).
  return {
    kb,
    dev: readSet(DEV_SET),
    held: [
      { name: 'eval', set: readSet(EVAL_SET) },
      { name: 'hard', set: unseen(readSet(HARD_SET), kb) },
      { name: 'dialect', set: readSet(DIALECT_DEV_SET) },
      { name: 'lookalike', set: readSet(LOOKALIKE_DEV_SET) },
      { name: 'rejection', set: readSet(REJECTION_DEV_SET) },
      { name: 'fresh', set: readSet(FRESH_DEV_SET) },
      { name: 'rejection-2', set: readSet(REJECTION_DEV_SET_2) },
      ...heldOutSets().map((h) => ({ name: h.name, set: unseen(readSet(h.path), kb) })),
    ],
  };
}

export async function compare(configs: [string, MatcherConfig][], shipped: [string, MatcherConfig][] = SHIPPED): Promise<void> {
  const { kb, dev, held } = loadSets();
  process.stdout.write(
    `knowledge base: ${kb.topics.length} topics, ${kb.topics.reduce((a, t) => a + t.examples.ar.length + t.examples.en.length, 0)} examples, ${kb.outOfScope.length} out-of-scope examples\n` +
      `dev set: ${dev.length} messages · ${held.map((h) => `${h.name} set: ${h.set.length} messages (${h.set.filter((x) => x.expected === null).length} out of scope)`).join(' · ')}\n\n` +
      `${'method'.padEnd(44)} ${'thr'.padStart(5)} ${'oosw'.padStart(5)}   ${'tune in'.padStart(7)} ${'rej'.padStart(6)}   ${held.map((h) => `${`${h.name} in`.padStart(8)} ${'rej'.padStart(6)}`).join('   ')}   train ms  µs/msg\n`,
  );
  for (const [name, config] of configs) {
    const t0 = performance.now();
    const m = new Matcher(kb, config);
    const trainMs = performance.now() - t0;
    const devScored = [...scoreSet(m, dev), ...crossValidated(kb, config)];
    const cut = tune(devScored, config.outOfScopeClass);
    const d = metrics(devScored, cut);
    const t1 = performance.now();
    const cols = held.map((h) => metrics(scoreSet(m, h.set), cut));
    const perMsg = ((performance.now() - t1) / held.reduce((a, h) => a + h.set.length, 0)) * 1000;
    process.stdout.write(
      `${name.padEnd(44)} ${cut.threshold.toFixed(2).padStart(5)} ${cut.outOfScopeWeight.toFixed(2).padStart(5)}   ${pct(d.inScope)} ${pct(d.rejected).padStart(6)}   ${cols.map((e) => `${pct(e.inScope).padStart(8)} ${pct(e.rejected).padStart(6)}`).join('   ')}   ${trainMs.toFixed(0).padStart(8)} ${perMsg.toFixed(0).padStart(7)}\n`,
    );
  }
  await shippedTable(kb, [{ name: 'dev', set: dev }, ...held], shipped);
}

/** The shipped decision (threshold, margin and weight as configured) on every set, by variety. */
export async function shippedTable(kb: KnowledgeBase, sets: NamedSet[], shipped: [string, MatcherConfig][]): Promise<void> {
  const matchers = shipped.map(([name, config]) => ({ name, m: new Matcher(kb, config) }));
  process.stdout.write(`\nAs shipped (the ask CLI's answer), by variety: ${matchers.map((x) => x.name).join(' → ')}\n`);
  for (const { name, set } of sets) {
    const tables = matchers.map(({ m }) => byVariety(m, set));
    const total = (rows: ReturnType<typeof byVariety>, inScope: boolean): string => {
      const r = rows.filter((x) => x.inScope === inScope);
      const n = r.reduce((a, x) => a + x.n, 0);
      return n ? pct(r.reduce((a, x) => a + x.ok, 0) / n) : '      -';
    };
    process.stdout.write(`\n${name} set (${set.length})${' '.repeat(Math.max(1, 37 - name.length - String(set.length).length))}${matchers.map((x) => x.name.slice(0, 12).padStart(12)).join(' ')}\n`);
    process.stdout.write(`  ${'in scope, all'.padEnd(40)}${tables.map((t) => total(t, true).padStart(12)).join(' ')}\n`);
    process.stdout.write(`  ${'out of scope rejected, all'.padEnd(40)}${tables.map((t) => total(t, false).padStart(12)).join(' ')}\n`);
    tables[0]!.forEach((row, i) => {
      const label = `${row.inScope ? '' : 'rejected: '}${row.variety} (${row.n})`;
      process.stdout.write(`    ${label.padEnd(38)}${tables.map((t) => pct(t[i]!.ok / t[i]!.n).padStart(12)).join(' ')}\n`);
    });
  }
}

const base = DEFAULT_MATCHER;
const only = (kind: MatcherConfig['rankers'][number]['kind']): MatcherConfig => ({ ...base, rankers: [{ kind, weight: 1 }] });
type Part = [MatcherConfig['rankers'][number]['kind'], number, Record<string, unknown>?];
const mix = (...parts: Part[]): MatcherConfig => ({
  ...base,
  rankers: parts.map(([kind, weight, options]) => {
    const { noOutOfScope, augment, ...rest } = options ?? {};
    return { kind, weight, ...(noOutOfScope ? { noOutOfScope: true } : {}), ...(typeof augment === 'number' ? { augment } : {}), ...(Object.keys(rest).length ? { options: rest } : {}) };
  }),
});

/** Round 5's steps, off (the rows of earlier rounds are without them). */
const NO_ROUND6 = { ownName: false, otherNames: false, chatter: false, storySubject: false, moreAims: false, entitled: false } as const;
const NO_ROUND5 = { ...NO_ROUND6, detailAfter: false, tailOutOfScope: 'max', background: false, complainedOf: false, possessive: false } as const;

/**
 * The matcher of issue 15's first round (other-body rule, before the dialect steps and the cross-word
 * n-grams of its second round), on today's knowledge base.
 */
export const ROUND1_MATCHER: MatcherConfig = {
  ...DEFAULT_MATCHER,
  ...NO_ROUND5,
  rankers: [
    { kind: 'ngram', weight: 0.5 },
    { kind: 'logreg', weight: 0.5 },
  ],
  dialect: false,
  addressee: false,
  aims: false,
  courtesies: false,
};
const BASELINE_MATCHER_ROW: MatcherConfig = { ...base, ...NO_ROUND5, otherBodies: false, addressee: false, aims: false, courtesies: false };
const ROUND2_ROW: MatcherConfig = { ...base, ...NO_ROUND5, addressee: false, aims: false, courtesies: false };
export const CONFIGS: [string, MatcherConfig][] = [
  ['char n-gram TF-IDF (lexical)', only('ngram')],
  ['BM25 on stems (lexical)', only('bm25')],
  ['NLP.js neural + lang-ar stemmer (trained)', only('nlpjs')],
  ['logistic regression (trained)', only('logreg')],
  ['fusion n-gram + NLP.js', mix(['ngram', 0.5], ['nlpjs', 0.5])],
  ['fusion n-gram + logreg', mix(['ngram', 0.5], ['logreg', 0.5])],
  ['default: the same, cross-word 4-grams', base],
  ['fusion n-gram + BM25 + logreg', mix(['ngram', 0.35], ['bm25', 0.15], ['logreg', 0.5])],
  ['fusion n-gram + logreg + NLP.js', mix(['ngram', 0.4], ['logreg', 0.4], ['nlpjs', 0.2])],
  ['default, without word maps/greeting strip', { ...base, lexicon: false }],
  ['default, without out-of-scope class', { ...base, outOfScopeClass: false }],
  ['default, without last-sentence scoring', { ...base, tail: false }],
  ['default, Arabizi read only where digits show it', { ...base, guessArabizi: false }],
  ['default, without the "run elsewhere" rules', { ...base, elsewhereRule: false }],
  ['default, without the other-body rule (before issue 15)', BASELINE_MATCHER_ROW],
  ['default, without the dialect steps (issue 15, round 2)', { ...base, dialect: false }],
  ['round 2 of issue 15 (no addressee step, round 2 lists)', ROUND2_ROW],
  ['default, addressee step without the 0.75 (spokenToUs 1)', { ...base, spokenToUs: 1 }],
  ['default, without bodies no list names (aims.ts, round 4)', { ...base, aims: false }],
  ['default, a closing blessing as the question (round 4)', { ...base, courtesies: false }],
  ['round 3 of issue 15 (no aims, no courtesies)', { ...base, ...NO_ROUND5, aims: false, courtesies: false }],
  ['default, a detail after the question as the tail (round 5)', { ...base, detailAfter: false }],
  ['default, the tail\'s out-of-scope score as the higher (round 5)', { ...base, tailOutOfScope: 'max' }],
  ['default, a body on a story\'s way rules out (round 5)', { ...base, background: false }],
  ['default, a body complained of while we are addressed (round 5)', { ...base, complainedOf: false }],
  ['default, حقي after a noun as a right (round 5)', { ...base, possessive: false }],
  ['round 4 of issue 15 (none of round 5\'s steps)', { ...base, ...NO_ROUND6, detailAfter: false, tailOutOfScope: 'max', background: false, complainedOf: false, possessive: false }],
  ['default, without the own name as ours (round 6)', { ...base, ownName: false }],
  ['default, «جمعيه X» by unknown names only (round 6)', { ...base, otherNames: false }],
  ['default, without the chatter step (round 6)', { ...base, chatter: false }],
  ['default, a complaint story\'s opening as no subject (round 6)', { ...base, storySubject: false }],
  ['default, no complaints/places aimed at unknown words (round 6)', { ...base, moreAims: false }],
  ['default, what one is entitled to read anywhere (round 6)', { ...base, entitled: false }],
  ['round 5 of issue 15 (none of round 6\'s steps)', { ...base, ...NO_ROUND6 }],
  ['round 1 of issue 15 (no dialect steps, no cross-word n-grams)', ROUND1_MATCHER],
];

/** Variations of the default, to choose its parameters (`--tuning`). */
export const TUNING: [string, MatcherConfig][] = [
  ['n-gram (no OOS examples) + logreg', mix(['ngram', 0.5, { noOutOfScope: true }], ['logreg', 0.5])],
  ['n-gram (no OOS) + BM25 (no OOS) + logreg', mix(['ngram', 0.35, { noOutOfScope: true }], ['bm25', 0.15, { noOutOfScope: true }], ['logreg', 0.5])],
  ['n-gram (no OOS) + logreg + NLP.js', mix(['ngram', 0.4, { noOutOfScope: true }], ['logreg', 0.4], ['nlpjs', 0.2])],
  ...[8, 12, 20, 40].map((epochs): [string, MatcherConfig] => [`default, logreg ${epochs} epochs`, mix(['ngram', 0.5], ['logreg', 0.5, { epochs }])]),
  ['default, logreg without n-grams', mix(['ngram', 0.5], ['logreg', 0.5, { maxN: 0 }])],
  ['default, logreg n-grams 3-4', mix(['ngram', 0.5], ['logreg', 0.5, { minN: 3, maxN: 4 }])],
  ['default, logreg n-grams 3-4, 12 epochs', mix(['ngram', 0.5], ['logreg', 0.5, { minN: 3, maxN: 4, epochs: 12 }])],
  ['default, n-grams 3-5', mix(['ngram', 0.5, { minN: 3, maxN: 5 }], ['logreg', 0.5])],
  ['default, n-grams 1-3', mix(['ngram', 0.5, { minN: 1, maxN: 3 }], ['logreg', 0.5])],
  ['default, n-gram pool top-2', mix(['ngram', 0.5, { pool: 'top2' }], ['logreg', 0.5])],
  ['fusion 0.3 n-gram + 0.7 logreg', mix(['ngram', 0.3], ['logreg', 0.7])],
  ['fusion 0.7 n-gram + 0.3 logreg', mix(['ngram', 0.7], ['logreg', 0.3])],
];

/** The configurations whose shipped decision is shown by variety: before issue 15, and now. */
/** Before issue 15: the same matcher without what it added. */
export const BASELINE_MATCHER: MatcherConfig = { ...DEFAULT_MATCHER, ...NO_ROUND5, otherBodies: false, addressee: false, aims: false, courtesies: false };
/** Issue 15's second round: the matcher before "who the question is about" and the third round's lists. */
export const ROUND2_MATCHER: MatcherConfig = { ...DEFAULT_MATCHER, ...NO_ROUND5, addressee: false, aims: false, courtesies: false };
/** Issue 15's third round: before the fourth's bodies no list names (aims.ts, bodies.ts' services) and closing blessings. */
export const ROUND3_MATCHER: MatcherConfig = { ...DEFAULT_MATCHER, ...NO_ROUND5, aims: false, courtesies: false };
/** Issue 15's fourth round: before the fifth's detail after the question, the tail's out-of-scope mean, bodies on a story's way, bodies complained of and the possessive حقي (its word maps and bodies lists are today's). */
export const ROUND4_MATCHER: MatcherConfig = { ...DEFAULT_MATCHER, ...NO_ROUND5 };
/** Issue 15's fifth round: before the sixth's own name, other associations by any name, chatter, complaint stories' openings and complaints and places aimed at unknown words. */
export const ROUND5_MATCHER: MatcherConfig = { ...DEFAULT_MATCHER, ...NO_ROUND6 };
export const SHIPPED: [string, MatcherConfig][] = [['before', BASELINE_MATCHER], ['round 1', ROUND1_MATCHER], ['round 2', ROUND2_MATCHER], ['round 3', ROUND3_MATCHER], ['round 4', ROUND4_MATCHER], ['round 5', ROUND5_MATCHER], ['default', DEFAULT_MATCHER]];

/** Issue 15's candidates (`--issue15`): the first round's, then the second round's on top of the default. */
const withLogreg = (options: Record<string, unknown>, copies?: number): MatcherConfig => ({
  ...DEFAULT_MATCHER,
  rankers: [{ kind: 'ngram', weight: 0.5 }, { kind: 'logreg', weight: 0.5, ...(copies ? { augment: copies } : {}), options: { crossN: 4, ...options } }],
});
export const ISSUE15: [string, MatcherConfig][] = [
  ['default', DEFAULT_MATCHER],
  ['round 1 (no dialect steps, no cross-word n-grams)', ROUND1_MATCHER],
  ['default without the dialect steps', { ...DEFAULT_MATCHER, dialect: false }],
  ['default without cross-word 4-grams', { ...DEFAULT_MATCHER, rankers: ROUND1_MATCHER.rankers }],
  ['default, cross-word 3-grams', withLogreg({ crossN: 3 })],
  ['default, cross-word 5-grams', withLogreg({ crossN: 5 })],
  ['default + word bigrams', withLogreg({ bigrams: true })],
  ['default + 1 noisy copy', withLogreg({}, 1)],
  ['default + every sentence scored alone', { ...DEFAULT_MATCHER, everyClause: true }],
  ['default + asking sentence as the tail', { ...DEFAULT_MATCHER, askingTail: true }],
  // Round 4: a feature for the words no example knows (learnt from words only one example has).
  ['default + unknown-word features', withLogreg({ unknown: true })],
];

if (import.meta.url === `file://${process.argv[1]}`) {
  await compare(process.argv.includes('--tuning') ? TUNING : process.argv.includes('--issue15') ? ISSUE15 : CONFIGS);
}

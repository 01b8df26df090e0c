import type { Prepared } from '../prepare.js';
import type { Ranker, Sample } from './ranker.js';

export interface NgramOptions {
  /** Shortest and longest character n-gram, taken inside each word padded with spaces. */
  minN: number;
  maxN: number;
  /** How a class's examples make its score: the best one, or the mean of its best two. */
  pool: 'max' | 'top2';
}

export const NGRAM_DEFAULTS: NgramOptions = { minN: 2, maxN: 4, pool: 'max' };

/**
 * Character n-grams of each word (" word " padded), so prefixes and endings count on their own.
 * Kept on the prepared message, so two rankers asking for the same sizes share one computation.
 */
export function wordGrams(p: Prepared, minN: number, maxN: number): Map<string, number> {
  const key = minN * 16 + maxN;
  const cached = p.grams?.get(key);
  if (cached) return cached;
  const grams = computeGrams(p.tokens, minN, maxN);
  (p.grams ??= new Map()).set(key, grams);
  return grams;
}

export function computeGrams(tokens: readonly string[], minN: number, maxN: number): Map<string, number> {
  const grams = new Map<string, number>();
  for (const t of tokens) {
    const w = ` ${t} `;
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= w.length; i++) {
        const g = w.slice(i, i + n);
        grams.set(g, (grams.get(g) ?? 0) + 1);
      }
    }
  }
  return grams;
}

/**
 * A lexical ranker: TF-IDF over character n-grams, cosine similarity to every example, a class
 * scored by its nearest examples. Tolerant of misspellings and attached particles by design
 * (most n-grams of "الجمعيه" survive "جمعيتكم"). An inverted index keeps a query's cost
 * proportional to the examples sharing its n-grams, not to the whole knowledge base.
 */
export class NgramTfidfRanker implements Ranker {
  readonly name = 'ngram-tfidf';
  private readonly ids = new Map<string, number>();
  private readonly idf: number[] = [];
  private readonly postings: { sample: Int32Array; weight: Float32Array }[] = [];
  private readonly sampleClass: Int32Array;
  private readonly unseenIdf: number;
  private readonly acc: Float64Array;
  private readonly top2: Float64Array;

  constructor(
    samples: readonly Sample[],
    private readonly classes: number,
    private readonly o: NgramOptions = NGRAM_DEFAULTS,
  ) {
    const n = samples.length;
    this.sampleClass = Int32Array.from(samples.map((s) => s.cls));
    const bags = samples.map((s) => computeGrams(s.p.tokens, o.minN, o.maxN));
    const df: number[] = [];
    for (const bag of bags) {
      for (const g of bag.keys()) {
        let id = this.ids.get(g);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(g, id);
          df.push(0);
        }
        df[id]!++;
      }
    }
    for (const d of df) this.idf.push(Math.log((n + 1) / (d + 1)) + 1);
    this.unseenIdf = Math.log(n + 1) + 1;
    const lists: { sample: number[]; weight: number[] }[] = df.map(() => ({ sample: [], weight: [] }));
    bags.forEach((bag, si) => {
      let norm = 0;
      const entries: [number, number][] = [];
      for (const [g, c] of bag) {
        const id = this.ids.get(g)!;
        const w = (1 + Math.log(c)) * this.idf[id]!;
        entries.push([id, w]);
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [id, w] of entries) {
        lists[id]!.sample.push(si);
        lists[id]!.weight.push(w / norm);
      }
    });
    for (const l of lists) this.postings.push({ sample: Int32Array.from(l.sample), weight: Float32Array.from(l.weight) });
    this.acc = new Float64Array(n);
    this.top2 = new Float64Array(classes);
  }

  score(q: Prepared, out: Float64Array): void {
    out.fill(0);
    const bag = wordGrams(q, this.o.minN, this.o.maxN);
    if (!bag.size) return;
    const acc = this.acc;
    acc.fill(0);
    let norm = 0;
    const query: [number, number][] = [];
    for (const [g, c] of bag) {
      const id = this.ids.get(g);
      const w = (1 + Math.log(c)) * (id === undefined ? this.unseenIdf : this.idf[id]!);
      norm += w * w;
      if (id !== undefined) query.push([id, w]);
    }
    norm = Math.sqrt(norm);
    for (const [id, w] of query) {
      const p = this.postings[id]!;
      const qw = w / norm;
      for (let k = 0; k < p.sample.length; k++) acc[p.sample[k]!]! += qw * p.weight[k]!;
    }
    if (this.o.pool === 'max') {
      for (let s = 0; s < acc.length; s++) {
        const c = this.sampleClass[s]!;
        if (acc[s]! > out[c]!) out[c] = acc[s]!;
      }
      return;
    }
    const second = this.top2;
    second.fill(0);
    for (let s = 0; s < acc.length; s++) {
      const c = this.sampleClass[s]!;
      const v = acc[s]!;
      if (v > out[c]!) {
        second[c] = out[c]!;
        out[c] = v;
      } else if (v > second[c]!) second[c] = v;
    }
    for (let c = 0; c < this.classes; c++) out[c] = (out[c]! + second[c]!) / 2;
  }
}

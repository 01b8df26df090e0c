import type { Prepared } from '../prepare.js';
import type { Ranker, Sample } from './ranker.js';

/**
 * A lexical ranker over words: BM25 on light stems, every example a document, a class scored by
 * its best example. The score is divided by the query's own best possible score (the sum of its
 * words' weights), so it reads as "how much of what was said an example covers", in [0, 1].
 */
export class Bm25Ranker implements Ranker {
  readonly name = 'bm25';
  private readonly k1 = 1.2;
  private readonly b = 0.75;
  private readonly ids = new Map<string, number>();
  private readonly idf: number[] = [];
  private readonly postings: { sample: number[]; tf: number[] }[] = [];
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  private readonly sampleClass: Int32Array;
  private readonly acc: Float64Array;

  constructor(samples: readonly Sample[], classes: number) {
    void classes;
    const n = samples.length;
    this.sampleClass = Int32Array.from(samples.map((s) => s.cls));
    this.lengths = Float64Array.from(samples.map((s) => s.p.stems.length));
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, n);
    samples.forEach((s, si) => {
      const tf = new Map<string, number>();
      for (const t of s.p.stems) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, c] of tf) {
        let id = this.ids.get(t);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(t, id);
          this.postings.push({ sample: [], tf: [] });
        }
        this.postings[id]!.sample.push(si);
        this.postings[id]!.tf.push(c);
      }
    });
    for (const p of this.postings) this.idf.push(Math.log(1 + (n - p.sample.length + 0.5) / (p.sample.length + 0.5)));
    this.acc = new Float64Array(n);
  }

  score(q: Prepared, out: Float64Array): void {
    out.fill(0);
    const acc = this.acc;
    acc.fill(0);
    let best = 0;
    const unseen = Math.log(1 + (this.lengths.length + 0.5) / 0.5);
    for (const t of new Set(q.stems)) {
      const id = this.ids.get(t);
      if (id === undefined) {
        best += unseen;
        continue;
      }
      const idf = this.idf[id]!;
      best += idf;
      const p = this.postings[id]!;
      for (let k = 0; k < p.sample.length; k++) {
        const s = p.sample[k]!;
        const tf = p.tf[k]!;
        acc[s]! += (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * this.lengths[s]!) / this.avgLength));
      }
    }
    if (!best) return;
    for (let s = 0; s < acc.length; s++) {
      const c = this.sampleClass[s]!;
      const v = Math.min(1, acc[s]! / best);
      if (v > out[c]!) out[c] = v;
    }
  }
}

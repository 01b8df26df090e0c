import type { Prepared } from '../prepare.js';
import { computeGrams, wordGrams } from './ngram-tfidf.js';
import type { Ranker, Sample } from './ranker.js';

export interface LogRegOptions {
  /** Passes over the examples; reduced automatically for very large knowledge bases (see `budget`). */
  epochs: number;
  learningRate: number;
  /** L2 weight decay, which keeps one rare word from deciding alone. */
  l2: number;
  /** Character n-gram sizes added to the word and stem features (0 = none). */
  minN: number;
  maxN: number;
  /** Upper bound on multiply-adds spent training, so start-up stays bounded on a huge base. */
  budget: number;
  /** Pairs of neighbouring words as features ("وش رقم" is not "رقم طلبي"). */
  bigrams: boolean;
  /** Character n-grams of this size taken across word boundaries (0 = none): phrases survive a word split or joined differently. */
  crossN: number;
  /** Features that count a message's words the examples do not know (learnt from words only one example has). */
  unknown: boolean;
}

export const LOGREG_DEFAULTS: LogRegOptions = { epochs: 12, learningRate: 0.8, l2: 1e-4, minN: 2, maxN: 4, budget: 150_000_000, bigrams: false, crossN: 0, unknown: false };

/** A deterministic pseudo-random sequence: training must give the same model on every start. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A trained classifier: multinomial logistic regression (softmax) over words, light stems and
 * character n-grams, trained at start-up by stochastic gradient descent with classes weighted
 * to equal size. It learns which words tell topics apart (the lexical rankers only count
 * overlap), and its probabilities are a usable confidence.
 */
export class LogRegRanker implements Ranker {
  readonly name = 'logreg';
  private readonly ids = new Map<string, number>();
  private readonly weights: Float32Array;
  private readonly bias: Float32Array;
  private readonly z: Float64Array;
  /** Character n-gram features: dropped on a knowledge base too large to train them in budget. */
  private readonly grams: boolean;
  /** Words only one example holds: in training they stand for the words a question brings that no example knows. */
  private readonly rare = new Set<string>();

  constructor(
    samples: readonly Sample[],
    private readonly classes: number,
    private readonly o: LogRegOptions = LOGREG_DEFAULTS,
  ) {
    // Cost of one pass with n-grams, counted without building them: two multiply-adds per feature
    // and class (scores, then updates). Below 8 passes in budget, words and stems must do.
    let gramCount = 0;
    for (const s of samples) for (const t of s.p.tokens) for (let n = o.minN; n <= o.maxN; n++) gramCount += Math.max(0, t.length + 3 - n);
    this.grams = o.maxN > 0 && (gramCount + samples.length * 8) * classes * 2 * 8 <= o.budget;
    if (o.unknown) {
      const df = new Map<string, number>();
      for (const s of samples) for (const t of new Set(s.p.tokens)) df.set(t, (df.get(t) ?? 0) + 1);
      for (const [t, n] of df) if (n === 1) this.rare.add(t);
    }
    const encoded = samples.map((s) => ({ cls: s.cls, f: this.features(s.p, true) }));
    const C = classes;
    this.weights = new Float32Array(this.ids.size * C);
    this.bias = new Float32Array(C);
    this.z = new Float64Array(C);
    const counts = new Array<number>(C).fill(0);
    for (const s of encoded) counts[s.cls]!++;
    const present = counts.filter((c) => c > 0);
    const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
    const sampleWeight = counts.map((c) => (c ? mean / c : 0));
    const avgFeatures = encoded.reduce((a, s) => a + s.f.length, 0) / Math.max(1, encoded.length);
    const perEpoch = Math.max(1, encoded.length * avgFeatures * C * 2);
    const epochs = Math.max(2, Math.min(o.epochs, Math.floor(o.budget / perEpoch)));
    const rand = mulberry32(20261122);
    const order = encoded.map((_, i) => i);
    const p = new Float64Array(C);
    const W = this.weights;
    const B = this.bias;
    const l2 = o.l2;
    const active = new Int32Array(C);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = o.learningRate / (1 + epoch * 0.1);
      for (const idx of order) {
        const s = encoded[idx]!;
        const f = s.f;
        const x = 1 / Math.sqrt(f.length || 1);
        this.logits(f, x, p);
        softmaxInPlace(p);
        const sw = sampleWeight[s.cls]! * lr;
        // p becomes the step per class: (p - y) scaled by the sample's weight and the rate.
        p[s.cls]! -= 1;
        for (let c = 0; c < C; c++) {
          const g = p[c]! * sw;
          p[c] = g * x;
          B[c]! -= g * 0.1;
        }
        // Only classes with a real gradient are updated (after a few passes most have none), and
        // the decay is applied to those weights alone: the cost follows what is still being learnt.
        let n = 0;
        for (let c = 0; c < C; c++) if (Math.abs(p[c]!) > 1e-4) active[n++] = c;
        const decay = 1 - lr * l2;
        for (let k = 0; k < f.length; k++) {
          const base = f[k]! * C;
          for (let a = 0; a < n; a++) {
            const c = active[a]!;
            W[base + c] = W[base + c]! * decay - p[c]!;
          }
        }
      }
    }
  }

  private features(p: Prepared, learn: boolean): Int32Array {
    const names: string[] = [];
    for (const t of p.tokens) names.push(`w:${t}`);
    for (const s of p.stems) names.push(`s:${s}`);
    if (this.grams) for (const g of (learn ? computeGrams(p.tokens, this.o.minN, this.o.maxN) : wordGrams(p, this.o.minN, this.o.maxN)).keys()) names.push(`g:${g}`);
    if (this.o.bigrams) for (let i = 1; i < p.tokens.length; i++) names.push(`b:${p.tokens[i - 1]}_${p.tokens[i]}`);
    if (this.o.crossN > 0 && this.grams) {
      const text = p.tokens.join(' ');
      const n = this.o.crossN;
      // Only the n-grams that hold a space inside: those within a word are already there.
      for (let i = 0; i + n <= text.length; i++) {
        const g = text.slice(i, i + n);
        const space = g.indexOf(' ');
        if (space > 0 && space < n - 1) names.push(`x:${g}`);
      }
    }
    if (this.o.unknown) {
      let unknown = 0;
      for (const t of p.tokens) if (learn ? this.rare.has(t) : !this.ids.has(`w:${t}`)) unknown++;
      for (let k = 1; k <= Math.min(unknown, 3); k++) names.push(`u:${k}`);
    }
    const out = new Set<number>();
    for (const n of names) {
      let id = this.ids.get(n);
      if (id === undefined && learn) {
        id = this.ids.size;
        this.ids.set(n, id);
      }
      if (id !== undefined) out.add(id);
    }
    return Int32Array.from(out);
  }

  private logits(f: Int32Array, x: number, out: Float64Array): void {
    const C = this.classes;
    const W = this.weights;
    out.set(this.bias);
    for (let k = 0; k < f.length; k++) {
      const base = f[k]! * C;
      for (let c = 0; c < C; c++) out[c]! += W[base + c]! * x;
    }
  }

  score(q: Prepared, out: Float64Array): void {
    const f = this.features(q, false);
    if (!f.length) {
      out.fill(0);
      return;
    }
    this.logits(f, 1 / Math.sqrt(f.length), this.z);
    softmaxInPlace(this.z);
    out.set(this.z);
  }
}

function softmaxInPlace(v: Float64Array): void {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i]! > max) max = v[i]!;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i]! - max);
    sum += v[i]!;
  }
  for (let i = 0; i < v.length; i++) v[i]! /= sum;
}

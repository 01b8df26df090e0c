import { createRequire } from 'node:module';
import type { StemmerAr } from '@nlpjs/lang-ar';
import type { NeuralCorpusItem, NeuralNetwork } from '@nlpjs/neural';
import type { Prepared } from '../prepare.js';
import type { Ranker, Sample } from './ranker.js';

export interface NlpjsOptions {
  /** Cap on training iterations (NLP.js stops earlier when its error is small enough). */
  iterations: number;
}

export const NLPJS_DEFAULTS: NlpjsOptions = { iterations: 300 };

/**
 * NLP.js's classifier (the `@nlpjs/neural` network behind `NluNeural`) on the stems of its
 * Arabic stemmer (`@nlpjs/lang-ar`). It is fed our prepared words: NLP.js's own Arabic
 * normaliser leaves the hamza forms of alef apart and knows no dialect or Arabizi. Scores are
 * post-processed as NLP.js does (classes sharing no feature with the message get 0; squares
 * normalised to sum 1). Only the network and the stemmer are used: no container, no download.
 */
// Loaded only when this ranker is built (the comparison), not by every start of the bot.
const load = createRequire(import.meta.url);

export class NlpjsRanker implements Ranker {
  readonly name = 'nlpjs';
  private readonly stemmer: StemmerAr;
  private readonly net: NeuralNetwork;
  private readonly featureClasses = new Map<string, Set<number>>();

  constructor(
    samples: readonly Sample[],
    private readonly classes: number,
    o: NlpjsOptions = NLPJS_DEFAULTS,
  ) {
    const { StemmerAr: Stemmer } = load('@nlpjs/lang-ar') as typeof import('@nlpjs/lang-ar');
    const { NeuralNetwork: Network } = load('@nlpjs/neural') as typeof import('@nlpjs/neural');
    this.stemmer = new Stemmer();
    const corpus: NeuralCorpusItem[] = [];
    for (const s of samples) {
      const input: Record<string, number> = {};
      for (const f of this.features(s.p)) {
        input[f] = 1;
        let set = this.featureClasses.get(f);
        if (!set) this.featureClasses.set(f, (set = new Set()));
        set.add(s.cls);
      }
      corpus.push({ input, output: { [String(s.cls)]: 1 } });
    }
    this.net = new Network({ log: false, iterations: o.iterations });
    this.net.train(corpus);
  }

  private features(p: Prepared): string[] {
    // The stemmer's cache grows with every new word it sees; keep it bounded.
    if (Object.keys(this.stemmer.cache).length > 50_000) this.stemmer.cache = {};
    return [...new Set(p.tokens.map((t) => (/[\u0621-\u064A]/.test(t) ? this.stemmer.stemWord(t) : t)))];
  }

  score(q: Prepared, out: Float64Array): void {
    out.fill(0);
    const input: Record<string, number> = {};
    const active = new Set<number>();
    for (const f of this.features(q)) {
      const cls = this.featureClasses.get(f);
      if (!cls) continue;
      input[f] = 1;
      for (const c of cls) active.add(c);
    }
    if (!active.size) return;
    const raw = this.net.run(input) ?? {};
    let total = 0;
    for (const c of active) {
      const v = (raw[String(c)] ?? 0) ** 2;
      out[c] = v;
      total += v;
    }
    if (total > 0) for (let c = 0; c < this.classes; c++) out[c]! /= total;
  }
}

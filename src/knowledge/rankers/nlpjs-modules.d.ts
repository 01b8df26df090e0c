// Type declarations for the two NLP.js packages the NLP.js ranker uses (they ship none).
declare module '@nlpjs/neural' {
  export interface NeuralCorpusItem {
    input: Record<string, number>;
    output: Record<string, number>;
  }
  export class NeuralNetwork {
    constructor(settings?: { log?: boolean; iterations?: number; errorThresh?: number; learningRate?: number; alpha?: number; momentum?: number });
    train(corpus: NeuralCorpusItem[]): { error: number; iterations: number };
    run(input: Record<string, number>): Record<string, number> | undefined;
  }
}

declare module '@nlpjs/lang-ar' {
  export class StemmerAr {
    constructor(container?: unknown);
    cache: Record<string, string>;
    stemWord(word: string): string;
  }
}

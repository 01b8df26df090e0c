import type { Prepared } from '../prepare.js';

/** One training phrase: its class (a topic's index, or the out-of-scope class) and prepared text. */
export interface Sample {
  cls: number;
  p: Prepared;
}

/**
 * A way of scoring every class for a message. Scores are in [0, 1], comparable across classes
 * (not across rankers: fusion weighs them). Pure and synchronous: it runs inside the engine's step.
 */
export interface Ranker {
  readonly name: string;
  /** Writes one score per class into `out` (length = number of classes). */
  score(q: Prepared, out: Float64Array): void;
}

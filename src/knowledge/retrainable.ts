/**
 * The answerer a running process holds: a matcher trained on the knowledge base, swapped for a
 * newly trained one by `retrain()` (after a supervisor assigns a miss to a topic, say), so new
 * examples take effect without a restart. The engine keeps the same object throughout; each
 * question is answered by whichever matcher is current when it arrives.
 */
import type { Answer, Answerer, Topic } from './answerer.js';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase, type MatcherConfig } from './matcher.js';

export interface Retrained {
  topics: number;
  examples: number;
  ms: number;
}

export class RetrainableAnswerer implements Answerer {
  private current: { matcher: Matcher; byId: Map<string, Topic> };
  private pending: Promise<Retrained> | undefined;

  /** `read` reads and validates the knowledge base (throws `FlowFileError` when a file is wrong). */
  constructor(
    private readonly read: () => KnowledgeBase,
    private readonly config: MatcherConfig = DEFAULT_MATCHER,
  ) {
    this.current = this.train(read());
  }

  get matcher(): Matcher {
    return this.current.matcher;
  }

  answer(text: string): Answer {
    return this.current.matcher.answer(text);
  }

  topic(id: string): Topic | undefined {
    return this.current.byId.get(id);
  }

  /**
   * Reads the knowledge base again and swaps in a matcher trained on it. A knowledge base that
   * no longer validates throws and leaves the current matcher answering. Calls made while one
   * runs share it (training twice at once would only cost time).
   */
  retrain(): Promise<Retrained> {
    this.pending ??= Promise.resolve()
      .then(() => {
        const t0 = performance.now();
        const kb = this.read();
        this.current = this.train(kb);
        return { topics: kb.topics.length, examples: kb.topics.reduce((a, t) => a + t.examples.ar.length + t.examples.en.length, 0), ms: Math.round(performance.now() - t0) };
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  private train(kb: KnowledgeBase): { matcher: Matcher; byId: Map<string, Topic> } {
    const matcher = new Matcher(kb, this.config);
    return { matcher, byId: new Map(matcher.topics.map((t) => [t.id, t])) };
  }
}

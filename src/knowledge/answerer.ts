import type { Text } from '../i18n/text.js';

/** A knowledge-base topic as the engine sees it. */
export interface Topic {
  id: string;
  /** Short name, used in "did you mean …?" choices. */
  label: Text;
  /** The answer; placeholders like `{phone}` are filled from the association profile. */
  answer: Text;
  /** Starts this flow instead of answering (e.g. `support-request`). */
  flow?: string;
  /** Acts as this command instead of answering (e.g. `officer`). */
  command?: 'officer' | 'menu';
}

export type Answer =
  | { kind: 'topic'; topic: Topic; score: number }
  | { kind: 'ambiguous'; topics: Topic[]; score: number }
  | { kind: 'none'; score: number };

/** The topic an answer names, as the ask CLI reports it: an ambiguous one names its best candidate (the bot offers it first). */
export function namedTopic(a: Answer): string | null {
  return a.kind === 'topic' ? a.topic.id : a.kind === 'ambiguous' ? a.topics[0]!.id : null;
}

/**
 * What the engine asks when a beneficiary writes free text: which topic, if any, it is about.
 * Must be pure and fast (it runs inside the engine's step), so any training happens at start-up.
 */
export interface Answerer {
  answer(text: string): Answer;
  topic(id: string): Topic | undefined;
}

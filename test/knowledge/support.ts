/** Helpers of the matcher's tests: the topic the ask CLI would report, and topics of a small knowledge base of a test's own. */
import { namedTopic, type Answer } from '../../src/knowledge/answerer.js';
import type { TopicFile } from '../../src/knowledge/schema.js';

/** The topic `m` names for `text`, as the ask CLI reports it (an ambiguous answer counts as its first candidate). */
export function topicOf(m: { answer(text: string): Answer }, text: string): string | null {
  return namedTopic(m.answer(text));
}

/** A topic of a small test knowledge base: its id as label and answer, and Arabic examples. */
export const smallTopic = (id: string, ar: string[]): TopicFile => ({ id, label: { ar: id, en: id }, answer: { ar: id, en: id }, examples: { ar, en: [] } });

/**
 * Issue 15, round 6: everyday chatter («ما هي عاصمه فرنسا», «ليش السما لونها ازرق», "what does
 * serendipity mean"). Such a question is made of words our topics never use around a few that every
 * question uses (ما، هي، ليش), and the classifier, knowing only those few, may still lean to a topic.
 * So a message most of whose content words (not closed-class words, numbers or Arabizi) no topic
 * example uses is out of scope unless the classifier is sure of it or it speaks to the association
 * (the matcher checks both: `CHATTER`). And "where is the best …" seeks a recommendation
 * (`seeksBestPlace`): the association is where it is, never the best place for something.
 */
import { ARABIZI } from './lexicon.js';
import { FUNCTION_WORDS } from './function-words.js';
import type { Vocabulary } from './aims.js';

/**
 * The decision's limits, measured on every tuning set (README): at least this share of content words
 * unknown, at least this many content words, and a best topic below this score (0.4 rejected one more
 * chatter message of the second rejection set but cost in-scope messages written in dialect).
 */
export const CHATTER = { share: 0.6, words: 2, score: 0.3 };

const LATIN = /^[a-z]+$/;
const ARABIC = /[\u0621-\u064A]/;

/**
 * The share of the message's content words that no topic example uses, and how many content words it
 * has. `tokens` are the prepared words: an Arabic word right after a Latin one is its translation or
 * transliteration (left out: the Latin word counts); in Arabizi (a Latin word of the Arabizi map or
 * with digits) Latin words are left out too, since a transliteration the map lacks reads as unknown.
 */
export function unknownContent(tokens: readonly string[], raw: readonly string[], vocabulary: Vocabulary): { share: number; words: number } {
  const arabizi = raw.some((w) => /[a-z]/.test(w) && (/[0-9]/.test(w) || ARABIZI[w] !== undefined));
  let words = 0;
  let unknown = 0;
  tokens.forEach((t, i) => {
    if (i > 0 && LATIN.test(tokens[i - 1]!) && ARABIC.test(t)) return;
    if (/[0-9]/.test(t) || t.length < 2 || FUNCTION_WORDS.has(t) || (arabizi && LATIN.test(t))) return;
    words++;
    if (vocabulary.unknown(t)) unknown++;
  });
  return { share: words ? unknown / words : 0, words };
}

/** Adjectives of a recommendation (as prepared): "the best", "a nice", "the cheapest". (Not اقرب, "the nearest": «وين اقرب فرع».) */
const BEST = new Set(['احسن', 'افضل', 'احلي', 'اجمل', 'ارخص', 'اطيب', 'best', 'good', 'nice', 'cheapest', 'cheap']);
const WHERE = new Set(['وين', 'where']);

/** Nouns of a manner (as prepared): "the best way to apply", «افضل طريقه اتبرع» ask how to do one of our things, not where. */
const MANNER = new Set(['طريقه', 'وسيله', 'way', 'method', 'طرق', 'وسايل', 'ways']);

/** Whether the message asks where the best or a good something is («وين احسن مكان للكشته», "where can I find a good tailor"). */
export function seeksBestPlace(tokens: readonly string[]): boolean {
  return tokens.some((t, i) => WHERE.has(t) && tokens.slice(i + 1, i + 6).some((w, k) => BEST.has(w) && !MANNER.has((tokens[i + k + 2] ?? '').replace(/^ال/, ''))));
}

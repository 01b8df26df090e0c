/**
 * Issue 15, round 6: what one asks to be entitled to. «هل يحق لي اجازه مرضيه», "am I eligible for a
 * credit card", «هل المطلقه تستحق نفقه» share the asking words of our eligibility and rights questions
 * but ask about a thing no one at the association gives: a leave from work, a card, alimony. So where a
 * message asks to be entitled to something, that thing must be a word of the answering topic's own
 * examples («يحق لي الدعم», «استحق المساعده», «ينطبق علي الدعم»); the one entitled («للمطلقه») and
 * the words around it («لي», "for a") are passed over. So must what papers are required for.
 */
import { bare } from './aims.js';
import { FUNCTION_WORDS } from './function-words.js';
import { lightStem } from './stem.js';

/** Words of being entitled (as prepared; English ones are followed by their Arabic counterpart). */
const ENTITLED = new Set(['يحق', 'تستحق', 'يستحق', 'استحق', 'نستحق', 'مستحق', 'مستحقه', 'ينطبق', 'تنطبق', 'eligible', 'qualify', 'qualifies']);

/** Words between the entitlement and its object: to whom, and English articles. */
const BETWEEN = new Set(['لي', 'له', 'لها', 'لنا', 'لهم', 'علي', 'عليا', 'for', 'a', 'an', 'the', 'to', 'get', 'i', 'me', 'am', 'of', 'اني', 'ان']);

/**
 * The forms a word is looked up by in a topic's vocabulary: itself, its light stem, without a particle,
 * and its consonants as a rough root where three or more remain («التقديم» meets «اقدم»).
 */
function forms(token: string): string[] {
  const k = skeleton(token);
  return k.length >= 3 ? [...bare(token), `#${k}`] : bare(token);
}

/** A word's consonants: light stem, a verb's person prefix off where four letters remain, the long vowels inside out. */
function skeleton(token: string): string {
  if (!/^[\u0621-\u064A]+$/.test(token)) return '';
  let s = lightStem(token);
  if (s.length >= 4 && /^[اتين]/.test(s)) s = s.slice(1);
  return s[0]! + s.slice(1).replace(/[اوي]/g, '');
}

/** A topic's vocabulary for `entitledElsewhere`: every form of every word of its examples (as prepared). */
export function topicWords(examples: readonly (readonly string[])[]): Set<string> {
  const out = new Set<string>();
  for (const e of examples) for (const t of e) for (const f of forms(t)) out.add(f);
  return out;
}

/** Words of being required (as prepared): «الاوراق المطلوبه للزواج», "required for a visa": what follows ل or "for" is what they are for. */
const REQUIRED = new Set(['مطلوب', 'مطلوبه', 'المطلوب', 'المطلوبه', 'required', 'needed']);
const ARTICLES = new Set(['a', 'an', 'the']);

/**
 * Whether the message asks to be entitled to a word the answering topic's examples (`words`) never use,
 * or what papers are required for («الاوراق المطلوبه للزواج»: a marriage, not a request of ours).
 */
export function entitledElsewhere(tokens: readonly string[], words: ReadonlySet<string>): boolean {
  const r = tokens.findIndex((t) => REQUIRED.has(t));
  if (r >= 0) {
    // «المطلوبه للزواج» (ل joined to the purpose), "required for a visa" (for, perhaps an article).
    let k = r + 1;
    const english = tokens[k] === 'for';
    if (english) k++;
    if (english && ARTICLES.has(tokens[k] ?? '')) k++;
    const purpose = tokens[k];
    // A closed-class word that begins with ل is no purpose: «وش المطلوب لو ابي اقدم» (if), «لما اقدم» (when).
    if (purpose !== undefined && (english || purpose.startsWith('ل')) && !FUNCTION_WORDS.has(purpose) && !/[0-9]/.test(purpose) && !forms(purpose).some((f) => words.has(f))) return true;
  }
  const i = tokens.findIndex((t) => ENTITLED.has(t));
  if (i < 0) return false;
  let j = i + 1;
  while (j < tokens.length && (BETWEEN.has(tokens[j]!) || FUNCTION_WORDS.has(tokens[j]!) || ENTITLED.has(tokens[j]!) || tokens[j]!.startsWith('لل'))) j++;
  const object = tokens[j];
  return object !== undefined && !/[0-9]/.test(object) && !forms(object).some((f) => words.has(f));
}

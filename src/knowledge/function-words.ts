/**
 * Issue 15, round 6: the closed-class words of Arabic (as prepared: folded, dialect variants unified)
 * and English: particles, pronouns, question words, demonstratives, "want", "can", "because". They
 * say nothing about what a message is about, so they are neither a name («جمعيه ولا شركه» names no
 * association) nor content that our topics know («ما هي عاصمه فرنسا» has none).
 */
import { ENGLISH_COMMON } from './lexicon.js';
import { fold } from './prepare.js';

const ARABIC = (
  'ما ماذا هي هو هم هن انا انت انتي احنا نحن وش ليش ليه كيف متي وين فين كم هل من مين منو في فيه فيها علي عن الي لي له لها لهم لنا ' +
  'مع بين بعد قبل اللي الذي التي هذا هذي هذه ذا ذي دي هاذا هاذي كل بس ولا او و يا ابي ممكن لو اذا عشان لان لانه لا مو مب مش شي شيء ' +
  'احد حد يعني قد كان كانت يكون تكون عند عندي اي ايش شو شنو ايه كذا الحين الان جدا مره وايد كثير اكثر غير حتى ثم لما ام اما بعض ' +
  'تبع حق حقت انه انها ان اني هاذي هذول هذولا وهل وش'
).split(' ');

export const FUNCTION_WORDS: ReadonlySet<string> = new Set([...ENGLISH_COMMON, ...ARABIC.map(fold)]);

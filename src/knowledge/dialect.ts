/**
 * Preparation steps for the ways of writing that the word maps cannot list (issue 15): numbers
 * left out, and the Southern article ام. Input words are already folded (`fold`):
 * Latin digits, ه for ة, ي for ى.
 */

const DIGITS = /^[0-9]+$/;

/**
 * Numbers left out: a mobile, an ID, an income, a count of children or an hour says nothing about
 * what is asked, and its digits are n-grams no example shares, which only dilute the words around
 * them ("رقمي الجديد ٠٥٥٩٨٧٦٥٤٣ حدثوه" is "my new number, update it"). Measured against reading a
 * mobile as جوال and a ten-digit ID as هويه: no better on any set. A message that is nothing but
 * numbers keeps them (it says nothing either way).
 */
export function dropNumbers(words: string[]): string[] {
  if (!words.some((w) => DIGITS.test(w))) return words;
  const out = words.filter((w) => !DIGITS.test(w));
  return out.length ? out : words;
}

/**
 * The article ام of Southern (Tihama, Jazan, Faifa, parts of Asir) speech: "امجمعيه" is الجمعيه,
 * "امورق" الورق, "امرد" الرد. Read so only where the word itself is unknown and what follows ام, with ال
 * instead, is a word the knowledge base or the word maps know (امس، امان، امي stay as they are).
 */
/** Words of four letters that begin with ام and are words of their own (امام before, امال hopes). */
const NOT_ARTICLE = new Set(['امام', 'امال', 'امين', 'امها', 'امهم', 'امره', 'امرك']);

export function southernArticle(word: string, known: (w: string) => boolean): string | undefined {
  if (word.length < 4 || !word.startsWith('ام') || known(word) || NOT_ARTICLE.has(word)) return undefined;
  const rest = word.slice(2);
  const withAl = `ال${rest}`;
  // Known with the article, or only behind a particle (round 5: «والملف» is how the examples have «الملف»).
  return known(withAl) || known(`وال${rest}`) || known(`بال${rest}`) || known(`لل${rest}`) ? withAl : undefined;
}

/**
 * A negation written onto the next word, as most dialects type it: "ماعندي" is ما عندي, "مادري"
 * ما ادري, "مافيه" ما فيه. Split only where the word itself is unknown and what follows ما is known.
 */
export function splitNegation(word: string, known: (w: string) => boolean): string[] | undefined {
  if (word.length < 5 || !word.startsWith('ما') || known(word)) return undefined;
  const rest = word.slice(2);
  if (known(rest)) return ['ما', rest];
  return known(`ا${rest}`) ? ['ما', `ا${rest}`] : undefined;
}

/**
 * A present-tense verb as Hijazi, Egyptian and Levantine speakers write it, read in the Najdi and
 * Gulf form the examples mostly use: the plural -وا/-و for -ون ("تقدموا" تقدمون), and the
 * present and future prefixes ب، ه، ح taken off ("بتفتحوا" تفتحون، "هتردوا" تردون، "بيدرسوا"
 * يدرسون). Only where the word is unknown and the form it becomes is known.
 */
export function najdiVerb(word: string, known: (w: string) => boolean): string | undefined {
  if (word.length < 4 || known(word)) return undefined;
  const m = /^([بهح]?)([تين][\u0621-\u064A]{2,}?)(وا|و|ون)?$/.exec(word);
  if (!m || (!m[1] && !m[3]) || (m[3] === 'ون' && !m[1])) return undefined;
  const stem = m[2]!;
  for (const c of m[3] ? [`${stem}ون`, `${stem}وا`] : [stem]) if (c !== word && known(c)) return c;
  return undefined;
}

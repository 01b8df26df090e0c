/**
 * A light Arabic stemmer (in the spirit of Larkey's Light10, with the Gulf dialect's pronoun
 * endings added): it takes off the article and attached particles in front and common endings
 * behind, never touching the root, so "الجمعيه / جمعيتكم / بالجمعيه" meet at "جمعي".
 * Input is already normalised (ه for ة, ي for ى, bare alef).
 */
const PREFIXES = ['وبال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'وب', 'ول', 'فل'];
const SUFFIXES = ['كم', 'كن', 'هم', 'هن', 'ها', 'نا', 'ني', 'ات', 'ان', 'ون', 'ين', 'يه', 'تي', 'ته', 'وا', 'ه', 'ي', 'ك', 'ت'];

const cache = new Map<string, string>();

export function lightStem(word: string): string {
  if (!/[\u0621-\u064A]/.test(word)) return word;
  let s = cache.get(word);
  if (s !== undefined) return s;
  s = word;
  for (const p of PREFIXES) {
    if (s.startsWith(p) && s.length - p.length >= 2) {
      s = s.slice(p.length);
      break;
    }
  }
  // و as a conjunction, only where enough of the word remains to be sure it is not a root letter.
  if (s.length > 4 && s.startsWith('و')) s = s.slice(1);
  for (let round = 0; round < 2; round++) {
    const suf = SUFFIXES.find((x) => s!.endsWith(x) && s!.length - x.length >= 3);
    if (!suf) break;
    s = s.slice(0, -suf.length);
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(word, s);
  return s;
}

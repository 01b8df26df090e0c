/**
 * Arabizi → Arabic letters, for Latin words the word map does not know. Short vowels are
 * dropped inside a word, long ones and those at the ends kept, digits read as the letters they
 * stand for (3 ع, 7 ح, 5 خ, 6 ط, 8 ق, 9 ص, 2 ء). Approximate on purpose: character n-grams
 * only need most of the letters right.
 */
export function transliterate(word: string): string {
  const w = word.toLowerCase();
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    const next = w[i + 1] ?? '';
    const pair = c + next;
    const first = i === 0;
    const last = i === w.length - 1;
    const DIGRAPHS: Record<string, string> = {
      sh: 'ش', kh: 'خ', gh: 'غ', th: 'ث', dh: 'ذ', ch: 'ش', ph: 'ف',
      ou: 'و', oo: 'و', uu: 'و', ee: 'ي', ii: 'ي', aa: 'ا', ai: 'ي', ay: 'ي', ei: 'ي', ey: 'ي',
    };
    const di = DIGRAPHS[pair];
    if (di) {
      out += first && 'aeiou'.includes(c) && di !== 'ا' ? `ا${di}` : di;
      i++;
      continue;
    }
    switch (c) {
      case 'a':
        out += first ? 'ا' : last ? (out.length >= 3 ? 'ه' : 'ا') : '';
        break;
      case 'e':
        out += first ? 'ا' : last ? 'ي' : '';
        break;
      case 'i':
        out += first ? 'ا' : 'ي';
        break;
      case 'o':
      case 'u':
        out += first ? 'ا' : 'و';
        break;
      default: {
        const LETTERS: Record<string, string> = {
          b: 'ب', t: 'ت', j: 'ج', h: 'ه', d: 'د', r: 'ر', z: 'ز', s: 'س', f: 'ف', q: 'ق', k: 'ك', l: 'ل', m: 'م', n: 'ن',
          w: 'و', y: 'ي', g: 'ق', v: 'ف', p: 'ب', c: 'ك', x: 'كس',
          '2': 'ا', '3': 'ع', '5': 'خ', '6': 'ط', '7': 'ح', '8': 'ق', '9': 'ص',
        };
        out += LETTERS[c] ?? '';
      }
    }
  }
  return out;
}

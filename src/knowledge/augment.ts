/**
 * Training-time augmentation: noisy copies of the knowledge base's examples, so a classifier
 * learns that a word with a letter missing, doubled or swapped, or a message with a word left
 * out, still means the same. Deterministic (a seeded sequence): the same base trains the same
 * model on every start.
 */
import type { Prepared } from './prepare.js';
import { mulberry32 } from './rankers/logreg.js';
import type { Sample } from './rankers/ranker.js';
import { lightStem } from './stem.js';

function edit(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 2));
  switch (Math.floor(r() * 3)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    default:
      return word.slice(0, i) + word[i] + word.slice(i);
  }
}

function prepared(tokens: string[]): Prepared {
  return { tokens, stems: tokens.map(lightStem), text: tokens.join(' ') };
}

/** `copies` noisy copies of every sample (one letter edit in one long word; a word dropped from longer messages). */
export function augment(samples: readonly Sample[], copies: number, seed = 15): Sample[] {
  const r = mulberry32(seed);
  const out: Sample[] = [];
  for (const s of samples) {
    const tokens = s.p.tokens;
    if (!tokens.length) continue;
    for (let k = 0; k < copies; k++) {
      let t = [...tokens];
      if (t.length >= 3 && r() < 0.5) t.splice(Math.floor(r() * t.length), 1);
      const long = t.map((w, i) => (w.length >= 4 ? i : -1)).filter((i) => i >= 0);
      if (long.length) {
        const i = long[Math.floor(r() * long.length)]!;
        t[i] = edit(t[i]!, r);
      }
      if (t.join(' ') !== s.p.text) out.push({ cls: s.cls, p: prepared(t) });
    }
  }
  return out;
}

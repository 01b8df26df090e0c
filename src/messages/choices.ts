import { latinDigits, normalizeForMatch } from '../text/normalize.js';
import type { Choice } from './model.js';

/**
 * Which offered choice an answer picks: a tapped choice id, its number (`1`, `١`, `1.`),
 * or its label typed out (compared normalised). Returns undefined when it picks none.
 */
export function pickChoice(
  offered: readonly Choice[],
  answer: { text?: string | undefined; choiceId?: string | undefined },
  aliases: (choice: Choice) => readonly string[] = () => [],
): Choice | undefined {
  if (answer.choiceId) {
    const byId = offered.find((c) => c.id === answer.choiceId);
    if (byId) return byId;
  }
  const raw = answer.text?.trim();
  if (!raw) return undefined;
  const digits = latinDigits(raw).replace(/[.)\-\s]+$/u, '').trim();
  if (/^\d{1,2}$/.test(digits)) return offered[Number(digits) - 1];
  const wanted = normalizeForMatch(raw);
  if (!wanted) return undefined;
  return offered.find(
    (c) =>
      normalizeForMatch(c.label) === wanted ||
      c.id.toLowerCase() === raw.toLowerCase() ||
      aliases(c).some((a) => normalizeForMatch(a) === wanted),
  );
}

/**
 * Arabic text normalisation: everything that matches user input (choices, commands,
 * the knowledge base) compares normalised forms, so that أ/إ/آ/ا, ة/ه, ى/ي, tatweel,
 * diacritics and Arabic-Indic digits never make a difference.
 */

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;

/** Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits to Latin digits. */
export function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/** Light normalisation: digits, hamza forms, ta marbuta, alef maqsura, tatweel, diacritics, case, spaces. */
export function normalizeArabic(text: string): string {
  return latinDigits(text)
    .normalize('NFKC')
    .replace(DIACRITICS, '')
    .replace(TATWEEL, '')
    .replace(/[إأآٱ]/g, 'ا')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const matchCache = new Map<string, string>();

/**
 * Normalised text with punctuation removed, for whole-answer comparisons (commands, choice labels).
 * Memoised: the same labels and command words are compared on every message.
 */
export function normalizeForMatch(text: string): string {
  let out = matchCache.get(text);
  if (out === undefined) {
    out = normalizeArabic(text)
      .replace(/[\p{P}\p{S}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (matchCache.size > 20_000) matchCache.clear();
    matchCache.set(text, out);
  }
  return out;
}

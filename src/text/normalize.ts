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

/**
 * The memo of `normalizeForMatch`. It serves the labels and command words compared on every
 * message, so it takes only what looks like one: short, and without digits (an ID, a mobile, an
 * income is never kept). Bounded by bytes; when full it starts again.
 */
const MEMO_MAX_CHARS = 48;
const MEMO_MAX_BYTES = 256 * 1024;
const matchCache = new Map<string, string>();
let memoBytes = 0;

/** What the memo holds (entries, approximate bytes): for tests and diagnostics. */
export function matchMemoStats(): { entries: number; bytes: number } {
  return { entries: matchCache.size, bytes: memoBytes };
}

function normalizeUncached(text: string): string {
  return normalizeArabic(text)
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Normalised text with punctuation removed, for whole-answer comparisons (commands, choice labels).
 * Memoised for label-like strings only (see above).
 */
export function normalizeForMatch(text: string): string {
  const hit = matchCache.get(text);
  if (hit !== undefined) return hit;
  const out = normalizeUncached(text);
  if (text.length <= MEMO_MAX_CHARS && !/[0-9\u0660-\u0669\u06F0-\u06F9]/.test(text)) {
    // UTF-16: two bytes a character, key and value, plus the Map entry's own cost.
    const cost = 2 * (text.length + out.length) + 64;
    if (memoBytes + cost > MEMO_MAX_BYTES) {
      matchCache.clear();
      memoBytes = 0;
    }
    matchCache.set(text, out);
    memoBytes += cost;
  }
  return out;
}

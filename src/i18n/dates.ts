import type { Locale } from '../messages/model.js';

/**
 * Hijri (Umm al-Qura, the calendar used in Saudi Arabia) and Gregorian dates, from the
 * platform's own Intl data: no library needed, and the same calendar the government uses.
 */

const TZ = 'Asia/Riyadh';

const hijriParts = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

function hijriOf(date: Date): { y: number; m: number; d: number } {
  const parts = Object.fromEntries(hijriParts.formatToParts(date).map((p) => [p.type, p.value]));
  return { y: Number.parseInt(parts.year ?? '0', 10), m: Number(parts.month), d: Number(parts.day) };
}

/** Converts an Umm al-Qura date to ISO Gregorian by searching near the estimated day; undefined if no such day. */
export function hijriToGregorian(y: number, m: number, d: number): string | undefined {
  // Mean Hijri year 354.367 days; epoch 622-07-16. The estimate is within a few days.
  const estimate = Date.UTC(622, 6, 16) + ((y - 1) * 354.367 + (m - 1) * 29.53 + (d - 1)) * 86_400_000;
  for (let off = -6; off <= 6; off++) {
    const date = new Date(estimate + off * 86_400_000);
    const h = hijriOf(date);
    if (h.y === y && h.m === m && h.d === d) return date.toISOString().slice(0, 10);
  }
  return undefined;
}

/** "١ جمادى الآخرة ١٤٤٨ هـ الموافق ٢٢ نوفمبر ٢٠٢٦ م" / "1 Jumada II 1448 AH (22 November 2026)". */
export function formatDualDate(date: Date, locale: Locale): string {
  if (locale === 'ar') {
    const hijri = new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura', { timeZone: TZ, dateStyle: 'long' }).format(date);
    const greg = new Intl.DateTimeFormat('ar-SA-u-ca-gregory', { timeZone: TZ, dateStyle: 'long' }).format(date);
    return `${hijri} الموافق ${greg} م`;
  }
  const hijri = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { timeZone: TZ, dateStyle: 'long' }).format(date);
  const greg = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, dateStyle: 'long' }).format(date);
  return `${hijri} (${greg})`;
}

/** The year in Riyadh, for reference numbers. */
export function riyadhYear(date: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: TZ, year: 'numeric' }).format(date));
}

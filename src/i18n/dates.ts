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

// Formatters are costly to build and cheap to use: build each once.
const long = (locale: string) => new Intl.DateTimeFormat(locale, { timeZone: TZ, dateStyle: 'long' });
const formats = {
  arHijri: long('ar-SA-u-ca-islamic-umalqura'),
  arGregorian: long('ar-SA-u-ca-gregory'),
  enHijri: long('en-u-ca-islamic-umalqura'),
  enGregorian: long('en-GB'),
  year: new Intl.DateTimeFormat('en', { timeZone: TZ, year: 'numeric' }),
};

/** "١٢ جمادى الآخرة ١٤٤٨ هـ الموافق ٢٢ نوفمبر ٢٠٢٦ م" / "Jumada II 12, 1448 AH (22 November 2026)". */
export function formatDualDate(date: Date, locale: Locale): string {
  if (locale === 'ar') return `${formats.arHijri.format(date)} الموافق ${formats.arGregorian.format(date)} م`;
  return `${formats.enHijri.format(date)} (${formats.enGregorian.format(date)})`;
}

/** The year in Riyadh, for reference numbers. */
export function riyadhYear(date: Date): number {
  return Number(formats.year.format(date));
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Riyadh as `YYYY-MM-DD` (for "one a day" limits and daily figures). */
export function riyadhDay(at: number): string {
  return dayFormat.format(at);
}

import { latinDigits } from '../../text/normalize.js';
import { hijriToGregorian } from '../../i18n/dates.js';
import { ok, refuse, type Validation } from './result.js';

/**
 * A calendar date, Gregorian (2026-11-22, 22/11/2026) or Hijri when marked (1448/06/01 هـ,
 * or any year below 1600, which can only be Hijri here). Stored as ISO `YYYY-MM-DD` (Gregorian).
 */
export function validateDate(input: string): Validation<string> {
  const s = latinDigits(input).trim();
  const hijriMarked = /هـ|ه$|\bh\b|hijri/i.test(s);
  const nums = s.match(/\d+/g)?.map(Number);
  if (!nums || nums.length !== 3) {
    return refuse(
      'فضلاً اكتب التاريخ بالأرقام، مثل 22/11/2026 أو 1448/06/01 هـ.',
      'Please type the date in numbers, e.g. 22/11/2026 or 1448/06/01 AH.',
    );
  }
  const [a, b, c] = nums as [number, number, number];
  const [y, m, d] = a > 31 ? [a, b, c] : [c, b, a];
  const hijri = hijriMarked || y < 1600;
  if (m < 1 || m > 12 || d < 1 || d > (hijri ? 30 : 31)) {
    return refuse('هذا التاريخ غير صحيح. فضلاً تأكد من اليوم والشهر.', 'This date is not valid. Please check the day and the month.');
  }
  if (hijri) {
    const g = hijriToGregorian(y, m, d);
    if (!g) return refuse('هذا التاريخ الهجري غير صحيح.', 'This Hijri date is not valid.');
    return ok(g);
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) {
    return refuse('هذا التاريخ غير صحيح. فضلاً تأكد من اليوم والشهر.', 'This date is not valid. Please check the day and the month.');
  }
  return ok(date.toISOString().slice(0, 10));
}

import { latinDigits } from '../../text/normalize.js';
import { ok, refuse, type Validation } from './result.js';

/** A whole number within [min, max]; Arabic-Indic digits, thousands separators and "ريال"/"SAR" are accepted. */
export function validateNumber(input: string, min = 0, max = Number.MAX_SAFE_INTEGER): Validation<number> {
  const cleaned = latinDigits(input)
    .replace(/[٬,،\s]/g, '')
    .replace(/٫/g, '.')
    .replace(/(ريال|ر\.?س|sar|riyals?|sr)$/i, '')
    .trim();
  if (!/^\d+(\.\d+)?$/.test(cleaned)) {
    return refuse(
      `فضلاً اكتب رقماً فقط (من ${min} إلى ${max}).`,
      `Please type a number only (from ${min} to ${max}).`,
    );
  }
  const n = Math.round(Number(cleaned));
  if (n < min || n > max) {
    return refuse(`الرقم يجب أن يكون بين ${min} و ${max}.`, `The number must be between ${min} and ${max}.`);
  }
  return ok(n);
}

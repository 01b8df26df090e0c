import { latinDigits } from '../../text/normalize.js';
import { ok, refuse, type Validation } from './result.js';

/**
 * Saudi national ID (starts with 1) or iqama / residency number (starts with 2):
 * ten digits whose last one is a Luhn check digit. Arabic-Indic digits and spaces
 * or dashes between groups are accepted.
 */
export function validateNationalId(input: string): Validation<string> {
  const digits = latinDigits(input).replace(/[\s\-‐–]/g, '');
  if (!/^\d+$/.test(digits)) {
    return refuse('رقم الهوية يتكون من أرقام فقط.', 'The ID number must contain digits only.');
  }
  if (digits.length !== 10) {
    return refuse(
      `رقم الهوية أو الإقامة يتكون من ١٠ أرقام، والرقم المدخل فيه ${digits.length}.`,
      `An ID or iqama number has 10 digits; this one has ${digits.length}.`,
    );
  }
  if (digits[0] !== '1' && digits[0] !== '2') {
    return refuse(
      'رقم الهوية الوطنية يبدأ بـ 1، ورقم الإقامة يبدأ بـ 2.',
      'A national ID starts with 1 and an iqama number with 2.',
    );
  }
  if (!luhnValid(digits)) {
    return refuse(
      'رقم الهوية غير صحيح (رقم التحقق الأخير لا يطابق). فضلاً تأكد من الرقم وأعد كتابته.',
      'This ID number is not valid (its last, check digit does not match). Please check it and type it again.',
    );
  }
  return ok(digits);
}

/** The Luhn check used by Saudi ID numbers: double every other digit from the left, starting with the first. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Masking is one policy for the whole code base (src/text/mask.ts). */
export { maskNationalId } from '../../text/mask.js';

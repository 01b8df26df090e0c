import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { latinDigits } from '../../text/normalize.js';
import { ok, refuse, type Validation } from './result.js';

/**
 * A Saudi mobile number in any usual form (05xxxxxxxx, 5xxxxxxxx, +9665…, 9665…, 009665…),
 * with Arabic-Indic digits and spaces allowed; stored as E.164 (+9665xxxxxxxx).
 */
export function validateSaudiMobile(input: string): Validation<string> {
  let s = latinDigits(input).replace(/[\s\-()‐–.]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  else if (/^9665\d{8}$/.test(s)) s = `+${s}`;
  if (!/^\+?\d+$/.test(s)) {
    return refuse('رقم الجوال يتكون من أرقام فقط، مثل 0512345678.', 'A mobile number has digits only, e.g. 0512345678.');
  }
  const parsed = parsePhoneNumberFromString(s, 'SA');
  if (!parsed || parsed.country !== 'SA' || !parsed.isValid() || parsed.getType() !== 'MOBILE') {
    return refuse(
      'رقم الجوال غير صحيح. اكتب رقم جوال سعودي يبدأ بـ 05 ومكوّن من ١٠ أرقام، مثل 0512345678.',
      'This is not a valid Saudi mobile number. Type a number that starts with 05 and has 10 digits, e.g. 0512345678.',
    );
  }
  return ok(parsed.number);
}

/** Masking is one policy for the whole code base (src/text/mask.ts). */
export { maskPhone } from '../../text/mask.js';

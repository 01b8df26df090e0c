import { latinDigits } from './normalize.js';

/**
 * The one masking policy for personal data: national IDs / iqama numbers and phone numbers, in
 * every form people and platforms write them (Latin or Arabic-Indic digits, `05…`, `+966 5x …`
 * with spaces or dashes, `00966…`, `9665…`, foreign numbers such as a WhatsApp `2010…@c.us`).
 * Used by the logger on every line, and wherever an ID or a number is shown back partly.
 */

const D = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
/**
 * 8–15 digits, optionally after `+` or `00`, single spaces or dashes allowed between them. Not
 * inside a longer run of letters or digits (nor after a dash: a UUID's last group), not a reference's digits (`SR-2026-000042`), not an
 * ISO date (`2026-12-01`).
 */
const NUMBER = new RegExp(
  `(?<![-A-Za-z0-9\\u0660-\\u0669\\u06F0-\\u06F9])(?!\\d{4}-\\d{2}-\\d{2})(\\+|00)?${D}(?:[ \\-]?${D}){7,14}(?!${D})`,
  'g',
);

function maskMatch(match: string, prefix: string | undefined): string {
  const digits = latinDigits(match).replace(/\D/g, '');
  const body = prefix === '00' ? digits.slice(2) : digits;
  // A national ID (1…) or iqama (2…): ten digits, written without + or 00.
  if (!prefix && body.length === 10 && /^[12]/.test(body)) return `${body[0]}*****${body.slice(-4)}`;
  // A Saudi mobile written locally: 05 and eight digits.
  if (!prefix && /^05\d{8}$/.test(body)) return `05*****${body.slice(-3)}`;
  const lead = prefix ? '+' : '';
  if (body.length < 8) return `${lead}${'*'.repeat(body.length)}`;
  return `${lead}${body.slice(0, 4)}${'*'.repeat(body.length - 7)}${body.slice(-3)}`;
}

/** Masks every national ID and phone number in a string, keeping enough to tell them apart. */
export function maskText(s: string): string {
  return s.replace(NUMBER, (m: string, prefix: string | undefined) => maskMatch(m, prefix));
}

/** +966512345678 → +9665*****678: enough to recognise, not enough to misuse. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '***';
  return `${phone.slice(0, 5)}${'*'.repeat(phone.length - 8)}${phone.slice(-3)}`;
}

/** Shows only the last 4 digits, for echoing an ID back to a person. */
export function maskNationalId(id: string): string {
  return id.length <= 4 ? '****' : `${'*'.repeat(id.length - 4)}${id.slice(-4)}`;
}

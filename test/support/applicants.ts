import { luhnValid } from '../../src/domain/validators/national-id.js';

/** A valid Saudi national ID (check digit right) for applicant number `n`: 1 + 8 digits of n + check digit. */
export function nationalIdFor(n: number): string {
  const body = `1${String(n % 100_000_000).padStart(8, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('no check digit');
}

/** A Saudi mobile number for applicant number `n`. */
export function mobileFor(n: number): string {
  return `05${String(50_000_000 + (n % 50_000_000)).padStart(8, '0')}`;
}

/**
 * A whole support request typed as text (numbers pick choices), greeting to reference: the
 * messages a beneficiary sends, for applicant `n` (his own name, national ID and mobile).
 */
export function supportRequestScript(n: number, name = `محمد عبدالله السالم ${n}`): string[] {
  return ['السلام عليكم', '2', 'نعم', name, nationalIdFor(n), mobileFor(n), '1', '5', '3000', '3', 'نحتاج سداد إيجار شهرين متأخرة', 'تخطي', '1', 'نعم'];
}

import type { Condition } from './schema.js';

/** Whether a `branch` case holds for the form's data (`field` may be dotted: `result.found`). */
export function holds(c: Condition, data: Record<string, unknown>): boolean {
  const v = c.field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
  if (c.exists !== undefined && (v !== undefined && v !== null) !== c.exists) return false;
  if (c.equals !== undefined && v !== c.equals) return false;
  if (c.in !== undefined && !c.in.includes(v as string | number)) return false;
  if (c.lt !== undefined && !(typeof v === 'number' && v < c.lt)) return false;
  if (c.gt !== undefined && !(typeof v === 'number' && v > c.gt)) return false;
  return true;
}

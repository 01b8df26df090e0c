import { riyadhYear } from '../i18n/dates.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

export type ReferenceKind = 'SR' | 'CS';

/** `SR-2026-000042`: kind, the year in Riyadh, and a six-digit sequence that restarts each year. */
export async function nextReference(redis: Redis, keys: Keys, kind: ReferenceKind, at: Date): Promise<string> {
  const year = riyadhYear(at);
  const n = await redis.incr(keys.sequence(kind, year));
  return `${kind}-${year}-${String(n).padStart(6, '0')}`;
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A key of this process only: the digests compared say nothing outside it.
const KEY = randomBytes(32);

const digest = (value: string | Uint8Array): Buffer => createHmac('sha256', KEY).update(value).digest();

/**
 * Whether a secret a caller gave equals the one expected (a webhook secret, an admin token, a
 * signature), in a time that tells an attacker nothing. Both sides are first hashed to 32 bytes,
 * so neither their lengths nor where they differ shows, and a non-ASCII or odd-length input is
 * just unequal (a bare `timingSafeEqual` throws on buffers of different lengths).
 */
export function safeEqual(given: string | Uint8Array, expected: string | Uint8Array): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

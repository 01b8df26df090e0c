import { RefusedError, RetryLaterError } from '../../src/jobs/delivery-errors.js';
import { GraphError } from './graph.js';

/**
 * What a Graph API error code means for a reply. Codes from Meta's "Cloud API error codes"
 * page; anything not listed (131000 something went wrong, 131016 service unavailable, 5xx,
 * network errors) is retried with the delivery worker's backoff.
 */

/** Throughput and rate limits: wait and try again, without using an attempt. */
const THROTTLED = new Set([130429, 80007, 131056, 131048, 4]);
/** Outside the 24-hour customer-service window: only an approved template may go. */
export const WINDOW_CLOSED = 131047;
/** The access token expired or was revoked. */
export const TOKEN_INVALID = 190;
/**
 * Refused for good: undeliverable (131026), recipient cannot be the sender (131021), number not
 * in the test app's allowed list (131030), marketing stopped by the user (131050), unsupported
 * message type (131051), a parameter Meta will never accept (100, 131008, 131009), and the
 * business account blocked or locked (368, 131031).
 */
const REFUSED = new Set([131026, 131021, 131030, 131050, 131051, 100, 131008, 131009, 368, 131031]);
/** A template Meta does not have, has not approved, or whose parameters do not fit. */
const TEMPLATE_PROBLEM = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069]);

export type Verdict =
  | { kind: 'window' }
  | { kind: 'template'; reason: string }
  | { kind: 'token'; reason: string }
  | { kind: 'throw'; error: unknown };

/** How long a throttled reply waits (Meta gives no retry-after), and one waiting for a new token. */
export interface Waits {
  throttledMs: number;
  tokenMs: number;
}

export function classify(err: unknown, waits: Waits): Verdict {
  if (!(err instanceof GraphError) || err.graphCode === undefined) return { kind: 'throw', error: err };
  const reason = `${err.graphCode}: ${err.title}${err.details ? ` (${err.details})` : ''}`;
  if (err.graphCode === WINDOW_CLOSED) return { kind: 'window' };
  if (THROTTLED.has(err.graphCode)) return { kind: 'throw', error: new RetryLaterError(waits.throttledMs, reason) };
  if (err.graphCode === TOKEN_INVALID) return { kind: 'token', reason };
  if (TEMPLATE_PROBLEM.has(err.graphCode)) return { kind: 'template', reason };
  if (REFUSED.has(err.graphCode)) return { kind: 'throw', error: new RefusedError(reason) };
  return { kind: 'throw', error: err };
}

/** Whether a failed-status error code means the template could not be used (the notice is then held). */
export function isTemplateProblem(code: number): boolean {
  return TEMPLATE_PROBLEM.has(code);
}

import { SanadError } from '../errors.js';

/**
 * What a channel's `deliver` throws to tell the delivery worker how to go on. Anything else
 * it throws (a network error, a 5xx) is retried with exponential backoff.
 */

/** The platform asked us to wait (Telegram 429 `retry_after`), or the channel is not connected yet. */
export class RetryLaterError extends SanadError {
  constructor(
    readonly afterMs: number,
    readonly reason: string,
  ) {
    super('SANAD_ERR_DELIVERY_LATER', `delivery postponed ${afterMs} ms: ${reason}`);
    this.name = 'RetryLaterError';
  }
}

/** The platform refused for good (the user blocked the bot, chat not found): retrying cannot help. */
export class RefusedError extends SanadError {
  constructor(readonly reason: string) {
    super('SANAD_ERR_DELIVERY_REFUSED', `the platform refused the message: ${reason}`);
    this.name = 'RefusedError';
  }
}

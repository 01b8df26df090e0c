import type { TurnClaims } from '../../src/jobs/turn-claims.js';
import type { Counters } from '../../src/store/counters.js';
import type { RateLimitWatch } from './send.js';

export interface WebhookAnswersOptions {
  claims: TurnClaims;
  /** How long the webhook waits for an update's turn before it answers without the reply. */
  waitMs: number;
  /** Where Telegram's 429s to the worker are noted. */
  watch: RateLimitWatch;
  /** The answers' budget, shared by every process. */
  counters: Counters;
  /**
   * Replies sent in answers per second, at most, every process together: Telegram takes about 30
   * messages a second from a bot before it answers 429, and refuses an answer's call unseen; the
   * worker, which waits and retries, sends the rest.
   */
  perSecond: number;
}

/**
 * The webhook's answer to an update it queued. Telegram makes the one Bot API call a webhook
 * answer may carry as it takes the answer, so the reply and the acknowledgement are one event:
 * a process killed before answering leaves the update unacknowledged and the reply unsent, and
 * Telegram sends the update again. The webhook therefore waits (up to `waitMs`) for the update's
 * turn and, when its replies are one message and nothing earlier of the conversation is still on
 * its way, claims the turn's delivery job and answers with the call (see TurnClaims); an update
 * sent again gets the same answer. Otherwise (the turn not done in time, Telegram asking the bot
 * to slow down, past the answers' budget) it answers without, and the worker sends the replies at once.
 */
export class WebhookAnswers {
  constructor(private readonly o: WebhookAnswersOptions) {}

  /**
   * The answer's body (JSON) for the update queued as `messageId`, or undefined for a bare 200.
   * Rejects when it could not tell (Redis away): the webhook then answers 503 and the update comes
   * again, rather than be acknowledged with a reply claimed that nobody would send.
   */
  async answer(messageId: string, handled: Promise<void>): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([handled.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.o.waitMs)))]);
    clearTimeout(timer);
    return within(this.make(messageId, inTime), this.o.waitMs, 'the answer to the update');
  }

  private async make(messageId: string, inTime: boolean): Promise<string | undefined> {
    const { claims, watch, counters } = this.o;
    // Not done in time, Telegram asking the bot to slow down, or past the budget: the worker sends the reply.
    if (!inTime || watch.limited() || (await counters.hit('telegram:answers', 1_000)).current > this.o.perSecond) {
      return claims.decline(messageId);
    }
    return claims.answer(messageId);
  }
}

/** `p`, or a rejection once `ms` have passed. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} took more than ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

import type { DeliveryContext } from '../../src/jobs/delivery-worker.js';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import type { WhatsAppMessage } from './client.js';

/**
 * WhatsApp's send has no idempotency key: a send the page carried out whose result never came
 * back (the process killed mid-call, the call timed out after the message went) would go out again
 * on the retry, and the beneficiary would read the bot's message twice. So each message of a
 * delivery job is marked as its send starts; an attempt that finds a mark left by an earlier one
 * asks the chat first, and skips the send when the bot's last message there is this text, sent
 * since that earlier attempt began.
 */
export class SendOnce {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** How long a mark is kept: as long as a delivery job can be retried. */
    private readonly ttlSeconds: number,
  ) {}

  /** Marks this attempt at a message (one round trip); returns when an earlier attempt at it began (ms), if one did. */
  async begin(at: DeliveryContext): Promise<number | undefined> {
    const earlier = await this.redis.set(this.keys.whatsappSending(at.jobId, at.index), String(Date.now()), {
      condition: 'NX',
      GET: true,
      expiration: { type: 'EX', value: this.ttlSeconds },
    });
    return earlier ? Number(earlier) : undefined;
  }
}

/**
 * Whether the bot's messages in a chat (oldest first, as whatsapp-web.js gives them) show `text`
 * gone out since `sinceMs`: the last of them, with this text, stamped no earlier than that second.
 * Only the last: a conversation's replies go out one after the other, so a message that went is
 * the last one the bot sent there (the same text sent again a turn later is newer than the mark).
 */
export function wentOut(sent: Pick<WhatsAppMessage, 'body' | 'timestamp'>[], text: string, sinceMs: number): boolean {
  const last = sent.at(-1);
  return last !== undefined && last.body.trim() === text.trim() && last.timestamp >= Math.floor(sinceMs / 1000);
}

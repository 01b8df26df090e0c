import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { InboundHandler } from '../../src/channels/ports.js';
import type { ContactProofs } from '../../src/domain/contact-proofs.js';
import type { HandleOutcome } from '../../src/engine/runner.js';
import type { InboundMessageInput } from '../../src/messages/model.js';
import { fromUpdate, type TelegramUpdate } from './update.js';

export interface TelegramReceiverOptions {
  /** The engine's inbound port. */
  handle: InboundHandler;
  telegram: Telegram;
  log: Logger;
  /** Where numbers Telegram proved (a shared own contact) are kept for verification. */
  proofs?: ContactProofs;
}

/**
 * Takes updates from the webhook or from polling and hands them to the engine without making
 * the caller wait: Telegram retries a webhook that answers slowly. The runner queues the message
 * in Redis as the first thing it does, deduplicates by update id and keeps the order per chat.
 */
export class TelegramReceiver {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: TelegramReceiverOptions) {}

  /** Starts handling one update; false when it is not for Sanad (a group, an edit, another bot). */
  accept(update: TelegramUpdate): boolean {
    const inbound = fromUpdate(update);
    if (!inbound) {
      this.o.log.debug({ updateId: update.update_id }, 'telegram update ignored');
      return false;
    }
    const run = this.run(inbound.message, inbound.callbackQueryId, inbound.provenMobile).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return true;
  }

  private async run(message: InboundMessageInput, callbackQueryId: string | undefined, provenMobile?: string): Promise<void> {
    let outcome: HandleOutcome | undefined;
    try {
      // Recorded before the message is handled: the answer it carries may be the one verification reads.
      if (provenMobile && this.o.proofs) await this.o.proofs.record(message.ref, provenMobile);
      outcome = await this.o.handle(message);
    } catch (err) {
      this.o.log.error({ err, messageId: message.messageId }, 'telegram update could not be handled');
    }
    // The tap is acknowledged once, after it was taken, so the button stops spinning.
    if (callbackQueryId && outcome !== 'duplicate') {
      await this.o.telegram
        .answerCbQuery(callbackQueryId)
        .catch((err: Error) => this.o.log.warn({ err: err.message }, 'telegram: answerCallbackQuery failed'));
    }
  }

  /** Waits for the updates being handled (on shutdown, before the outbound queue closes). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

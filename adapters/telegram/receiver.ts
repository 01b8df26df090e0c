import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { InboundHandler } from '../../src/channels/ports.js';
import type { ContactProofs } from '../../src/domain/contact-proofs.js';
import type { TelegramFiles } from './files.js';
import { fromUpdate, type TelegramUpdate } from './update.js';

export interface TelegramReceiverOptions {
  /** The engine's inbound port. */
  handle: InboundHandler;
  telegram: Telegram;
  log: Logger;
  /** Where numbers Telegram proved (a shared own contact) are kept for verification. */
  proofs?: ContactProofs;
  /** Fetches the files a beneficiary sends into the attachment store, before the message is queued. */
  files?: TelegramFiles;
}

/** What became of an update: queued for the engine, seen before, refused by the message limit, or not for Sanad. */
export type Received = 'queued' | 'duplicate' | 'limited' | 'ignored';

/** What became of an update, the message id it was queued under, and when it has been handled. */
export interface Tracked {
  outcome: Received;
  messageId?: string;
  handled: Promise<void>;
}

/**
 * Takes updates from the webhook or from polling and queues them for the engine. The promise
 * resolves once the update is durably queued (one Redis round trip), and only then may Telegram
 * be told it arrived: a 200 is never retried, so an update answered before it was kept would be
 * lost with the process. It rejects when it could not be queued (Redis away): the webhook then
 * answers 503 and Telegram sends it again. The engine handles it right after, in the background.
 */
export class TelegramReceiver {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly o: TelegramReceiverOptions) {}

  async accept(update: TelegramUpdate): Promise<Received> {
    return (await this.acceptTracked(update)).outcome;
  }

  /** As `accept`, and `handled` resolves once the engine has handled the update's message (the webhook answers with its reply). */
  async acceptTracked(update: TelegramUpdate): Promise<Tracked> {
    const inbound = fromUpdate(update);
    if (!inbound) {
      this.o.log.debug({ updateId: update.update_id }, 'telegram update ignored');
      return { outcome: 'ignored', handled: Promise.resolve() };
    }
    // Recorded before the message is queued: the answer it carries may be the one verification reads.
    if (inbound.provenMobile && this.o.proofs) await this.o.proofs.record(inbound.message.ref, inbound.provenMobile);
    // Its files are fetched first, so the queued message points at our copies (the officer opens them in the console).
    const message = this.o.files ? await this.o.files.keep(inbound.message, update.update_id) : inbound.message;
    const { outcome, handled } = await this.o.handle.acceptTracked(message);
    // The tap is acknowledged once, after it was taken, so the button stops spinning.
    if (inbound.callbackQueryId && outcome !== 'duplicate') {
      const ack = this.o.telegram
        .answerCbQuery(inbound.callbackQueryId)
        .catch((err: Error) => this.o.log.warn({ err: err.message }, 'telegram: answerCallbackQuery failed'))
        .finally(() => this.inFlight.delete(ack));
      this.inFlight.add(ack);
    }
    return { outcome, messageId: inbound.message.messageId, handled };
  }

  /** Waits for the tap acknowledgements under way (on shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

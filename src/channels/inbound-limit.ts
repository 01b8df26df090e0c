import type { Logger } from 'pino';
import { texts } from '../i18n/texts.js';
import type { Counters } from '../store/counters.js';
import type { InboundHandler } from './ports.js';
import type { OutboundRouter } from './router.js';

export interface InboundLimitOptions {
  counters: Counters;
  outbound: OutboundRouter;
  /** Messages per conversation per window (`LIMIT_MESSAGES_PER_MINUTE`). */
  max: number;
  /** Where the engine marks a message it has taken (queued or handled): such a message counts nothing again. */
  takenKey: (msg: Parameters<InboundHandler['accept']>[0]) => string;
  windowMs?: number;
  log: Logger;
}

/**
 * Messages per conversation, on every channel: past the limit a message is not handed to the
 * engine, and the first one refused in a window gets a polite answer in both languages (once:
 * its key is the window's). One script cannot then fill Redis through one conversation.
 * Messages are counted by their platform id, once each, and not at all once the engine has taken
 * them: Telegram sends an update again until it is acknowledged, and WhatsApp's catch-up after a
 * restart reads a chat's unread messages again (up to 20, already handled ones among them, oldest
 * first); counted per delivery, a beneficiary's own message was refused, and lost, after a few.
 */
export function limitInbound(inner: InboundHandler, o: InboundLimitOptions): InboundHandler {
  const windowMs = o.windowMs ?? 60_000;
  /** True when the message may go on; past the limit, one notice per window and false. */
  const allowed = async (msg: Parameters<InboundHandler['accept']>[0]): Promise<boolean> => {
    const conv = `${msg.ref.channel}:${msg.ref.address}`;
    const count = await o.counters.hitOnce(`inbound-ids:${conv}`, msg.messageId, windowMs, o.max + 1, o.takenKey(msg));
    if (count.current <= o.max) return true;
    o.log.warn({ channel: msg.ref.channel, count: count.current, max: o.max }, 'inbound limit: message refused');
    if (count.current === o.max + 1) {
      const window = Math.floor((Date.now() + count.ttlMs) / windowMs);
      await o.outbound
        .send(msg.ref, [{ text: `${texts.slowDown.ar}\n${texts.slowDown.en}`, locale: 'ar' }], `limit:${conv}:${window}`)
        .catch((err: unknown) => o.log.warn({ err }, 'inbound limit: the notice could not be sent'));
    }
    return false;
  };
  return {
    // A refused message is acknowledged all the same: a platform retrying it would only hit the limit again.
    accept: async (msg) => ((await allowed(msg)) ? inner.accept(msg) : 'limited'),
    acceptTracked: async (msg) => ((await allowed(msg)) ? inner.acceptTracked(msg) : { outcome: 'limited', handled: Promise.resolve() }),
    handle: async (msg) => ((await allowed(msg)) ? inner.handle(msg) : 'limited'),
  };
}

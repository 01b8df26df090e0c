import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardButton, KeyboardButton } from 'telegraf/types';
import { RefusedError, RetryLaterError } from '../../src/jobs/delivery-errors.js';
import type { Deliver } from '../../src/jobs/delivery-worker.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { splitText } from '../../src/messages/render.js';

/** Telegram's limits: message text, and callback data in bytes. */
const MAX_TEXT = 4096;
const MAX_CALLBACK_BYTES = 64;
/** The reply-keyboard button that shares the user's own number (Telegram then proves it is his). */
export const SHARE_NUMBER = { ar: '📱 مشاركة رقمي', en: '📱 Share my number' } as const;

type Call =
  | {
      method: 'sendMessage';
      payload: {
        chat_id: string;
        text: string;
        reply_markup?: { inline_keyboard: InlineKeyboardButton[][] } | { keyboard: KeyboardButton[][]; one_time_keyboard: true; resize_keyboard: true };
      };
    }
  | { method: 'sendPhoto'; payload: { chat_id: string; photo: string; caption?: string } }
  | { method: 'sendDocument'; payload: { chat_id: string; document: string; caption?: string } };


/**
 * The Bot API calls for one message: its text (split when too long), choices as an inline
 * keyboard (one button per row: Arabic labels are long) on the last part, then its files.
 */
export function toCalls(chatId: string, m: OutboundMessage): Call[] {
  const parts = splitText(m.text || ' ', MAX_TEXT);
  const calls: Call[] = parts.map((text) => ({ method: 'sendMessage', payload: { chat_id: chatId, text } }));
  if (m.choices?.length) {
    const keyboard = m.choices.map((c, i) => [
      {
        text: c.label,
        // An id too long for callback data travels as the choice's number, which picks it just as well.
        callback_data: Buffer.byteLength(c.id) <= MAX_CALLBACK_BYTES ? c.id : `#${i + 1}`,
      },
    ]);
    const last = calls[calls.length - 1]!;
    if (last.method === 'sendMessage') last.payload.reply_markup = { inline_keyboard: keyboard };
  } else if (m.expects === 'mobile') {
    // The one way Telegram proves a number is the sender's own: he shares it with this button.
    const last = calls[calls.length - 1]!;
    if (last.method === 'sendMessage') {
      last.payload.reply_markup = { keyboard: [[{ text: SHARE_NUMBER[m.locale], request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
    }
  }
  for (const a of m.attachments ?? []) {
    const file = a.url ?? (a.storageKey?.startsWith('telegram:') ? a.storageKey.slice(9) : undefined);
    if (!file) continue;
    const caption = a.name ? { caption: a.name } : {};
    calls.push(
      a.kind === 'image'
        ? { method: 'sendPhoto', payload: { chat_id: chatId, photo: file, ...caption } }
        : { method: 'sendDocument', payload: { chat_id: chatId, document: file, ...caption } },
    );
  }
  return calls;
}

/** Between the texts of one turn joined into one message: a blank line. */
const JOINER = '\n\n';

/**
 * A turn's replies as Telegram messages: consecutive texts joined into one message (a blank line
 * between) while the text fits in one and only the last of them has buttons or asks for the
 * number; a message with files is not joined to. A turn is then most often one message, which the
 * webhook's answer can carry (it holds one Bot API call), and fewer calls count against
 * Telegram's limits. The same whether the answer or the worker sends it.
 */
export function joinTurn(messages: OutboundMessage[]): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  for (const m of messages) {
    const last = out[out.length - 1];
    const open = last && !last.choices?.length && !last.expects && !last.attachments?.length && !m.attachments?.length;
    const text = last && last.text && m.text ? `${last.text}${JOINER}${m.text}` : (last?.text || m.text);
    if (open && text.length <= MAX_TEXT) out[out.length - 1] = { ...m, text };
    else out.push(m);
  }
  return out;
}

/**
 * A turn's replies as the one Bot API call a webhook answer carries (`{method, ...parameters}`,
 * JSON), or undefined when they take more than one call (several messages, a long text, files).
 */
export function answerCall(chatId: string, messages: OutboundMessage[]): string | undefined {
  if (messages.length !== 1) return undefined;
  const calls = toCalls(chatId, messages[0]!);
  if (calls.length !== 1) return undefined;
  return JSON.stringify({ method: calls[0]!.method, ...calls[0]!.payload });
}

/**
 * When Telegram last asked the bot to slow down (429): until then the webhook answers without the
 * reply, since a call in an answer that Telegram refuses is lost unseen, and the worker waits and
 * sends it.
 */
export class RateLimitWatch {
  private until = 0;

  hit(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
  }

  limited(): boolean {
    return Date.now() < this.until;
  }
}

/**
 * What a Bot API error means for delivery: 429 → wait `retry_after`; 400 (chat not found, bad
 * request) and 403 (blocked by the user, user deactivated) → refused for good; anything else
 * (5xx, 401 while the token is fixed, network errors) → retried with backoff.
 */
export function classify(err: unknown): unknown {
  if (!(err instanceof TelegramError)) return err;
  const reason = `${err.code}: ${err.description}`;
  if (err.code === 429) return new RetryLaterError(Math.max(1, err.parameters?.retry_after ?? 1) * 1000, reason);
  if (err.code === 400 || err.code === 403) return new RefusedError(reason);
  return err;
}

/** Delivers one message through the Bot API; each call gets its own timeout. A 429 is told to `watch`. */
export function telegramDeliver(telegram: Telegram, timeoutMs = 30_000, watch?: RateLimitWatch): Deliver {
  return async (ref, message) => {
    for (const call of toCalls(ref.address, message)) {
      try {
        // The payload types follow the method (the union above keeps them paired); telegraf's
        // node-fetch takes Node's AbortSignal, though it is typed with a polyfill's.
        await telegram.callApi(call.method, call.payload as never, { signal: AbortSignal.timeout(timeoutMs) as never });
      } catch (err) {
        const meant = classify(err);
        if (meant instanceof RetryLaterError) watch?.hit(meant.afterMs);
        throw meant;
      }
    }
  };
}

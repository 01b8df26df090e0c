import { z } from 'zod';
import type { Attachment, InboundMessageInput, Locale } from '../../src/messages/model.js';
import { topicChoice } from '../../src/messages/reserved.js';

/**
 * The parts of a Bot API `Update` Sanad reads, checked: the webhook is reachable from the
 * internet, so its body is parsed like any other untrusted input. Unknown fields are ignored.
 */
const User = z.object({ id: z.number().int(), is_bot: z.boolean().optional(), language_code: z.string().max(35).optional() });
const Chat = z.object({ id: z.number().int(), type: z.string() });
const File = z.object({ file_id: z.string().min(1).max(300), file_size: z.number().int().nonnegative().optional() });
const Message = z.object({
  message_id: z.number().int(),
  chat: Chat,
  from: User.optional(),
  text: z.string().max(4096).optional(),
  caption: z.string().max(4096).optional(),
  photo: z.array(File.extend({ width: z.number().optional(), height: z.number().optional() })).optional(),
  document: File.extend({ file_name: z.string().max(300).optional(), mime_type: z.string().max(200).optional() }).optional(),
  voice: File.extend({ mime_type: z.string().max(200).optional() }).optional(),
  audio: File.extend({ mime_type: z.string().max(200).optional(), file_name: z.string().max(300).optional() }).optional(),
  video: File.extend({ mime_type: z.string().max(200).optional(), file_name: z.string().max(300).optional() }).optional(),
  contact: z.object({ phone_number: z.string().max(40), user_id: z.number().int().optional() }).optional(),
});
export const TelegramUpdate = z.object({
  update_id: z.number().int().nonnegative(),
  message: Message.optional(),
  callback_query: z
    .object({
      id: z.string().min(1).max(100),
      from: User,
      message: z.object({ chat: Chat }).optional(),
      data: z.string().max(64).optional(),
    })
    .optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;

/** What one update asks of Sanad: a message for the engine, and a button tap to acknowledge. */
export interface TelegramInbound {
  message: InboundMessageInput;
  /** Set for a button tap: answered with answerCallbackQuery so the button stops spinning. */
  callbackQueryId?: string;
  /** The writer's own number, proved by Telegram: a contact shared from his account ("share my number"). */
  provenMobile?: string;
}

/** A deep-link payload (`t.me/<bot>?start=<payload>`): letters, digits, `_` and `-`, as Telegram allows. */
const START = /^\/start(?:@\w+)?(?:\s+([\w-]{1,64}))?\s*$/;
const COMMAND_SUFFIX = /^(\/\w+)@\w+(\s|$)/;

/** The user's Telegram language as a hint: Arabic for any `ar*`, English otherwise. */
export function localeOf(languageCode: string | undefined): Locale | undefined {
  if (!languageCode) return undefined;
  return languageCode.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

/** Callback data longer than Telegram's 64 bytes is sent as `#<n>`: the choice's number, typed. */
export const NUMBERED_CALLBACK = /^#(\d{1,2})$/;

function attachmentsOf(m: z.infer<typeof Message>): Attachment[] {
  const key = (fileId: string) => `telegram:${fileId}`;
  const out: Attachment[] = [];
  const size = (n: number | undefined) => (n === undefined ? {} : { size: n });
  if (m.photo?.length) {
    // Telegram sends every size of a photo; the last is the largest.
    const p = m.photo[m.photo.length - 1]!;
    out.push({ kind: 'image', mimeType: 'image/jpeg', storageKey: key(p.file_id), ...size(p.file_size) });
  }
  if (m.document) {
    const mime = m.document.mime_type ?? 'application/octet-stream';
    out.push({
      kind: mime.startsWith('image/') ? 'image' : 'document',
      mimeType: mime,
      storageKey: key(m.document.file_id),
      ...(m.document.file_name ? { name: m.document.file_name } : {}),
      ...size(m.document.file_size),
    });
  }
  if (m.voice) out.push({ kind: 'audio', mimeType: m.voice.mime_type ?? 'audio/ogg', storageKey: key(m.voice.file_id), ...size(m.voice.file_size) });
  if (m.audio) out.push({ kind: 'audio', mimeType: m.audio.mime_type ?? 'audio/mpeg', storageKey: key(m.audio.file_id), ...size(m.audio.file_size) });
  if (m.video) out.push({ kind: 'video', mimeType: m.video.mime_type ?? 'video/mp4', storageKey: key(m.video.file_id), ...size(m.video.file_size) });
  return out;
}

const UPDATE_MESSAGE = 'tg-update-';

/** True for the message id of a message that came in an update (not an officer's reply, a timer, a notice). */
export function isUpdateMessage(messageId: string): boolean {
  return messageId.startsWith(UPDATE_MESSAGE);
}

/**
 * Maps an update to Sanad's message model, or undefined for what Sanad does not answer:
 * other update kinds (edits, membership changes), group chats, and other bots.
 * Every update's message id is `tg-update-<update_id>`, so a redelivered update is handled once.
 */
export function fromUpdate(u: TelegramUpdate): TelegramInbound | undefined {
  const messageId = `${UPDATE_MESSAGE}${u.update_id}`;
  const cb = u.callback_query;
  if (cb) {
    const chat = cb.message?.chat ?? { id: cb.from.id, type: 'private' };
    if (chat.type !== 'private' || cb.from.is_bot) return undefined;
    const locale = localeOf(cb.from.language_code);
    const numbered = cb.data ? NUMBERED_CALLBACK.exec(cb.data) : null;
    return {
      callbackQueryId: cb.id,
      message: {
        ref: { channel: 'telegram', address: String(chat.id), userId: String(cb.from.id) },
        messageId,
        ...(numbered ? { text: numbered[1] } : cb.data ? { choiceId: cb.data } : {}),
        ...(locale ? { locale } : {}),
      },
    };
  }
  const m = u.message;
  if (!m || m.chat.type !== 'private' || m.from?.is_bot) return undefined;
  const locale = localeOf(m.from?.language_code);
  let text = m.text ?? m.caption;
  let channelData: Record<string, string> | undefined;
  const start = text ? START.exec(text) : null;
  let choiceId: string | undefined;
  if (start) {
    // `/start <payload>` is the menu command. A payload naming a knowledge topic (t.me/<bot>?start=apply-support)
    // goes straight to it; any other payload (a campaign tag) only shows the menu. Kept for the record either way.
    text = '/start';
    if (start[1]) {
      choiceId = topicChoice(start[1]);
      channelData = { startPayload: start[1] };
    }
  } else if (text) {
    text = text.replace(COMMAND_SUFFIX, '$1$2');
  }
  // A contact shared with the "share my number" button answers a mobile question. Only a contact
  // whose user_id is the sender's own proves the number: any other contact card is just typed data.
  const own = m.contact && m.from && m.contact.user_id === m.from.id;
  if (!text && m.contact && (!m.contact.user_id || own)) text = m.contact.phone_number;
  const digits = own ? m.contact!.phone_number.replace(/[^\d]/g, '') : '';
  return {
    ...(own && /^\d{8,15}$/.test(digits) ? { provenMobile: `+${digits}` } : {}),
    message: {
      ref: { channel: 'telegram', address: String(m.chat.id), ...(m.from ? { userId: String(m.from.id) } : {}) },
      messageId,
      ...(text ? { text } : {}),
      ...(choiceId ? { choiceId } : {}),
      attachments: attachmentsOf(m),
      ...(locale ? { locale } : {}),
      ...(channelData ? { channelData } : {}),
    },
  };
}

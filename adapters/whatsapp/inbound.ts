import type { Logger } from 'pino';
import type { Attachment, InboundMessageInput } from '../../src/messages/model.js';
import type { WhatsAppMessage } from './client.js';
import type { AttachmentStore } from '../../src/store/attachments.js';

/** One-to-one chats: phone-number ids and WhatsApp's newer "linked id" form. */
const ONE_TO_ONE = /@(c\.us|lid)$/;
/** The longest text an InboundMessage holds. */
const MAX_TEXT = 4096;

/** Media kinds taken as attachments (stickers are not: they are no document of anything). */
const MEDIA_KINDS: Record<string, Attachment['kind']> = {
  image: 'image',
  document: 'document',
  audio: 'audio',
  ptt: 'audio',
  video: 'video',
};

/** A `<digits>@c.us` chat id names the sender's own number (WhatsApp proved it); an `@lid` id does not. */
export function senderNumber(chatId: string): string | undefined {
  const m = /^(\d{8,15})@c\.us$/.exec(chatId);
  return m ? `+${m[1]}` : undefined;
}

/** Whether a chat is one-to-one (not a group, a broadcast list or a channel). */
export function isOneToOne(chatId: string): boolean {
  return ONE_TO_ONE.test(chatId);
}

/** Whether a message is for Sanad: one-to-one, from someone else (not groups, status or our own). */
export function isForSanad(msg: WhatsAppMessage): boolean {
  return !msg.fromMe && !msg.isStatus && ONE_TO_ONE.test(msg.from);
}

export type WhatsAppInbound =
  | { kind: 'message'; message: InboundMessageInput }
  /** A file larger than the limit: the beneficiary is told, the engine is not bothered. */
  | { kind: 'too-large'; ref: InboundMessageInput['ref']; messageId: string; size: number };

/**
 * Maps a whatsapp-web.js message to Sanad's message model. Media is downloaded and stored at
 * once (WhatsApp media expire) into the attachment store; a download that fails leaves the text alone, with a log line.
 */
export async function toInbound(msg: WhatsAppMessage, o: { media: AttachmentStore; maxBytes: number; log: Logger }): Promise<WhatsAppInbound> {
  const ref = { channel: 'whatsapp' as const, address: msg.from, userId: msg.author ?? msg.from };
  const messageId = `wa-${msg.id._serialized}`;
  const attachments: Attachment[] = [];
  const kind = MEDIA_KINDS[msg.type];
  if (msg.hasMedia && kind) {
    const announced = msg._data?.size;
    if (announced && announced > o.maxBytes) return { kind: 'too-large', ref, messageId, size: announced };
    try {
      const media = await msg.downloadMedia();
      if (media) {
        const data = Buffer.from(media.data, 'base64');
        if (data.length > o.maxBytes) return { kind: 'too-large', ref, messageId, size: data.length };
        const name = media.filename?.slice(0, 300) || undefined;
        const storageKey = await o.media.save('wa', { id: msg.id._serialized, bytes: data, mimeType: media.mimetype, name, conversation: ref });
        attachments.push({ kind, mimeType: media.mimetype, size: data.length, storageKey, ...(name ? { name } : {}) });
      } else {
        o.log.warn({ messageId, type: msg.type }, 'whatsapp: media no longer available');
      }
    } catch (err) {
      o.log.warn({ err: (err as Error).message, messageId, type: msg.type }, 'whatsapp: media download failed');
    }
  }
  // WhatsApp allows far longer texts than a message of ours holds: the rest is cut, not refused.
  const text = msg.body?.trim().slice(0, MAX_TEXT);
  return {
    kind: 'message',
    message: { ref, messageId, ...(text ? { text } : {}), attachments },
  };
}

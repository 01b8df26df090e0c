import type { Logger } from 'pino';
import type { Attachment, InboundMessageInput } from '../../src/messages/model.js';
import type { AttachmentStore } from '../../src/store/attachments.js';
import type { GraphApi } from './graph.js';
import type { CloudMessage } from './payload.js';

/** The longest text an InboundMessage holds. */
const MAX_TEXT = 4096;

/** Media kinds downloaded at once (Meta's media URLs expire within minutes). */
const MEDIA_KINDS = { image: 'image', document: 'document', audio: 'audio', video: 'video', sticker: 'image' } as const;
type MediaType = keyof typeof MEDIA_KINDS;

/** Kinds answered with a polite "cannot read this" (the beneficiary did write something). */
const UNSUPPORTED = new Set(['location', 'contacts', 'unsupported', 'order']);

export type CloudInbound =
  | { kind: 'message'; message: InboundMessageInput }
  | { kind: 'unsupported' }
  | { kind: 'too-large'; size: number }
  /** Reactions, system notices, …: nothing to answer. */
  | { kind: 'ignored' };

/** The conversation's address: the same form as the whatsapp-web.js provider's, so one number is one conversation whichever provider runs. */
export function addressOf(waId: string): string {
  return `${waId}@c.us`;
}

/** The `to` of a send: the `wa_id` back from the address. */
export function waIdOf(address: string): string {
  return address.replace(/@.*$/, '');
}

/** Maps one Cloud API message to Sanad's message model; media is downloaded and stored at once. */
export async function toInbound(
  msg: CloudMessage,
  o: { graph: GraphApi; media: AttachmentStore; maxBytes: number; log: Logger },
): Promise<CloudInbound> {
  const ref = { channel: 'whatsapp' as const, address: addressOf(msg.from) };
  const base = { ref, messageId: msg.id, ...(msg.timestamp ? { receivedAt: Number(msg.timestamp) * 1000 } : {}) };
  if (msg.type === 'text' && msg.text) return { kind: 'message', message: { ...base, text: msg.text.body.trim().slice(0, MAX_TEXT) } };
  if (msg.type === 'interactive' && msg.interactive) {
    const picked = msg.interactive.button_reply ?? msg.interactive.list_reply;
    if (picked) return { kind: 'message', message: { ...base, choiceId: picked.id.slice(0, 200), text: picked.title } };
  }
  if (msg.type === 'button' && msg.button) {
    return { kind: 'message', message: { ...base, text: msg.button.text, ...(msg.button.payload ? { choiceId: msg.button.payload.slice(0, 200) } : {}) } };
  }
  if (msg.type in MEDIA_KINDS) {
    const type = msg.type as MediaType;
    const m = msg[type];
    if (!m) return { kind: 'ignored' };
    const attachments: Attachment[] = [];
    try {
      const info = await o.graph.media(m.id);
      if (info.file_size !== undefined && info.file_size > o.maxBytes) return { kind: 'too-large', size: info.file_size };
      const data = await o.graph.download(info.url, o.maxBytes);
      if (!data) return { kind: 'too-large', size: o.maxBytes + 1 };
      const mimeType = (info.mime_type || m.mime_type || 'application/octet-stream').split(';')[0]!.trim();
      const name = m.filename?.slice(0, 300) || undefined;
      const storageKey = await o.media.save('wa', { id: msg.id, bytes: data, mimeType, name, conversation: ref });
      attachments.push({ kind: MEDIA_KINDS[type], mimeType, size: data.length, storageKey, ...(name ? { name } : {}) });
    } catch (err) {
      // The text (a caption) still goes on; the form asks for the file again.
      o.log.warn({ err: (err as Error).message, messageId: msg.id, type }, 'whatsapp cloud: media download failed');
    }
    const caption = m.caption?.trim().slice(0, MAX_TEXT);
    return { kind: 'message', message: { ...base, ...(caption ? { text: caption } : {}), attachments } };
  }
  if (UNSUPPORTED.has(msg.type)) return { kind: 'unsupported' };
  return { kind: 'ignored' };
}

import { z } from 'zod';

/**
 * The one message model every adapter maps to and from. Adapters are the only
 * place that knows a platform's shapes; the engine sees nothing but these.
 */

export const Locale = z.enum(['ar', 'en']);
export type Locale = z.infer<typeof Locale>;

/** Channels Sanad speaks on. `test` is for transcripts and benchmarks. */
export const Channel = z.enum(['terminal', 'webchat', 'telegram', 'whatsapp', 'test']);
export type Channel = z.infer<typeof Channel>;

/** Where a conversation lives: a channel plus that channel's address (chat id, user id, ...). */
export const ConversationRef = z.object({
  channel: Channel,
  /** The chat on that channel: Telegram chat id, WhatsApp `xxx@c.us`, Direct Line conversation id, ... */
  address: z.string().min(1).max(200),
  /** The person writing, where the platform distinguishes him from the chat. */
  userId: z.string().max(200).optional(),
});
export type ConversationRef = z.infer<typeof ConversationRef>;

export const Attachment = z.object({
  kind: z.enum(['image', 'document', 'audio', 'video', 'other']),
  mimeType: z.string().max(200),
  name: z.string().max(300).optional(),
  size: z.number().int().nonnegative().optional(),
  /** Where the bytes are: an URL the adapter can fetch, or a storage key of ours. */
  url: z.string().max(2000).optional(),
  storageKey: z.string().max(300).optional(),
});
export type Attachment = z.infer<typeof Attachment>;

export const InboundMessage = z.object({
  ref: ConversationRef,
  /** The platform's own id for this message; a redelivery carries the same id and is handled once. */
  messageId: z.string().min(1).max(300),
  text: z.string().max(4096).optional(),
  /** The id of a tapped choice (button, suggested action); typed answers leave it empty. */
  choiceId: z.string().max(200).optional(),
  attachments: z.array(Attachment).max(10).default([]),
  /** The locale the platform reports (Telegram's language_code, the widget's locale): a hint only. */
  locale: Locale.optional(),
  receivedAt: z.number().int().optional(),
  /** What only one platform has; the engine never reads it. */
  channelData: z.unknown().optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;
export type InboundMessageInput = z.input<typeof InboundMessage>;

export const Choice = z.object({
  id: z.string().min(1).max(200),
  label: z.string().min(1).max(200),
});
export type Choice = z.infer<typeof Choice>;

export const OutboundMessage = z.object({
  text: z.string(),
  /** Rendered as buttons where the channel has them, as a numbered list where not. */
  choices: z.array(Choice).optional(),
  attachments: z.array(Attachment).optional(),
  /**
   * The kind of answer the question wants, where a channel has a native way to give it (Telegram's
   * "share my number" button) or must know it (the web chat takes uploads only when a form asks for a document).
   */
  expects: z.enum(['mobile', 'attachment']).optional(),
  locale: Locale,
  /**
   * A proactive notice (a decision, a reminder, a survey, an officer's reply after a day): a named
   * template with named parameters, for channels that may only send approved templates outside a
   * conversation window (WhatsApp Cloud API: 24 hours). `text` is still the message where free text
   * may go; `flows/whatsapp-templates.yaml` maps the name to a template and the parameters' order.
   */
  notice: z
    .object({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
      params: z.record(z.string(), z.string().max(1024)),
    })
    .optional(),
});
export type OutboundMessage = z.infer<typeof OutboundMessage>;

/** What an adapter can render natively; anything else is degraded to text by `renderAsText`. */
export interface ChannelCapabilities {
  buttons: boolean;
  typing: boolean;
  media: boolean;
}

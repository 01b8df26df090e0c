import type { Activity, Attachment as BfAttachment, CardAction, ChannelAccount } from 'botbuilder';
import type { Attachment, InboundMessageInput, Locale, OutboundMessage } from '../../src/messages/model.js';

/**
 * The mapping between Bot Framework activities and Sanad's message model, both ways. Pure
 * functions: the Direct Line routes, the botbuilder bot and the outbound sender share them.
 */

/** `ar`, `ar-SA`, `ar-EG` → ar; `en*` → en; anything else is no hint. */
export function localeOf(activityLocale: string | undefined): Locale | undefined {
  const l = activityLocale?.toLowerCase();
  if (!l) return undefined;
  if (l === 'ar' || l.startsWith('ar-')) return 'ar';
  if (l === 'en' || l.startsWith('en-')) return 'en';
  return undefined;
}

/** The widget locale for Sanad's: Saudi Arabic (right to left in Web Chat) or US English. */
export function widgetLocale(locale: Locale): string {
  return locale === 'ar' ? 'ar-SA' : 'en-US';
}

/** A tapped choice comes back as the suggested action's value: `{choiceId}`, or the bare id from older clients. */
export function choiceIdOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length <= 200) return value;
  if (value && typeof value === 'object' && typeof (value as { choiceId?: unknown }).choiceId === 'string') {
    const id = (value as { choiceId: string }).choiceId;
    return id.length <= 200 ? id : undefined;
  }
  return undefined;
}

/** A file Sanad already holds (uploaded through Direct Line), as the engine sees it. */
export type StoredFile = Required<Pick<Attachment, 'kind' | 'mimeType' | 'size' | 'storageKey'>> & Pick<Attachment, 'name' | 'url'>;

/**
 * A message activity as an InboundMessage. `files` are the uploads of this activity (already
 * stored); other attachments (from Azure channels) are passed on by URL.
 */
export function toInbound(activity: Partial<Activity>, address: string, files: readonly StoredFile[] = []): InboundMessageInput {
  const text = activity.text?.trim();
  const choiceId = choiceIdOf(activity.value);
  const attachments: Attachment[] = files.length
    ? files.map((f) => ({ ...f }))
    : (activity.attachments ?? [])
        .filter((a) => typeof a.contentUrl === 'string' && /^https?:\/\//.test(a.contentUrl) && a.contentUrl.length <= 2000)
        .slice(0, 10)
        .map((a) => ({ kind: kindOf(a.contentType), mimeType: a.contentType.slice(0, 200), url: a.contentUrl!, ...(a.name ? { name: a.name.slice(0, 300) } : {}) }));
  const locale = localeOf(activity.locale);
  return {
    ref: { channel: 'webchat', address, ...(activity.from?.id ? { userId: activity.from.id.slice(0, 200) } : {}) },
    messageId: String(activity.id),
    ...(text ? { text } : {}),
    ...(choiceId ? { choiceId } : {}),
    attachments,
    ...(locale ? { locale } : {}),
  };
}

export function kindOf(mimeType: string): Attachment['kind'] {
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType === 'application/pdf' || mimeType.startsWith('text/')) return 'document';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType.startsWith('video/')) return 'video';
  return 'other';
}

/** A party of a conversation; Bot Framework's type insists on a name, which our visitors do not have. */
export type Account = Pick<ChannelAccount, 'id'> & Partial<Pick<ChannelAccount, 'name' | 'role'>>;

export interface ReplyContext {
  bot: Account;
  /** The visitor, so suggested actions are addressed to him. */
  user?: Account | undefined;
  /**
   * How a choice comes back: `messageBack` (Web Chat: shows the label, sends the id as value) or
   * `imBack` (other Azure channels: sends the label as text, which the engine matches too).
   */
  choices: 'messageBack' | 'imBack';
  /** An URL for a file Sanad holds, by its storage key. */
  fileUrl?: (storageKey: string) => string | undefined;
}

/** One outbound message as a message activity: text, choices as suggested actions, attachments. */
export function toActivity(message: OutboundMessage, ctx: ReplyContext): Partial<Activity> & { type: string } {
  const activity: Partial<Activity> & { type: string } = {
    type: 'message',
    from: ctx.bot as ChannelAccount,
    ...(ctx.user ? { recipient: ctx.user as ChannelAccount } : {}),
    locale: widgetLocale(message.locale),
    // Plain text keeps line breaks (summaries, lists) and never turns a `*` into markup.
    textFormat: 'plain',
    text: message.text,
    timestamp: new Date(),
    inputHint: message.choices?.length ? 'expectingInput' : 'acceptingInput',
  };
  if (message.choices?.length) {
    activity.suggestedActions = {
      to: ctx.user ? [ctx.user.id] : [],
      actions: message.choices.map(
        (c): CardAction =>
          ctx.choices === 'messageBack'
            ? { type: 'messageBack', title: c.label, text: c.label, displayText: c.label, value: { choiceId: c.id } }
            : { type: 'imBack', title: c.label, value: c.label },
      ),
    };
  }
  const attachments = (message.attachments ?? []).flatMap((a): BfAttachment[] => {
    const url = a.url ?? (a.storageKey ? ctx.fileUrl?.(a.storageKey) : undefined);
    return url ? [{ contentType: a.mimeType, contentUrl: url, ...(a.name ? { name: a.name } : {}) }] : [];
  });
  if (attachments.length) activity.attachments = attachments;
  return activity;
}

import type { OutboundMessage } from '../../src/messages/model.js';
import { renderAsText, splitText } from '../../src/messages/render.js';
import type { MessageBody } from './graph.js';

/** WhatsApp Cloud API limits (Meta's "interactive messages" and "text messages" pages). */
const MAX_TEXT = 4096;
const MAX_INTERACTIVE_BODY = 1024;
const MAX_BUTTONS = 3;
const MAX_BUTTON_TITLE = 20;
const MAX_ROWS = 10;
const MAX_ROW_TITLE = 24;
const MAX_ID = 200;

/** The list message's button (it opens the list). */
const LIST_BUTTON = { ar: 'اختر من القائمة', en: 'Choose' } as const;

const text = (body: string): MessageBody => ({ type: 'text', text: { body, preview_url: false } });

/**
 * The Graph API messages for one reply: choices as reply buttons (up to 3, titles up to 20
 * characters) or a list message (up to 10 rows, titles up to 24) when they fit, else the same
 * numbered list as every text channel; long texts split in order; files sent by link.
 */
export function toBodies(m: OutboundMessage): MessageBody[] {
  const bodies: MessageBody[] = [];
  const choices = m.choices ?? [];
  const unique = new Set(choices.map((c) => c.label)).size === choices.length;
  const fitsBody = m.text.trim().length > 0 && m.text.length <= MAX_INTERACTIVE_BODY;
  const idsFit = choices.every((c) => c.id.length <= MAX_ID);
  if (choices.length && unique && fitsBody && idsFit && choices.length <= MAX_BUTTONS && choices.every((c) => c.label.length <= MAX_BUTTON_TITLE)) {
    bodies.push({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: m.text },
        action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.label } })) },
      },
    });
  } else if (choices.length && unique && fitsBody && idsFit && choices.length <= MAX_ROWS && choices.every((c) => c.label.length <= MAX_ROW_TITLE)) {
    bodies.push({
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: m.text },
        action: { button: LIST_BUTTON[m.locale], sections: [{ rows: choices.map((c) => ({ id: c.id, title: c.label })) }] },
      },
    });
  } else {
    const all = renderAsText(m);
    if (all.trim()) bodies.push(...splitText(all, MAX_TEXT).map(text));
  }
  for (const a of m.attachments ?? []) {
    if (!a.url) continue; // our own stored files have no public link; the text already says what is meant
    const media = { link: a.url, ...(a.name ? (a.kind === 'document' ? { filename: a.name } : { caption: a.name }) : {}) };
    bodies.push(a.kind === 'image' ? { type: 'image', image: media } : { type: 'document', document: media });
  }
  return bodies;
}

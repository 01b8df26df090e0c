import type { OutboundMessage } from './model.js';

/**
 * Splits a long text at line breaks where it can, so no part passes a platform's limit
 * (Telegram's and WhatsApp's are both 4,096 characters); nothing is dropped.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  parts.push(rest);
  return parts;
}

/**
 * A message as plain text, choices as a numbered list: for channels without buttons
 * (terminal, WhatsApp). Numbers are Latin digits, which every keyboard has; typing
 * `1` or `١` picks the same choice.
 */
export function renderAsText(msg: OutboundMessage): string {
  if (!msg.choices?.length) return msg.text;
  const lines = msg.choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${msg.text}\n\n${lines.join('\n')}`;
}

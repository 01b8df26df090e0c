import type { OutboundMessage } from './model.js';

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

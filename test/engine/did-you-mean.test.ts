import { beforeAll, describe, expect, it } from 'vitest';
import { toCalls } from '../../adapters/telegram/send.js';
import { toActivity } from '../../adapters/webchat/activities.js';
import { initialState } from '../../src/engine/state.js';
import { step } from '../../src/engine/step.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { renderAsText } from '../../src/messages/render.js';
import { shippedEngineContext } from '../support/engine.js';

/** The did-you-mean offer (its last message) the engine makes for a word two topics share, through each channel's renderer. */
let offer: OutboundMessage;
beforeAll(async () => {
  const ctx = await shippedEngineContext();
  const msg = (messageId: string, text: string) => ({ type: 'message' as const, now: 0, msg: { ref: { channel: 'test' as const, address: 'dym' }, messageId, text, attachments: [] } });
  const first = step(ctx, initialState(), msg('m1', 'السلام عليكم'));
  const { effects } = step(ctx, first.state, msg('m2', 'التوزيع'));
  const sent = effects.flatMap((e) => (e.type === 'send' ? [e.message] : []));
  offer = sent.at(-1)!;
});

describe('did-you-mean on every channel', () => {
  it('is four choices: both topics, "something else", the main menu', () => {
    expect(offer.choices!.map((c) => c.id)).toEqual(['topic:volunteer', 'topic:services', 'cmd:officer', 'cmd:menu']);
  });

  it('is a button per choice on Telegram, each carrying its choice id', () => {
    const [call] = toCalls('42', offer);
    expect(call!.method === 'sendMessage' && (call!.payload.reply_markup as { inline_keyboard: unknown[][] }).inline_keyboard.flat()).toEqual(
      offer.choices!.map((c) => ({ text: c.label, callback_data: c.id })),
    );
  });

  it('is a suggested action per choice in web chat', () => {
    const activity = toActivity(offer, { bot: { id: 'bot' }, user: { id: 'u1' }, choices: 'messageBack' });
    expect(activity.suggestedActions!.actions.map((a) => [a.title, (a.value as { choiceId: string }).choiceId])).toEqual(
      offer.choices!.map((c) => [c.label, c.id]),
    );
  });

  it('is a numbered list on the text channels (WhatsApp, terminal)', () => {
    const labels = offer.choices!.map((c) => c.label);
    expect(renderAsText(offer)).toBe(`هل تقصد:\n\n${labels.map((l, i) => `${i + 1}. ${l}`).join('\n')}`);
    expect(labels[2]).toBe('شيء آخر');
  });
});

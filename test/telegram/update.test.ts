import { describe, expect, it } from 'vitest';
import { toCalls } from '../../adapters/telegram/send.js';
import { fromUpdate, TelegramUpdate } from '../../adapters/telegram/update.js';
import { updates } from '../support/fake-telegram.js';

const parse = (u: unknown) => fromUpdate(TelegramUpdate.parse(u));

describe('Telegram updates → Sanad messages', () => {
  it('keys every update by its update_id and the chat, with the language as a hint', () => {
    expect(parse(updates.text(7, 42, 'مرحبا', 'ar-SA'))).toEqual({
      message: { ref: { channel: 'telegram', address: '42', userId: '42' }, messageId: 'tg-update-7', text: 'مرحبا', attachments: [], locale: 'ar' },
    });
    expect(parse(updates.text(8, 42, 'hi', 'fr'))!.message.locale).toBe('en');
  });

  it('turns a tap into the choice id, and a numbered callback into the typed number', () => {
    expect(parse(updates.tap(9, 42, 'support-request'))).toMatchObject({ callbackQueryId: 'cb9', message: { choiceId: 'support-request', messageId: 'tg-update-9' } });
    const numbered = parse(updates.tap(10, 42, '#3'))!;
    expect(numbered.message.text).toBe('3');
    expect(numbered.message.choiceId).toBeUndefined();
  });

  it('reads /start with a payload as /start and keeps the payload; strips @botname from commands', () => {
    expect(parse(updates.text(11, 42, '/start apply-support'))!.message).toMatchObject({
      text: '/start',
      choiceId: 'topic:apply-support',
      channelData: { startPayload: 'apply-support' },
    });
    expect(parse(updates.text(19, 42, '/start'))!.message).not.toHaveProperty('choiceId');
    expect(parse(updates.text(12, 42, '/menu@sanad_test_bot'))!.message.text).toBe('/menu');
  });

  it('makes photos and documents attachments (the largest photo size), with the caption as text', () => {
    const photo = parse(updates.photo(13, 42, 'هذا التقرير'))!.message;
    expect(photo.text).toBe('هذا التقرير');
    expect(photo.attachments).toEqual([{ kind: 'image', mimeType: 'image/jpeg', storageKey: 'telegram:large-13', size: 98_000 }]);
    const doc = parse(updates.document(14, 42, 'تقرير.pdf', 'application/pdf'))!.message;
    expect(doc.attachments).toEqual([{ kind: 'document', mimeType: 'application/pdf', name: 'تقرير.pdf', storageKey: 'telegram:doc-14', size: 240_000 }]);
  });

  it('takes a shared contact as the typed phone number', () => {
    const u = updates.text(15, 42, 'x');
    const m = u.message as Record<string, unknown>;
    delete m.text;
    m.contact = { phone_number: '+966512345678', first_name: 'محمد', user_id: 42 };
    expect(parse(u)!.message.text).toBe('+966512345678');
  });

  it('ignores groups, other bots and update kinds Sanad does not answer', () => {
    const group = updates.text(16, -100, 'مرحبا');
    (group.message as { chat: { type: string } }).chat.type = 'supergroup';
    expect(parse(group)).toBeUndefined();
    const bot = updates.text(17, 42, 'مرحبا');
    (bot.message as { from: { is_bot: boolean } }).from.is_bot = true;
    expect(parse(bot)).toBeUndefined();
    expect(parse({ update_id: 18, edited_message: { message_id: 1 } })).toBeUndefined();
  });

  it('rejects bodies that are not updates', () => {
    expect(TelegramUpdate.safeParse({ hello: 1 }).success).toBe(false);
    expect(TelegramUpdate.safeParse({ update_id: 'x' }).success).toBe(false);
  });
});

describe('Sanad messages → Bot API calls', () => {
  it('puts choices in an inline keyboard; a long id goes as its number', () => {
    const long = 'x'.repeat(65);
    const [call] = toCalls('42', { text: 'اختر', locale: 'ar', choices: [{ id: 'a', label: 'أ' }, { id: long, label: 'ب' }] });
    expect(call).toEqual({
      method: 'sendMessage',
      payload: { chat_id: '42', text: 'اختر', reply_markup: { inline_keyboard: [[{ text: 'أ', callback_data: 'a' }], [{ text: 'ب', callback_data: '#2' }]] } },
    });
  });

  it('splits a text longer than 4096 characters, keyboard on the last part', () => {
    const text = `${'سطر\n'.repeat(1500)}النهاية`;
    const calls = toCalls('42', { text, locale: 'ar', choices: [{ id: 'a', label: 'أ' }] });
    expect(calls.length).toBe(2);
    expect(calls.every((c) => c.method === 'sendMessage' && c.payload.text.length <= 4096)).toBe(true);
    expect(calls.map((c) => (c.method === 'sendMessage' ? c.payload.text : '')).join('\n')).toBe(text);
    expect(calls[0]!.payload).not.toHaveProperty('reply_markup');
    expect(calls[1]!.payload).toHaveProperty('reply_markup');
  });
});

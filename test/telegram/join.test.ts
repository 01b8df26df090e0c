import { describe, expect, it } from 'vitest';
import { answerCall, joinTurn } from '../../adapters/telegram/send.js';
import type { OutboundMessage } from '../../src/messages/model.js';

const text = (t: string, more: Partial<OutboundMessage> = {}): OutboundMessage => ({ text: t, locale: 'ar', ...more });
const choices = [{ id: 'yes', label: 'نعم' }, { id: 'no', label: 'لا' }];

describe('a turn as Telegram messages', () => {
  it('joins the texts of a turn into one message, a blank line between, the last buttons kept', () => {
    const joined = joinTurn([text('أهلاً وسهلاً'), text('كيف نخدمك؟', { choices })]);
    expect(joined).toEqual([text('أهلاً وسهلاً\n\nكيف نخدمك؟', { choices })]);
    expect(joinTurn([text('مرحباً'), text('رقم الجوال؟', { expects: 'mobile', locale: 'en' })])).toEqual([text('مرحباً\n\nرقم الجوال؟', { expects: 'mobile', locale: 'en' })]);
  });

  it('starts a new message after one with buttons or a question for the number, and for one with files', () => {
    const file = { kind: 'document' as const, mimeType: 'application/pdf', url: 'https://example.org/a.pdf', name: 'a.pdf' };
    expect(joinTurn([text('اختر', { choices }), text('بعدها')])).toHaveLength(2);
    expect(joinTurn([text('جوالك؟', { expects: 'mobile' }), text('بعدها')])).toHaveLength(2);
    expect(joinTurn([text('قبلها'), text('المستند', { attachments: [file] })])).toHaveLength(2);
    expect(joinTurn([text('المستند', { attachments: [file] }), text('بعدها')])).toHaveLength(2);
  });

  it('keeps each message within the 4096 characters Telegram takes', () => {
    const long = 'ن'.repeat(3000);
    const joined = joinTurn([text(long), text(long), text('قصير')]);
    expect(joined.map((m) => m.text.length)).toEqual([3000, 3000 + 2 + 4]);
    expect(joined.every((m) => m.text.length <= 4096)).toBe(true);
  });

  it('makes the one call a webhook answer carries, or none when the turn takes more than one', () => {
    const one = answerCall('42', joinTurn([text('أهلاً'), text('اختر', { choices })]));
    expect(JSON.parse(one!)).toEqual({
      method: 'sendMessage',
      chat_id: '42',
      text: 'أهلاً\n\nاختر',
      reply_markup: { inline_keyboard: [[{ text: 'نعم', callback_data: 'yes' }], [{ text: 'لا', callback_data: 'no' }]] },
    });
    expect(answerCall('42', [text('اختر', { choices }), text('بعدها')])).toBeUndefined();
    expect(answerCall('42', [text('ن'.repeat(5000))])).toBeUndefined();
    const photo = { kind: 'image' as const, mimeType: 'image/jpeg', url: 'https://example.org/p.jpg' };
    expect(answerCall('42', [text('الصورة', { attachments: [photo] })])).toBeUndefined();
  });
});

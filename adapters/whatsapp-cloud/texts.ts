/** What the Cloud provider itself says to a beneficiary, in both languages (his choice is not known here). */

export { tooLargeNotice } from '../whatsapp/texts.js';

/** Answers a location, a contact card or a kind of message Sanad cannot read. */
export const UNSUPPORTED = {
  text:
    'عذراً، لا أستطيع قراءة المواقع وجهات الاتصال وهذا النوع من الرسائل. فضلاً اكتب رسالتك نصاً، أو أرسل صورة أو ملف PDF.\n' +
    'Sorry, I cannot read locations, contacts or this kind of message. Please write your message as text, or send a photo or a PDF.',
  locale: 'ar' as const,
};

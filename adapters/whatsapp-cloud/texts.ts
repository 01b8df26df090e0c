/** What the Cloud provider itself says to a beneficiary, in both languages (his choice is not known here). */

export const UNSUPPORTED = {
  text:
    'عذراً، لا أستطيع قراءة المواقع وجهات الاتصال وهذا النوع من الرسائل. فضلاً اكتب رسالتك نصاً، أو أرسل صورة أو ملف PDF.\n' +
    'Sorry, I cannot read locations, contacts or this kind of message. Please write your message as text, or send a photo or a PDF.',
  locale: 'ar' as const,
};

export function tooLarge(maxMb: number) {
  return {
    text:
      `عذراً، حجم الملف أكبر من ${maxMb} ميجابايت. فضلاً أرسل صورة أصغر أو ملف PDF مضغوطاً.\n` +
      `Sorry, the file is larger than ${maxMb} MB. Please send a smaller photo or a compressed PDF.`,
    locale: 'ar' as const,
  };
}

/** What WhatsApp (either provider) says to a beneficiary by itself, in both languages: his choice is not known here. */

/** Shown when a beneficiary sends a file over WHATSAPP_MEDIA_MAX_MB. */
export function tooLargeNotice(maxMb: number) {
  return {
    text:
      `عذراً، حجم الملف أكبر من ${maxMb} ميجابايت. فضلاً أرسل صورة أصغر أو ملف PDF مضغوطاً.\n` +
      `Sorry, the file is larger than ${maxMb} MB. Please send a smaller photo or a compressed PDF.`,
    locale: 'ar' as const,
  };
}

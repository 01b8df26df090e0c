/**
 * What the web chat itself says and shows (the engine's words are in src/i18n/texts.ts).
 * Placeholders in braces are filled from the association profile.
 */
export const webchatTexts = {
  welcome: {
    ar: 'مرحباً بك في {name} 👋\nاكتب سؤالك هنا، أو اختر «القائمة» لعرض خدماتنا.',
    en: 'Welcome to {name} 👋\nType your question here, or choose “Menu” to see our services.',
  },
  menu: { ar: 'القائمة', en: 'Menu' },
} as const;

/** The page around the widget, in both languages; the page script swaps them on the language switch. */
export const pageTexts = {
  tagline: { ar: 'المساعد الآلي للجمعية، في خدمتك على مدار الساعة', en: "The association's assistant, here for you around the clock" },
  switchLanguage: { ar: 'English', en: 'العربية' },
  contactTitle: { ar: 'تواصل معنا', en: 'Contact us' },
  phone: { ar: 'الهاتف', en: 'Phone' },
  whatsapp: { ar: 'واتساب', en: 'WhatsApp' },
  email: { ar: 'البريد الإلكتروني', en: 'E-mail' },
  address: { ar: 'العنوان', en: 'Address' },
  hours: { ar: 'أوقات العمل', en: 'Working hours' },
  chatTitle: { ar: 'المحادثة', en: 'Chat' },
  loading: { ar: 'جارٍ تحميل المحادثة…', en: 'Loading the chat…' },
  noBundle: {
    ar: 'تعذّر تحميل نافذة المحادثة: ملف الواجهة غير موجود على الخادم. على مسؤول الموقع تشغيل npm install ثم إعادة التشغيل.',
    en: 'The chat could not load: the widget file is missing on the server. The site administrator should run npm install and restart.',
  },
  failed: {
    ar: 'تعذّر الاتصال بالمحادثة. تحقق من اتصالك ثم أعد تحميل الصفحة.',
    en: 'Could not connect to the chat. Check your connection and reload the page.',
  },
  openChat: { ar: 'تحدث معنا', en: 'Chat with us' },
  closeChat: { ar: 'إغلاق المحادثة', en: 'Close the chat' },
  privacy: {
    ar: 'لا تُحفظ محادثتك في هذا المتصفح بعد إغلاق النافذة.',
    en: 'Your conversation is not kept in this browser after you close the tab.',
  },
} as const;

import type { Text } from './text.js';

/**
 * The engine's own words (everything not written in a flow file). Placeholders in braces
 * are filled from the association profile (`{name}`, `{phone}`, `{workingHours}`) or the moment.
 * `officerContact` is the one way to reach an officer: the officer command uses it, and flow and
 * knowledge files say `{officerContact}` rather than a wording of their own.
 */
export const texts = {
  slowDown: {
    ar: 'عذراً، وصلتنا رسائل كثيرة في وقت قصير. فضلاً انتظر دقيقة ثم أكمل، وسنكون في خدمتك.',
    en: 'Sorry, we received many messages in a short time. Please wait a minute and then go on; we are here for you.',
  },
  greeting: {
    ar: 'أهلاً وسهلاً بك في {name} 🌿\nأنا مساعدك الآلي، وأخدمك على مدار الساعة.',
    en: 'Welcome to {name} 🌿\nI am your automated assistant, here for you around the clock.',
  },
  notUnderstood: {
    ar: 'عذراً، لم أفهم طلبك تماماً. يمكنني مساعدتك في الاستفسارات وطلبات الدعم ومتابعة الطلبات وتحديث البيانات والشكاوى والاقتراحات. اختر من القائمة أو اكتب سؤالك بطريقة أخرى.',
    en: "Sorry, I didn't quite understand. I can help with inquiries, support requests, request status, updating your data, and complaints or suggestions. Choose from the menu or rephrase your question.",
  },
  didYouMean: { ar: 'هل تقصد:', en: 'Did you mean:' },
  mainMenu: { ar: 'القائمة الرئيسية', en: 'Main menu' },
  somethingElse: { ar: 'شيء آخر', en: 'Something else' },
  wayOn: {
    ar: 'هل تحتاج شيئاً آخر؟ اختر من القائمة أو اكتب سؤالك.',
    en: 'Anything else? Choose from the menu or type your question.',
  },
  continueForm: { ar: 'لنكمل من حيث توقفنا:', en: "Let's continue where we stopped:" },
  resumeOption: { ar: 'إكمال طلبي السابق', en: 'Continue my unfinished form' },
  languageOption: { ar: 'English', en: 'العربية' },
  languageSwitched: { ar: 'تم التحويل إلى اللغة العربية.', en: 'Switched to English.' },
  cancelled: { ar: 'تم الإلغاء ولم يُحفظ شيء مما أدخلته.', en: 'Cancelled; nothing you entered was kept.' },
  nothingToCancel: { ar: 'لا يوجد طلب جارٍ لإلغائه.', en: 'There is nothing in progress to cancel.' },
  firstQuestion: { ar: 'هذا هو السؤال الأول.', en: 'This is the first question.' },
  backTo: { ar: 'عدنا إلى السؤال السابق:', en: 'Back to the previous question:' },
  menuShortcut: {
    ar: '(للرجوع اكتب "رجوع"، للإلغاء "إلغاء"، وللقائمة "القائمة")',
    en: '(type "back" to go back, "cancel" to cancel, or "menu" for the menu)',
  },
  officerContact: {
    ar: 'يسعدنا تواصلك مع أحد موظفي علاقات المستفيدين أو الباحث الاجتماعي:\n📞 {phone}\n💬 واتساب: {whatsapp}\n🕘 أوقات العمل: {workingHours}',
    en: 'You are welcome to reach one of our beneficiary-relations officers or a social researcher:\n📞 {phone}\n💬 WhatsApp: {whatsapp}\n🕘 Working hours: {workingHours}',
  },
  offerOfficer: {
    ar: 'يبدو أن هذا السؤال غير واضح، ولا بأس في ذلك. هل تود التواصل مع موظف يساعدك؟',
    en: "It seems this question isn't clear, and that's fine. Would you like an officer to help you?",
  },
  offerOfficerYes: { ar: 'نعم، أريد موظفاً', en: 'Yes, an officer please' },
  offerOfficerNo: { ar: 'لا، سأحاول مرة أخرى', en: "No, I'll try again" },
  invalidChoice: {
    ar: 'فضلاً اختر أحد الخيارات بكتابة رقمه أو اسمه.',
    en: 'Please pick one of the options by typing its number or its name.',
  },
  textTooShort: { ar: 'الإجابة قصيرة جداً، فضلاً وضّح أكثر.', en: 'That answer is too short; please tell us a little more.' },
  textTooLong: { ar: 'الإجابة طويلة جداً (الحد {max} حرفاً).', en: 'That answer is too long (at most {max} characters).' },
  attachmentNeeded: {
    ar: 'فضلاً أرسل صورة أو ملف PDF للمستند.',
    en: 'Please send a photo or a PDF of the document.',
  },
  attachmentWrongType: {
    ar: 'نوع الملف غير مقبول. المقبول: صورة أو PDF.',
    en: 'That file type is not accepted. Accepted: a photo or a PDF.',
  },
  attachmentSkip: { ar: 'تخطي', en: 'Skip' },
  referenceInvalid: {
    ar: 'رقم الطلب يكون بالشكل {example}. فضلاً تأكد منه.',
    en: 'A reference looks like {example}. Please check it.',
  },
  summaryEdit: { ar: 'تعديل: {label}', en: 'Change: {label}' },
  summaryPickOne: {
    ar: 'فضلاً اختر "تأكيد" أو الحقل الذي تريد تعديله.',
    en: 'Please choose "Confirm" or the field you want to change.',
  },
  actionFailed: {
    ar: 'نعتذر، حدث خلل مؤقت ولم نتمكن من إتمام العملية. فضلاً حاول بعد قليل أو تواصل معنا على {phone}.',
    en: 'Sorry, a temporary fault stopped us from completing this. Please try again shortly or call us on {phone}.',
  },
  yes: { ar: 'نعم', en: 'Yes' },
  no: { ar: 'لا', en: 'No' },
} as const satisfies Record<string, Text>;

export type TextKey = keyof typeof texts;

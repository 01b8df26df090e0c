import type { Text } from './text.js';

/** What the beneficiary is told about his support request; `{reference}`, `{note}`, `{question}` are filled in. */
export const requestTexts = {
  accepted: {
    ar: '✅ قررت لجنة البحث قبول طلبك رقم {reference}. سيتواصل معك الباحث الاجتماعي لإكمال التسجيل وتقديم الخدمة.',
    en: '✅ The research committee has accepted your request {reference}. A social researcher will contact you to complete your registration and the service.',
  },
  rejected: {
    ar: 'قررت لجنة البحث عدم قبول طلبك رقم {reference}.{note}\nللاستفسار تواصل معنا على {phone}.',
    en: 'The research committee has not accepted your request {reference}.{note}\nFor any question, call us on {phone}.',
  },
  reason: { ar: '\nالسبب: {note}', en: '\nThe reason: {note}' },
  moreInfo: {
    ar: '📝 طلبك رقم {reference} يحتاج معلومات إضافية قبل أن تقرر فيه لجنة البحث:\n{question}',
    en: '📝 Your request {reference} needs more information before the research committee decides it:\n{question}',
  },
  reminder: {
    ar: '⏳ طلبك رقم {reference} ما زال قيد الدراسة لدى لجنة البحث، وسنبلغك بالقرار فور صدوره.',
    en: '⏳ Your request {reference} is still being studied by the research committee; we will tell you the decision as soon as it is made.',
  },
  announcement: { ar: '📣 رسالة من موظف الجمعية:\n{text}', en: "📣 A message from the association's officer:\n{text}" },
  /** The template parameter `decision` (WhatsApp outside 24 hours). */
  decision: {
    accepted: { ar: 'مقبول', en: 'accepted' },
    rejected: { ar: 'غير مقبول', en: 'not accepted' },
    'more-information-needed': { ar: 'نحتاج منك معلومات إضافية', en: 'more information is needed from you' },
  } as Record<string, Text>,
  /** The status look-up's history lines. */
  historySubmitted: { ar: '• قُدّم في {date}', en: '• Submitted on {date}' },
  historyReview: { ar: '• قيد الدراسة منذ {date}', en: '• Under review since {date}' },
  historyDecided: { ar: '• صدر القرار في {date}: {status}', en: '• Decided on {date}: {status}' },
  historyAsked: { ar: '• طُلب منك في {date}: {question}', en: '• Asked of you on {date}: {question}' },
  historyAnswered: { ar: '• وصل ردك في {date}', en: '• Your answer arrived on {date}' },
} satisfies Record<string, Text | Record<string, Text>>;

import type { Text } from './text.js';

/**
 * What the beneficiary is told about his handoff to an officer. `{position}`, `{minutes}`,
 * `{officer}`, `{backAt}` and `{holiday}` are filled in by the engine.
 */
export const handoffTexts = {
  queued: {
    ar: 'حوّلت محادثتك إلى موظفي الجمعية 🙋\nترتيبك في قائمة الانتظار: {position}. {wait}\nاكتب رسالتك هنا وسيراها الموظف. للخروج من الانتظار اكتب «إلغاء».',
    en: 'I have passed your conversation to our officers 🙋\nYour place in the queue: {position}. {wait}\nWrite your message here and the officer will see it. To leave the queue, type "cancel".',
  },
  waitAbout: { ar: 'الانتظار المتوقع نحو {minutes} دقيقة.', en: 'The expected wait is about {minutes} min.' },
  waitShort: { ar: 'سيرد عليك أحد الموظفين قريباً.', en: 'An officer will answer you shortly.' },
  closedNow: {
    ar: 'موظفونا خارج أوقات العمل الآن{holiday}، ويعودون {backAt}.\nاترك رسالتك هنا وستبقى في قائمة الانتظار، وسيرد عليك الموظف حين يعود. للخروج من الانتظار اكتب «إلغاء».',
    en: 'Our officers are out of office now{holiday}; they are back {backAt}.\nLeave your message here and it will wait in the queue; an officer will answer when back. To leave the queue, type "cancel".',
  },
  holiday: { ar: ' ({holiday})', en: ' ({holiday})' },
  backSoon: { ar: 'في أقرب يوم عمل', en: 'on the next working day' },
  joined: {
    ar: 'انضم {officer} إلى المحادثة، وسيساعدك الآن. 🤝',
    en: '{officer} has joined the conversation and will help you now. 🤝',
  },
  transferred: {
    ar: 'نُقلت محادثتك إلى {officer}، وسيكمل معك.',
    en: 'Your conversation was passed to {officer}, who will carry on with you.',
  },
  messageKept: {
    ar: 'وصلت رسالتك وستبقى محفوظة حتى يراها الموظف.',
    en: 'Your message is kept until an officer sees it.',
  },
  noOfficerYet: {
    ar: 'نعتذر، لم يتمكن أحد الموظفين من الرد حتى الآن. يمكنك ترك رسالتك لتبقى في قائمة الانتظار، أو العودة إلى المساعد الآلي.',
    en: 'Sorry, no officer has been able to answer yet. You can leave your message to wait in the queue, or go back to the automated assistant.',
  },
  keepWaiting: { ar: 'أترك رسالة وأنتظر', en: 'Leave a message and wait' },
  backToBot: { ar: 'العودة إلى المساعد الآلي', en: 'Back to the assistant' },
  stillWaiting: { ar: 'حسناً، تبقى في قائمة الانتظار. اكتب رسالتك.', en: 'Fine, you stay in the queue. Write your message.' },
  confirmLeave: {
    ar: 'هل تريد الخروج من المحادثة مع الموظف والعودة إلى المساعد الآلي؟',
    en: 'Do you want to leave the conversation with the officer and go back to the automated assistant?',
  },
  leaveYes: { ar: 'نعم، أعدني للمساعد', en: 'Yes, back to the assistant' },
  leaveNo: { ar: 'لا، سأبقى', en: "No, I'll stay" },
  stay: { ar: 'حسناً، ما زلت مع الموظف.', en: 'Fine, you are still with the officer.' },
  left: { ar: 'خرجت من قائمة الانتظار، وعدت إلى المساعد الآلي.', en: 'You left the queue and are back with the automated assistant.' },
  released: {
    ar: 'أعادك الموظف إلى المساعد الآلي. يسعدني أن أكمل خدمتك.',
    en: 'The officer handed you back to the automated assistant. Happy to carry on helping you.',
  },
  closed: {
    ar: 'أنهى الموظف المحادثة. شكراً لتواصلك مع {name} 🌿',
    en: 'The officer closed the conversation. Thank you for contacting {name} 🌿',
  },
  notUnderstoodTwice: {
    ar: 'عذراً، لم أتمكن من فهم طلبك. سأحوّلك إلى أحد الموظفين ليساعدك.',
    en: "Sorry, I couldn't understand your request. I'll pass you to an officer who can help.",
  },
} as const satisfies Record<string, Text>;

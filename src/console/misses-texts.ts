import type { Text } from '../i18n/text.js';
import { fill } from '../i18n/text.js';
import { esc, type Lang } from './html.js';

/** The misses page's words (`/console/misses`), in Arabic (default) and English. */
export const missTexts = {
  title: { ar: 'رسائل لم يفهمها المساعد', en: 'Messages the assistant missed' },
  intro: {
    ar: 'رسائل كتبها المستفيدون ولم يفهمها المساعد الآلي جيداً (النص مُخفى الأرقام الشخصية، بلا اسم أو رقم المرسل). اختر الموضوع الصحيح لتصبح الرسالة مثالاً يتعلم منه المساعد فوراً، أو استبعدها إن لم تكن سؤالاً لقاعدة المعرفة. تبقى {days} يوماً ثم تُحذف، وهي شاهد لمراجعة السياسات السنوية على ما يسأل عنه الناس.',
    en: "Messages beneficiaries wrote that the assistant did not understand well enough (personal numbers masked; who wrote is not kept). Choose the right topic and the message becomes an example the assistant learns from at once, or dismiss it if it is not a question for the knowledge base. They are kept {days} days, and are the yearly policy review's evidence of what people ask.",
  },
  none: { ar: 'لا توجد رسائل للمراجعة.', en: 'No messages to review.' },
  count: { ar: 'للمراجعة: {count}', en: 'To review: {count}' },
  more: { ar: 'تظهر أحدث {shown} من {count}؛ يظهر الباقي كلما رُوجعت هذه.', en: 'Showing the newest {shown} of {count}; the rest appear as these are reviewed.' },
  message: { ar: 'الرسالة', en: 'Message' },
  channel: { ar: 'القناة', en: 'Channel' },
  when: { ar: 'الوقت', en: 'When' },
  reason: { ar: 'السبب', en: 'Why' },
  candidates: { ar: 'ما اقترحه المساعد', en: 'What the assistant offered' },
  noCandidates: { ar: 'لا شيء (خارج نطاق الجمعية)', en: 'Nothing (out of scope)' },
  'reason:out-of-scope': { ar: 'أُجيب بأنه خارج النطاق', en: 'Answered as out of scope' },
  'reason:ambiguous': { ar: 'سُئل: هل تقصد…؟', en: 'Asked "did you mean …?"' },
  'reason:officer-after-answer': { ar: 'طلب موظفاً بعد الإجابة مباشرة', en: 'Asked for an officer right after the answer' },
  topic: { ar: 'الموضوع الصحيح', en: 'The right topic' },
  outOfScope: { ar: 'خارج نطاق الجمعية', en: 'Out of scope' },
  assign: { ar: 'أضفها مثالاً لهذا الموضوع', en: 'Add as an example of this topic' },
  dismiss: { ar: 'استبعاد: ليست سؤالاً لقاعدة المعرفة', en: 'Dismiss: not a question for the knowledge base' },
  assigned: { ar: 'أُضيفت الرسالة مثالاً لموضوع «{topic}»، والمساعد يجيب بها الآن.', en: 'The message was added as an example of "{topic}"; the assistant answers with it now.' },
  assignedLater: {
    ar: 'أُضيفت الرسالة مثالاً لموضوع «{topic}»، لكن تعذر تحديث المساعد الآن؛ سيتعلمها عند إعادة التشغيل.',
    en: 'The message was added as an example of "{topic}", but the assistant could not be retrained now; it learns it at the next restart.',
  },
  dismissed: { ar: 'استُبعدت الرسالة.', en: 'The message was dismissed.' },
  notFound: { ar: 'هذه الرسالة لم تعد في القائمة (رُوجعت أو انتهت مدتها).', en: 'That message is no longer on the list (reviewed already, or expired).' },
  badTopic: { ar: 'اختر موضوعاً من القائمة.', en: 'Choose a topic from the list.' },
  brokenKnowledge: { ar: 'ملفات قاعدة المعرفة فيها خطأ، فلم يُضف شيء. أصلحها ثم أعد المحاولة.', en: 'The knowledge base files have a problem, so nothing was added. Fix them, then try again.' },
  forbidden: { ar: 'هذه الصفحة للمشرفين.', en: 'This page is for supervisors.' },
} as const satisfies Record<string, Text>;

export type MissTextKey = keyof typeof missTexts;

/** A misses-page text in `lang`, escaped, with `{placeholders}` filled. */
export function mt(lang: Lang, key: MissTextKey, vars: Record<string, string | number> = {}): string {
  return esc(fill(missTexts[key][lang], vars));
}

/**
 * Issue 15, round 5: bodies only on a story's way, and bodies complained of (used by elsewhere.ts).
 * A body that is a document's source («تقرير المستشفى»), a landmark («عند المسجد»), one's income
 * («راتب الضمان») or where one's own people are («عيالي بالمدارس») is the background of a question of
 * ours; a body complained of («اشتكي على البلدية») is another's matter even when we are addressed, and
 * so (round 6) is whoever a complaint story opens with, where no topic knows them.
 */
import type { Vocabulary } from './aims.js';
import { FUNCTION_WORDS } from './function-words.js';

/** Words of our topics' requests (as prepared): a sentence holding one and no body asks us («ابي ارفع شكوي»). */
export const TOPIC_WORDS = new Set(['طلب', 'مساعده', 'دعم', 'تقديم', 'اقدم', 'تسجيل', 'اسجل', 'تحديث', 'تعديل', 'بيانات', 'موظف', 'اكلم', 'خدمه', 'اوراق', 'شكوي', 'تقييم',
  // …or whether a document will do for us («تعريف الراتب من الشركه يكفي؟», «التقرير لازم يكون من مستشفي حكومي؟»).
  'يكفي', 'تكفي', 'يمشي', 'لازم', 'مطلوب', 'مطلوبه', 'تقبلون', 'تقبلونه', 'تحتاجون', 'تبون', 'تطلبون', 'تطلبونه']);

/** Words of complaining (as prepared) and the prepositions by which they reach what is complained of. */
export const COMPLAINING = new Set(['شكوي', 'اشتكي', 'complain', 'complaint']);
const COMPLAINED_OF = new Set(['علي', 'ضد', 'من', 'فيها', 'فيه', 'about', 'against']);

/** Whether the body at `i` is what a complaint is about: «اشتكي علي البنك», «شكوي ضد المستشفي», «اشتكي فيها علي البلديه». */
export function complainedOf(tokens: readonly string[], i: number): boolean {
  for (let k = Math.max(0, i - 3); k < i; k++) {
    if (!COMPLAINING.has(tokens[k]!)) continue;
    const between = tokens.slice(k + 1, i);
    if (between.length && between.every((t) => COMPLAINED_OF.has(t) || t === 'the' || t === 'a')) return true;
  }
  return false;
}

/** Documents and income (as prepared), whose source a body may be («تقرير المستشفي», «تعريف من الشركه», «راتب الضمان»). */
const SOURCES = new Set(['تقرير', 'التقرير', 'تعريف', 'التعريف', 'شهاده', 'الشهاده', 'كشف', 'ورقه', 'الورقه', 'صك', 'الصك', 'اوراق', 'راتب', 'دخل', 'دخلي', 'راتبي', 'مبلغ', 'فلوس', 'طبي', 'الطبي']);

/** Words that place something by a landmark («عند المسجد», «قدام المدرسه»). */
const LANDMARKS = new Set(['عند', 'قدام', 'جنب', 'قريب', 'ورا', 'مقابل', 'جوار', 'بجنب', 'قرب', 'حول']);

/** Whether the body at `i` is only on the way: a document's or income's source, or a landmark (`inBackground`). */
export function onTheWay(tokens: readonly string[], i: number, family = true): boolean {
  const before = tokens[i - 1] ?? '';
  if (SOURCES.has(before) || LANDMARKS.has(before)) return true;
  if (before === 'من' && [2, 3, 4].some((k) => SOURCES.has(tokens[i - k] ?? ''))) return true;
  // «انا علي الضمان», «مسجله في الضمان»: where one's income comes from.
  if ((before === 'علي' || before === 'في') && /^(انا|مسجل|مسجله|مسجلين)$/.test(tokens[i - 2] ?? '')) return true;
  // «عيالي بالمدارس», «زوجي في المستشفي»: where one's own people are, the story's background.
  if (family && FAMILY.has(before) && /^(ب|بال|في)/.test(tokens[i]!)) return true;
  if (family && before === 'في' && FAMILY.has(tokens[i - 2] ?? '')) return true;
  // «بياناتي تروح للضمان؟»: whom our data might go to, a question about our privacy.
  return /^(لل|ل)/.test(tokens[i]!) && tokens.some((t) => DATA.has(t));
}

/** One's own people (as prepared). */
const FAMILY = new Set(['عيال', 'زوجي', 'زوجتي', 'ولدي', 'بنتي', 'بناتي', 'امي', 'ابوي', 'اخوي', 'اختي', 'اهلي', 'جوزي', 'ريلي', 'my']);

/** One's data (as prepared). */
const DATA = new Set(['بيانات', 'بياناتي', 'ملفي', 'data', 'information']);

/**
 * Whether a story opens with a noun and a name or adjective no topic uses: whom the story is about
 * («مكتب الاستقدام», «المركز الصحي», «مندوب هنقرستيشن»); not one word alone («الموزع اللي جاب السله»:
 * a word the examples lack is as often ours; nor a closed-class word, never unknown: `Vocabulary.unknown`).
 */
export function opensWithUnknown(tokens: readonly string[], vocabulary: Vocabulary): boolean {
  const second = tokens[1];
  return second !== undefined && /^[\u0621-\u064A]+$/.test(tokens[0]!) && !FUNCTION_WORDS.has(tokens[0]!) && /^[\u0621-\u064A]+$/.test(second) && vocabulary.unknown(second);
}

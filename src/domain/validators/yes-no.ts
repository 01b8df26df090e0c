import { normalizeForMatch } from '../../text/normalize.js';
import { ok, refuse, type Validation } from './result.js';

const YES = ['نعم', 'ايوه', 'ايوا', 'اي', 'اجل', 'موافق', 'اوافق', 'اكيد', 'تمام', 'صح', 'بلي', 'yes', 'y', 'ok', 'okay', 'agree', 'i agree', 'sure', 'yeah', 'yep'];
const NO = ['لا', 'لاء', 'كلا', 'ما اوافق', 'لا اوافق', 'غير موافق', 'مو موافق', 'no', 'n', 'nope', 'disagree', 'i disagree'];

const yes = new Set(YES.map(normalizeForMatch));
const no = new Set(NO.map(normalizeForMatch));

/** Yes / no in Arabic (standard and Saudi dialect) or English. */
export function validateYesNo(input: string): Validation<boolean> {
  const s = normalizeForMatch(input);
  if (yes.has(s)) return ok(true);
  if (no.has(s)) return ok(false);
  return refuse('فضلاً أجب بـ "نعم" أو "لا".', 'Please answer "yes" or "no".');
}

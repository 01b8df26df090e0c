import { formatDualDate } from '../i18n/dates.js';
import { requestTexts as rt } from '../i18n/request-texts.js';
import { t, type Text } from '../i18n/text.js';
import type { Locale } from '../messages/model.js';
import { statusLabels } from './request-lifecycle.js';
import type { SupportRequest } from './requests.js';

/**
 * A request's history as the beneficiary reads it in the chat: submitted on, under review, what
 * was asked of him and when his answer came, decided on; dates Hijri and Gregorian. Notes the
 * committee did not share stay out.
 */
export function historyForApplicant(r: SupportRequest): Text {
  const lines = (locale: Locale) => {
    const date = (iso: string) => formatDualDate(new Date(iso), locale);
    const out = [t(rt.historySubmitted, locale, { date: date(r.submittedAt) })];
    let reviewShown = false;
    let replies = 0;
    for (const h of r.history.slice(1)) {
      if (h.status === 'under-review' && h.by.startsWith('beneficiary:')) {
        out.push(t(rt.historyAnswered, locale, { date: date(r.replies[replies++]?.at ?? h.at) }));
      } else if (h.status === 'under-review' && !reviewShown) {
        out.push(t(rt.historyReview, locale, { date: date(h.at) }));
        reviewShown = true;
      } else if (h.status === 'more-information-needed') {
        out.push(t(rt.historyAsked, locale, { date: date(h.at), question: h.note ?? '' }));
      } else if (h.status === 'accepted' || h.status === 'rejected') {
        out.push(t(rt.historyDecided, locale, { date: date(h.at), status: t(statusLabels[h.status], locale) }));
      }
    }
    return out.join('\n');
  };
  return { ar: lines('ar'), en: lines('en') };
}

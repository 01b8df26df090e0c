import type { AssociationProfile } from '../domain/profile.js';
import { validateDate } from '../domain/validators/date.js';
import { validateSaudiMobile } from '../domain/validators/mobile.js';
import { validateNationalId } from '../domain/validators/national-id.js';
import { validateNumber } from '../domain/validators/number.js';
import { refuse, ok, type Validation } from '../domain/validators/result.js';
import { validateYesNo } from '../domain/validators/yes-no.js';
import { latinDigits } from '../text/normalize.js';
import { pickChoice } from '../messages/choices.js';
import type { Choice, InboundMessage, Locale } from '../messages/model.js';
import { CHOICE, NO, YES } from '../messages/reserved.js';
import { t } from '../i18n/text.js';
import { texts } from '../i18n/texts.js';
import type { Option } from '../domain/option.js';
import type { InputSpec } from './schema.js';

/** The options of a choice question, from the flow or from the association profile. */
export function optionsOf(spec: Extract<InputSpec, { type: 'choice' }>, profile: AssociationProfile): Option[] {
  return spec.options ?? (spec.optionsFrom ? profile[spec.optionsFrom] : []);
}

/** The choices shown with a question (buttons or a numbered list), if it has any. */
export function choicesFor(spec: InputSpec, profile: AssociationProfile, locale: Locale): Choice[] | undefined {
  switch (spec.type) {
    case 'choice':
      return optionsOf(spec, profile).map((o) => ({ id: o.id, label: t(o.label, locale) }));
    case 'yesno':
      return [
        { id: YES, label: t(texts.yes, locale) },
        { id: NO, label: t(texts.no, locale) },
      ];
    case 'attachment':
      return spec.optional ? [{ id: CHOICE.skip, label: t(texts.attachmentSkip, locale) }] : undefined;
    default:
      return undefined;
  }
}

function mimeAccepted(mime: string, accept: readonly string[]): boolean {
  return accept.some((a) => (a.endsWith('/*') ? mime.startsWith(a.slice(0, -1)) : mime === a));
}

/** Checks one answer against its question's type; gives the value to store or the reason to re-ask. */
export function validateAnswer(
  spec: InputSpec,
  msg: Pick<InboundMessage, 'text' | 'choiceId' | 'attachments'>,
  profile: AssociationProfile,
  locale: Locale,
): Validation<unknown> {
  const text = msg.text?.trim() ?? '';
  switch (spec.type) {
    case 'text': {
      if (text.length < spec.minLength) return { ok: false, reason: texts.textTooShort };
      if (text.length > spec.maxLength) {
        return refuse(t(texts.textTooLong, 'ar', { max: spec.maxLength }), t(texts.textTooLong, 'en', { max: spec.maxLength }));
      }
      if (spec.pattern && !new RegExp(spec.pattern, 'u').test(text)) {
        return { ok: false, reason: spec.patternHint ?? texts.textTooShort };
      }
      return ok(text);
    }
    case 'number':
      return validateNumber(text, spec.min, spec.max);
    case 'choice': {
      const options = optionsOf(spec, profile);
      const offered = options.map((o) => ({ id: o.id, label: t(o.label, locale) }));
      const picked = pickChoice(offered, msg, (c) => {
        const o = options.find((x) => x.id === c.id);
        return o ? [o.label.ar, o.label.en, ...(o.aliases ?? [])] : [];
      });
      return picked ? ok(picked.id) : { ok: false, reason: texts.invalidChoice };
    }
    case 'yesno': {
      if (msg.choiceId === YES || msg.choiceId === NO) return ok(msg.choiceId === YES);
      const n = latinDigits(text);
      if (n === '1') return ok(true);
      if (n === '2') return ok(false);
      return validateYesNo(text);
    }
    case 'nationalId':
      return validateNationalId(text);
    case 'mobile':
      return validateSaudiMobile(text);
    case 'date':
      return validateDate(text);
    case 'reference': {
      const ref = latinDigits(text).toUpperCase().replace(/\s+/g, '');
      const m = new RegExp(`^${spec.prefix}-?(\\d{4})-?(\\d{6})$`).exec(ref);
      if (!m) {
        const example = `${spec.prefix}-2026-000042`;
        return refuse(t(texts.referenceInvalid, 'ar', { example }), t(texts.referenceInvalid, 'en', { example }));
      }
      return ok(`${spec.prefix}-${m[1]}-${m[2]}`);
    }
    case 'attachment': {
      const file = msg.attachments[0];
      if (!file) {
        const skip = msg.choiceId === CHOICE.skip || pickChoice([{ id: CHOICE.skip, label: t(texts.attachmentSkip, locale) }], msg, () => [texts.attachmentSkip.ar, texts.attachmentSkip.en]);
        if (spec.optional && skip) return ok(null);
        // A written answer where a file or a text will do (the committee's question).
        if (spec.orText && text) return ok({ text });
        return { ok: false, reason: texts.attachmentNeeded };
      }
      if (!mimeAccepted(file.mimeType, spec.accept)) return { ok: false, reason: texts.attachmentWrongType };
      return ok(spec.orText ? { attachment: file, ...(text ? { text } : {}) } : file);
    }
  }
}

/** How a stored answer is shown back to its owner (in the summary). */
export function displayAnswer(spec: InputSpec, value: unknown, profile: AssociationProfile, locale: Locale): string {
  if (value === undefined || value === null) return '—';
  switch (spec.type) {
    case 'choice': {
      const o = optionsOf(spec, profile).find((x) => x.id === value);
      return o ? t(o.label, locale) : String(value);
    }
    case 'yesno':
      return t(value ? texts.yes : texts.no, locale);
    case 'mobile':
      return String(value).replace(/^\+966/, '0');
    case 'attachment':
      return (value as { name?: string }).name ?? (locale === 'ar' ? 'مرفق' : 'attachment');
    default:
      return String(value);
  }
}

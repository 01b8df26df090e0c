import type { AssociationProfile } from '../domain/profile.js';
import { t, type Text } from '../i18n/text.js';
import { texts } from '../i18n/texts.js';
import type { Locale } from '../messages/model.js';

/**
 * The values `{placeholders}` in texts are filled from: the association's profile (`{name}`,
 * `{phone}`, `{workingHours}` …), `{officerContact}` (texts.officerContact) and the form's data, nested fields dotted (`{result.reference}`).
 * A bilingual value in the data (`{ ar, en }`) gives the conversation's language.
 */
export function templateVars(profile: AssociationProfile, data: Record<string, unknown>, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {
    name: t(profile.name, locale),
    phone: profile.contact.phone,
    whatsapp: profile.contact.whatsapp ?? profile.contact.phone,
    email: profile.contact.email ?? '',
    website: profile.contact.website ?? '',
    address: t(profile.contact.address, locale),
    workingHours: t(profile.workingHours, locale),
    privacyNotice: t(profile.privacyNotice.text, locale),
  };
  // The one way to reach an officer, for flow and knowledge texts (`{officerContact}`).
  out.officerContact = t(texts.officerContact, locale, out);
  const flatten = (prefix: string, v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.ar === 'string' && typeof o.en === 'string') out[prefix] = String(o[locale]);
      else for (const [k, x] of Object.entries(o)) flatten(prefix ? `${prefix}.${k}` : k, x);
    } else out[prefix] = String(v);
  };
  flatten('', data);
  return out;
}

/** A text in the conversation's language with its placeholders filled. */
export function renderText(text: Text, locale: Locale, profile: AssociationProfile, data: Record<string, unknown>): string {
  const s = text[locale];
  // Most texts have no placeholder; only those pay for building the variables.
  return s.includes('{') ? t(text, locale, templateVars(profile, data, locale)) : s;
}

import { z } from 'zod';
import type { Locale } from '../messages/model.js';

/** Every text a beneficiary sees exists in Arabic (the default) and English. */
export const Text = z.object({
  ar: z.string().min(1, 'Arabic text is missing'),
  en: z.string().min(1, 'English text is missing'),
});
export type Text = z.infer<typeof Text>;

/** Picks the locale's text and fills `{name}` placeholders from `vars` (unknown ones are left as they are). */
export function t(text: Text, locale: Locale, vars: Record<string, string | number | undefined> = {}): string {
  return fill(text[locale], vars);
}

export function fill(template: string, vars: Record<string, string | number | undefined>): string {
  return template.replace(/\{([a-zA-Z][\w.]*)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

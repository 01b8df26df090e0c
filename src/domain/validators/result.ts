import type { Text } from '../../i18n/text.js';

/** A validator either gives the cleaned value or says, in both languages, why the answer was refused. */
export type Validation<T> = { ok: true; value: T } | { ok: false; reason: Text };

export const ok = <T>(value: T): Validation<T> => ({ ok: true, value });
export const refuse = (ar: string, en: string): Validation<never> => ({ ok: false, reason: { ar, en } });

import { fill } from '../i18n/text.js';
import { consoleTexts, type ConsoleTextKey } from './texts.js';

export type Lang = 'ar' | 'en';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A console text in the page's language, escaped, with `{placeholders}` filled. */
export function tr(lang: Lang, key: ConsoleTextKey, vars?: Record<string, string | number>): string {
  const text = consoleTexts[key][lang];
  return esc(vars ? fill(text, vars) : text);
}

/**
 * The console's pages allow only what comes from this server, and no inline script or style
 * at all (stricter than the web chat page, which must allow the widget's inline styles).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export interface Layout {
  lang: Lang;
  title: string;
  /** Asset URLs with their version. */
  css: string;
  js: string;
  /** Scripts a page needs before the console's own (the report's Chart.js), from this origin. */
  scripts?: string[];
  /** The page's kind and ids for the script (queue, conversation). */
  page: string;
  handoff?: string;
  /** The signed-in officer's name, the CSRF token for the sign-out form, and whether he sees supervisors' links. */
  officer?: { name: string; csrf: string; supervisor?: boolean };
  body: string;
}

/** The page around every console view: `lang` and `dir` on `<html>`, landmarks, a skip link, the language switch. */
export function layout(o: Layout): string {
  const other: Lang = o.lang === 'ar' ? 'en' : 'ar';
  const signOut = o.officer
    ? `<form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${esc(o.officer.csrf)}"><span class="who">${esc(o.officer.name)}</span> <button type="submit" class="link">${tr(o.lang, 'signOut')}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${o.lang}" dir="${o.lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${o.css}">
</head>
<body data-page="${esc(o.page)}"${o.handoff ? ` data-handoff="${esc(o.handoff)}"` : ''} data-new-chat="${tr(o.lang, 'newChat')}">
<a class="skip" href="#main">${o.lang === 'ar' ? 'تخطَّ إلى المحتوى' : 'Skip to content'}</a>
<header class="bar">
<a class="brand" href="/console">${tr(o.lang, 'title')}</a>
<nav aria-label="${o.lang === 'ar' ? 'الحساب واللغة' : 'Account and language'}">
${o.officer ? `<a href="/console">${tr(o.lang, 'queue')}</a> <a href="/console/requests">${o.lang === 'ar' ? 'طلبات الدعم' : 'Support requests'}</a>` : ''}
${o.officer?.supervisor ? `<a href="/console/misses">${tr(o.lang, 'missesNav')}</a>` : ''}
<a href="?lang=${other}" lang="${other}" hreflang="${other}">${tr(o.lang, 'switchLanguage')}</a>
${signOut}
</nav>
</header>
<main id="main">
${o.body}
</main>
${(o.scripts ?? []).map((src) => `<script src="${src}"></script>\n`).join('')}<script src="${o.js}"></script>
</body>
</html>
`;
}

export function minutesSince(ms: number, now: number): number {
  return Math.max(0, Math.floor((now - ms) / 60_000));
}

export function clock(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-SA' : 'en-GB', { timeZone: 'Asia/Riyadh', dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

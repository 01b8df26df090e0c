import { formatDualDate } from '../i18n/dates.js';
import type { Topic } from '../knowledge/answerer.js';
import type { Miss } from '../knowledge/misses.js';
import { OUT_OF_SCOPE_ID } from '../knowledge/schema.js';
import { esc, tr, type Lang } from './html.js';
import { mt, type MissTextKey } from './misses-texts.js';
import { consoleTexts, type ConsoleTextKey } from './texts.js';

const hours = { ar: new Intl.DateTimeFormat('ar-SA', { timeZone: 'Asia/Riyadh', timeStyle: 'short' }), en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Riyadh', timeStyle: 'short' }) };

const days = { ar: new Intl.NumberFormat('ar-SA'), en: new Intl.NumberFormat('en') };

/** "١٢ جمادى الآخرة ١٤٤٨ هـ الموافق ٢٢ نوفمبر ٢٠٢٦ م، ١٠:١٥ ص": Hijri and Gregorian, and the hour in Riyadh. */
const missTime = (at: number, lang: Lang) => `${formatDualDate(new Date(at), lang)}${lang === 'ar' ? '، ' : ', '}${hours[lang].format(at)}`;

/** The topic the chooser starts on: the first the matcher offered, else out of scope (what it answered). */
const firstCandidate = (m: Miss, topics: Topic[]) => m.topics?.find((id) => topics.some((t) => t.id === id)) ?? OUT_OF_SCOPE_ID;

/** Misses shown at once: the newest; the rest come up as these are assigned or dismissed (a page stays light on a phone). */
export const MISSES_SHOWN = 100;

export interface MissesPage {
  /** Newest first; the first MISSES_SHOWN are shown. */
  misses: Miss[];
  topics: Topic[];
  retentionDays: number;
  csrf: string;
  /** After an action: what was done, or why not. */
  flash?: { ok: boolean; text: string } | undefined;
}

function item(lang: Lang, m: Miss, topics: Topic[], hidden: string): string {
  const label = (id: string) => topics.find((t) => t.id === id)?.label[lang] ?? id;
  const chosen = firstCandidate(m, topics);
  // `name` is HTML already escaped.
  const option = (id: string, name: string) => `<option value="${esc(id)}"${id === chosen ? ' selected' : ''}>${name}</option>`;
  const offered = m.topics?.length ? m.topics.map((id) => `<bdi>${esc(label(id))}</bdi>`).join(lang === 'ar' ? '، ' : ', ') : mt(lang, 'noCandidates');
  const key = `channel:${m.channel}`;
  const channel = key in consoleTexts ? tr(lang, key as ConsoleTextKey) : esc(m.channel);
  return `<li class="miss" id="miss-${esc(m.id)}" data-id="${esc(m.id)}">
<p class="miss-text" dir="auto" id="text-${esc(m.id)}">${esc(m.text)}</p>
<dl class="facts">
<dt>${mt(lang, 'channel')}</dt><dd>${channel}</dd>
<dt>${mt(lang, 'when')}</dt><dd><time datetime="${new Date(m.at).toISOString()}">${esc(missTime(m.at, lang))}</time></dd>
<dt>${mt(lang, 'reason')}</dt><dd>${mt(lang, `reason:${m.reason}` as MissTextKey)}</dd>
<dt>${mt(lang, 'candidates')}</dt><dd>${offered}</dd>
</dl>
<div class="actions">
<form method="post" action="/console/misses/${esc(m.id)}/assign" class="inline">${hidden}
<label for="topic-${esc(m.id)}">${mt(lang, 'topic')}</label>
<select id="topic-${esc(m.id)}" name="topic">${topics.map((t) => option(t.id, esc(t.label[lang]))).join('')}${option(OUT_OF_SCOPE_ID, mt(lang, 'outOfScope'))}</select>
<button type="submit" class="primary" aria-describedby="text-${esc(m.id)}">${mt(lang, 'assign')}</button>
</form>
<form method="post" action="/console/misses/${esc(m.id)}/dismiss" class="inline">${hidden}<button type="submit" aria-describedby="text-${esc(m.id)}">${mt(lang, 'dismiss')}</button></form>
</div>
</li>`;
}

/** The misses, newest first, each with its topic chooser (prefilled) and the dismiss button. */
export function missesView(lang: Lang, p: MissesPage): string {
  const hidden = `<input type="hidden" name="_csrf" value="${esc(p.csrf)}">`;
  const flash = p.flash ? `<p class="${p.flash.ok ? 'ok' : 'error'}" role="${p.flash.ok ? 'status' : 'alert'}">${p.flash.text}</p>` : '';
  return `<h1>${mt(lang, 'title')} <span class="badge" data-count="${p.misses.length}">${p.misses.length}</span></h1>
<p class="muted">${mt(lang, 'intro', { days: days[lang].format(p.retentionDays) })}</p>
${flash}
${p.misses.length > MISSES_SHOWN ? `<p>${mt(lang, 'more', { shown: MISSES_SHOWN, count: p.misses.length })}</p>` : ''}
${p.misses.length ? `<ol class="misses" aria-label="${mt(lang, 'count', { count: p.misses.length })}">${p.misses.slice(0, MISSES_SHOWN).map((m) => item(lang, m, p.topics, hidden)).join('')}</ol>` : `<p class="empty">${mt(lang, 'none')}</p>`}`;
}

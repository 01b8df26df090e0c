import type { Figures, OfficerFigures, Summary } from '../domain/survey-report.js';
import type { Survey } from '../domain/surveys.js';
import { fill } from '../i18n/text.js';
import { clock, esc, tr as consoleTr, type Lang } from './html.js';
import { surveyTexts, type SurveyTextKey } from './survey-texts.js';
import { monthRange } from './surveys-api.js';
import type { ConsoleTextKey } from './texts.js';

/** A report text in the page's language, escaped. */
export const st = (lang: Lang, key: SurveyTextKey, vars: Record<string, string | number> = {}) => esc(fill(surveyTexts[key][lang], vars));
const svc = (lang: Lang, s: string) => st(lang, `service:${s}` as SurveyTextKey);
const chan = (lang: Lang, c: string) => consoleTr(lang, `channel:${c}` as ConsoleTextKey);

const TZ = 'Asia/Riyadh';
const monthFmt = (locale: string) => new Intl.DateTimeFormat(locale, { timeZone: TZ, month: 'long', year: 'numeric' });
const fmts = {
  ar: { hijri: monthFmt('ar-SA-u-ca-islamic-umalqura'), greg: monthFmt('ar-SA-u-ca-gregory'), num: new Intl.NumberFormat('ar-SA', { maximumFractionDigits: 2 }) },
  en: { hijri: monthFmt('en-u-ca-islamic-umalqura'), greg: monthFmt('en-GB'), num: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }) },
};

/** "جمادى الأولى – جمادى الآخرة ١٤٤٨ هـ / نوفمبر ٢٠٢٦ م": the Hijri and the Gregorian months a period covers. */
export function periodMonths(from: number, to: number, lang: Lang): string {
  const f = fmts[lang];
  const span = (fmt: Intl.DateTimeFormat) => {
    const a = fmt.format(from);
    const b = fmt.format(to);
    return a === b ? a : `${a} – ${b}`;
  };
  return lang === 'ar' ? `${span(f.hijri)} / ${span(f.greg)} م` : `${span(f.hijri)} / ${span(f.greg)}`;
}

/** A Gregorian month `YYYY-MM` with the Hijri months it overlaps. */
function monthLabel(period: string, lang: Lang): string {
  const { from, to } = monthRange(period);
  const f = fmts[lang];
  const hijri = f.hijri.format(from) === f.hijri.format(to) ? f.hijri.format(from) : `${f.hijri.format(from)} – ${f.hijri.format(to)}`;
  return `${f.greg.format(from)} (${hijri})`;
}

const pct = (v: number | null, lang: Lang) => (v === null ? '—' : `${fmts[lang].num.format(Math.round(v * 1000) / 10)}${lang === 'ar' ? '٪' : '%'}`);
const num = (v: number | null, lang: Lang) => (v === null ? '—' : fmts[lang].num.format(v));

function figureCards(lang: Lang, f: Figures): string {
  const card = (key: SurveyTextKey, value: string) => `<div class="figure"><dt>${st(lang, key)}</dt><dd>${value}</dd></div>`;
  return `<dl class="figures">
${card('csat', pct(f.csat, lang))}
${card('average', num(f.average, lang))}
${card('responseRate', pct(f.responseRate, lang))}
${card('responses', num(f.responses, lang))}
${card('sent', num(f.sent, lang))}
${card('resolvedShare', pct(f.resolvedShare, lang))}
</dl>`;
}

function figuresTable(lang: Lang, caption: string, head: string, rows: [string, Figures][]): string {
  if (!rows.length) return `<p class="empty">${st(lang, 'noData')}</p>`;
  const body = rows
    .map(([name, f]) => `<tr><th scope="row">${name}</th><td>${num(f.sent, lang)}</td><td>${num(f.responses, lang)}</td><td>${pct(f.responseRate, lang)}</td><td>${num(f.average, lang)}</td><td>${pct(f.csat, lang)}</td></tr>`)
    .join('');
  return `<table class="data"><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${head}</th><th scope="col">${st(lang, 'sent')}</th><th scope="col">${st(lang, 'responses')}</th><th scope="col">${st(lang, 'responseRate')}</th><th scope="col">${st(lang, 'average')}</th><th scope="col">${st(lang, 'csat')}</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

/** A chart (drawn in the browser by surveys.js from the page's data) with its figures as a table beside it. */
function chart(lang: Lang, id: string, title: SurveyTextKey, table: string): string {
  return `<figure class="chart-box" aria-labelledby="cap-${id}">
<figcaption id="cap-${id}"><h3>${st(lang, title)}</h3></figcaption>
<div class="chart"><canvas id="chart-${id}" data-chart="${id}" role="img" aria-label="${st(lang, title)}"></canvas></div>
${table}
</figure>`;
}

/** The data the charts are drawn from: percentages and counts, labels in the page's language. */
export function chartData(lang: Lang, s: Summary): unknown {
  const share = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const series = (rows: ({ period: string } & Figures)[]) => ({
    labels: rows.map((r) => r.period),
    datasets: [
      { label: surveyTexts.csat[lang], data: rows.map((r) => share(r.csat)) },
      { label: surveyTexts.responseRate[lang], data: rows.map((r) => share(r.responseRate)) },
    ],
  });
  const split = <K extends string>(rec: Partial<Record<K, Figures>>, name: (k: K) => string) => {
    const keys = Object.keys(rec) as K[];
    return { labels: keys.map(name), datasets: [{ label: surveyTexts.csat[lang], data: keys.map((k) => share(rec[k]!.csat)) }, { label: surveyTexts.responseRate[lang], data: keys.map((k) => share(rec[k]!.responseRate)) }] };
  };
  return {
    rtl: lang === 'ar',
    charts: {
      distribution: { type: 'bar', percent: false, labels: (['1', '2', '3', '4', '5'] as const).map((r) => surveyTexts[`rating:${r}`][lang]), datasets: [{ label: surveyTexts.count[lang], data: Object.values(s.distribution) }] },
      weekly: { type: 'line', percent: true, ...series(s.byWeek) },
      monthly: { type: 'bar', percent: true, ...series(s.byMonth) },
      channels: { type: 'bar', percent: true, ...split(s.byChannel, (k) => consoleTexts(lang, `channel:${k}`)) },
      services: { type: 'bar', percent: true, ...split(s.byService, (k) => surveyTexts[`service:${k}`][lang]) },
    },
  };
}

function consoleTexts(lang: Lang, key: string): string {
  // Unescaped for the JSON data (the script sets it as text, never as HTML).
  return consoleTr(lang, key as ConsoleTextKey).replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)));
}

export interface SurveysPage {
  summary: Summary;
  officers: (OfficerFigures & { name: string })[];
  low: Survey[];
  query: string;
  filter: { from: string; to: string; channel?: string | undefined; service?: string | undefined };
  channels: string[];
  /** The month of the period's end (`YYYY-MM`), for the printable monthly report's link. */
  month: string;
  /** Showing one month (the printable monthly report). */
  monthly: boolean;
  error?: boolean;
}

function linkTo(lang: Lang, s: { service: string; link: string }): string {
  if (s.service === 'chat') return `<a href="/console/handoffs/${esc(encodeURIComponent(s.link))}">${st(lang, 'openChat')}</a>`;
  return `<span dir="ltr">${esc(s.link)}</span>`;
}

export function surveysView(lang: Lang, d: SurveysPage): string {
  const s = d.summary;
  const from = Date.parse(s.from);
  const to = Date.parse(s.to);
  const opt = (value: string, label: string, selected?: string) => `<option value="${esc(value)}"${value === (selected ?? '') ? ' selected' : ''}>${label}</option>`;
  const rows = (['1', '2', '3', '4', '5'] as const).map((r) => `<tr><th scope="row">${st(lang, `rating:${r}`)} (${r})</th><td>${num(s.distribution[r], lang)}</td></tr>`).join('');
  const distTable = `<table class="data"><caption class="visually-hidden">${st(lang, 'distribution')}</caption><thead><tr><th scope="col">${st(lang, 'rating')}</th><th scope="col">${st(lang, 'count')}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const comments = s.comments.length
    ? `<ul class="comments">${s.comments
        .map((c) => `<li><span class="stars rating-${c.rating ?? 0}">${c.rating ? `${st(lang, `rating:${c.rating}` as SurveyTextKey)} (${c.rating})` : '—'}</span> · <time datetime="${esc(c.at)}">${esc(clock(Date.parse(c.at), lang))}</time> · ${chan(lang, c.channel)} · ${svc(lang, c.service)} · ${linkTo(lang, c)}<p dir="auto">${esc(c.comment)}</p></li>`)
        .join('')}</ul>`
    : `<p class="empty">${st(lang, 'noComments')}</p>`;
  const low = d.low.length
    ? `<ul class="alerts">${d.low.map((x) => `<li><strong>${x.rating}</strong> · ${esc(clock(x.answeredAt ?? x.sentAt ?? 0, lang))} · ${chan(lang, x.ref.channel)} · ${svc(lang, x.service)} · ${linkTo(lang, x)}${x.comment ? `<p dir="auto">${esc(x.comment)}</p>` : ''}</li>`).join('')}</ul>`
    : `<p class="empty">${st(lang, 'noAlerts')}</p>`;
  const officers = d.officers.length
    ? `<section class="no-print" aria-labelledby="officers-title"><h2 id="officers-title">${st(lang, 'officers')}</h2><p class="note">${st(lang, 'officersNote')}</p>
${figuresTable(lang, st(lang, 'officers'), st(lang, 'officer'), d.officers.map((o) => [esc(o.name), o]))}</section>`
    : '';
  return `<p class="no-print"><a href="/console">${consoleTr(lang, 'backToQueue')}</a></p>
<header class="report-head">
<h1>${st(lang, 'title')}</h1>
${d.monthly ? `<p class="report-title">${st(lang, 'monthlyTitle')}</p>` : ''}
<p class="period"><strong>${st(lang, 'period')}:</strong> ${esc(periodMonths(from, to, lang))} <span class="muted">(${esc(d.filter.from)} – ${esc(d.filter.to)})</span></p>
<p class="note">${st(lang, 'intro')}</p>
</header>
${d.error ? `<p class="error" role="alert">${st(lang, 'badFilter')}</p>` : ''}
<form method="get" action="/console/surveys" class="filters no-print" aria-label="${st(lang, 'filters')}">
<div><label for="f-from">${st(lang, 'from')}</label><input id="f-from" name="from" type="date" value="${esc(d.filter.from)}" dir="ltr"></div>
<div><label for="f-to">${st(lang, 'to')}</label><input id="f-to" name="to" type="date" value="${esc(d.filter.to)}" dir="ltr"></div>
<div><label for="f-channel">${consoleTr(lang, 'channel')}</label><select id="f-channel" name="channel">${opt('', st(lang, 'all'), d.filter.channel)}${d.channels.map((c) => opt(c, chan(lang, c), d.filter.channel)).join('')}</select></div>
<div><label for="f-service">${st(lang, 'service')}</label><select id="f-service" name="service">${opt('', st(lang, 'all'), d.filter.service)}${['chat', 'request', 'bot'].map((c) => opt(c, svc(lang, c), d.filter.service)).join('')}</select></div>
<div><button type="submit" class="primary">${st(lang, 'show')}</button></div>
</form>
<p class="no-print actions"><a href="/api/surveys/export.csv?${esc(d.query)}" download>${st(lang, 'csv')}</a> <a href="/console/surveys?month=${esc(d.month)}">${st(lang, 'print')}</a>${d.monthly ? ` <button type="button" data-print>${st(lang, 'printNow')}</button>` : ''}</p>
<section aria-labelledby="figures-title"><h2 id="figures-title" class="visually-hidden">${st(lang, 'title')}</h2>${figureCards(lang, s)}</section>
<section class="no-print" aria-labelledby="alerts-title"><h2 id="alerts-title">${st(lang, 'alerts')}</h2>${low}</section>
<section class="charts" aria-label="${st(lang, 'distribution')}">
${chart(lang, 'distribution', 'distribution', distTable)}
${chart(lang, 'weekly', 'weekly', figuresTable(lang, st(lang, 'weekly'), st(lang, 'week'), s.byWeek.map((w) => [esc(w.period), w])))}
${chart(lang, 'monthly', 'monthly', figuresTable(lang, st(lang, 'monthly'), st(lang, 'month'), s.byMonth.map((m) => [esc(monthLabel(m.period, lang)), m])))}
${chart(lang, 'channels', 'byChannel', figuresTable(lang, st(lang, 'byChannel'), consoleTr(lang, 'channel'), Object.entries(s.byChannel).map(([k, f]) => [chan(lang, k), f!])))}
${chart(lang, 'services', 'byService', figuresTable(lang, st(lang, 'byService'), st(lang, 'service'), Object.entries(s.byService).map(([k, f]) => [svc(lang, k), f!])))}
</section>
<section aria-labelledby="comments-title"><h2 id="comments-title">${st(lang, 'comments')}</h2>${comments}</section>
${officers}
<script type="application/json" id="survey-data">${JSON.stringify(chartData(lang, s)).replace(/</g, '\\u003c')}</script>`;
}

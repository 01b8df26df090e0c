import type { Beneficiary } from '../domain/beneficiaries.js';
import type { Officer } from '../domain/officers.js';
import { RequestStatus, TRANSITIONS } from '../domain/request-lifecycle.js';
import type { SupportRequest } from '../domain/requests.js';
import { formatDualDate } from '../i18n/dates.js';
import type { AssociationProfile } from '../domain/profile.js';
import type { Attachment } from '../messages/model.js';
import { clock, esc, type Lang } from './html.js';
import type { RequestItem } from './requests-desk.js';
import { dt } from './requests-texts.js';
import { isStoredKey } from '../store/attachments.js';

const day = (iso: string, lang: Lang) => esc(formatDualDate(new Date(iso), lang));
const label = (profile: AssociationProfile, list: 'cities' | 'requestTypes', id: string, lang: Lang) => esc(profile[list].find((o) => o.id === id)?.label[lang] ?? id);

function table(lang: Lang, items: RequestItem[], profile: AssociationProfile, slaDays: number): string {
  if (!items.length) return `<p class="empty">${dt(lang, 'none')}</p>`;
  const rows = items
    .map(
      (r) => `<tr class="${r.overdue ? 'overdue' : ''}" data-ref="${esc(r.reference)}">
<td><a href="/console/requests/${esc(r.reference)}" dir="ltr">${esc(r.reference)}</a></td>
<td>${dt(lang, `status:${r.status}`)}${r.overdue ? ` <strong class="late">${dt(lang, 'overdue', { days: slaDays })}</strong>` : ''}</td>
<td>${day(r.submittedAt, lang)}</td>
<td>${dt(lang, `channel:${r.channel}`)}</td>
<td>${esc(r.applicantName)}</td>
<td>${label(profile, 'requestTypes', r.requestType, lang)}</td>
</tr>`,
    )
    .join('');
  return `<div class="scroll"><table class="requests">
<thead><tr><th scope="col">${dt(lang, 'reference')}</th><th scope="col">${dt(lang, 'status')}</th><th scope="col">${dt(lang, 'submitted')}</th><th scope="col">${dt(lang, 'channel')}</th><th scope="col">${dt(lang, 'applicant')}</th><th scope="col">${dt(lang, 'type')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** The desk: counts by status (as tabs), the search, the list; links to the committee view and the CSV. */
export function requestsListView(lang: Lang, o: { me: Officer; items: RequestItem[]; counts: Record<RequestStatus, number>; status?: RequestStatus; q?: string; profile: AssociationProfile; slaDays: number }): string {
  const total = Object.values(o.counts).reduce((a, b) => a + b, 0);
  const tab = (s: RequestStatus | undefined, n: number) =>
    `<li><a href="/console/requests${s ? `?status=${s}` : ''}"${o.status === s && !o.q ? ' aria-current="page"' : ''}>${s ? dt(lang, `status:${s}`) : dt(lang, 'all')} <span class="badge" data-status="${s ?? 'all'}">${n}</span></a></li>`;
  const supervisor = o.me.role !== 'officer';
  return `<h1>${dt(lang, 'requests')}</h1>
<nav aria-label="${dt(lang, 'status')}"><ul class="tabs">${tab(undefined, total)}${RequestStatus.options.map((s) => tab(s, o.counts[s])).join('')}</ul></nav>
<form method="get" action="/console/requests" class="search" role="search">
<label for="q">${dt(lang, 'search')}</label>
<input id="q" name="q" value="${esc(o.q ?? '')}" dir="ltr" inputmode="search" maxlength="100">
<button type="submit">${dt(lang, 'find')}</button>
</form>
<p class="links"><a href="/console/requests/new">${dt(lang, 'newRequest')}</a></p>
${supervisor ? `<p class="links"><a href="/console/requests/committee">${dt(lang, 'committee')}</a> · <a href="/api/requests/export.csv${o.status ? `?status=${o.status}` : ''}" download>${dt(lang, 'exportCsv')}</a></p>` : ''}
${table(lang, o.items, o.profile, o.slaDays)}`;
}

export function committeeView(lang: Lang, items: RequestItem[], profile: AssociationProfile, slaDays: number): string {
  return `<p><a href="/console/requests">${dt(lang, 'back')}</a></p>
<h1>${dt(lang, 'committee')}</h1>
<p>${dt(lang, 'dueNote', { days: slaDays })}</p>
${table(lang, items, profile, slaDays)}
<p><a href="/api/requests/export.csv" download>${dt(lang, 'exportCsv')}</a></p>`;
}

/** Every file of a request: the ones filed with it, then the ones he sent when asked. */
export const filesOf = (r: SupportRequest): Attachment[] => [...r.attachments, ...r.replies.flatMap((x) => (x.attachment ? [x.attachment] : []))];

function fileView(lang: Lang, r: SupportRequest, a: Attachment, n: number): string {
  const name = esc(a.name ?? a.mimeType);
  if (!isStoredKey(a.storageKey)) return `<li>${dt(lang, 'fileElsewhere', { name: a.name ?? a.mimeType })}</li>`;
  const href = `/console/requests/${esc(r.reference)}/files/${n}`;
  if (a.mimeType.startsWith('image/')) return `<li><a href="${href}" target="_blank" rel="noopener"><img src="${href}" alt="${name}" class="thumb"></a></li>`;
  return `<li><a href="${href}" target="_blank" rel="noopener">📄 ${name}</a></li>`;
}

export interface RequestPageData {
  request: SupportRequest;
  item: RequestItem;
  /** Masked unless the officer may see the applicant in full. */
  shown: SupportRequest;
  beneficiary?: Beneficiary;
  earlier: RequestItem[];
  officers: Officer[];
  profile: AssociationProfile;
  slaDays: number;
}

/** What differs between the applicant's data in the request and the beneficiary's record. */
export function differences(r: SupportRequest, b: Beneficiary | undefined): { field: string; request: string; record: string }[] {
  if (!b) return [];
  const fields = ['fullName', 'mobile', 'city', 'familySize', 'monthlyIncome'] as const;
  return fields.filter((f) => String(r.applicant[f]) !== String(b[f])).map((f) => ({ field: f, request: String(r.applicant[f]), record: String(b[f]) }));
}

export function requestView(lang: Lang, me: Officer, csrf: string, d: RequestPageData, flash?: string): string {
  const r = d.shown;
  const hidden = `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;
  const names = new Map(d.officers.map((o) => [o.id, o.name]));
  const who = (by: string) => (by.startsWith('officer:') ? esc(names.get(by.slice(8)) ?? by) : dt(lang, `channel:${by.replace(/^beneficiary:/, '')}`));
  const fact = (k: string, v: string, ltr = false) => `<dt>${dt(lang, k)}</dt><dd${ltr ? ' dir="ltr"' : ''}>${v}</dd>`;
  const next = TRANSITIONS[d.request.status];
  const statusForm = next.length
    ? `<form method="post" action="/console/requests/${esc(r.reference)}/status" class="decision">${hidden}
<fieldset><legend>${dt(lang, 'setStatus')}</legend>
${next.map((s, i) => `<label class="choice"><input type="radio" name="status" value="${s}"${i === 0 ? ' required' : ''}> ${dt(lang, `status:${s}`)}</label>`).join('')}
<label for="note">${dt(lang, 'note')}</label>
<textarea id="note" name="note" rows="3" maxlength="2000" dir="auto"></textarea>
<label class="choice"><input type="checkbox" name="shareNote" value="1"> ${dt(lang, 'shareNote')}</label>
<button type="submit" class="primary">${dt(lang, 'save')}</button>
</fieldset></form>`
    : '';
  const assignForm =
    me.role !== 'officer'
      ? `<form method="post" action="/console/requests/${esc(r.reference)}/assign" class="inline">${hidden}<label for="officerId">${dt(lang, 'assign')}</label> <select id="officerId" name="officerId"><option value="">${dt(lang, 'nobody')}</option>${d.officers
          .filter((o) => !o.disabled)
          .map((o) => `<option value="${esc(o.id)}"${o.id === d.request.assignee ? ' selected' : ''}>${esc(o.name)}</option>`)
          .join('')}</select> <button type="submit">${dt(lang, 'assignButton')}</button></form>`
      : `<p>${dt(lang, 'assign')}: ${d.request.assignee ? esc(names.get(d.request.assignee) ?? d.request.assignee) : dt(lang, 'nobody')}</p>`;
  const files = filesOf(d.request);
  // An officer who may not see the applicant in full sees which fields differ, not the values.
  const masked = d.shown !== d.request;
  const diffs = differences(d.request, d.beneficiary).map((x) => (masked ? { ...x, request: '***', record: '***' } : x));
  const history = d.request.history
    .map((h) => `<li><time datetime="${esc(h.at)}">${esc(clock(Date.parse(h.at), lang))}</time> ${dt(lang, `status:${h.status}`)} · ${who(h.by)}${h.note ? `<p dir="auto">${esc(h.note)}${h.shared ? ' 📣' : ''}</p>` : ''}</li>`)
    .join('');
  const replies = d.request.replies.map((x) => `<li><time datetime="${esc(x.at)}">${esc(clock(Date.parse(x.at), lang))}</time> ${dt(lang, `channel:${x.channel}`)}${x.text ? `<p dir="auto">${esc(x.text)}</p>` : ''}</li>`).join('');
  return `<p><a href="/console/requests">${dt(lang, 'back')}</a></p>
<h1 dir="ltr">${esc(r.reference)}</h1>
${flash ? `<p class="${flash === dt(lang, 'saved') ? 'ok' : 'error'}" role="${flash === dt(lang, 'saved') ? 'status' : 'alert'}">${flash}</p>` : ''}
<p class="state">${dt(lang, 'status')}: <strong data-status="${esc(r.status)}">${dt(lang, `status:${r.status}`)}</strong>${d.item.overdue ? ` <strong class="late">${dt(lang, 'overdue', { days: d.slaDays })}</strong>` : ''}</p>
<dl class="facts">
${fact('submitted', day(r.submittedAt, lang))}
${fact('channel', `${dt(lang, `channel:${d.item.channel}`)}${r.recorded ? ` · ${dt(lang, 'recordedBy', { officer: names.get(r.recorded.officerId) ?? r.recorded.officerId })}` : ''}`)}
${fact('fullName', esc(r.applicant.fullName))}
${fact('nationalId', esc(r.applicant.nationalId), true)}
${fact('mobile', esc(r.applicant.mobile), true)}
${fact('city', label(d.profile, 'cities', r.applicant.city, lang))}
${fact('familySize', esc(String(r.applicant.familySize)))}
${fact('monthlyIncome', esc(String(r.applicant.monthlyIncome)))}
${fact('type', label(d.profile, 'requestTypes', r.requestType, lang))}
${fact('description', `<span dir="auto">${esc(r.description)}</span>`)}
${fact('acknowledgement', `<q dir="auto">${esc(r.acknowledgement.text)}</q><br>${esc(clock(Date.parse(r.acknowledgement.at), lang))} · ${dt(lang, `channel:${r.acknowledgement.channel}`)}`)}
${fact('consent', `${dt(lang, 'noticeVersion', { version: r.consent.noticeVersion })} · ${esc(clock(Date.parse(r.consent.at), lang))} · ${dt(lang, `channel:${r.consent.channel}`)}`)}
</dl>
${assignForm}
${statusForm}
<section aria-labelledby="files-title"><h2 id="files-title">${dt(lang, 'attachments')}</h2>
${files.length ? `<ul class="files">${files.map((a, n) => fileView(lang, d.request, a, n)).join('')}</ul>` : `<p class="empty">${dt(lang, 'noAttachments')}</p>`}
${replies ? `<h3>${dt(lang, 'replies')}</h3><ul class="audit">${replies}</ul>` : ''}
</section>
<section aria-labelledby="diff-title"><h2 id="diff-title">${dt(lang, 'differences')}</h2>
${diffs.length ? `<table class="diff"><thead><tr><th scope="col"></th><th scope="col">${dt(lang, 'inRequest')}</th><th scope="col">${dt(lang, 'inRecord')}</th></tr></thead><tbody>${diffs.map((x) => `<tr class="flagged"><th scope="row">${dt(lang, x.field)}</th><td>${esc(x.request)}</td><td>${esc(x.record)}</td></tr>`).join('')}</tbody></table>` : `<p class="empty">${dt(lang, 'noDifferences')}</p>`}
</section>
<section aria-labelledby="earlier-title"><h2 id="earlier-title">${dt(lang, 'earlier')}</h2>
${d.earlier.length ? `<ul>${d.earlier.map((e) => `<li><a href="/console/requests/${esc(e.reference)}" dir="ltr">${esc(e.reference)}</a> · ${dt(lang, `status:${e.status}`)} · ${day(e.submittedAt, lang)}</li>`).join('')}</ul>` : `<p class="empty">${dt(lang, 'noEarlier')}</p>`}
</section>
<details open><summary>${dt(lang, 'history')}</summary><ul class="audit">${history}</ul></details>`;
}

import type { Officer } from '../domain/officers.js';
import { isStoredKey } from '../store/attachments.js';
import { statusLabels, type SupportRequest } from '../domain/requests.js';
import type { HandoffItem } from './desk.js';
import { clock, esc, minutesSince, tr, type Lang } from './html.js';
import type { ConsoleTextKey } from './texts.js';

const key = (prefix: string, v: string) => `${prefix}:${v}` as ConsoleTextKey;

export function loginView(lang: Lang, csrf: string, error?: 'failed' | 'limited'): string {
  return `<section class="card narrow" aria-labelledby="login-title">
<h1 id="login-title">${tr(lang, 'loginTitle')}</h1>
${error ? `<p class="error" role="alert">${tr(lang, error === 'limited' ? 'loginLimited' : 'loginFailed')}</p>` : ''}
<form method="post" action="/console/login">
<input type="hidden" name="_csrf" value="${esc(csrf)}">
<label for="email">${tr(lang, 'email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required dir="ltr">
<label for="password">${tr(lang, 'password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required dir="ltr">
<button type="submit">${tr(lang, 'signIn')}</button>
</form>
</section>`;
}

/** One page's texts, each made once: a queue of hundreds of rows repeats a few of them. */
function texts(lang: Lang): (k: ConsoleTextKey, vars?: Record<string, string | number>) => string {
  const made = new Map<string, string>();
  return (k, vars) => {
    const id = vars ? `${k}\u0000${Object.values(vars).join('\u0000')}` : k;
    let t = made.get(id);
    if (t === undefined) made.set(id, (t = tr(lang, k, vars)));
    return t;
  };
}

function row(h: HandoffItem, t: ReturnType<typeof texts>, now: number): string {
  const waited = minutesSince(Date.parse(h.waitingSince), now);
  const who = h.officerName ? ` · ${t('withOfficer', { officer: h.officerName })}` : '';
  const id = esc(h.id);
  return `<li class="chat" data-id="${id}">
<a href="/console/handoffs/${id}"><span class="channel">${t(key('channel', h.channel))}</span>
<span class="addr"><bdi dir="ltr">${esc(h.address)}</bdi></span>
<span class="meta">${t(key('reason', h.reason))} · <span class="waited">${t('waitingFor', { minutes: waited })}</span>${who}</span></a>
</li>`;
}

/** The queue's live part: waiting chats (longest first) and active ones; replaced as events come. */
export function queueFragment(lang: Lang, waiting: HandoffItem[], active: HandoffItem[], now: number): string {
  const t = texts(lang);
  return `<section aria-labelledby="waiting-title">
<h2 id="waiting-title">${tr(lang, 'waiting')} <span class="badge" data-count="${waiting.length}">${waiting.length}</span></h2>
${waiting.length ? `<ol class="chats">${waiting.map((h) => row(h, t, now)).join('')}</ol>` : `<p class="empty">${tr(lang, 'nobodyWaiting')}</p>`}
</section>
<section aria-labelledby="active-title">
<h2 id="active-title">${tr(lang, 'active')}</h2>
${active.length ? `<ul class="chats">${active.map((h) => row(h, t, now)).join('')}</ul>` : `<p class="empty">${tr(lang, 'noneActive')}</p>`}
</section>`;
}

export function queueView(lang: Lang, me: Officer, csrf: string, fragment: string): string {
  const next = me.availability === 'available' ? 'away' : 'available';
  return `<h1>${tr(lang, 'queue')}</h1>
<form method="post" action="/console/availability" class="availability">
<input type="hidden" name="_csrf" value="${esc(csrf)}">
<input type="hidden" name="availability" value="${next}">
<p>${tr(lang, 'availability')}: <strong class="state-${me.availability}">${tr(lang, me.availability)}</strong>
<button type="submit">${tr(lang, next === 'available' ? 'becomeAvailable' : 'becomeAway')}</button></p>
</form>
<div id="queue" aria-live="polite">${fragment}</div>`;
}

export interface ConversationData {
  item: HandoffItem & { messages: { from: string; text: string; at: string; attachments?: { mimeType: string; name?: string; storageKey?: string }[] }[]; audit: { at: string; actor: string; action: string; detail?: Record<string, unknown> }[] };
  officers: Officer[];
  names: Map<string, string>;
  /** The knowledge base's answer to the beneficiary's last message, and the canned replies. */
  suggestion?: string | undefined;
  canned: { label: string; text: string }[];
  /** Support requests filed from this conversation: the applicant's data, each reference and status. */
  requests: SupportRequest[];
}

/** The beneficiary as his requests describe him (ID and mobile partly hidden), and each request's status. */
function profileSection(lang: Lang, requests: SupportRequest[]): string {
  const latest = requests.at(-1);
  if (!latest) return '';
  const a = latest.applicant;
  const hide = (s: string, keep: number) => `${'•'.repeat(Math.max(0, s.length - keep))}${s.slice(-keep)}`;
  const rows = requests
    .map((r) => `<li><bdi dir="ltr">${esc(r.reference)}</bdi> · ${esc(statusLabels[r.status][lang])} · <time datetime="${esc(r.submittedAt)}">${esc(clock(Date.parse(r.submittedAt), lang))}</time></li>`)
    .join('');
  return `<section aria-labelledby="profile-title">
<h2 id="profile-title">${tr(lang, 'profile')}</h2>
<dl class="facts">
<dt>${tr(lang, 'fullName')}</dt><dd>${esc(a.fullName)}</dd>
<dt>${tr(lang, 'nationalId')}</dt><dd><bdi dir="ltr">${esc(hide(a.nationalId, 4))}</bdi></dd>
<dt>${tr(lang, 'mobile')}</dt><dd><bdi dir="ltr">${esc(hide(a.mobile, 4))}</bdi></dd>
<dt>${tr(lang, 'familySize')}</dt><dd>${a.familySize}</dd>
</dl>
<h3>${tr(lang, 'requests')}</h3>
<ul>${rows}</ul>
</section>`;
}

/** A reply ready to send in one tap (a form, so it works without script), or to edit first. */
function quick(lang: Lang, id: string, hidden: string, label: string, text: string): string {
  return `<li><form method="post" action="/console/handoffs/${esc(id)}/reply" class="inline">${hidden}<input type="hidden" name="text" value="${esc(text)}"><button type="submit" title="${esc(text)}">${esc(label)}</button></form> <button type="button" class="js-only edit" data-fill="${esc(text)}" aria-label="${tr(lang, 'edit')}: ${esc(label)}">${tr(lang, 'edit')}</button></li>`;
}

/** The whole transcript, newest last; replaced as messages come. */
export function transcriptFragment(lang: Lang, d: ConversationData): string {
  const who = (m: { from: string }) => tr(lang, m.from === 'officer' ? 'officer' : m.from === 'bot' ? 'bot' : 'beneficiary');
  const lines = d.item.messages.map((m, i) => {
    const files = (m.attachments ?? [])
      .map((a, j) =>
        // A file the platform kept (too large for us to keep) has no link: nothing here would open.
        isStoredKey(a.storageKey)
          ? `<a class="file" href="/console/handoffs/${esc(d.item.id)}/files/${i}/${j}">${tr(lang, 'attachment')}: ${esc(a.name ?? a.mimeType)}</a>`
          : `<span class="file">${tr(lang, 'attachmentElsewhere')}: ${esc(a.name ?? a.mimeType)}</span>`,
      )
      .join(' ');
    return `<li class="msg from-${esc(m.from)}"><span class="who">${who(m)}</span> <time datetime="${esc(m.at)}">${esc(clock(Date.parse(m.at), lang))}</time><p dir="auto">${esc(m.text)}</p>${files}</li>`;
  });
  return `<ol class="transcript">${lines.join('')}</ol>`;
}

export function conversationView(lang: Lang, me: Officer, csrf: string, d: ConversationData, error?: string): string {
  const h = d.item;
  const open = h.status === 'queued' || h.status === 'with-officer';
  const mine = h.officerId === me.id;
  const hidden = `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;
  const action = (name: string, label: ConsoleTextKey, cls = '') => `<form method="post" action="/console/handoffs/${esc(h.id)}/${name}" class="inline">${hidden}<button type="submit"${cls ? ` class="${cls}"` : ''}>${tr(lang, label)}</button></form>`;
  const others = d.officers.filter((o) => !o.disabled && o.id !== h.officerId);
  const actions = open
    ? `<div class="actions">
${h.status === 'queued' ? action('claim', 'claim', 'primary') : ''}
${action('release', 'release')}
${action('close', 'close', 'danger')}
${others.length ? `<form method="post" action="/console/handoffs/${esc(h.id)}/transfer" class="inline">${hidden}<label for="to">${tr(lang, 'transfer')}</label> <select id="to" name="officerId">${others.map((o) => `<option value="${esc(o.id)}">${esc(o.name)}</option>`).join('')}</select> <button type="submit">${tr(lang, 'transferButton')}</button></form>` : ''}
</div>`
    : '';
  const replyBox =
    open && (mine || h.status === 'queued' || me.role !== 'officer')
      ? `${d.suggestion ? `<section class="assist" aria-labelledby="assist-title"><h2 id="assist-title">${tr(lang, 'suggested')}</h2><p dir="auto">${esc(d.suggestion)}</p><ul class="quick">${quick(lang, h.id, hidden, tr(lang, 'sendSuggested'), d.suggestion)}</ul></section>` : ''}
${d.canned.length ? `<section aria-labelledby="canned-title"><h2 id="canned-title">${tr(lang, 'canned')}</h2><ul class="quick">${d.canned.map((c) => quick(lang, h.id, hidden, c.label, c.text)).join('')}</ul></section>` : ''}
<form method="post" action="/console/handoffs/${esc(h.id)}/reply" class="reply">${hidden}
<label for="text">${tr(lang, 'reply')}</label>
<textarea id="text" name="text" rows="3" required maxlength="4000" dir="auto"></textarea>
<button type="submit" class="primary">${tr(lang, 'send')}</button>
</form>`
      : '';
  const notes = h.audit
    .filter((a) => a.action === 'note')
    .map((a) => `<li><span class="who">${esc(d.names.get(a.actor.slice(8)) ?? a.actor)}</span> <time datetime="${esc(a.at)}">${esc(clock(Date.parse(a.at), lang))}</time><p dir="auto">${esc(String(a.detail?.text ?? ''))}</p></li>`)
    .join('');
  const audit = h.audit
    .filter((a) => a.action !== 'note')
    .map((a) => `<li><time datetime="${esc(a.at)}">${esc(clock(Date.parse(a.at), lang))}</time> ${esc(a.action)} · ${esc(a.actor.startsWith('officer:') ? (d.names.get(a.actor.slice(8)) ?? a.actor) : a.actor)}</li>`)
    .join('');
  return `<p><a href="/console">${tr(lang, 'backToQueue')}</a></p>
<h1>${tr(lang, 'conversation')}</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<dl class="facts">
<dt>${tr(lang, 'channel')}</dt><dd>${tr(lang, key('channel', h.channel))}</dd>
<dt>${tr(lang, 'address')}</dt><dd><bdi dir="ltr" class="addr">${esc(h.address)}</bdi></dd>
<dt>${tr(lang, 'reason')}</dt><dd>${tr(lang, key('reason', h.reason))}</dd>
<dt>${tr(lang, 'status')}</dt><dd>${tr(lang, key('status', h.status))}${h.officerName ? ` · ${esc(h.officerName)}` : ''}</dd>
</dl>
${actions}
${profileSection(lang, d.requests)}
<section aria-labelledby="transcript-title">
<h2 id="transcript-title">${tr(lang, 'transcript')}</h2>
<div id="transcript" aria-live="polite">${transcriptFragment(lang, d)}</div>
</section>
${replyBox}
<section aria-labelledby="notes-title" class="notes">
<h2 id="notes-title">${tr(lang, 'notes')}</h2>
${notes ? `<ul>${notes}</ul>` : ''}
<form method="post" action="/console/handoffs/${esc(h.id)}/note">${hidden}
<label for="note">${tr(lang, 'addNote')}</label>
<textarea id="note" name="text" rows="2" required maxlength="2000" dir="auto"></textarea>
<button type="submit">${tr(lang, 'saveNote')}</button>
</form>
</section>
<details><summary>${tr(lang, 'audit')}</summary><ul class="audit">${audit}</ul></details>`;
}

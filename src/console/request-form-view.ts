import { randomUUID } from 'node:crypto';
import { ACKNOWLEDGEMENT_TEXT } from '../domain/actions.js';
import type { AssociationProfile } from '../domain/profile.js';
import { IntakeChannel } from '../domain/requests.js';
import { esc, type Lang } from './html.js';
import { FORM_FIELDS } from './request-form.js';
import { dt } from './requests-texts.js';

const KEY: Record<(typeof FORM_FIELDS)[number], string> = {
  fullName: 'fullName',
  nationalId: 'nationalId',
  mobile: 'mobile',
  city: 'city',
  familySize: 'familySize',
  monthlyIncome: 'monthlyIncome',
  requestType: 'type',
  description: 'description',
};

const OTHER: Record<string, string> = { acknowledged: 'acknowledgement', channel: 'intake' };

/** The chat's support-request form for an officer filling it on a beneficiary's behalf (phone, in person, a letter, a representative). */
export function requestFormView(lang: Lang, csrf: string, profile: AssociationProfile, values: Record<string, string> = {}, problems: { field: string; message: string }[] = []): string {
  const v = (f: string) => esc(values[f] ?? '');
  const select = (name: string, list: 'cities' | 'requestTypes') =>
    `<select id="${name}" name="${name}" required><option value=""></option>${profile[list].map((o) => `<option value="${esc(o.id)}"${values[name] === o.id ? ' selected' : ''}>${esc(o.label[lang])}</option>`).join('')}</select>`;
  const input = (f: string, attrs: string) => `<input id="${f}" name="${f}" value="${v(f)}" ${attrs}>`;
  const control: Record<string, string> = {
    fullName: input('fullName', 'required maxlength="100" dir="auto" autocomplete="off"'),
    nationalId: input('nationalId', 'required inputmode="numeric" dir="ltr" maxlength="12"'),
    mobile: input('mobile', 'required inputmode="tel" dir="ltr" maxlength="16"'),
    city: select('city', 'cities'),
    familySize: input('familySize', 'required inputmode="numeric" dir="ltr" maxlength="3"'),
    monthlyIncome: input('monthlyIncome', 'required inputmode="numeric" dir="ltr" maxlength="9"'),
    requestType: select('requestType', 'requestTypes'),
    description: `<textarea id="description" name="description" rows="4" required maxlength="1000" dir="auto">${v('description')}</textarea>`,
  };
  const fields = FORM_FIELDS.map((f) => `<label for="${f}">${dt(lang, KEY[f])}</label>${control[f]}`).join('\n');
  const list = problems.length ? `<div class="error" role="alert"><p>${dt(lang, 'problems')}</p><ul>${problems.map((p) => `<li>${dt(lang, KEY[p.field as keyof typeof KEY] ?? OTHER[p.field] ?? p.field)}: ${esc(p.message)}</li>`).join('')}</ul></div>` : '';
  return `<p><a href="/console/requests">${dt(lang, 'back')}</a></p>
<h1>${dt(lang, 'newRequest')}</h1>
${list}
<form method="post" action="/console/requests/new" class="card">
<input type="hidden" name="_csrf" value="${esc(csrf)}">
<input type="hidden" name="formId" value="${esc(values.formId ?? randomUUID())}">
<label for="channel">${dt(lang, 'intake')}</label>
<select id="channel" name="channel" required>${IntakeChannel.options.map((c) => `<option value="${c}"${values.channel === c ? ' selected' : ''}>${dt(lang, `channel:${c}`)}</option>`).join('')}</select>
${fields}
<p>${dt(lang, 'readOut')}</p>
<blockquote dir="auto">${esc(ACKNOWLEDGEMENT_TEXT)}</blockquote>
<label class="choice"><input type="checkbox" name="acknowledged" value="1" required> ${dt(lang, 'agreed')}</label>
<button type="submit" class="primary">${dt(lang, 'record')}</button>
</form>`;
}

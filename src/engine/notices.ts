import { requestTexts as rt } from '../i18n/request-texts.js';
import { fill, t } from '../i18n/text.js';
import type { ControlInput } from './control.js';
import type { Turn } from './turn.js';
import { clearForm, enter } from './walk.js';

/** The short flow that takes the beneficiary's answer when more information is asked (`flows/request-info.flow.yaml`). */
export const REQUEST_INFO_FLOW = 'request-info';

type RequestNotice = Extract<ControlInput, { kind: 'request-notice' }>;

/**
 * The committee moved his request on: he is told on this chat, in his language, as a named
 * notice (a template where the channel needs one). A decision completes the service; a question
 * opens the short flow that takes his answer, unless an officer holds the chat.
 */
export function onRequestNotice(turn: Turn, c: RequestNotice): void {
  const s = turn.s;
  s.seq++;
  const locale = c.locale;
  const phone = turn.ctx.profile.contact.phone;
  const vars = { reference: c.reference, phone, question: c.note ?? '', note: c.note ? fill(rt.reason[locale], { note: c.note }) : '' };
  const body = c.status === 'accepted' ? rt.accepted : c.status === 'rejected' ? rt.rejected : rt.moreInfo;
  const decision = rt.decision[c.status];
  turn.effects.push({
    type: 'send',
    message: { text: fill(body[locale], vars), locale, notice: { name: 'request-decision', params: { reference: c.reference, decision: decision ? t(decision, locale) : c.status } } },
  });
  if (c.status === 'accepted' || c.status === 'rejected') {
    turn.effects.push({ type: 'emit', event: 'service.completed', payload: { flow: 'request', outcome: c.status, locale, service: 'request', reference: c.reference } });
    return;
  }
  if (c.status !== 'more-information-needed' || s.handoff || !turn.ctx.flows.get(REQUEST_INFO_FLOW)) return;
  // Whatever he was doing is set aside: the committee's question comes first.
  clearForm(turn);
  s.suspended = undefined;
  s.data = { infoReference: c.reference, infoQuestion: c.note ?? '' };
  enter(turn, REQUEST_INFO_FLOW, turn.ctx.flows.get(REQUEST_INFO_FLOW)!.flow.start);
}

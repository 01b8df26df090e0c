import { requestTexts as rt } from '../i18n/request-texts.js';
import { fill, t, type Text } from '../i18n/text.js';
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
  const vars = { reference: c.reference, phone: turn.ctx.profile.contact.phone, question: c.note ?? '', text: c.note ?? '', note: c.note ? fill(rt.reason[locale], { note: c.note }) : '' };
  const send = (body: Text, notice: { name: string; params: Record<string, string> }): void => {
    turn.effects.push({ type: 'send', message: { text: fill(body[locale], vars), locale, notice } });
  };
  switch (c.what) {
    case 'reminder':
      return send(rt.reminder, { name: 'request-reminder', params: { reference: c.reference } });
    case 'announcement':
      return send(rt.announcement, { name: 'officer-message', params: { text: c.note ?? '' } });
    case 'accepted':
    case 'rejected':
      send(c.what === 'accepted' ? rt.accepted : rt.rejected, { name: 'request-decision', params: { reference: c.reference, decision: t(rt.decision[c.what]!, locale) } });
      turn.effects.push({ type: 'emit', event: 'service.completed', payload: { flow: 'request', outcome: c.what, locale, service: 'request', reference: c.reference } });
      return;
    case 'more-information-needed':
      send(rt.moreInfo, { name: 'request-decision', params: { reference: c.reference, decision: t(rt.decision[c.what]!, locale) } });
      if (s.handoff || !turn.ctx.flows.get(REQUEST_INFO_FLOW)) return;
      // Whatever he was doing is set aside: the committee's question comes first.
      clearForm(turn);
      s.suspended = undefined;
      s.data = { infoReference: c.reference, infoQuestion: c.note ?? '' };
      return enter(turn, REQUEST_INFO_FLOW, turn.ctx.flows.get(REQUEST_INFO_FLOW)!.flow.start);
  }
}

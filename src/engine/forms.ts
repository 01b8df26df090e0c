import { texts } from '../i18n/texts.js';
import { pickChoice } from '../messages/choices.js';
import type { InboundMessage } from '../messages/model.js';
import { CHOICE, parseChoiceId } from '../messages/reserved.js';
import { onCommand } from './commands.js';
import { requestOfficer } from './handoff.js';
import { answerMidForm, looksLikeQuestion } from './free-text.js';
import { validateAnswer } from './inputs.js';
import type { StepOf } from './schema.js';
import type { Turn } from './turn.js';
import { enter, go, reprompt } from './walk.js';

/** After this many invalid answers to one question the bot offers an officer. */
export const MAX_INVALID = 3;

/** An answer to a form's question: kept and the form goes on, or re-asked with the reason. */
export function onAskAnswer(turn: Turn, ask: StepOf<'ask'>, msg: InboundMessage): void {
  const s = turn.s;
  const result = validateAnswer(ask.input, msg, turn.ctx.profile, turn.locale);
  const freeText = ask.input.type === 'text';
  // A question asked mid-form ("when do you open?") is answered, then the form resumes.
  if (msg.text && (!result.ok || (freeText && looksLikeQuestion(msg.text)))) {
    if (answerMidForm(turn, msg.text, result.ok)) return;
  }
  if (!result.ok) {
    s.invalid++;
    if (s.invalid >= MAX_INVALID) {
      s.offeringOfficer = true;
      s.offered = [
        { id: CHOICE.officerYes, label: turn.text(texts.offerOfficerYes) },
        { id: CHOICE.officerNo, label: turn.text(texts.offerOfficerNo) },
      ];
      return turn.send(`${turn.text(result.reason)}\n\n${turn.text(texts.offerOfficer)}`, s.offered);
    }
    turn.send(turn.text(result.reason));
    return reprompt(turn);
  }
  s.data[ask.field] = result.value;
  // When each answer was given: consent and acknowledgement are kept with their time.
  s.data.answeredAt = { ...(s.data.answeredAt as object | undefined), [ask.field]: turn.now };
  s.invalid = 0;
  if (!s.trail.includes(ask.id)) s.trail.push(ask.id);
  const flowId = s.at!.flowId;
  if (s.reviewReturn) {
    const review = s.reviewReturn;
    s.reviewReturn = undefined;
    return enter(turn, flowId, review);
  }
  go(turn, flowId, ask.next);
}

/** A pick at a form's summary: "confirm" goes on, "change: X" asks X again and comes back here. */
export function onReviewAnswer(turn: Turn, review: StepOf<'review'>, msg: InboundMessage): void {
  const picked = parseChoiceId(pickChoice(turn.s.offered ?? [], msg)?.id);
  const flowId = turn.s.at!.flowId;
  if (picked?.kind === 'confirm') return go(turn, flowId, review.next);
  if (picked?.kind === 'edit') {
    turn.s.reviewReturn = review.id;
    return enter(turn, flowId, picked.stepId);
  }
  turn.send(turn.text(texts.summaryPickOne));
  reprompt(turn);
}

/**
 * The answer to "would you like an officer?" (offered after repeated invalid answers). Returns
 * false when the message is neither yes nor no: it is then a fresh answer to the question.
 */
export function onOfficerOffer(turn: Turn, msg: InboundMessage): boolean {
  const s = turn.s;
  s.offeringOfficer = false;
  const picked = pickChoice(s.offered ?? [], msg);
  if (picked?.id === CHOICE.officerYes) {
    requestOfficer(turn, 'invalid-answers');
    return true;
  }
  s.invalid = 0;
  if (picked?.id === CHOICE.officerNo || !msg.text) {
    reprompt(turn);
    return true;
  }
  return false;
}

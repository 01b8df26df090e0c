import { riyadhDay } from '../i18n/dates.js';
import { surveyTexts } from '../i18n/survey-texts.js';
import type { SurveyControl } from './control.js';
import { MAIN_FLOW, SURVEY_FLOW } from './flow-set.js';
import type { ConversationState } from './state.js';
import type { Turn } from './turn.js';
import { clearForm, enter, reprompt } from './walk.js';

/**
 * The conversation's side of a satisfaction survey: the surveys worker asks (a control input,
 * under the conversation's lock) and the engine starts the survey flow only when the
 * beneficiary is free. The worker reads `state.survey` afterwards to learn whether it started.
 * Pure, like `step`.
 */

/** With an officer, waiting for one, or in the middle of a form (or of another survey): not now. */
export function busyForSurvey(s: ConversationState, surveyId?: string): boolean {
  if (s.handoff || s.owner.kind === 'officer' || s.pendingAction || s.offeringOfficer) return true;
  if (!s.at || s.at.flowId === MAIN_FLOW) return false;
  // Inside a survey: busy for another survey, free for this one's reminder.
  return !(s.at.flowId === SURVEY_FLOW && surveyId !== undefined && s.data.surveyId === surveyId);
}

export function onSurvey(turn: Turn, c: SurveyControl): void {
  const s = turn.s;
  s.seq++;
  const flow = turn.ctx.flows.get(SURVEY_FLOW);
  if (!flow) return;
  if (c.reminder) {
    if (s.survey?.id !== c.surveyId || busyForSurvey(s, c.surveyId)) return;
    if (s.at?.flowId === SURVEY_FLOW) return reprompt(turn, surveyTexts.reminder);
    turn.send(turn.text(surveyTexts.reminder));
    clearForm(turn);
    s.data = { surveyId: c.surveyId };
    return enter(turn, SURVEY_FLOW, flow.flow.start);
  }
  if (s.survey?.id === c.surveyId) return; // already started (the job ran again)
  if (busyForSurvey(s)) return;
  // At most one survey a day per beneficiary.
  if (s.survey && riyadhDay(s.survey.at) === riyadhDay(turn.now)) return;
  s.survey = { id: c.surveyId, at: turn.now };
  clearForm(turn);
  s.data = { surveyId: c.surveyId };
  enter(turn, SURVEY_FLOW, flow.flow.start);
}

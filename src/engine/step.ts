import type { InboundMessage } from '../messages/model.js';
import { texts } from '../i18n/texts.js';
import { pickChoice } from '../messages/choices.js';
import { detectCommand, parseChoiceId, type Command } from '../messages/reserved.js';
import { onCommand } from './commands.js';
import type { ControlInput } from './control.js';
import { onControl, onHandedOff } from './handoff.js';
import { onRequestNotice } from './notices.js';
import type { Effect } from './effects.js';
import { onSurvey } from './survey.js';
import { onAskAnswer, onOfficerOffer, onReviewAnswer } from './forms.js';
import { onDeepLink, onFirstMessage, onMenuAnswer, onTopic } from './free-text.js';
import type { ConversationState } from './state.js';
import { Turn, type EngineContext } from './turn.js';
import { go, resume, showMenu } from './walk.js';

export type { EngineContext } from './turn.js';
export { MAX_INVALID } from './forms.js';

export type EngineInput =
  | { type: 'message'; msg: InboundMessage; now: number }
  | { type: 'control'; control: ControlInput; now: number }
  | { type: 'action-result'; ok: true; value: unknown; now: number }
  | { type: 'action-result'; ok: false; error: string; now: number };

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}

/**
 * The engine's heart: given a conversation's state and one input, the next state and the
 * effects to carry out. Pure: no I/O, no clock (the time comes in the input), no randomness.
 *
 * This module only dispatches; the parts sit below it, each importing only those under it:
 * `vars` (template variables) ← `turn` (context and output) ← `walk` (steps, the main menu;
 * `conditions` for branches) ← `commands` ← `free-text` (topics, did-you-mean) ← `forms`
 * (answers, the summary) ← `step`.
 */
export function step(ctx: EngineContext, state: ConversationState, input: EngineInput): StepResult {
  return stepOwned(ctx, structuredClone(state), input);
}

/**
 * `step` for a caller that owns `state` and will not use it again (the runner, which has just
 * parsed it from Redis): the state is changed in place, saving a deep copy on the hot path.
 */
export function stepOwned(ctx: EngineContext, s: ConversationState, input: EngineInput): StepResult {
  const turn = new Turn(ctx, s, input.now);
  if (input.type === 'action-result') onActionResult(turn, input);
  else if (input.type === 'message') onMessage(turn, input.msg);
  else if (input.control.kind === 'request-notice') onRequestNotice(turn, input.control);
  else if (input.control.kind === 'survey') onSurvey(turn, input.control);
  else onControl(turn, input.control, { menu: (intro) => showMenu(turn, intro ?? texts.wayOn) });
  return { state: s, effects: turn.effects };
}

/** The message without its choice id, for an id the client made up: what is left is its text. */
function withoutChoice(msg: InboundMessage): InboundMessage {
  const { choiceId: _ignored, ...rest } = msg;
  return rest;
}

function onMessage(turn: Turn, msg: InboundMessage): void {
  const s = turn.s;
  s.seq++;
  turn.said = msg.text ?? '';
  turn.previousAnswer = s.lastAnswer;
  s.lastAnswer = undefined;
  if (!s.localeChosen && !s.at && msg.locale) s.locale = msg.locale;
  // Messages the bot could not place are counted in a row: any other message breaks the run.
  turn.unmatchedBefore = s.unmatched ?? 0;
  s.unmatched = undefined;

  if (s.handoff) {
    // With an officer (or waiting for one) the bot is silent; the menu and cancel words ask first whether to leave.
    const word = detectCommand(msg.text, false);
    return onHandedOff(turn, msg, word ?? (parseChoiceId(msg.choiceId)?.kind === 'command' ? 'menu' : undefined), { menu: (intro) => showMenu(turn, intro) });
  }
  if (s.owner.kind === 'officer') {
    // The officer answers; the bot stays silent and passes the message on.
    turn.effects.push({ type: 'emit', event: 'message.for-officer', payload: { text: msg.text ?? '', attachments: msg.attachments } });
    return;
  }

  const current = s.at ? turn.stepAt(s.at) : undefined;
  const numeric = current?.kind === 'ask' && current.input.type === 'number';
  let reserved = parseChoiceId(msg.choiceId);
  if (reserved?.kind === 'unknown' || (reserved?.kind === 'topic' && !turn.ctx.answerer.topic(reserved.topicId))) {
    // A reserved id naming nothing (`cmd:xyz`, a topic since removed) is not obeyed; the message
    // counts for its text, or is re-asked like any other answer that picks nothing.
    msg = withoutChoice(msg);
    reserved = undefined;
  }
  let command: Command | undefined = detectCommand(msg.text, numeric);
  if (!command && reserved?.kind === 'command') command = reserved.command;
  if (command === 'menu' && reserved?.kind === 'topic') {
    // A deep link (Telegram `/start <topic id>`): the menu command, going straight to that topic.
    const topic = turn.ctx.answerer.topic(reserved.topicId);
    turn.said = ''; // a link asks nothing in words
    if (topic) return onDeepLink(turn, topic);
  }
  if (command) return onCommand(turn, command);

  // Anything but yes or no to "would you like an officer?" is taken as a fresh answer to the question.
  if (s.offeringOfficer && onOfficerOffer(turn, msg)) return;

  if (!s.at || !current) return onFirstMessage(turn, msg);

  // A tapped or typed pick of a special choice offered with the last reply.
  const special = parseChoiceId(pickChoice(s.offered ?? [], msg)?.id);
  if (special?.kind === 'topic') {
    const topic = turn.ctx.answerer.topic(special.topicId);
    if (topic) return onTopic(turn, topic);
  }
  if (special?.kind === 'command') return onCommand(turn, special.command);
  if (special?.kind === 'resume' && s.suspended) return resume(turn);
  if (special?.kind === 'lang') return onCommand(turn, turn.locale === 'ar' ? 'english' : 'arabic');

  switch (current.kind) {
    case 'menu':
      return onMenuAnswer(turn, current, msg);
    case 'ask':
      return onAskAnswer(turn, current, msg);
    case 'review':
      return onReviewAnswer(turn, current, msg);
    default:
      // The state points at a step that does not wait for input (a flow file changed under it).
      return showMenu(turn);
  }
}

function onActionResult(turn: Turn, result: Extract<EngineInput, { type: 'action-result' }>): void {
  const pending = turn.s.pendingAction;
  turn.s.pendingAction = undefined;
  const st = pending ? turn.stepAt(pending) : undefined;
  if (!pending || st?.kind !== 'action') return showMenu(turn);
  if (result.ok) {
    turn.s.data[st.saveAs] = result.value;
    return go(turn, pending.flowId, st.next);
  }
  if (st.onError) return go(turn, pending.flowId, st.onError);
  turn.send(turn.text(texts.actionFailed));
  showMenu(turn);
}

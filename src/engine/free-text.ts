import { texts } from '../i18n/texts.js';
import type { Topic } from '../knowledge/answerer.js';
import { normalizeArabic } from '../text/normalize.js';
import { pickChoice } from '../messages/choices.js';
import type { InboundMessage } from '../messages/model.js';
import { commandChoice, topicChoice } from '../messages/reserved.js';
import { onCommand } from './commands.js';
import { notUnderstood } from './handoff.js';
import { MAIN_FLOW, MAIN_MENU_STEP, OFFICER_FLOW } from './flow-set.js';
import type { StepOf } from './schema.js';
import type { Turn } from './turn.js';
import { clearForm, enter, go, reprompt, showMenu } from './walk.js';

const QUESTION_WORDS = /^(متي|كيف|وين|فين|وش|ايش|شو|هل|كم|ليش|لماذا|ماذا|ما هي|ما هو|اين|what|when|where|how|is|are|do|does|can|which)\b/;

/** Whether free text typed as a form's answer is rather a question to answer first. */
export function looksLikeQuestion(text: string): boolean {
  if (/[?؟]/.test(text)) return true;
  return text.length <= 80 && QUESTION_WORDS.test(normalizeArabic(text));
}

/** A topic picked or recognised: its command, its flow, or its answer followed by the menu. */
export function onTopic(turn: Turn, topic: Topic): void {
  if (topic.command) return onCommand(turn, topic.command);
  if (topic.flow) {
    clearForm(turn);
    const flow = turn.ctx.flows.get(topic.flow);
    if (flow) return enter(turn, topic.flow, flow.flow.start);
  }
  turn.send(turn.text(topic.answer));
  turn.answered(topic);
  showMenu(turn, texts.wayOn);
}

/** Opens a topic named by a deep link from wherever the conversation is; a form in progress is kept for "continue". */
export function onDeepLink(turn: Turn, topic: Topic): void {
  const s = turn.s;
  if (!s.at) turn.send(turn.text(texts.greeting));
  else if (s.at.flowId !== MAIN_FLOW) s.suspended = { at: s.at, data: s.data, trail: s.trail };
  clearForm(turn);
  onTopic(turn, topic);
}

/**
 * "Did you mean A or B?" as tappable choices (buttons, or a numbered list where a channel has
 * none), then "something else" for an officer, and the way back to the menu.
 */
export function didYouMean(turn: Turn, topics: Topic[]): void {
  const choices = topics.map((topic) => ({ id: topicChoice(topic.id), label: turn.text(topic.label) }));
  turn.s.at = { flowId: MAIN_FLOW, stepId: MAIN_MENU_STEP };
  turn.s.offered = [
    ...choices,
    { id: commandChoice('officer'), label: turn.text(texts.somethingElse) },
    { id: commandChoice('menu'), label: turn.text(texts.mainMenu) },
  ];
  turn.send(turn.text(texts.didYouMean), turn.s.offered);
  turn.missed('ambiguous', turn.said, topics.map((t) => t.id));
}

/** The first message of a conversation: the welcome, then whatever the message asked. */
export function onFirstMessage(turn: Turn, msg: InboundMessage): void {
  turn.send(turn.text(texts.greeting));
  const answer = msg.text ? turn.ctx.answerer.answer(msg.text) : undefined;
  if (answer?.kind === 'topic' && answer.topic.id !== 'greeting') return onTopic(turn, answer.topic);
  // A first message that is a question the bot cannot place still gets "did you mean" or
  // "I can help with …" after the welcome.
  if (answer?.kind === 'ambiguous') return didYouMean(turn, answer.topics);
  if (answer?.kind === 'none' && normalizeArabic(msg.text ?? '').split(' ').length >= 3) {
    turn.send(turn.text(texts.notUnderstood));
    turn.missed('out-of-scope', turn.said);
    turn.s.unmatched = 1;
  }
  showMenu(turn);
}

/** An answer at a menu: one of its options, else (where the menu allows) free text for the knowledge base. */
export function onMenuAnswer(turn: Turn, menu: StepOf<'menu'>, msg: InboundMessage): void {
  const picked = pickChoice(turn.s.offered ?? [], msg, (c) => {
    const o = menu.options.find((x) => x.id === c.id);
    return o ? [o.label.ar, o.label.en, ...(o.aliases ?? [])] : [];
  });
  const option = picked && menu.options.find((o) => o.id === picked.id);
  if (option) {
    if (typeof option.next === 'object' && option.next.flow === OFFICER_FLOW) turn.officerAsked();
    turn.s.suspended = undefined;
    return go(turn, turn.s.at!.flowId, option.next);
  }
  if (!menu.freeText || !msg.text) {
    turn.send(turn.text(texts.invalidChoice));
    return showMenu(turn);
  }
  const answer = turn.ctx.answerer.answer(msg.text);
  if (answer.kind === 'topic') return onTopic(turn, answer.topic);
  if (answer.kind === 'ambiguous') return didYouMean(turn, answer.topics);
  turn.missed('out-of-scope', turn.said);
  // The second message in a row the bot cannot place goes to an officer.
  if (notUnderstood(turn, turn.unmatchedBefore)) return;
  turn.send(turn.text(texts.notUnderstood));
  showMenu(turn, texts.wayOn);
}

/**
 * A question asked in the middle of a form ("when do you open?"): answered, then the form's
 * question is asked again. Returns false when the text is no such question (it is the answer).
 */
export function answerMidForm(turn: Turn, text: string, answerValid: boolean): boolean {
  const answer = turn.ctx.answerer.answer(text);
  if (answer.kind !== 'topic' || answer.topic.flow) return false;
  if (answer.topic.command) {
    onCommand(turn, answer.topic.command);
    return true;
  }
  if (answer.topic.id === 'greeting' && answerValid) return false;
  turn.send(turn.text(answer.topic.answer));
  turn.answered(answer.topic);
  reprompt(turn, texts.continueForm);
  return true;
}

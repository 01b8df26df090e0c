import type { Text } from '../i18n/text.js';
import { t } from '../i18n/text.js';
import { texts } from '../i18n/texts.js';
import type { Choice } from '../messages/model.js';
import { CHOICE, editChoice } from '../messages/reserved.js';
import { holds } from './conditions.js';
import { HANDOFF_ACTION, MAIN_FLOW, MAIN_MENU_STEP, OFFICER_FLOW } from './flow-set.js';
import { requestOfficer } from './handoff.js';
import { choicesFor, displayAnswer } from './inputs.js';
import type { Next, StepOf } from './schema.js';
import type { Turn } from './turn.js';

/** Guards against flows that loop through say/goto/branch steps without ever asking. */
const MAX_TRANSITIONS = 200;

/** Drops the form in progress (its answers, its trail, its pending correction). */
export function clearForm(turn: Turn): void {
  const s = turn.s;
  s.data = {};
  s.trail = [];
  s.invalid = 0;
  s.reviewReturn = undefined;
  s.offeringOfficer = false;
}

/** Follows a `next`: a step of the current flow, or the start (or a step) of another flow. */
export function go(turn: Turn, flowId: string, next: Next): void {
  if (typeof next === 'string') return enter(turn, flowId, next);
  const target = turn.ctx.flows.get(next.flow);
  if (!target) return showMenu(turn);
  if (next.flow !== flowId) clearForm(turn);
  if (next.flow === MAIN_FLOW && (next.step ?? target.flow.start) === MAIN_MENU_STEP) return showMenu(turn);
  enter(turn, next.flow, next.step ?? target.flow.start);
}

/** Runs steps from `stepId` until one waits for the beneficiary (or an action must run). */
export function enter(turn: Turn, flowId: string, stepId: string, opts: { fromBack?: boolean } = {}): void {
  if (++turn.transitions > MAX_TRANSITIONS) {
    turn.send(turn.text(texts.actionFailed));
    clearForm(turn);
    return showMenu(turn);
  }
  const st = turn.ctx.flows.get(flowId)?.steps.get(stepId);
  if (!st) return showMenu(turn);
  const s = turn.s;
  switch (st.kind) {
    case 'say':
      turn.send(turn.text(st.text));
      return go(turn, flowId, st.next);
    case 'branch': {
      const hit = st.cases.find((c) => holds(c.when, s.data));
      return go(turn, flowId, hit ? hit.next : st.else);
    }
    case 'goto':
      return go(turn, flowId, st.to);
    case 'end':
      if (st.text) turn.send(turn.text(st.text));
      // A finished flow is a service given: satisfaction surveys and reports listen for this.
      turn.effects.push({ type: 'emit', event: 'service.completed', payload: { flow: flowId, outcome: stepId, locale: turn.locale } });
      clearForm(turn);
      return showMenu(turn, texts.wayOn);
    case 'action':
      // `handoff` is the engine's own: the conversation goes to an officer (the officer flow is the beneficiary asking).
      if (st.action === HANDOFF_ACTION) return requestOfficer(turn, flowId === OFFICER_FLOW ? 'asked' : 'flow');
      s.at = { flowId, stepId };
      s.offered = undefined;
      s.pendingAction = { flowId, stepId };
      turn.effects.push({ type: 'action', name: st.action });
      return;
    case 'menu':
      if (flowId === MAIN_FLOW && stepId === MAIN_MENU_STEP) return showMenu(turn);
      s.at = { flowId, stepId };
      s.offered = st.options.map((o) => ({ id: o.id, label: turn.text(o.label) }));
      return turn.send(turn.text(st.prompt), s.offered);
    case 'ask': {
      s.at = { flowId, stepId };
      if (!opts.fromBack) s.invalid = 0;
      const choices = choicesFor(st.input, turn.ctx.profile, turn.locale);
      s.offered = choices;
      const hint = s.trail.length === 0 && !s.reviewReturn ? `\n${turn.text(texts.menuShortcut)}` : '';
      return turn.send(`${turn.text(st.prompt)}${hint}`, choices);
    }
    case 'review':
      return showReview(turn, flowId, st);
  }
}

/** The summary of a form: each answer, "confirm", and one "change" choice per answer. */
function showReview(turn: Turn, flowId: string, st: StepOf<'review'>): void {
  const s = turn.s;
  s.at = { flowId, stepId: st.id };
  const flow = turn.ctx.flows.get(flowId)!;
  const lines: string[] = [];
  const choices: Choice[] = [{ id: CHOICE.confirm, label: turn.text(st.confirmLabel) }];
  for (const field of st.fields) {
    const ask = flow.steps.get(field);
    if (ask?.kind !== 'ask') continue;
    const label = turn.text(ask.label ?? ask.prompt);
    lines.push(`• ${label}: ${displayAnswer(ask.input, s.data[ask.field], turn.ctx.profile, turn.locale)}`);
    choices.push({ id: editChoice(ask.id), label: t(texts.summaryEdit, turn.locale, { label }) });
  }
  s.offered = choices;
  turn.send(`${turn.text(st.prompt)}\n\n${lines.join('\n')}`, choices);
}

/** Asks the current question again (after an error, a language switch, an interruption). */
export function reprompt(turn: Turn, intro?: Text): void {
  const at = turn.s.at;
  if (intro) turn.send(turn.text(intro));
  if (!at) return showMenu(turn);
  const st = turn.stepAt(at);
  if (at.flowId === MAIN_FLOW && at.stepId === MAIN_MENU_STEP) return showMenu(turn, intro ? undefined : texts.wayOn);
  if (!st || st.kind === 'action') return showMenu(turn);
  enter(turn, at.flowId, at.stepId, { fromBack: true });
}

/** Takes up the form left for the menu, at the question it was left on. */
export function resume(turn: Turn): void {
  const s = turn.s;
  const sus = s.suspended!;
  s.suspended = undefined;
  s.data = sus.data;
  s.trail = sus.trail;
  s.at = sus.at;
  reprompt(turn, texts.continueForm);
}

/** The main menu, with "continue my form" when one was left and a switch to the other language. */
export function showMenu(turn: Turn, intro?: Text): void {
  const main = turn.ctx.flows.get(MAIN_FLOW)!;
  const menu = main.steps.get(MAIN_MENU_STEP) as StepOf<'menu'>;
  const s = turn.s;
  s.at = { flowId: MAIN_FLOW, stepId: MAIN_MENU_STEP };
  s.offered = [
    ...(s.suspended ? [{ id: CHOICE.resume, label: turn.text(texts.resumeOption) }] : []),
    ...menu.options.map((o) => ({ id: o.id, label: turn.text(o.label) })),
    { id: CHOICE.lang, label: turn.text(texts.languageOption) },
  ];
  turn.send(turn.text(intro ?? menu.prompt), s.offered);
}

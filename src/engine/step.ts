import type { AssociationProfile } from '../domain/profile.js';
import { t, type Text } from '../i18n/text.js';
import { texts } from '../i18n/texts.js';
import type { Answerer, Topic } from '../knowledge/answerer.js';
import { normalizeArabic } from '../text/normalize.js';
import { pickChoice } from '../messages/choices.js';
import type { Choice, InboundMessage, Locale } from '../messages/model.js';
import { detectCommand, type Command } from './commands.js';
import type { Effect } from './effects.js';
import { choicesFor, displayAnswer, validateAnswer } from './inputs.js';
import { MAIN_FLOW, MAIN_MENU_STEP, type FlowSet } from './flow-set.js';
import type { Condition, Next, Step, StepOf } from './schema.js';
import type { ConversationState, Position } from './state.js';

/** What the interpreter needs besides the state: all of it loaded once, at start-up. */
export interface EngineContext {
  flows: FlowSet;
  profile: AssociationProfile;
  answerer: Answerer;
}

export type EngineInput =
  | { type: 'message'; msg: InboundMessage; now: number }
  | { type: 'action-result'; ok: true; value: unknown; now: number }
  | { type: 'action-result'; ok: false; error: string; now: number };

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}

/** After this many invalid answers to one question the bot offers an officer. */
export const MAX_INVALID = 3;
/** Guards against flows that loop through say/goto/branch steps without ever asking. */
const MAX_TRANSITIONS = 200;

const QUESTION_WORDS = /^(متي|كيف|وين|فين|وش|ايش|شو|هل|كم|ليش|لماذا|ماذا|ما هي|ما هو|اين|what|when|where|how|is|are|do|does|can|which)\b/;

/**
 * The engine's heart: given a conversation's state and one input, the next state and the
 * effects to carry out. Pure: no I/O, no clock (the time comes in the input), no randomness.
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
  if (input.type === 'action-result') turn.onActionResult(input);
  else turn.onMessage(input.msg);
  return { state: s, effects: turn.effects };
}

class Turn {
  readonly effects: Effect[] = [];
  private transitions = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly s: ConversationState,
    private readonly now: number,
  ) {}

  private get locale(): Locale {
    return this.s.locale;
  }

  // ---- output ------------------------------------------------------------

  private vars(): Record<string, string> {
    const p = this.ctx.profile;
    const out: Record<string, string> = {
      name: t(p.name, this.locale),
      phone: p.contact.phone,
      whatsapp: p.contact.whatsapp ?? p.contact.phone,
      email: p.contact.email ?? '',
      website: p.contact.website ?? '',
      address: t(p.contact.address, this.locale),
      workingHours: t(p.workingHours, this.locale),
      privacyNotice: t(p.privacyNotice.text, this.locale),
    };
    const flatten = (prefix: string, v: unknown): void => {
      if (v === null || v === undefined) return;
      if (typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        if (typeof o.ar === 'string' && typeof o.en === 'string') out[prefix] = String(o[this.locale]);
        else for (const [k, x] of Object.entries(o)) flatten(prefix ? `${prefix}.${k}` : k, x);
      } else out[prefix] = String(v);
    };
    flatten('', this.s.data);
    return out;
  }

  private text(text: Text): string {
    const s = text[this.locale];
    // Most texts have no placeholder; only those pay for building the variables.
    return s.includes('{') ? t(text, this.locale, this.vars()) : s;
  }

  private send(text: string, choices?: Choice[]): void {
    this.effects.push({ type: 'send', message: { text, locale: this.locale, ...(choices?.length ? { choices } : {}) } });
  }

  // ---- inputs ------------------------------------------------------------

  onMessage(msg: InboundMessage): void {
    const s = this.s;
    s.seq++;
    if (!s.localeChosen && !s.at && msg.locale) s.locale = msg.locale;

    if (s.owner.kind === 'officer') {
      // The officer answers; the bot stays silent and passes the message on.
      this.effects.push({ type: 'emit', event: 'message.for-officer', payload: { text: msg.text ?? '', attachments: msg.attachments } });
      return;
    }

    const current = s.at ? this.stepAt(s.at) : undefined;
    const numeric = current?.kind === 'ask' && current.input.type === 'number';
    let command: Command | undefined = detectCommand(msg.text, numeric);
    if (!command && msg.choiceId?.startsWith('cmd:')) command = msg.choiceId.slice(4) as Command;
    if (command === 'menu' && msg.choiceId?.startsWith('topic:')) {
      // A deep link (Telegram `/start <topic id>`): the menu command, going straight to that topic.
      const topic = this.ctx.answerer.topic(msg.choiceId.slice(6));
      if (topic) return this.onDeepLink(topic);
    }
    if (command) return this.onCommand(command);

    if (s.offeringOfficer) {
      s.offeringOfficer = false;
      const picked = pickChoice(s.offered ?? [], msg);
      if (picked?.id === 'officer-yes') return this.onCommand('officer');
      s.invalid = 0;
      if (picked?.id === 'officer-no' || !msg.text) return this.reprompt();
      // Anything else is taken as a fresh answer to the question.
    }

    if (!s.at || !current) {
      this.send(this.text(texts.greeting));
      const answer = msg.text ? this.ctx.answerer.answer(msg.text) : undefined;
      if (answer?.kind === 'topic' && answer.topic.id !== 'greeting') return this.onTopic(answer.topic);
      // A first message that is a question the bot cannot place still gets "did you mean" or
      // "I can help with …" after the welcome.
      if (answer?.kind === 'ambiguous') return this.didYouMean(answer.topics);
      if (answer?.kind === 'none' && normalizeArabic(msg.text ?? '').split(' ').length >= 3) this.send(this.text(texts.notUnderstood));
      return this.showMenu();
    }

    // A tapped or typed pick of a special choice offered with the last reply.
    const special = pickChoice(s.offered ?? [], msg);
    if (special?.id.startsWith('topic:')) {
      const topic = this.ctx.answerer.topic(special.id.slice(6));
      if (topic) return this.onTopic(topic);
    }
    if (special?.id.startsWith('cmd:')) return this.onCommand(special.id.slice(4) as Command);
    if (special?.id === 'resume' && s.suspended) return this.resume();
    if (special?.id === 'lang') return this.onCommand(this.locale === 'ar' ? 'english' : 'arabic');

    switch (current.kind) {
      case 'menu':
        return this.onMenuAnswer(current, msg);
      case 'ask':
        return this.onAskAnswer(current, msg);
      case 'review':
        return this.onReviewAnswer(current, msg);
      default:
        // The state points at a step that does not wait for input (a flow file changed under it).
        return this.showMenu();
    }
  }

  onActionResult(result: Extract<EngineInput, { type: 'action-result' }>): void {
    const pending = this.s.pendingAction;
    this.s.pendingAction = undefined;
    const st = pending ? this.stepAt(pending) : undefined;
    if (!pending || st?.kind !== 'action') return this.showMenu();
    if (result.ok) {
      this.s.data[st.saveAs] = result.value;
      return this.go(pending.flowId, st.next);
    }
    if (st.onError) return this.go(pending.flowId, st.onError);
    this.send(this.text(texts.actionFailed));
    this.showMenu();
  }

  private onCommand(command: Command): void {
    const s = this.s;
    const inForm = Boolean(s.at && s.at.flowId !== MAIN_FLOW);
    switch (command) {
      case 'arabic':
      case 'english':
        s.locale = command === 'arabic' ? 'ar' : 'en';
        s.localeChosen = true;
        this.send(this.text(texts.languageSwitched));
        return s.at ? this.reprompt() : this.showMenu();
      case 'officer':
        this.send(this.text(texts.officerContact));
        return inForm ? this.reprompt(texts.continueForm) : this.showMenu(texts.wayOn);
      case 'cancel':
        this.send(this.text(inForm || s.suspended ? texts.cancelled : texts.nothingToCancel));
        s.suspended = undefined;
        this.clearForm();
        return this.showMenu();
      case 'menu':
        // A first message that is the menu command (Telegram's /start) is greeted all the same.
        if (!s.at) this.send(this.text(texts.greeting));
        if (inForm && s.at) s.suspended = { at: s.at, data: s.data, trail: s.trail };
        this.clearForm();
        return this.showMenu();
      case 'back': {
        if (!inForm) return this.showMenu();
        const previous = s.trail.pop();
        if (!previous || !s.at) {
          this.send(this.text(texts.firstQuestion));
          return this.reprompt();
        }
        s.reviewReturn = undefined;
        this.send(this.text(texts.backTo));
        return this.enter(s.at.flowId, previous, { fromBack: true });
      }
    }
  }

  /** Opens a topic named by a deep link from wherever the conversation is; a form in progress is kept for "continue". */
  private onDeepLink(topic: Topic): void {
    const s = this.s;
    if (!s.at) this.send(this.text(texts.greeting));
    else if (s.at.flowId !== MAIN_FLOW) s.suspended = { at: s.at, data: s.data, trail: s.trail };
    this.clearForm();
    this.onTopic(topic);
  }

  private onTopic(topic: Topic): void {
    if (topic.command) return this.onCommand(topic.command);
    if (topic.flow) {
      this.clearForm();
      const flow = this.ctx.flows.get(topic.flow);
      if (flow) return this.enter(topic.flow, flow.flow.start);
    }
    this.send(this.text(topic.answer));
    this.showMenu(texts.wayOn);
  }

  private onMenuAnswer(menu: StepOf<'menu'>, msg: InboundMessage): void {
    const picked = pickChoice(this.s.offered ?? [], msg, (c) => {
      const o = menu.options.find((x) => x.id === c.id);
      return o ? [o.label.ar, o.label.en, ...(o.aliases ?? [])] : [];
    });
    const option = picked && menu.options.find((o) => o.id === picked.id);
    if (option) {
      this.s.suspended = undefined;
      return this.go(this.s.at!.flowId, option.next);
    }
    if (!menu.freeText || !msg.text) {
      this.send(this.text(texts.invalidChoice));
      return this.showMenu();
    }
    const answer = this.ctx.answerer.answer(msg.text);
    if (answer.kind === 'topic') return this.onTopic(answer.topic);
    if (answer.kind === 'ambiguous') return this.didYouMean(answer.topics);
    this.send(this.text(texts.notUnderstood));
    this.showMenu(texts.wayOn);
  }

  /** "Did you mean A or B?" as tappable choices, plus the way back to the menu. */
  private didYouMean(topics: Topic[]): void {
    const choices = topics.map((topic) => ({ id: `topic:${topic.id}`, label: this.text(topic.label) }));
    this.s.at = { flowId: MAIN_FLOW, stepId: MAIN_MENU_STEP };
    this.s.offered = [...choices, { id: 'cmd:menu', label: this.text(texts.mainMenu) }];
    this.send(this.text(texts.didYouMean), this.s.offered);
  }

  private onAskAnswer(ask: StepOf<'ask'>, msg: InboundMessage): void {
    const s = this.s;
    const result = validateAnswer(ask.input, msg, this.ctx.profile, this.locale);
    const freeText = ask.input.type === 'text';
    // A question asked mid-form ("when do you open?") is answered, then the form resumes.
    if (msg.text && (!result.ok || (freeText && this.looksLikeQuestion(msg.text)))) {
      const answer = this.ctx.answerer.answer(msg.text);
      if (answer.kind === 'topic' && !answer.topic.flow) {
        if (answer.topic.command) return this.onCommand(answer.topic.command);
        if (answer.topic.id !== 'greeting' || !result.ok) {
          this.send(this.text(answer.topic.answer));
          return this.reprompt(texts.continueForm);
        }
      }
    }
    if (!result.ok) {
      s.invalid++;
      if (s.invalid >= MAX_INVALID) {
        s.offeringOfficer = true;
        s.offered = [
          { id: 'officer-yes', label: this.text(texts.offerOfficerYes) },
          { id: 'officer-no', label: this.text(texts.offerOfficerNo) },
        ];
        return this.send(`${this.text(result.reason)}\n\n${this.text(texts.offerOfficer)}`, s.offered);
      }
      this.send(this.text(result.reason));
      return this.reprompt();
    }
    s.data[ask.field] = result.value;
    // When each answer was given: consent and acknowledgement are kept with their time.
    s.data.answeredAt = { ...(s.data.answeredAt as object | undefined), [ask.field]: this.now };
    s.invalid = 0;
    if (!s.trail.includes(ask.id)) s.trail.push(ask.id);
    const flowId = s.at!.flowId;
    if (s.reviewReturn) {
      const review = s.reviewReturn;
      s.reviewReturn = undefined;
      return this.enter(flowId, review);
    }
    this.go(flowId, ask.next);
  }

  private onReviewAnswer(review: StepOf<'review'>, msg: InboundMessage): void {
    const picked = pickChoice(this.s.offered ?? [], msg);
    const flowId = this.s.at!.flowId;
    if (picked?.id === 'confirm') return this.go(flowId, review.next);
    if (picked?.id.startsWith('edit:')) {
      this.s.reviewReturn = review.id;
      return this.enter(flowId, picked.id.slice(5));
    }
    this.send(this.text(texts.summaryPickOne));
    this.reprompt();
  }

  private looksLikeQuestion(text: string): boolean {
    if (/[?؟]/.test(text)) return true;
    return text.length <= 80 && QUESTION_WORDS.test(normalizeArabic(text));
  }

  // ---- moving through flows ------------------------------------------------

  private stepAt(pos: Position): Step | undefined {
    return this.ctx.flows.get(pos.flowId)?.steps.get(pos.stepId);
  }

  private clearForm(): void {
    this.s.data = {};
    this.s.trail = [];
    this.s.invalid = 0;
    this.s.reviewReturn = undefined;
    this.s.offeringOfficer = false;
  }

  /** Follows a `next`: a step of the current flow, or the start (or a step) of another flow. */
  private go(flowId: string, next: Next): void {
    if (typeof next === 'string') return this.enter(flowId, next);
    const target = this.ctx.flows.get(next.flow);
    if (!target) return this.showMenu();
    if (next.flow !== flowId) this.clearForm();
    if (next.flow === MAIN_FLOW && (next.step ?? target.flow.start) === MAIN_MENU_STEP) return this.showMenu();
    this.enter(next.flow, next.step ?? target.flow.start);
  }

  /** Runs steps from `stepId` until one waits for the beneficiary (or an action must run). */
  private enter(flowId: string, stepId: string, opts: { fromBack?: boolean } = {}): void {
    if (++this.transitions > MAX_TRANSITIONS) {
      this.send(this.text(texts.actionFailed));
      this.clearForm();
      return this.showMenu();
    }
    const st = this.ctx.flows.get(flowId)?.steps.get(stepId);
    if (!st) return this.showMenu();
    const s = this.s;
    switch (st.kind) {
      case 'say':
        this.send(this.text(st.text));
        return this.go(flowId, st.next);
      case 'branch': {
        const hit = st.cases.find((c) => this.holds(c.when));
        return this.go(flowId, hit ? hit.next : st.else);
      }
      case 'goto':
        return this.go(flowId, st.to);
      case 'end':
        if (st.text) this.send(this.text(st.text));
        // A finished flow is a service given: satisfaction surveys and reports listen for this.
        this.effects.push({ type: 'emit', event: 'service.completed', payload: { flow: flowId, outcome: stepId, locale: this.locale } });
        this.clearForm();
        return this.showMenu(texts.wayOn);
      case 'action':
        s.at = { flowId, stepId };
        s.offered = undefined;
        s.pendingAction = { flowId, stepId };
        this.effects.push({ type: 'action', name: st.action });
        return;
      case 'menu':
        if (flowId === MAIN_FLOW && stepId === MAIN_MENU_STEP) return this.showMenu();
        s.at = { flowId, stepId };
        s.offered = st.options.map((o) => ({ id: o.id, label: this.text(o.label) }));
        return this.send(this.text(st.prompt), s.offered);
      case 'ask': {
        s.at = { flowId, stepId };
        if (!opts.fromBack) s.invalid = 0;
        const choices = choicesFor(st.input, this.ctx.profile, this.locale);
        s.offered = choices;
        const hint = s.trail.length === 0 && !s.reviewReturn ? `\n${this.text(texts.menuShortcut)}` : '';
        return this.send(`${this.text(st.prompt)}${hint}`, choices);
      }
      case 'review': {
        s.at = { flowId, stepId };
        const flow = this.ctx.flows.get(flowId)!;
        const lines: string[] = [];
        const choices: Choice[] = [{ id: 'confirm', label: this.text(st.confirmLabel) }];
        for (const field of st.fields) {
          const ask = flow.steps.get(field);
          if (ask?.kind !== 'ask') continue;
          const label = this.text(ask.label ?? ask.prompt);
          lines.push(`• ${label}: ${displayAnswer(ask.input, s.data[ask.field], this.ctx.profile, this.locale)}`);
          choices.push({ id: `edit:${ask.id}`, label: t(texts.summaryEdit, this.locale, { label }) });
        }
        s.offered = choices;
        return this.send(`${this.text(st.prompt)}\n\n${lines.join('\n')}`, choices);
      }
    }
  }

  /** Asks the current question again (after an error, a language switch, an interruption). */
  private reprompt(intro?: Text): void {
    const at = this.s.at;
    if (intro) this.send(this.text(intro));
    if (!at) return this.showMenu();
    const st = this.stepAt(at);
    if (at.flowId === MAIN_FLOW && at.stepId === MAIN_MENU_STEP) return this.showMenu(intro ? undefined : texts.wayOn);
    if (!st || st.kind === 'action') return this.showMenu();
    this.enter(at.flowId, at.stepId, { fromBack: true });
  }

  private resume(): void {
    const sus = this.s.suspended!;
    this.s.suspended = undefined;
    this.s.data = sus.data;
    this.s.trail = sus.trail;
    this.s.at = sus.at;
    this.reprompt(texts.continueForm);
  }

  /** The main menu, with "continue my form" when one was left and a switch to the other language. */
  private showMenu(intro?: Text): void {
    const main = this.ctx.flows.get(MAIN_FLOW)!;
    const menu = main.steps.get(MAIN_MENU_STEP) as StepOf<'menu'>;
    const s = this.s;
    s.at = { flowId: MAIN_FLOW, stepId: MAIN_MENU_STEP };
    s.offered = [
      ...(s.suspended ? [{ id: 'resume', label: this.text(texts.resumeOption) }] : []),
      ...menu.options.map((o) => ({ id: o.id, label: this.text(o.label) })),
      { id: 'lang', label: this.text(texts.languageOption) },
    ];
    this.send(this.text(intro ?? menu.prompt), s.offered);
  }

  private holds(c: Condition): boolean {
    const v = c.field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), this.s.data);
    if (c.exists !== undefined && (v !== undefined && v !== null) !== c.exists) return false;
    if (c.equals !== undefined && v !== c.equals) return false;
    if (c.in !== undefined && !c.in.includes(v as string | number)) return false;
    if (c.lt !== undefined && !(typeof v === 'number' && v < c.lt)) return false;
    if (c.gt !== undefined && !(typeof v === 'number' && v > c.gt)) return false;
    return true;
  }
}

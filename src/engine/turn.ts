import type { MissReason } from '../domain/event-types.js';
import type { AssociationProfile } from '../domain/profile.js';
import type { Text } from '../i18n/text.js';
import type { Answerer, Topic } from '../knowledge/answerer.js';
import type { Choice, Locale } from '../messages/model.js';
import type { Effect } from './effects.js';
import type { FlowSet } from './flow-set.js';
import type { Step } from './schema.js';
import type { ConversationState, Position } from './state.js';
import { renderText } from './vars.js';

/** What the interpreter needs besides the state: all of it loaded once, at start-up. */
export interface EngineContext {
  flows: FlowSet;
  profile: AssociationProfile;
  answerer: Answerer;
}

/**
 * One input being handled: the context, the state it changes in place, and the effects it
 * collects. Every part of the engine works on a Turn; this module is the bottom of the engine's
 * behaviour: it imports only data types and the template variables (`vars.ts`).
 */
export class Turn {
  readonly effects: Effect[] = [];
  /** Steps entered so far, to stop a flow that loops without ever asking. */
  transitions = 0;
  /** The text of the message being handled ('' for a tap, or for an action's result). */
  said = '';
  /** Messages in a row the bot could not place before this one. */
  unmatchedBefore = 0;
  /** The knowledge answer the message being handled follows, if the last reply was one. */
  previousAnswer: ConversationState['lastAnswer'];

  constructor(
    readonly ctx: EngineContext,
    readonly s: ConversationState,
    readonly now: number,
  ) {}

  get locale(): Locale {
    return this.s.locale;
  }

  text(text: Text): string {
    return renderText(text, this.locale, this.ctx.profile, this.s.data);
  }

  send(text: string, choices?: Choice[]): void {
    this.effects.push({ type: 'send', message: { text, locale: this.locale, ...(choices?.length ? { choices } : {}) } });
  }

  /** A reply that answers from the knowledge base: remembered, for "officer right after an answer". */
  answered(topic: Topic): void {
    this.s.lastAnswer = { topic: topic.id, text: this.said };
  }

  /** Something the beneficiary wrote that the knowledge base did not answer well: a gap to fill. */
  missed(reason: MissReason, text: string, topics?: string[]): void {
    this.effects.push({ type: 'emit', event: 'inquiry.missed', payload: { reason, text, locale: this.locale, ...(topics ? { topics } : {}) } });
  }

  /** An officer was asked for; right after a knowledge answer, that answer missed. */
  officerAsked(): void {
    const previous = this.previousAnswer;
    if (!previous) return;
    this.previousAnswer = undefined;
    this.missed('officer-after-answer', previous.text, [previous.topic]);
  }

  stepAt(pos: Position): Step | undefined {
    return this.ctx.flows.get(pos.flowId)?.steps.get(pos.stepId);
  }
}

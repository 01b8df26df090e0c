import { createHash, randomBytes } from 'node:crypto';
import type { Choice, Locale } from '../messages/model.js';
import type { TranscriptLine } from './control.js';

/** A place in a flow: the question the conversation is waiting on. */
export interface Position {
  flowId: string;
  stepId: string;
}

/** Who answers this conversation now. Routing by owner makes handoff a state change, not a rewrite. */
export type Owner = { kind: 'bot' } | { kind: 'officer'; officerId?: string; since: number };

/**
 * Everything the engine remembers about one conversation, kept in Redis as JSON with a TTL.
 * Plain data only: it must survive a restart and a move to another process.
 */
export interface ConversationState {
  v: 1;
  locale: Locale;
  /** The beneficiary chose the language himself; platform hints no longer change it. */
  localeChosen: boolean;
  owner: Owner;
  /** The question being waited on; undefined before the first message. */
  at?: Position;
  /** Answers of the form in progress, plus action results. */
  data: Record<string, unknown>;
  /** Ask steps answered in this flow, newest last, for "back". */
  trail: string[];
  /** Invalid answers to the current question. */
  invalid: number;
  /** Set while the bot asks "would you like an officer?" after repeated invalid answers. */
  offeringOfficer?: boolean;
  /** After a correction from a summary, return to that review step. */
  reviewReturn?: string;
  /** The choices shown with the current question, so "1" or a label maps back to them. */
  offered?: Choice[];
  /** A form left for the menu; the menu offers to continue it. */
  suspended?: { at: Position; data: Record<string, unknown>; trail: string[] };
  /**
   * The knowledge-base topic the last reply answered, and the words it answered: asking for an
   * officer right after it tells that the answer missed (an `inquiry.missed` event).
   */
  lastAnswer?: { topic: string; text: string };
  /** An action the runner must carry out before the next step (set by `step`, cleared by the result). */
  pendingAction?: { flowId: string; stepId: string };
  /**
   * The handoff to an officer this conversation is in: `opening` until the runner has queued it,
   * then `queued` (waiting) or `with-officer`. While set, the bot stays silent.
   */
  handoff?: { id?: string; status: 'opening' | 'queued' | 'with-officer'; officer?: string; confirmLeave?: boolean; noted?: boolean };
  /** Messages in a row the bot could not place (two in a row hand over to an officer). */
  unmatched?: number;
  /**
   * The last lines of the conversation, as states written before they moved to their own list
   * (`keys.recent`) carried them: read once, then moved there.
   */
  recent?: TranscriptLine[];
  /** The last satisfaction survey started here and when (one a day; its reminder finds it). */
  survey?: { id: string; at: number };
  /** Counts handled inputs; with `id` it makes effect ids unique and repeatable. */
  seq: number;
  /**
   * Born with the state, so effect, action and reply keys of one conversation never repeat those
   * of an earlier one at the same address (whose state expired, while its keys live on).
   */
  id: string;
}

/**
 * A new conversation's state. `id` is given by the runner from the message that starts it, so a
 * first turn handled again after a crash gets the same id (and the same effect keys).
 */
export function initialState(locale: Locale = 'ar', id = randomBytes(9).toString('base64url')): ConversationState {
  return { v: 1, locale, localeChosen: false, owner: { kind: 'bot' }, data: {}, trail: [], invalid: 0, seq: 0, id };
}

/** The id of a state written before states had one: stable, from its stored form, so a turn handled again gets the same keys. */
/** A new conversation's state; its id comes from the message that starts it: the same if it is handled again. */
export function bornState(ref: { channel: string; address: string }, messageId: string): ConversationState {
  return initialState('ar', createHash('sha1').update(`${ref.channel}:${ref.address}:${messageId}`).digest('base64url').slice(0, 12));
}

/** The state as stored (`<version>|<json>`) and its version, which names the drain (`token`) that wrote it. */
export function stamped(state: ConversationState, token: string): [string, string] {
  const version = `${state.seq}.${token.slice(0, 8)}`;
  return [version, `${version}|${JSON.stringify(state)}`];
}

export function legacyStateId(stored: string): string {
  return `l${createHash('sha1').update(stored).digest('base64url').slice(0, 11)}`;
}

import type { Text } from '../i18n/text.js';
import type { Attachment, Channel, ConversationRef, Locale } from '../messages/model.js';

/**
 * What officers and timers do to a conversation. These enter the engine through the runner
 * beside the beneficiary's messages (the same inbox, lock and order), never by a side door.
 */
export type ControlInput =
  /** The handoff the engine asked for is open (the runner's answer to a `handoff` effect). */
  | ({ kind: 'queued' } & HandoffOpened)
  /** The handoff could not be opened (Redis refused): the bot carries on. */
  | { kind: 'not-queued' }
  /** An officer took the chat (claimed, auto-assigned, or given it by transfer). */
  | { kind: 'joined'; handoffId: string; officer: string; transfer?: boolean }
  /** An officer's message, to go out on the beneficiary's channel. */
  | { kind: 'reply'; handoffId: string; text: string; officerId: string }
  /** Handed back to the bot. */
  | { kind: 'released'; handoffId: string }
  /** Closed by an officer: the service is completed. */
  | { kind: 'closed'; handoffId: string; officerId?: string; reason: string; durationMs: number; channel: Channel }
  /** No officer answered within the set time. */
  | { kind: 'wait-timeout'; handoffId: string }
  /**
   * A notice about his request, in his language: the committee's decision (accepted, rejected,
   * more information needed), a reminder that it is still under study, or an officer's own words.
   * `note` is what the committee chose to share (the question, for more information; the text of an announcement).
   */
  | { kind: 'request-notice'; reference: string; what: NoticeKind; note?: string; locale: Locale }
  /** A satisfaction survey is due (or its one reminder): started only when he is free (`engine/survey.ts`). */
  | SurveyControl;

export type NoticeKind = 'accepted' | 'rejected' | 'more-information-needed' | 'reminder' | 'announcement';

/** The surveys worker asking for survey `surveyId` to start in this conversation, or to be recalled once. */
export interface SurveyControl {
  kind: 'survey';
  surveyId: string;
  reminder?: boolean;
}

/** What the beneficiary is told when his handoff opens. */
export interface HandoffOpened {
  handoffId: string;
  /** His place in the queue (1 = next), unless an officer took the chat at once. */
  position?: number;
  /** A rough wait, from recent waits; undefined before there are any. */
  waitMs?: number;
  /** Set when an officer was assigned at once (his first name or the role name). */
  officer?: string;
  office: { open: boolean; backAt?: number; holiday?: Text };
}

/** Why the engine hands over. */
export type HandoffTrigger = 'asked' | 'invalid-answers' | 'not-understood' | 'flow';

/** One line of a conversation, as it is kept with the handoff. */
export interface TranscriptLine {
  from: 'beneficiary' | 'bot' | 'officer';
  text: string;
  at: number;
  officerId?: string;
  attachments?: Attachment[];
}

/**
 * A Redis command and its arguments (`['RPUSH', key, value]`), written with a turn's state in
 * the runner's commit script: in the same step, or not at all when the turn is handled again.
 */
export type TurnWrite = string[];

/** Where the runner opens handoffs and keeps their transcripts (the domain's handoff service). */
export interface HandoffPort {
  open(o: { ref: ConversationRef; reason: HandoffTrigger; locale: Locale; transcript: TranscriptLine[]; now: number }): Promise<HandoffOpened>;
  /** Adds lines to a handoff's transcript now (with their audit entries and the consoles' event). */
  append(handoffId: string, lines: TranscriptLine[]): Promise<void>;
  /** The same as commands, for the runner to write with the turn's state (one round trip less, and atomic with it). */
  transcriptWrites(handoffId: string, lines: TranscriptLine[]): TurnWrite[];
  /** The beneficiary left the queue (he asked to, and confirmed). */
  leave(handoffId: string, now: number): Promise<void>;
}

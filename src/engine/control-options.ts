import type { Mark } from '../store/marks.js';
import type { ConversationState } from './state.js';

/** How a control input goes into its conversation (`Runner.control`). */
export interface ControlOptions {
  /** What its turn's commit may write with the state. */
  mark?: TurnMark;
  /**
   * The caller gives the input again if this process dies before it is handled (a BullMQ job,
   * retried): when the conversation is idle it is handled at once, not queued in its inbox first.
   */
  redelivered?: boolean;
  /** Queued only if this holds, checked in the step that queues it (else the outcome is 'refused'). */
  only?: Precondition;
}

/** A control input's outcome; `refused`: its precondition did not hold, nothing was queued. */
export type ControlOutcome = 'handled' | 'duplicate' | 'refused';

/**
 * A condition a control input is queued under, checked in the same step as the queueing: every
 * `[field, value]` of the hash at `key` as given. An officer's reply is queued only while the
 * chat is open and his, so a chat closed or transferred a moment before never gets it.
 */
export interface Precondition {
  key: string;
  equals: [field: string, value: string][];
}

/**
 * A record's step a control input's turn may take (a survey sent when it started), written in
 * the turn's commit with the state, so there is no moment when one is done and the other not.
 * `for` says what to write given the state the turn left (nothing: no mark). `written` is set
 * once it was; it stays unset when another process handled the input (its caller writes the
 * mark itself then).
 */
export interface TurnMark {
  for(state: ConversationState): Mark | undefined;
  written?: boolean;
}

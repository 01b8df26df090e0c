import type { EventSpec } from '../domain/event-types.js';
import type { OutboundMessage } from '../messages/model.js';
import type { HandoffTrigger } from './control.js';

/**
 * What a step asks the outside world to do. The interpreter only describes effects;
 * the runner carries them out, which keeps `step` pure and transcripts easy to test.
 */
export type Effect =
  /** A message to the beneficiary; `officerId` marks an officer's own words (kept as his in the transcript). */
  | { type: 'send'; message: OutboundMessage; officerId?: string }
  /** Open a handoff to an officer; the runner answers with a `queued` control input. Always last. */
  | { type: 'handoff'; reason: HandoffTrigger }
  /** The beneficiary left the queue: the runner ends the handoff. */
  | { type: 'leave-handoff'; handoffId: string }
  /** Run a registered action; its result comes back to `step` as an `action-result` input. Always last. */
  | { type: 'action'; name: string }
  /** A domain event, emitted once the turn is carried out (the runner adds the conversation). */
  | ({ type: 'emit' } & EventSpec);

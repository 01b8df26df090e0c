import type { EventSpec } from '../domain/event-types.js';
import type { OutboundMessage } from '../messages/model.js';

/**
 * What a step asks the outside world to do. The interpreter only describes effects;
 * the runner carries them out, which keeps `step` pure and transcripts easy to test.
 */
export type Effect =
  | { type: 'send'; message: OutboundMessage }
  /** Run a registered action; its result comes back to `step` as an `action-result` input. Always last. */
  | { type: 'action'; name: string }
  /** A domain event, emitted once the turn is carried out (the runner adds the conversation). */
  | ({ type: 'emit' } & EventSpec);

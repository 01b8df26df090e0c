import type { Attachment, Channel, ConversationRef, Locale } from '../messages/model.js';

/**
 * The domain events and what each carries: one named payload per event, so a wrong name or a
 * wrong payload fails the type check. Pure types (no I/O), for the engine's `emit` effect, the
 * actions' outputs and the event bus alike. Payloads carry references, not personal data
 * (`inquiry.missed` carries the words missed, which its listener masks before keeping them).
 */
export interface DomainEventPayloads {
  'request.submitted': { reference: string; requestType: string; channel: Channel };
  'complaint.recorded': { reference: string; kind: 'complaint' | 'suggestion'; channel: Channel };
  /** `field` is one of the fields a beneficiary may change himself (`UpdatableField`). */
  'beneficiary.updated': { field: string; channel: Channel };
  /** A flow reached an end step (`outcome` is its id): a service given. */
  'service.completed': { flow: string; outcome: string; locale: Locale } & Partial<HandoffCompleted> & Partial<RequestCompleted>;
  /** A message written while an officer holds the conversation. */
  'message.for-officer': { text: string; attachments: Attachment[] };
  /** Something a beneficiary wrote that the knowledge base did not answer well. */
  'inquiry.missed': { reason: MissReason; text: string; locale: Locale; topics?: string[] };
}

/** Why an inquiry counts as missed: no topic fits, two fit as well, or the answer did not help. */
export type MissReason = 'out-of-scope' | 'ambiguous' | 'officer-after-answer';

export type DomainEventName = keyof DomainEventPayloads;

/** An event as the engine or an action asks for it: its name and its payload, checked together. */
export type EventSpec<N extends DomainEventName = DomainEventName> = { [K in N]: { event: K; payload: DomainEventPayloads[K] } }[N];

/**
 * An event as emitted: its id (repeatable: conversation turn + index, so a listener can tell a
 * repeat after a crash), its time, and the conversation it came from.
 */
export type DomainEvent<N extends DomainEventName = DomainEventName> = {
  [K in N]: { name: K; id: string; at: number; payload: DomainEventPayloads[K] & { conversation: ConversationRef } };
}[N];

/** The event to emit for a spec, once its turn is carried out. */
export function domainEvent<N extends DomainEventName>(spec: EventSpec<N>, meta: { id: string; at: number; conversation: ConversationRef }): DomainEvent<N> {
  // The name and the payload come from one spec, so they match; TypeScript cannot follow that through the spread.
  return { name: spec.event, id: meta.id, at: meta.at, payload: { ...spec.payload, conversation: meta.conversation } } as DomainEvent<N>;
}

/** What `service.completed` adds when the committee decides a request (`flow: 'request'`, `outcome` the decision). */
export interface RequestCompleted {
  service: 'request';
  reference: string;
}

/**
 * What `service.completed` adds when an officer closes a handoff (`flow: 'handoff'`): the
 * handoff, the channel, the officer's id, how long he served and why the bot handed over.
 */
export interface HandoffCompleted {
  handoff: string;
  channel: Channel;
  officer: string | null;
  durationMs: number;
  reason: string;
}

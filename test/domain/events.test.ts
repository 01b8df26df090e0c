import { describe, expect, it } from 'vitest';
import { domainEvent, type DomainEvent, type EventBus, type EventSpec } from '../../src/domain/events.js';
import type { ActionOutput } from '../../src/domain/action-registry.js';
import type { Effect } from '../../src/engine/effects.js';

const conversation = { channel: 'test' as const, address: 'u1' };

describe('typed domain events', () => {
  it('builds the emitted event from a spec: same name, the payload plus its conversation', () => {
    const spec: EventSpec<'inquiry.missed'> = { event: 'inquiry.missed', payload: { reason: 'ambiguous', text: 'توزيع', locale: 'ar', topics: ['a', 'b'] } };
    const event: DomainEvent<'inquiry.missed'> = domainEvent(spec, { id: 'test:u1:3:0', at: 5, conversation });
    expect(event).toEqual({ name: 'inquiry.missed', id: 'test:u1:3:0', at: 5, payload: { ...spec.payload, conversation } });
  });

  it('refuses a wrong name or payload at the type check (these lines are checked by tsc in npm test)', () => {
    const wrong: unknown[] = [
      // @ts-expect-error an event nobody listens for by that name
      { type: 'emit', event: 'request.submited', payload: {} } satisfies Effect,
      // @ts-expect-error a reason that is not one of the three
      { type: 'emit', event: 'inquiry.missed', payload: { reason: 'bored', text: '', locale: 'ar' } } satisfies Effect,
      // @ts-expect-error a payload of another event
      { value: null, events: [{ event: 'complaint.recorded', payload: { flow: 'x', outcome: 'y', locale: 'ar' } }] } satisfies ActionOutput,
    ];
    const listen = (bus: EventBus) =>
      // The listener is typed by the event it listens to: `reference` is there, `flow` is not.
      bus.on('request.submitted', (e) => {
        // @ts-expect-error not a field of request.submitted
        void e.payload.flow;
        return e.payload.reference;
      });
    expect(wrong).toHaveLength(3);
    expect(typeof listen).toBe('function');
  });
});

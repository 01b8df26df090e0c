import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionOutput } from '../../src/domain/action-registry.js';
import { domainEvent, EventBus, type DomainEvent, type EventSpec } from '../../src/domain/events.js';
import type { Effect } from '../../src/engine/effects.js';
import { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';

const conversation = { channel: 'test' as const, address: 'u1' };
const prefix = uniquePrefix('events');
let redis: Redis;

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('typed domain events', () => {
  it('builds the emitted event from a spec: same name, the payload plus its conversation', () => {
    const spec: EventSpec<'inquiry.missed'> = { event: 'inquiry.missed', payload: { reason: 'ambiguous', text: 'توزيع', locale: 'ar', topics: ['a', 'b'] } };
    const event: DomainEvent<'inquiry.missed'> = domainEvent(spec, { id: 'test:u1:3:0', at: 5, conversation });
    expect(event).toEqual({ name: 'inquiry.missed', id: 'test:u1:3:0', at: 5, payload: { ...spec.payload, conversation } });
  });

  it("gives a listener its own event's payload, and refuses a wrong name or payload at the type check", async () => {
    // These lines are checked by `tsc --noEmit`, which `npm test` runs first: each must stay an error.
    const wrong: unknown[] = [
      // @ts-expect-error an event nobody listens for by that name
      { type: 'emit', event: 'request.submited', payload: {} } satisfies Effect,
      // @ts-expect-error a reason that is not one of the three
      { type: 'emit', event: 'inquiry.missed', payload: { reason: 'bored', text: '', locale: 'ar' } } satisfies Effect,
      // @ts-expect-error the payload of another event
      { value: null, events: [{ event: 'complaint.recorded', payload: { flow: 'x', outcome: 'y', locale: 'ar' } }] } satisfies ActionOutput,
    ];
    expect(wrong).toHaveLength(3);

    const bus = new EventBus(redis, new Keys(prefix));
    const references: string[] = [];
    const off = bus.on('request.submitted', (e) => {
      // @ts-expect-error not a field of request.submitted
      void e.payload.flow;
      references.push(e.payload.reference);
    });
    await bus.emit(domainEvent({ event: 'request.submitted', payload: { reference: 'SR-2026-000001', requestType: 'food', channel: 'test' } }, { id: 'k:0', at: 1, conversation }));
    await bus.emit(domainEvent({ event: 'service.completed', payload: { flow: 'complaint', outcome: 'recorded', locale: 'ar' } }, { id: 'k:1', at: 1, conversation }));
    off();
    expect(references).toEqual(['SR-2026-000001']);
    const stream = (await redis.xRange(new Keys(prefix).events(), '-', '+')) ?? [];
    expect(stream.map((e) => e.message.name)).toEqual(['request.submitted', 'service.completed']);
  });
});

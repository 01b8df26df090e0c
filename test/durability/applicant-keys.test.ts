import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import type { Redis } from '../../src/store/redis.js';
import { nationalIdFor, supportRequestScript } from '../support/applicants.js';
import { Transcript, useCore } from '../support/core.js';

let core: Core;
let redis: Redis;
useCore('appkeys', (fixture) => ({ core, redis } = fixture));

async function apply(c: Transcript, n: number): Promise<string> {
  let last = '';
  for (const text of supportRequestScript(n, n === 1 ? 'محمد عبدالله السالم' : 'فاطمة أحمد الزهراني')) last = c.text(await c.say(text));
  const reference = /SR-\d{4}-\d{6}/.exec(last)?.[0];
  expect(reference, last).toBeDefined();
  return reference!;
}

describe('idempotency keys live as long as what they protect', () => {
  it('two applicants from one address, the first conversation expired in between: two requests, each with its own applicant', async () => {
    const c = new Transcript(core);
    const first = await apply(c, 1);
    // The conversation state expires (its TTL), while the idempotency keys of its actions live on.
    await redis.del(core.keys.state(c.ref));
    const second = await apply(c, 2);
    expect(second).not.toBe(first);
    expect((await core.requests.get(first))!.applicant).toMatchObject({ nationalId: nationalIdFor(1), fullName: 'محمد عبدالله السالم' });
    expect((await core.requests.get(second))!.applicant).toMatchObject({ nationalId: nationalIdFor(2), fullName: 'فاطمة أحمد الزهراني' });
    expect(await core.requests.listByNationalId(nationalIdFor(2))).toEqual([second]);
  });

  it('a new conversation is born with its own id, kept in its state', async () => {
    const a = new Transcript(core);
    await a.say('السلام عليكم');
    const id = (await core.runner.state(a.ref))!.id;
    await a.say('1');
    expect((await core.runner.state(a.ref))!.id).toBe(id);
    await redis.del(core.keys.state(a.ref));
    await a.say('السلام عليكم');
    expect((await core.runner.state(a.ref))!.id).not.toBe(id);
  });
});

describe('filing is atomic', () => {
  const draft = (nationalId: string) => ({
    applicant: { fullName: 'محمد عبدالله السالم', nationalId, mobile: '+966512345678', city: 'riyadh', familySize: 5, monthlyIncome: 0 },
    requestType: 'rent',
    description: '',
    attachments: [],
    consent: { noticeVersion: '1', at: new Date().toISOString(), channel: 'test' },
    acknowledgement: { at: new Date().toISOString(), channel: 'test', text: 'ok' },
    conversation: { channel: 'test' as const, address: 'a1' },
  });

  it('the same idempotency key at once from two places (a lapsed lock): one request, one reference', async () => {
    const at = new Date();
    const made = await Promise.all(Array.from({ length: 8 }, () => core.requests.create(draft(nationalIdFor(7)), at, 'race-key-1')));
    expect(new Set(made.map((r) => r.reference)).size).toBe(1);
    expect(await core.requests.listByNationalId(nationalIdFor(7))).toEqual([made[0]!.reference]);
    expect(made[0]).toEqual(await core.requests.get(made[0]!.reference));
  });

  it('an idempotency key is never overwritten: complaints too', async () => {
    const at = new Date();
    const [a, b] = await Promise.all([
      core.complaints.record({ kind: 'complaint', text: 'الأولى', conversation: { channel: 'test', address: 'c1' } }, at, 'cmp-key-1'),
      core.complaints.record({ kind: 'complaint', text: 'الثانية', conversation: { channel: 'test', address: 'c1' } }, at, 'cmp-key-1'),
    ]);
    expect(b!.reference).toBe(a!.reference);
    expect(await redis.get(core.keys.idempotent('cmp:cmp-key-1'))).toBe(a!.reference);
    expect((await core.complaints.get(a!.reference))!.text).toBe(a!.text);
  });
});

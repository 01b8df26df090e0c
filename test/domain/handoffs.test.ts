import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffRepository } from '../../src/domain/handoffs.js';
import { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix('handoffs');
let redis: Redis;
let handoffs: HandoffRepository;
const keys = new Keys(prefix);
beforeAll(async () => {
  redis = await connectTestRedis();
  handoffs = new HandoffRepository(redis, keys, { retentionDays: 1 });
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

const ref = (address: string) => ({ channel: 'telegram' as const, address });
const open = (address: string, now: number) =>
  handoffs.open({ ref: ref(address), reason: 'asked', locale: 'ar', now, transcript: [{ from: 'beneficiary', text: 'ابي اكلم احد', at: now }] });

describe('handoff records', () => {
  it('opens one handoff per conversation, with its transcript, queued longest-waiting first', async () => {
    const a = await open('100', 1_000);
    const b = await open('200', 2_000);
    const again = await open('100', 3_000);
    expect(a.created).toBe(true);
    expect(again).toEqual({ handoff: a.handoff, created: false });
    expect((await handoffs.list('waiting')).map((h) => h.id)).toEqual([a.handoff.id, b.handoff.id]);
    expect(await handoffs.position(b.handoff.id)).toBe(2);
    expect(await handoffs.transcript(a.handoff.id)).toEqual([{ from: 'beneficiary', text: 'ابي اكلم احد', at: 1_000 }]);
    expect((await handoffs.openFor(ref('100')))?.id).toBe(a.handoff.id);
  });

  it('one claim wins when two officers claim at once; capacity is respected by auto-assignment', async () => {
    const { handoff } = await open('300', 4_000);
    const [x, y] = await Promise.all([handoffs.claim(handoff.id, 'o1', 5_000), handoffs.claim(handoff.id, 'o2', 5_000)]);
    expect([x.ok, y.ok].sort()).toEqual([false, true]);
    const winner = x.ok ? 'o1' : 'o2';
    expect((await handoffs.get(handoff.id))).toMatchObject({ status: 'with-officer', officerId: winner, claimedAt: 5_000 });
    expect(await redis.sMembers(keys.officerOpen(winner))).toEqual([handoff.id]);
    expect(await handoffs.typicalWait()).toBe(1_000);
    const next = await open('400', 6_000);
    expect(await handoffs.claim(next.handoff.id, winner, 7_000, 1)).toEqual({ ok: false, why: 'full' });
    expect(await handoffs.lastOfficer(ref('300'))).toBe(winner);
  });

  it('transfer moves the chat and the load; close once, then the second close finds it closed', async () => {
    const { handoff } = await open('500', 8_000);
    await handoffs.claim(handoff.id, 'o3', 9_000);
    const moved = await handoffs.transfer(handoff.id, 'o4', 9_500);
    expect(moved.ok && moved.previousOfficer).toBe('o3');
    expect(await redis.sCard(keys.officerOpen('o3'))).toBe(0);
    expect(await redis.sMembers(keys.officerOpen('o4'))).toEqual([handoff.id]);
    const first = await handoffs.end(handoff.id, 'resolved', 'officer:o4', 10_000);
    const second = await handoffs.end(handoff.id, 'resolved', 'officer:o4', 11_000);
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, why: 'from', status: 'resolved', officerId: 'o4' });
    expect(await redis.sCard(keys.officerOpen('o4'))).toBe(0);
    expect(await handoffs.openFor(ref('500'))).toBeUndefined();
    // Closed records are kept for the retention period, then expire.
    expect(await redis.ttl(keys.handoff(handoff.id))).toBeGreaterThan(86_000);
    expect(await redis.ttl(keys.handoffTranscript(handoff.id))).toBeGreaterThan(86_000);
  });

  it('lists closed chats most recently closed first, up to the limit, and drops from the index those past the retention period', async () => {
    const now = Date.now();
    const old = await open('700', now - 2 * 86_400_000);
    const first = await open('701', now - 60_000);
    const second = await open('702', now - 50_000);
    await handoffs.end(old.handoff.id, 'bot', 'beneficiary', now - 40_000);
    await handoffs.end(second.handoff.id, 'resolved', 'officer:o1', now - 30_000);
    await handoffs.end(first.handoff.id, 'resolved', 'officer:o1', now - 20_000);
    const closed = await handoffs.list('closed');
    expect(closed.map((h) => h.id)).toEqual([first.handoff.id, second.handoff.id]);
    expect(closed[0]).toMatchObject({ status: 'resolved', closedAt: now - 20_000, closedBy: 'officer:o1', ref: { channel: 'telegram', address: '701' } });
    expect(await redis.zScore(keys.handoffsByStatus('bot'), old.handoff.id)).toBeNull();
    expect((await handoffs.list('closed', 1)).map((h) => h.id)).toHaveLength(1);
  });

  it('keeps an audit trail per handoff and in one stream', async () => {
    const { handoff } = await open('600', 12_000);
    await handoffs.audit({ at: 12_500, actor: 'officer:o1', action: 'claimed', handoff: handoff.id });
    expect(await handoffs.auditTrail(handoff.id)).toEqual([{ at: 12_500, actor: 'officer:o1', action: 'claimed', handoff: handoff.id }]);
    const stream = await redis.xRange(keys.audit(), '-', '+');
    expect(stream?.at(-1)?.message).toMatchObject({ actor: 'officer:o1', action: 'claimed', handoff: handoff.id });
  });

  it('unknown and malformed ids are simply not found', async () => {
    expect(await handoffs.get('nope')).toBeUndefined();
    expect(await handoffs.get('0123456789abcdef')).toBeUndefined();
    expect(await handoffs.claim('0123456789abcdef', 'o1', 1)).toEqual({ ok: false, why: 'missing' });
  });
});

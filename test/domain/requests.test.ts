import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overdue } from '../../src/domain/request-lifecycle.js';
import { RequestRepository, type NewSupportRequest } from '../../src/domain/requests.js';
import { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';

let redis: Redis;
const prefix = uniquePrefix('requests');
const keys = new Keys(prefix);
let repo: RequestRepository;
beforeAll(async () => {
  redis = await connectTestRedis();
  repo = new RequestRepository(redis, keys);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

export const draft = (nationalId = '1000000009', mobile = '+966512345678'): NewSupportRequest => ({
  applicant: { fullName: 'محمد عبدالله', nationalId, mobile, city: 'riyadh', familySize: 5, monthlyIncome: 3000 },
  requestType: 'food',
  description: 'سلة غذائية',
  attachments: [],
  consent: { noticeVersion: '2026-11', at: new Date().toISOString(), channel: 'telegram' },
  acknowledgement: { at: new Date().toISOString(), channel: 'telegram', text: 'أقر' },
  conversation: { channel: 'telegram', address: '42' },
  locale: 'ar',
});

const auditOf = async (reference: string) => ((await redis.xRange(keys.audit(), "-", "+")) ?? []).flatMap((e) => (e?.message?.request === reference ? [e.message.action] : []));

describe('the request lifecycle', () => {
  it('moves submitted → under-review → more-information-needed → under-review → rejected, with who, when and the note, in the history and the audit log', async () => {
    const r = await repo.create(draft(), new Date('2026-11-01T08:00:00Z'), `k-${Math.random()}`);
    expect(r.status).toBe('submitted');
    await repo.setStatus(r.reference, 'under-review', 'officer:o1', new Date('2026-11-02T08:00:00Z'));
    await repo.setStatus(r.reference, 'more-information-needed', 'officer:o1', new Date('2026-11-03T08:00:00Z'), 'أرسل صورة عقد الإيجار');
    const back = await repo.addReply(r.reference, { at: '2026-11-04T08:00:00.000Z', channel: 'webchat', text: 'أرسلته' }, new Date('2026-11-04T08:00:00Z'));
    expect(back.status).toBe('under-review');
    const { request, changed } = await repo.setStatus(r.reference, 'rejected', 'officer:o2', new Date('2026-11-05T08:00:00Z'), 'الدخل أعلى من الحد', true);
    expect(changed).toBe(true);
    expect(request.history.map((h) => [h.status, h.by, h.note ?? null])).toEqual([
      ['submitted', 'beneficiary:telegram', null],
      ['under-review', 'officer:o1', null],
      ['more-information-needed', 'officer:o1', 'أرسل صورة عقد الإيجار'],
      ['under-review', 'beneficiary:webchat', 'more information received'],
      ['rejected', 'officer:o2', 'الدخل أعلى من الحد'],
    ]);
    expect(request.history.at(-1)).toMatchObject({ at: '2026-11-05T08:00:00.000Z', shared: true });
    expect((await repo.get(r.reference))!.replies).toEqual([{ at: '2026-11-04T08:00:00.000Z', channel: 'webchat', text: 'أرسلته' }]);
    expect(await repo.listByStatus('rejected')).toContain(r.reference);
    expect(await repo.listByStatus('under-review')).not.toContain(r.reference);
    expect(await auditOf(r.reference)).toEqual(['request-submitted', 'request-status', 'request-status', 'request-info', 'request-status']);
    // Two decisions told to him (more information, the rejection): two notices in the outbox.
    expect((await repo.pendingNotices()).filter((n) => n.reference === r.reference).map((n) => n.index)).toEqual([2, 4]);
  });

  it('the same change twice is one change; a decided request is final; an unknown one is a 404', async () => {
    const r = await repo.create(draft('1000000017'), new Date(), `k-${Math.random()}`);
    expect((await repo.setStatus(r.reference, 'accepted', 'officer:o1', new Date(), 'مقبول')).changed).toBe(true);
    expect((await repo.setStatus(r.reference, 'accepted', 'officer:o1', new Date(), 'مقبول')).changed).toBe(false);
    expect((await repo.get(r.reference))!.history).toHaveLength(2);
    await expect(repo.setStatus(r.reference, 'rejected', 'officer:o1', new Date())).rejects.toMatchObject({ statusCode: 409, code: 'SANAD_ERR_REQUEST_STATUS' });
    await expect(repo.setStatus('SR-2026-999999', 'accepted', 'officer:o1', new Date())).rejects.toMatchObject({ statusCode: 404, code: 'SANAD_ERR_NO_REQUEST' });
  });

  it('concurrent decisions on one request: exactly one wins, the history has it once', async () => {
    const r = await repo.create(draft('1000000025'), new Date(), `k-${Math.random()}`);
    const results = await Promise.allSettled([
      repo.setStatus(r.reference, 'accepted', 'officer:a', new Date()),
      repo.setStatus(r.reference, 'rejected', 'officer:b', new Date()),
      repo.setStatus(r.reference, 'accepted', 'officer:c', new Date()),
    ]);
    const stored = (await repo.get(r.reference))!;
    expect(stored.history.filter((h) => h.status !== 'submitted')).toHaveLength(1);
    expect(results.filter((x) => x.status === 'fulfilled' && x.value.changed)).toHaveLength(1);
    expect((await repo.countByStatus())[stored.status]).toBeGreaterThanOrEqual(1);
  });

  it('reads a record written with the old name more-info', async () => {
    const r = await repo.create(draft('1000000033'), new Date(), `k-${Math.random()}`);
    const raw = JSON.parse((await redis.get(keys.request(r.reference)))!);
    await redis.set(keys.request(r.reference), JSON.stringify({ ...raw, status: 'more-info', history: [...raw.history, { status: 'more-info', at: raw.submittedAt, by: 'officer:x' }] }));
    expect((await repo.get(r.reference))!.status).toBe('more-information-needed');
  });

  it('is overdue past the promised days while undecided, never once decided', () => {
    const day = 86_400_000;
    const at = '2026-11-01T00:00:00.000Z';
    expect(overdue('under-review', at, Date.parse(at) + 13 * day, 14)).toBe(false);
    expect(overdue('under-review', at, Date.parse(at) + 15 * day, 14)).toBe(true);
    expect(overdue('accepted', at, Date.parse(at) + 30 * day, 14)).toBe(false);
  });
});

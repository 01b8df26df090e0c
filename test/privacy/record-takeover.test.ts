import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import type { Redis } from '../../src/store/redis.js';
import { Transcript, useCore } from '../support/core.js';

let core: Core;
let redis: Redis;
useCore('takeover', (fixture) => ({ core, redis } = fixture));

/** A full support request in conversation `c`, returning its reference. */
async function apply(c: Transcript, who: { name: string; id: string; mobile: string; family: string }): Promise<string> {
  await c.say('مرحبا');
  await c.say('تقديم طلب دعم');
  await c.say('نعم');
  await c.say(who.name);
  await c.say(who.id);
  await c.say(who.mobile);
  await c.say('الرياض');
  await c.say(who.family);
  await c.say('1000');
  await c.say('سلة غذائية');
  await c.say('نحتاج سلة غذائية للأسرة هذا الشهر');
  await c.say('تخطي');
  await c.say('البيانات صحيحة');
  return /SR-\d{4}-\d{6}/.exec(c.text(await c.say('نعم')))![0];
}

/** The update-data flow up to the verification answer. */
async function tryVerify(c: Transcript, id: string, mobile: string): Promise<string> {
  await c.say('مرحبا');
  await c.say('تحديث بياناتي');
  await c.say('نعم');
  await c.say(id);
  return c.text(await c.say(mobile));
}

const OWNER = { name: 'سارة محمد العتيبي', id: '1000000024', mobile: '0501234567', family: '4' };

describe('record takeover (finding 1)', () => {
  it('a stranger who knows an ID files a request with his own data, flagged; the record and its notices stay the owner\'s', async () => {
    const owner = new Transcript(core);
    await apply(owner, OWNER);
    const stranger = new Transcript(core);
    const reference = await apply(stranger, { name: 'فهد سالم الدوسري', id: OWNER.id, mobile: '0559876543', family: '9' });

    const record = await core.beneficiaries.get(OWNER.id);
    expect(record).toMatchObject({ fullName: OWNER.name, mobile: '+966501234567', familySize: 4 });
    expect(record!.conversations.map((c) => c.address)).not.toContain(stranger.address);

    const request = await core.requests.get(reference);
    expect(request!.applicant).toMatchObject({ fullName: 'فهد سالم الدوسري', mobile: '+966559876543', familySize: 9 });
    expect(request!.differences).toEqual(
      expect.arrayContaining([
        { field: 'fullName', onRecord: OWNER.name, given: 'فهد سالم الدوسري' },
        { field: 'mobile', onRecord: '+966501234567', given: '+966559876543' },
        { field: 'familySize', onRecord: 4, given: 9 },
      ]),
    );
    // …and "update my data" does not take his own mobile as proof.
    expect(await tryVerify(stranger, OWNER.id, '0559876543')).toContain('لم نتمكن من التحقق');
  });

  it('does not verify with a mobile the same conversation just typed into the request that created the record', async () => {
    const c = new Transcript(core);
    await apply(c, { name: 'نورة علي الشهري', id: '1000000032', mobile: '0531112222', family: '2' });
    expect(await tryVerify(c, '1000000032', '0531112222')).toContain('لم نتمكن من التحقق');
    // From another conversation the number on file verifies (web chat and the terminal prove no number).
    expect(await tryVerify(new Transcript(core), '1000000032', '0531112222')).toContain('ما البيان الذي تريد تحديثه');
  });

  it('where the channel proved a number, that number must be the one on file: the typed one does not count', async () => {
    await apply(new Transcript(core), { name: 'عبدالله ناصر الحربي', id: '1000000040', mobile: '0542223333', family: '3' });
    const proved = new Transcript(core);
    await core.proofs.record(proved.ref, '+966542223333');
    expect(await tryVerify(proved, '1000000040', '0500000000')).toContain('ما البيان الذي تريد تحديثه');
    expect(await core.beneficiaries.verify('1000000040', '+966500000000', proved.ref, '+966542223333')).toMatchObject({ by: 'channel' });

    const other = new Transcript(core);
    await core.proofs.record(other.ref, '+966569998888');
    expect(await tryVerify(other, '1000000040', '0542223333')).toContain('لم نتمكن من التحقق');
  });

  it('keeps every change with its consent and how he was verified', async () => {
    await apply(new Transcript(core), { name: 'ماجد فهد القحطاني', id: '1000000057', mobile: '0571231234', family: '5' });
    const c = new Transcript(core);
    await tryVerify(c, '1000000057', '0571231234');
    await c.say('عدد أفراد الأسرة');
    expect(c.text(await c.say('6'))).toContain('تم تحديث بياناتك');
    const [change] = await core.beneficiaries.history('1000000057');
    expect(change).toMatchObject({ field: 'familySize', from: 5, to: 6, verifiedBy: 'mobile', consent: { noticeVersion: '2026-11', channel: 'test' } });
  });

  it('changes the record atomically: concurrent updates each leave one history entry, none lost', async () => {
    await apply(new Transcript(core), { name: 'ريم خالد الزهراني', id: '1000000065', mobile: '0581234567', family: '1' });
    const at = new Date();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => core.beneficiaries.update('1000000065', 'monthlyIncome', 1000 + i, { channel: 'test', at, verifiedBy: 'mobile' })),
    );
    const history = await core.beneficiaries.history('1000000065');
    expect(history).toHaveLength(20);
    // Each change starts from the value the one before it left: no two read the same record.
    for (let i = 1; i < history.length; i++) expect(history[i]!.from).toBe(history[i - 1]!.to);
    expect((await core.beneficiaries.get('1000000065'))!.monthlyIncome).toBe(history[19]!.to);
    expect(await redis.exists(core.keys.beneficiary('1000000065'))).toBe(1);
  });

  it('files many requests for one ID at once without contention: one record, every matching conversation kept', async () => {
    const applicant = { fullName: 'سلمان علي العمري', nationalId: '1000000198', mobile: '+966591234567', city: 'riyadh', familySize: 2, monthlyIncome: 900 };
    const filed = await Promise.all(
      Array.from({ length: 100 }, (_, i) => core.beneficiaries.fileApplicant(applicant, { channel: 'test', address: `many-${i}` }, new Date())),
    );
    expect(filed.filter((f) => f.created)).toHaveLength(1);
    expect((await core.beneficiaries.get('1000000198'))!.conversations).toHaveLength(100);
  });
});

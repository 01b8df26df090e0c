import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { Transcript, useCore } from '../support/core.js';

let core: Core;
useCore('support', (fixture) => ({ core } = fixture));

/** Walks a new conversation up to the summary with valid answers. */
async function fillForm(c: Transcript): Promise<string> {
  await c.say('السلام عليكم');
  await c.say('2');
  await c.say('نعم');
  await c.say('محمد عبدالله السالم');
  await c.say('١٠٠٠٠٠٠٠٠٨');
  await c.say('0512345678');
  await c.say('الرياض');
  await c.say('5');
  await c.say('٣٠٠٠');
  await c.say('3');
  await c.say('نحتاج سداد إيجار شهرين متأخرة');
  return c.text(await c.say('تخطي'));
}

describe('support request (طلب دعم)', () => {
  it('goes from greeting to an SR reference, with consent and acknowledgement stored', async () => {
    const c = new Transcript(core);
    const greeting = c.text(await c.say('السلام عليكم'));
    expect(greeting).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    expect(greeting).toContain('تقديم طلب دعم');

    const notice = c.text(await c.say('2'));
    expect(notice).toContain('نظام حماية البيانات الشخصية');
    expect(c.text(await c.say('نعم'))).toContain('اسمك الرباعي');
    expect(c.text(await c.say('محمد عبدالله السالم'))).toContain('رقم الهوية');

    // A wrong check digit is re-asked with the reason.
    const wrongId = c.text(await c.say('1000000001'));
    expect(wrongId).toContain('رقم التحقق');
    expect(wrongId).toContain('رقم الهوية الوطنية أو الإقامة');

    expect(c.text(await c.say('١٠٠٠٠٠٠٠٠٨'))).toContain('رقم الجوال');
    expect(c.text(await c.say('+966 51 234 5678'))).toContain('مدينة');
    expect(c.text(await c.say('1'))).toContain('عدد أفراد');
    expect(c.text(await c.say('40'))).toContain('بين 1 و 30');
    expect(c.text(await c.say('5'))).toContain('دخل الأسرة');
    expect(c.text(await c.say('0'))).toContain('نوع الدعم');
    expect(c.text(await c.say('سلة غذائية'))).toContain('صف حاجتك');
    expect(c.text(await c.say('نحتاج سلة غذائية للأسرة هذا الشهر'))).toContain('تخطي');

    const summary = c.text(await c.say('تخطي'));
    expect(summary).toContain('• الاسم: محمد عبدالله السالم');
    expect(summary).toContain('• رقم الهوية: 1000000008');
    expect(summary).toContain('• الجوال: 0512345678');
    expect(summary).toContain('• المدينة: الرياض');
    expect(summary).toContain('• الدخل الشهري: 0');
    expect(summary).toContain('• نوع الطلب: سلة غذائية');

    expect(c.text(await c.say('1'))).toContain('مسؤول مسؤولية مباشرة');
    const done = c.text(await c.say('نعم'));
    const reference = /SR-\d{4}-\d{6}/.exec(done)?.[0];
    expect(reference).toBeDefined();
    expect(done).toContain('لجنة البحث');
    expect(done).toContain('لا تقل عن أسبوعين');
    expect(done).toMatch(/هـ الموافق .* م/);

    const stored = await core.requests.get(reference!);
    expect(stored).toMatchObject({
      status: 'submitted',
      applicant: { fullName: 'محمد عبدالله السالم', nationalId: '1000000008', mobile: '+966512345678', city: 'riyadh', familySize: 5, monthlyIncome: 0 },
      requestType: 'food',
      consent: { noticeVersion: '2026-11', channel: 'test' },
      acknowledgement: { channel: 'test' },
      conversation: { channel: 'test', address: c.address },
    });
    expect(Date.parse(stored!.acknowledgement.at)).toBeGreaterThanOrEqual(Date.parse(stored!.consent.at));
    expect(await core.requests.listByNationalId('1000000008')).toContain(reference);
    expect(await core.requests.listByStatus('submitted')).toContain(reference);
    expect(await core.beneficiaries.get('1000000008')).toMatchObject({ mobile: '+966512345678', familySize: 5 });
  });

  it('numbers references per year in sequence', async () => {
    const a = new Transcript(core);
    const b = new Transcript(core);
    await fillForm(a);
    await a.say('1');
    const refA = /SR-(\d{4})-(\d{6})/.exec(a.text(await a.say('نعم')))!;
    await fillForm(b);
    await b.say('1');
    const refB = /SR-(\d{4})-(\d{6})/.exec(b.text(await b.say('نعم')))!;
    expect(refB[1]).toBe(refA[1]);
    expect(Number(refB[2])).toBe(Number(refA[2]) + 1);
  });

  it('lets the beneficiary correct a field from the summary, then returns to the summary', async () => {
    const c = new Transcript(core);
    const summary = await fillForm(c);
    expect(summary).toContain('تعديل: الجوال');
    expect(c.text(await c.say('تعديل: الجوال'))).toContain('رقم الجوال');
    const again = c.text(await c.say('0598765432'));
    expect(again).toContain('• الجوال: 0598765432');
    expect(again).toContain('• المدينة: الرياض');
    expect(c.text(await c.say('البيانات صحيحة'))).toContain('إقرار');
    const done = c.text(await c.say('نعم'));
    const ref = /SR-\d{4}-\d{6}/.exec(done)![0];
    expect((await core.requests.get(ref))!.applicant.mobile).toBe('+966598765432');
  });

  it('does not submit without the acknowledgement', async () => {
    const c = new Transcript(core);
    await fillForm(c);
    await c.say('1');
    const refused = c.text(await c.say('لا'));
    expect(refused).toContain('لا يمكن رفع الطلب دون الإقرار');
    expect(refused).toContain('فضلاً راجع بياناتك');
  });

  it('ends politely when the privacy notice is declined, keeping nothing', async () => {
    const c = new Transcript(core);
    await c.say('مرحبا');
    await c.say('2');
    const declined = c.text(await c.say('لا'));
    expect(declined).toContain('نحترم اختيارك');
    expect(declined).toContain('920000000');
    expect((await core.runner.state(c.ref))!.data).toEqual({});
  });

  it('works in English, with the same record', async () => {
    const c = new Transcript(core);
    await c.say('hello');
    expect(c.text(await c.say('English'))).toContain('Switched to English');
    expect(c.text(await c.say('2'))).toContain('Personal Data Protection Law');
    expect(c.text(await c.say('yes'))).toContain('full name');
    await c.say('Ahmed Ali Alharbi');
    expect(c.text(await c.say('2000000006'))).toContain('mobile');
    await c.say('966512345678');
    expect(c.text(await c.say('Jeddah'))).toContain('family');
    await c.say('3');
    await c.say('1500');
    await c.say('Medical aid');
    await c.say('Need help paying for my son treatment');
    const summary = c.text(await c.say('Skip'));
    expect(summary).toContain('• City: Jeddah');
    await c.say('The data is correct');
    const done = c.text(await c.say('yes'));
    expect(done).toContain('no less than two weeks');
    const ref = /SR-\d{4}-\d{6}/.exec(done)![0];
    expect((await core.requests.get(ref))!.applicant).toMatchObject({ nationalId: '2000000006', city: 'jeddah' });
  });
});

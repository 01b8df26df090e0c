/**
 * Free text against the real engine and Redis: a dialect question asked in the middle of the
 * support-request form is answered from the knowledge base, the same question is asked again,
 * and the form then continues with the data kept; at the main menu, free text is answered too.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { Transcript, useCore } from '../support/core.js';

let core: Core;
useCore('knowledge', (fixture) => ({ core } = fixture));

/** A new conversation taken to the family-size question of the support request. */
async function toFamilySize(c: Transcript): Promise<void> {
  await c.say('السلام عليكم');
  await c.say('2');
  await c.say('نعم');
  await c.say('محمد عبدالله السالم');
  await c.say('1000000008');
  await c.say('0512345678');
  expect(c.text(await c.say('الرياض'))).toContain('كم عدد أفراد أسرتك');
}

describe('a question asked mid-form', () => {
  it('answers "متى تفتحون؟" at the family-size question, asks it again, and the form goes on', async () => {
    const c = new Transcript(core);
    await toFamilySize(c);

    const out = c.text(await c.say('متى تفتحون؟'));
    expect(out).toContain('أوقات العمل');
    expect(out).toContain('من الأحد إلى الخميس');
    expect(out).toContain('لنكمل من حيث توقفنا');
    expect(out).toContain('كم عدد أفراد أسرتك');
    // Answered, not treated as a wrong number.
    expect(out).not.toContain('بين 1 و 30');

    expect(c.text(await c.say('5'))).toContain('دخل الأسرة الشهري');
    const state = await core.runner.state(c.ref);
    expect(state!.data).toMatchObject({ fullName: 'محمد عبدالله السالم', nationalId: '1000000008', familySize: 5 });
  });

  it('answers "وش الاوراق المطلوبه" (dialect, misspelt) at the income question and keeps the earlier answers', async () => {
    const c = new Transcript(core);
    await toFamilySize(c);
    await c.say('6');

    const out = c.text(await c.say('وش الاوراق المطلوبه'));
    expect(out).toContain('المستندات المطلوبة');
    expect(out).toContain('لنكمل من حيث توقفنا');
    expect(out).toContain('دخل الأسرة الشهري');

    expect(c.text(await c.say('٣٠٠٠'))).toContain('نوع الدعم');
    expect((await core.runner.state(c.ref))!.data).toMatchObject({ familySize: 6, monthlyIncome: 3000 });
  });

  it('answers an Arabizi question at a choice question ("wain el jam3ya?") and re-asks the choice', async () => {
    const c = new Transcript(core);
    await toFamilySize(c);
    await c.say('4');
    await c.say('2500');

    const out = c.text(await c.say('wain el jam3ya?'));
    expect(out).toContain('مقر الجمعية');
    expect(out).toContain('الملز');
    expect(out).toContain('نوع الدعم');
    expect(c.text(await c.say('سلة غذائية'))).toContain('صف حاجتك');
  });

  it('does not answer an out-of-scope message mid-form: the question is simply asked again', async () => {
    const c = new Transcript(core);
    await toFamilySize(c);

    const out = c.text(await c.say('كيف الجو اليوم؟'));
    expect(out).toContain('كم عدد أفراد أسرتك');
    expect(out).not.toContain('لنكمل من حيث توقفنا');
    expect(out).not.toContain('أوقات العمل');
    expect(c.text(await c.say('3'))).toContain('دخل الأسرة الشهري');
  });
});

describe('free text at the main menu', () => {
  it('answers a greeting-wrapped dialect question, then the menu', async () => {
    const c = new Transcript(core);
    await c.say('هلا');
    const out = c.text(await c.say('السلام عليكم، ابي اعرف وش الاوراق المطلوبه للتقديم؟'));
    expect(out).toContain('المستندات المطلوبة');
    expect(out).toContain('تقديم طلب دعم');
  });

  it('starts the support request from "ابغى اقدم على مساعده"', async () => {
    const c = new Transcript(core);
    await c.say('مرحبا');
    expect(c.text(await c.say('ابغى اقدم على مساعده'))).toContain('نظام حماية البيانات الشخصية');
  });

  it('gives the out-of-scope reply and the menu to a football question', async () => {
    const c = new Transcript(core);
    await c.say('مرحبا');
    const out = c.text(await c.say('مين فاز في مباراة الهلال امس؟'));
    expect(out).toContain('لم أفهم طلبك');
    expect(out).toContain('الاستفسارات');
  });

  it('answers in English when asked in English', async () => {
    const c = new Transcript(core);
    await c.say('english');
    const out = c.text(await c.say('where is your office?'));
    expect(out).toContain('Our office');
    expect(out).toContain('Al-Malaz');
  });
});

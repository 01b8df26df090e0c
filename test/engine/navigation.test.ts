import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import type { Redis } from '../../src/store/redis.js';
import { Transcript, testCore, useCore } from '../support/core.js';

let redis: Redis;
let core: Core;
const prefix = useCore('nav', (fixture) => ({ redis, core } = fixture));

async function startForm(c: Transcript): Promise<void> {
  await c.say('السلام عليكم');
  await c.say('2');
  await c.say('نعم');
  await c.say('محمد عبدالله السالم');
}

describe('commands at any step', () => {
  it('"back" returns to the previous question, keeping the answers before it', async () => {
    const c = new Transcript(core);
    await startForm(c);
    await c.say('1000000008');
    const back = c.text(await c.say('رجوع'));
    expect(back).toContain('عدنا إلى السؤال السابق');
    expect(back).toContain('رقم الهوية');
    expect(c.text(await c.say('2000000006'))).toContain('رقم الجوال');
    expect((await core.runner.state(c.ref))!.data).toMatchObject({ fullName: 'محمد عبدالله السالم', nationalId: '2000000006' });
  });

  it('"cancel" drops the form and shows the menu', async () => {
    const c = new Transcript(core);
    await startForm(c);
    const out = c.text(await c.say('إلغاء'));
    expect(out).toContain('تم الإلغاء');
    expect(out).toContain('تقديم طلب دعم');
    const state = (await core.runner.state(c.ref))!;
    expect(state.data).toEqual({});
    expect(state.at).toEqual({ flowId: 'main', stepId: 'menu' });
  });

  it('"menu" keeps the form, and the menu offers to continue it', async () => {
    const c = new Transcript(core);
    await startForm(c);
    const menu = await c.say('القائمة');
    expect(menu.at(-1)!.choices![0]!.label).toBe('إكمال طلبي السابق');
    const resumed = c.text(await c.say('1'));
    expect(resumed).toContain('لنكمل من حيث توقفنا');
    expect(resumed).toContain('رقم الهوية');
    expect((await core.runner.state(c.ref))!.data.fullName).toBe('محمد عبدالله السالم');
  });

  it('"0" is the menu, except where a number is asked', async () => {
    const c = new Transcript(core);
    await startForm(c);
    expect(c.text(await c.say('٠'))).toContain('إكمال طلبي السابق');
    await c.say('1');
    await c.say('1000000008');
    await c.say('0512345678');
    await c.say('1');
    await c.say('4');
    expect(c.text(await c.say('0'))).toContain('نوع الدعم');
  });

  it('"officer" hands over to the queue; leaving it (asked first), the form can be continued', async () => {
    const c = new Transcript(core);
    await startForm(c);
    const out = c.text(await c.say('ابي اكلم موظف'));
    expect(out).toMatch(/ترتيبك في قائمة الانتظار: \d+/);
    expect((await core.handoffs.handoffs.openFor(c.ref))?.reason).toBe('asked');
    const ask = await c.say('إلغاء');
    expect(c.text(ask)).toContain('هل تريد الخروج من المحادثة مع الموظف');
    const left = await c.say('1');
    expect(c.text(left)).toContain('خرجت من قائمة الانتظار');
    expect(left.at(-1)!.choices![0]!.id).toBe('resume');
    expect(await core.handoffs.handoffs.openFor(c.ref)).toBeUndefined();
    expect(c.text(await c.say('1'))).toContain('رقم الهوية');
  });

  it('after three invalid answers offers an officer, and "no" asks again', async () => {
    const c = new Transcript(core);
    await startForm(c);
    await c.say('123');
    await c.say('1000000001');
    const third = await c.say('abc');
    expect(c.text(third)).toContain('هل تود التواصل مع موظف');
    expect(third.at(-1)!.choices!.map((x) => x.id)).toEqual(['officer-yes', 'officer-no']);
    expect(c.text(await c.say('2'))).toContain('رقم الهوية');
    expect(c.text(await c.say('1000000008'))).toContain('رقم الجوال');
  });

  it('after three invalid answers "yes" reaches an officer', async () => {
    const c = new Transcript(core);
    await startForm(c);
    await c.say('1');
    await c.say('2');
    await c.say('3');
    expect(c.text(await c.say('1'))).toContain('حوّلت محادثتك إلى موظفي الجمعية');
    expect((await core.handoffs.handoffs.openFor(c.ref))?.reason).toBe('invalid-answers');
  });

  it('switches language mid-form and asks the same question in English', async () => {
    const c = new Transcript(core);
    await startForm(c);
    const out = c.text(await c.say('english'));
    expect(out).toContain('Switched to English');
    expect(out).toContain('national ID or iqama');
  });
});

describe('first contact', () => {
  it('greets, says what it can help with when the first message is out of scope, and shows the menu', async () => {
    const c = new Transcript(core);
    const out = await c.say('وش رايك في مباراة الهلال امس');
    expect(out[0]!.text).toContain('أهلاً وسهلاً');
    expect(c.text(out)).toContain('يمكنني مساعدتك في');
    expect(out.at(-1)!.choices!.map((x) => x.id)).toContain('support-request');
  });

  it('answers a first message that is a question, after the welcome', async () => {
    const c = new Transcript(core);
    const out = c.text(await c.say('السلام عليكم متى اوقات الدوام عندكم؟'));
    expect(out).toContain('أهلاً وسهلاً');
    expect(out).toContain('من الأحد إلى الخميس');
  });
});

describe('interruptions and restarts', () => {
  it('answers a question asked mid-form, then asks the form question again', async () => {
    const c = new Transcript(core);
    await startForm(c);
    const out = c.text(await c.say('متى الدوام؟'));
    expect(out).toContain('أوقات العمل');
    expect(out).toContain('من الأحد إلى الخميس');
    expect(out).toContain('لنكمل من حيث توقفنا');
    expect(out).toContain('رقم الهوية');
    expect(c.text(await c.say('1000000008'))).toContain('رقم الجوال');
  });

  it('continues a form after a restart (a new engine on the same Redis)', async () => {
    const c = new Transcript(core);
    await startForm(c);
    await c.say('1000000008');
    const restarted = await testCore(redis, prefix);
    const c2 = new Transcript(restarted, c.address);
    expect(c2.text(await c2.say('0512345678'))).toContain('مدينة');
    expect((await restarted.runner.state(c.ref))!.data).toMatchObject({ nationalId: '1000000008', mobile: '+966512345678' });
  });
});

describe('reserved choice ids a client makes up', () => {
  it('re-asks on an unknown command or topic id rather than ending the turn with no reply', async () => {
    const c = new Transcript(core);
    await c.say('السلام عليكم');
    const atMenu = await c.say('', { choiceId: 'cmd:xyz' });
    expect(c.text(atMenu)).toContain('فضلاً اختر أحد الخيارات');
    expect(atMenu.at(-1)!.choices!.map((x) => x.id)).toContain('support-request');
    await c.say('2');
    await c.say('نعم');
    const midForm = await c.say('', { choiceId: 'topic:nope' });
    expect(midForm.length).toBeGreaterThan(0);
    expect(c.text(midForm)).toContain('اسمك الرباعي');
  });

  it('takes a message with an unknown reserved id for its text', async () => {
    const c = new Transcript(core);
    await c.say('السلام عليكم');
    expect(c.text(await c.say('متى أوقات الدوام؟', { choiceId: 'cmd:xyz' }))).toContain('من الأحد إلى الخميس');
  });
});

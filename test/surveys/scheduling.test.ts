import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Surveys } from '../../src/jobs/surveys.js';
import { uniquePrefix } from '../support/redis.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { api, startConsoleFixture, type ConsoleFixture } from '../console/support.js';
import { Transcript } from '../support/core.js';
import { RATING_QUESTION, adminCookie, fastSettings, servedAndClosed, startSurveys } from './support.js';

/** Surveys through real BullMQ workers and the real runner, with short delays. */
const prefix = uniquePrefix('surveys');
let f: ConsoleFixture;
let admin: string;
let surveys: Surveys;
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  admin = await adminCookie(f);
  surveys = startSurveys(f.core, fastSettings({ reminderMs: 600, expiryMs: 1500, botSample: 1 }));
});
afterAll(async () => {
  await surveys.close();
  await f.close();
});

const asked = (c: Transcript) => c.sent.filter((s) => s.message.text.includes(RATING_QUESTION));

describe('a survey after an officer closes a chat', () => {
  it('reaches the channel once, even when the chat is closed twice; the answers are recorded', async () => {
    const { c, id } = await servedAndClosed(f, admin);
    // The officer closes again (a double click): already closed, nothing new.
    expect((await api(f.app, admin, 'POST', `/api/handoffs/${id}/close`)).json().closedNow).toBe(false);
    // The event replayed (a listener hearing it twice): still the same one survey.
    await surveys.schedule({ id: `chat-${id}`, service: 'chat', ref: c.ref, locale: 'ar', officer: null, link: id, completedAt: Date.now() });
    await waitFor(() => asked(c).length, 'the survey');
    await sleep(400);
    expect(asked(c)).toHaveLength(1);
    const question = asked(c)[0]!.message;
    // A neutral scale in words, 1 to 5, and a way to skip.
    expect(question.choices?.map((x) => x.label)).toEqual(['غير راضٍ إطلاقاً', 'غير راضٍ', 'محايد', 'راضٍ', 'راضٍ جداً', 'تخطي السؤال']);
    const survey = (await f.core.surveys.get(`chat-${id}`))!;
    expect(survey).toMatchObject({ status: 'sent', service: 'chat', link: id, ref: c.ref });
    expect(survey.officer).toMatch(/\w+/);

    // "٥" (Arabic-Indic) counts as 5.
    expect(c.text(await c.say('٥'))).toContain('هل تمّ حلّ موضوعك؟');
    expect(await f.core.surveys.get(`chat-${id}`)).toMatchObject({ status: 'answered', rating: 5 });
    expect(c.text(await c.say('نعم'))).toContain('ملاحظة');
    expect(c.text(await c.say('الموظفة كانت متعاونة جداً'))).toContain('شكراً لك، وصل رأيك');
    expect(await f.core.surveys.get(`chat-${id}`)).toMatchObject({ rating: 5, resolved: true, comment: 'الموظفة كانت متعاونة جداً' });
  });

  it('"5" counts too, and every question may be skipped', async () => {
    const { c, id } = await servedAndClosed(f, admin);
    await waitFor(() => asked(c).length, 'the survey');
    await c.say('تخطي');
    await c.say('تخطي');
    expect(c.text(await c.say('تخطي'))).toContain('شكراً لك');
    const s = (await f.core.surveys.get(`chat-${id}`))!;
    expect(s.status).toBe('answered');
    expect(s.rating).toBeUndefined();
    expect(s.resolved).toBeUndefined();
    expect(s.comment).toBeUndefined();
  });

  it('one reminder if unanswered, then it expires; a late answer is thanked, not counted', async () => {
    const { c, id } = await servedAndClosed(f, admin);
    await waitFor(() => asked(c).length, 'the survey');
    await waitFor(async () => (await f.core.surveys.get(`chat-${id}`))?.remindedAt, 'the reminder');
    await waitFor(async () => (await f.core.surveys.get(`chat-${id}`))?.status === 'expired', 'the expiry', 15_000);
    const reminders = c.sent.filter((s) => s.message.text.includes('تذكير لطيف'));
    expect(reminders).toHaveLength(1);
    expect(c.text(await c.say('1'))).toContain('انتهت مدة هذه الاستبانة');
    expect((await f.core.surveys.get(`chat-${id}`))!.rating).toBeUndefined();
  });

  it('at most one survey a day for a beneficiary', async () => {
    const first = await servedAndClosed(f, admin);
    await waitFor(() => asked(first.c).length, 'the first survey');
    await first.c.say('4');
    const second = await servedAndClosed(f, admin, first.c.address);
    await waitFor(async () => (await f.core.surveys.get(`chat-${second.id}`))?.status === 'skipped', 'the second one skipped');
    expect((await f.core.surveys.get(`chat-${second.id}`))!.skipReason).toBe('one-a-day');
    expect(asked(first.c)).toHaveLength(1);
  });

  it('waits while he is in the middle of a form, and comes once the form ends', async () => {
    const { c, id } = await servedAndClosed(f, admin);
    // Before the survey is due he starts a complaint.
    // The complaint flow asks for consent to its privacy notice first (issue 11).
    expect(c.text(await c.say('شكوى أو اقتراح'))).toContain('قبل أن نبدأ');
    expect(c.text(await c.say('نعم'))).toContain('شكوى أم اقتراح');
    await sleep(600);
    expect(asked(c)).toHaveLength(0);
    expect((await f.core.surveys.get(`chat-${id}`))!.status).toBe('scheduled');
    await c.say('شكوى');
    expect(c.text(await c.say('تأخر الرد على طلبي أكثر من شهر'))).toContain('تم تسجيل ملاحظتك');
    await waitFor(() => asked(c).length, 'the survey after the form');
    await sleep(300);
    expect(asked(c)).toHaveLength(1);
  });

  it('waits while he is with an officer again', async () => {
    const { c, id } = await servedAndClosed(f, admin);
    await c.say('ابي اكلم موظف');
    await sleep(600);
    expect(asked(c)).toHaveLength(0);
    const h = (await f.core.handoffs.handoffs.openFor(c.ref))!;
    await api(f.app, admin, 'POST', `/api/handoffs/${h.id}/claim`);
    await api(f.app, admin, 'POST', `/api/handoffs/${h.id}/release`);
    await waitFor(() => asked(c).length, 'the survey once he is back with the bot');
    await waitFor(async () => (await f.core.surveys.get(`chat-${id}`))?.status === 'sent', 'the survey marked sent');
    expect(asked(c)).toHaveLength(1);
  });
});

describe('in his language, for each kind of service', () => {
  it('a beneficiary who chose English gets the survey in English', async () => {
    const c = new Transcript(f.core);
    await c.say('English');
    await c.say('officer');
    const h = (await f.core.handoffs.handoffs.openFor(c.ref))!;
    await api(f.app, admin, 'POST', `/api/handoffs/${h.id}/claim`);
    await api(f.app, admin, 'POST', `/api/handoffs/${h.id}/close`);
    await waitFor(() => c.sent.some((s) => s.message.text.includes('Overall, how satisfied are you with the service?')), 'the English survey');
    const q = c.sent.find((s) => s.message.text.includes('Overall, how satisfied'))!.message;
    expect(q.choices?.map((x) => x.label)).toEqual(['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied', 'Skip this question']);
    expect(c.text(await c.say('4'))).toContain('Was your matter resolved?');
    expect((await f.core.surveys.get(`chat-${h.id}`))!.rating).toBe(4);
  });

  it('a decided request gets a survey of type request, linked to its reference (the event the requests desk emits)', () => {
    const e = { name: 'service.completed' as const, id: 'test:r1:9:0', at: Date.now(), payload: { flow: 'request', outcome: 'accepted', locale: 'ar' as const, service: 'request' as const, reference: 'SR-2026-000123', conversation: { channel: 'whatsapp' as const, address: '966500000000' } } };
    expect(surveys.surveyFor(e)).toMatchObject({ id: 'request-SR-2026-000123', service: 'request', link: 'SR-2026-000123' });
    // Any other finished flow that is not a listed bot outcome: none.
    expect(surveys.surveyFor({ ...e, payload: { flow: 'inquiries', outcome: 'invite', locale: 'ar', conversation: e.payload.conversation } })).toBeUndefined();
  });
});

describe('bot-only tasks', () => {
  it('a complaint recorded by the bot is surveyed (sampled); a declined consent is not', async () => {
    const c = new Transcript(f.core);
    await c.say('السلام عليكم');
    await c.say('تقديم طلب دعم');
    await c.say('لا'); // declines the privacy notice
    await c.say('شكوى أو اقتراح');
    await c.say('نعم'); // consents to the complaint flow's privacy notice
    await c.say('اقتراح');
    await c.say('نقترح فتح فرع في حي النسيم');
    await waitFor(() => asked(c).length, 'the bot survey');
    // The worker marks the survey sent after its turn, so the question can be seen a moment before the mark.
    const mineSent = async () => (await f.core.surveys.sentBetween(0, Date.now())).filter((s) => s.ref.address === c.address);
    await waitFor(async () => (await mineSent()).length, 'the bot survey marked sent');
    const mine = await mineSent();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ service: 'bot', link: 'complaint:recorded', officer: null });
  });

  it('sampling is deterministic per service: 1 in N, the same answer for a replayed event', () => {
    const event = (i: number) => ({ name: 'service.completed' as const, id: `test:u${i}:3:0`, at: 1_700_000_000_000 + i, payload: { flow: 'complaint', outcome: 'recorded', locale: 'ar' as const, conversation: { channel: 'test' as const, address: `u${i}` } } });
    const five = startSurveys(f.core, fastSettings({ botSample: 5 }), { worker: false });
    const picked = Array.from({ length: 1000 }, (_, i) => five.surveyFor(event(i))).filter(Boolean).length;
    expect(picked).toBeGreaterThan(140);
    expect(picked).toBeLessThan(260);
    for (let i = 0; i < 50; i++) expect(five.surveyFor(event(i))).toEqual(five.surveyFor(event(i)));
    const declined = { ...event(1), payload: { ...event(1).payload, flow: 'support-request', outcome: 'declined' } };
    expect(startSurveys(f.core, fastSettings({ botSample: 1 }), { worker: false }).surveyFor(declined)).toBeUndefined();
    return five.close();
  });
});

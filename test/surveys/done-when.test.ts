import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Surveys } from '../../src/jobs/surveys.js';
import type { RunningConsole } from '../../src/console/plugin.js';
import { riyadhDay } from '../../src/i18n/dates.js';
import { uniquePrefix } from '../support/redis.js';
import { newToken, startServer, Visitor, type TestServer } from '../webchat/support.js';
import { ADMIN, api, attachConsole, login } from '../console/support.js';
import { fastSettings, parseCsv, RATING_QUESTION, startSurveys } from './support.js';

/**
 * Issue 13's "done when", end to end on the real parts: a visitor on the web chat (the official
 * Direct Line client, over its WebSocket) is escalated, served by an officer and closed from the
 * console's API; the surveys queue's real BullMQ worker sends him one survey; he answers it by
 * tapping; a supervisor then finds the rating in the report's figures, its CSV and the printable
 * monthly report.
 */
const prefix = uniquePrefix('surveys-done');
let server: TestServer;
let officers: RunningConsole;
let surveys: Surveys;
let visitor: Visitor;

beforeAll(async () => {
  server = await startServer({ prefix, extra: async (app, core) => (officers = await attachConsole(app, core, prefix)) });
  surveys = startSurveys(server.core, fastSettings());
  const { token, conversationId, userId } = await newToken(server.url);
  visitor = new Visitor(server.url, token, userId, conversationId, { webSocket: true, core: server.core });
}, 30_000);
afterAll(async () => {
  visitor?.end();
  await surveys?.close();
  await officers?.stop();
  await server?.close();
});

const textOf = (a: unknown) => (a as { text?: string }).text ?? '';

describe('a web chat visitor served by an officer', () => {
  it('gets one survey, answers it, and a supervisor sees his rating in the report, the CSV and the monthly report', async () => {
    const admin = await login(server.app, ADMIN.email, ADMIN.password);
    await api(server.app, admin, 'POST', '/api/officers', { email: 'sup-done@sanad.example.org', name: 'نورة المشرفة', password: 'supervisor pw 9', role: 'supervisor' });
    const supervisor = await login(server.app, 'sup-done@sanad.example.org', 'supervisor pw 9');

    await visitor.ask('السلام عليكم');
    expect((await visitor.ask('ابي اكلم موظف')).join('\n')).toContain('ترتيبك في قائمة الانتظار');
    const [item] = (await api(server.app, supervisor, 'GET', '/api/handoffs?status=waiting')).json() as { id: string }[];
    expect((await api(server.app, supervisor, 'POST', `/api/handoffs/${item!.id}/claim`)).statusCode).toBe(200);
    await api(server.app, supervisor, 'POST', `/api/handoffs/${item!.id}/messages`, { text: 'تم تحديث بيانات طلبك' });
    await visitor.waitFor((a) => textOf(a) === 'تم تحديث بيانات طلبك', { what: "the officer's reply" });
    const from = visitor.received.length;
    expect((await api(server.app, supervisor, 'POST', `/api/handoffs/${item!.id}/close`)).statusCode).toBe(200);

    // One survey, its scale as tappable choices in words.
    await visitor.waitFor((a) => textOf(a).includes(RATING_QUESTION), { from, what: 'the survey', timeoutMs: 10_000 });
    expect(visitor.choices().map((c) => c.title)).toEqual(['غير راضٍ إطلاقاً', 'غير راضٍ', 'محايد', 'راضٍ', 'راضٍ جداً', 'تخطي السؤال']);
    expect((await visitor.pick('راضٍ')).join('\n')).toContain('هل تمّ حلّ موضوعك؟');
    await visitor.pick('نعم');
    expect((await visitor.ask('شكراً على سرعة الرد')).join('\n')).toContain('شكراً لك، وصل رأيك');
    const surveysAsked = visitor.received.slice(from).filter((a) => textOf(a).includes(RATING_QUESTION));
    expect(surveysAsked).toHaveLength(1);

    // The report's figures.
    const summary = (await api(server.app, supervisor, 'GET', '/api/surveys/summary?service=chat&channel=webchat')).json();
    expect(summary).toMatchObject({ sent: 1, responses: 1, average: 4, csat: 1, responseRate: 1, resolvedShare: 1 });
    expect(summary.distribution).toEqual({ '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 });
    expect(summary.comments).toEqual([expect.objectContaining({ rating: 4, comment: 'شكراً على سرعة الرد' })]);

    // Its CSV (UTF-8 with a BOM): the answered row with its rating, resolution and comment.
    const csv = await api(server.app, supervisor, 'GET', '/api/surveys/export.csv?channel=webchat');
    expect(csv.statusCode).toBe(200);
    expect(parseCsv(csv.body)).toEqual([expect.objectContaining({ status: 'answered', channel: 'webchat', service: 'chat', rating: '4', resolved: 'yes', comment: 'شكراً على سرعة الرد' })]);

    // The printable monthly report of this month shows it: one response, average 4.
    const month = riyadhDay(Date.now()).slice(0, 7);
    const page = await api(server.app, supervisor, 'GET', `/console/surveys?month=${month}&channel=webchat`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('التقرير الشهري لرضا المستفيدين');
    expect(page.body).toContain('شكراً على سرعة الرد');
  }, 60_000);
});

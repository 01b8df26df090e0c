import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Surveys } from '../../src/jobs/surveys.js';
import { uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { api, login, startConsoleFixture, type ConsoleFixture } from '../console/support.js';
import type { Transcript } from '../support/core.js';
import { RATING_QUESTION, adminCookie, fastSettings, parseCsv, servedAndClosed, startSurveys } from './support.js';

/** The figures the board reads, from surveys answered through the real flow. */
const prefix = uniquePrefix('survey-report');
let f: ConsoleFixture;
let admin: string;
let supervisor: string;
let officer: string;
let surveys: Surveys;
/** The consoles' events so far (the stream every console's live feed reads). */
const published = async () => ((await f.redis.xRange(f.core.keys.consoleEvents(), '-', '+')) ?? []).map((m) => JSON.parse(m.message.e!) as { type: string; survey?: string });

async function surveyed(answers: string[]): Promise<string> {
  const { c, id } = await servedAndClosed(f, admin);
  await waitFor(() => c.sent.some((s) => s.message.text.includes(RATING_QUESTION)), 'the survey');
  await waitFor(async () => (await f.core.surveys.get(`chat-${id}`))?.status === 'sent', 'marked sent');
  for (const a of answers) await (c as Transcript).say(a);
  return id;
}

beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  admin = await adminCookie(f);
  await api(f.app, admin, 'POST', '/api/officers', { email: 'sup@sanad.example.org', name: 'سارة المشرفة', password: 'supervisor pw 1', role: 'supervisor' });
  await api(f.app, admin, 'POST', '/api/officers', { email: 'off@sanad.example.org', name: 'خالد', password: 'officer pw 12' });
  supervisor = await login(f.app, 'sup@sanad.example.org', 'supervisor pw 1');
  officer = await login(f.app, 'off@sanad.example.org', 'officer pw 12');
  surveys = startSurveys(f.core, fastSettings());
  await surveyed(['5', 'نعم', 'خدمة ممتازة، شكراً "جزيلاً"']);
  await surveyed(['٢', 'لا', '=عدم الرد على الهاتف']);
  await surveyed(['تخطي', 'نعم', 'تخطي']);
  await surveyed([]); // sent, never answered
});
afterAll(async () => {
  await surveys.close();
  await f.close();
});

describe('a low rating', () => {
  it('raises an alert to supervisors in the console (live), not to officers', async () => {
    await waitFor(async () => (await published()).some((e) => e.type === 'survey-low'), 'the console event');
    expect((await published()).filter((e) => e.type === 'survey-low')).toHaveLength(1);
    const forSupervisor = (await api(f.app, supervisor, 'GET', '/console/fragments/queue')).body;
    expect(forSupervisor).toContain('تقييمات منخفضة خلال آخر ٧ أيام: 1');
    expect(forSupervisor).toContain('href="/console/surveys"');
    expect((await api(f.app, officer, 'GET', '/console/fragments/queue')).body).not.toContain('/console/surveys');
  });
});

describe('GET /api/surveys/summary', () => {
  it('401 without a session, 403 for an officer', async () => {
    expect((await api(f.app, undefined, 'GET', '/api/surveys/summary')).statusCode).toBe(401);
    expect((await api(f.app, officer, 'GET', '/api/surveys/summary')).statusCode).toBe(403);
    expect((await api(f.app, officer, 'GET', '/api/surveys/export.csv')).statusCode).toBe(403);
  });

  it('the figures of the answers given: responses, average, csat, response rate, distribution', async () => {
    const res = await api(f.app, supervisor, 'GET', '/api/surveys/summary');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ sent: 4, responses: 3, rated: 2, average: 3.5, csat: 0.5, responseRate: 0.75, resolvedShare: 0.6667 });
    expect(s.distribution).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 });
    expect(s.byChannel.test).toMatchObject({ sent: 4, responses: 3 });
    expect(s.byService.chat).toMatchObject({ sent: 4, average: 3.5 });
    expect(s.byWeek.reduce((n: number, w: { sent: number }) => n + w.sent, 0)).toBe(4);
    expect(s.byMonth).toHaveLength(1);
    expect(s.comments.map((c: { comment: string; rating: number }) => [c.rating, c.comment]).sort()).toEqual([[2, '=عدم الرد على الهاتف'], [5, 'خدمة ممتازة، شكراً "جزيلاً"']].sort());
    // Per officer, for development (the admin closed every chat).
    expect(s.officers).toEqual([expect.objectContaining({ sent: 4, responses: 3, average: 3.5 })]);
  });

  it('filters: channel, service, period; a bad filter is a 400', async () => {
    expect((await api(f.app, admin, 'GET', '/api/surveys/summary?channel=telegram')).json()).toMatchObject({ sent: 0, responses: 0, average: null, responseRate: null });
    expect((await api(f.app, admin, 'GET', '/api/surveys/summary?service=bot')).json().sent).toBe(0);
    expect((await api(f.app, admin, 'GET', '/api/surveys/summary?service=chat&channel=test')).json().sent).toBe(4);
    expect((await api(f.app, admin, 'GET', '/api/surveys/summary?from=2020-01-01&to=2020-12-31')).json().sent).toBe(0);
    for (const q of ['from=yesterday', 'service=phone', 'channel=fax', 'from=2026-12-31&to=2026-01-01', 'extra=1']) {
      const r = await api(f.app, admin, 'GET', `/api/surveys/summary?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().code).toBe('SANAD_ERR_CONSOLE_REQUEST');
    }
  });

  it('the CSV (UTF-8 with BOM, quoted) has the same figures', async () => {
    const res = await api(f.app, supervisor, 'GET', '/api/surveys/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="surveys-.*\.csv"/);
    const rows = parseCsv(res.body);
    const summary = (await api(f.app, supervisor, 'GET', '/api/surveys/summary')).json();
    expect(rows).toHaveLength(summary.sent);
    const responses = rows.filter((r) => r.status === 'answered');
    expect(responses).toHaveLength(summary.responses);
    const ratings = responses.map((r) => Number(r.rating)).filter(Boolean);
    expect(ratings.reduce((a, b) => a + b, 0) / ratings.length).toBe(summary.average);
    expect(ratings.filter((r) => r >= 4).length / ratings.length).toBe(summary.csat);
    expect(rows.map((r) => r.comment)).toContain('خدمة ممتازة، شكراً "جزيلاً"');
    // A cell that a spreadsheet would run as a formula is neutralised.
    expect(rows.map((r) => r.comment)).toContain("'=عدم الرد على الهاتف");
    expect(rows.every((r) => r.service === 'chat' && r.officer !== '' && r.link !== '')).toBe(true);
  });
});

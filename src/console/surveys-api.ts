import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OfficerRepository } from '../domain/officers.js';
import { byOfficer, summarize, toCsv, type SurveyFilter } from '../domain/survey-report.js';
import { ServiceType, type SurveyRepository } from '../domain/surveys.js';
import { riyadhDay } from '../i18n/dates.js';
import { Channel } from '../messages/model.js';
import { guard } from './auth.js';
import { badRequest } from './errors.js';

const DAY_MS = 24 * 3600_000;
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const Query = z
  .object({
    /** A Riyadh day `YYYY-MM-DD` (from its start / to its end), or an ISO time. */
    from: z.union([Day, z.iso.datetime({ offset: true })]).optional(),
    to: z.union([Day, z.iso.datetime({ offset: true })]).optional(),
    /** A Gregorian month `YYYY-MM` (Riyadh): the monthly report; replaces from and to. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
    channel: Channel.optional(),
    service: ServiceType.optional(),
    lang: z.enum(['ar', 'en']).optional(),
  })
  .strict();

/** A Gregorian month in Riyadh, from its first millisecond to its last. */
export function monthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: Date.parse(`${month}-01T00:00:00+03:00`), to: Date.parse(`${next}-01T00:00:00+03:00`) - 1 };
}

/** The period and filters of a report request; the last 30 days by default. */
export function parseFilter(query: unknown, now = Date.now()): SurveyFilter {
  const q = Query.safeParse(query ?? {});
  if (!q.success) throw badRequest('filters: from and to as YYYY-MM-DD (Riyadh) or ISO times, channel (webchat, telegram, whatsapp, ...), service (chat, request, bot)');
  const edge = (v: string, end: boolean) => (Day.safeParse(v).success ? Date.parse(`${v}T00:00:00+03:00`) + (end ? DAY_MS - 1 : 0) : Date.parse(v));
  const month = q.data.month ? monthRange(q.data.month) : undefined;
  const to = month ? month.to : q.data.to ? edge(q.data.to, true) : now;
  const from = month ? month.from : q.data.from ? edge(q.data.from, false) : Date.parse(`${riyadhDay(to - 29 * DAY_MS)}T00:00:00+03:00`);
  if (!(from <= to)) throw badRequest('"from" must not be after "to"');
  if (to - from > 3 * 366 * DAY_MS) throw badRequest('a report covers at most three years');
  return { from, to, ...(q.data.channel ? { channel: q.data.channel } : {}), ...(q.data.service ? { service: q.data.service } : {}) };
}

/**
 * The satisfaction report's data for supervisors and admins: `GET /api/surveys/summary`
 * (JSON; per-officer figures included, for development) and `GET /api/surveys/export.csv`.
 */
export function surveysApi(app: FastifyInstance, o: { officers: OfficerRepository; surveys: SurveyRepository }): void {
  const supervisor = { onRequest: guard(o.officers, 'supervisor') };
  app.get('/api/surveys/summary', supervisor, async (req) => {
    const f = parseFilter(req.query);
    const list = await o.surveys.sentBetween(f.from, f.to);
    const names = new Map((await o.officers.list()).map((x) => [x.id, x.name]));
    return { ...summarize(list, f), officers: byOfficer(list, f).map((x) => ({ ...x, name: names.get(x.officer) ?? x.officer })) };
  });
  app.get('/api/surveys/export.csv', supervisor, async (req, reply) => {
    const f = parseFilter(req.query);
    const names = new Map((await o.officers.list()).map((x) => [x.id, x.name]));
    const csv = toCsv(await o.surveys.sentBetween(f.from, f.to), f, (id) => names.get(id) ?? id);
    const name = `surveys-${riyadhDay(f.from)}-${riyadhDay(f.to)}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(csv);
  });
}

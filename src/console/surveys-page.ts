import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { hasRole, type OfficerRepository } from '../domain/officers.js';
import { byOfficer, summarize } from '../domain/survey-report.js';
import type { SurveyRepository } from '../domain/surveys.js';
import { riyadhDay } from '../i18n/dates.js';
import { Channel } from '../messages/model.js';
import { ConsoleError } from './errors.js';
import type { PageKit } from './pages.js';
import { parseFilter } from './surveys-api.js';
import { surveyTexts } from './survey-texts.js';
import { st, surveysView } from './surveys-view.js';
import type { Lang } from './html.js';

const WEEK_MS = 7 * 24 * 3600_000;

/** Chart.js's browser build, from node_modules: served from our origin (the CSP allows nothing else). */
function chartJs(): Buffer {
  const require = createRequire(import.meta.url);
  return readFileSync(join(require.resolve('chart.js').replace(/dist[\\/].*$/, ''), 'dist', 'chart.umd.min.js'));
}

/** Recent low ratings (1–2), for the alert supervisors see in the console. */
export async function recentLow(surveys: SurveyRepository, now = Date.now()) {
  return (await surveys.lowRatings(20)).filter((s) => (s.answeredAt ?? 0) >= now - WEEK_MS);
}

/** The supervisors' line above the queue (refreshed live: a low rating publishes a console event). */
export function lowRatingNotice(lang: Lang, count: number): string {
  const link = `<a href="/console/surveys">${st(lang, count ? 'review' : 'surveysLink')}</a>`;
  return count ? `<p class="alert-banner" role="status">${st(lang, 'alertBanner', { count })} · ${link}</p>` : `<p class="no-print">${link}</p>`;
}

/**
 * The satisfaction report at `/console/surveys` (supervisors and admins): figures, charts drawn
 * by Chart.js in the browser, comments, low-rating alerts, per-officer figures for development,
 * and with `?month=YYYY-MM` the printable monthly report.
 */
export function surveyPages(app: FastifyInstance, kit: PageKit, o: { officers: OfficerRepository; surveys: SurveyRepository; assetsDir: string }): void {
  const asset = (body: Buffer) => ({ body, version: createHash('sha1').update(body).digest('hex').slice(0, 10) });
  const chart = asset(chartJs());
  const script = asset(readFileSync(join(o.assetsDir, 'surveys.js')));
  for (const [path, a] of [['/console/assets/chart.umd.min.js', chart], ['/console/assets/surveys.js', script]] as const) {
    app.get(path, { logLevel: 'warn' }, (_req, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(a.body));
  }

  app.get('/console/surveys', async (req, reply) => {
    const me = await kit.signedIn(req, reply);
    if (!me) return reply;
    const lang = kit.langOf(req);
    if (!hasRole(me.role, 'supervisor')) throw new ConsoleError('SANAD_ERR_CONSOLE_FORBIDDEN', 'the satisfaction report needs the supervisor role');
    const query = Object.fromEntries(Object.entries(req.query as Record<string, string>).filter(([k, v]) => k !== 'lang' && v !== ''));
    let error = false;
    let f;
    try {
      f = parseFilter(query);
    } catch (err) {
      if (!(err instanceof ConsoleError)) throw err;
      error = true;
      f = parseFilter({});
    }
    const list = await o.surveys.sentBetween(f.from, f.to);
    const names = new Map((await o.officers.list()).map((x) => [x.id, x.name]));
    const summary = summarize(list, f);
    const body = surveysView(lang, {
      summary,
      officers: byOfficer(list, f).map((x) => ({ ...x, name: names.get(x.officer) ?? x.officer })),
      low: await recentLow(o.surveys),
      query: new URLSearchParams(error ? {} : query).toString(),
      filter: { from: riyadhDay(f.from), to: riyadhDay(f.to), channel: f.channel, service: f.service },
      channels: Channel.options.filter((c) => c !== 'test' && c !== 'terminal'),
      month: riyadhDay(f.to).slice(0, 7),
      monthly: Boolean(query.month) && !error,
      error,
    });
    return kit.html(reply, 200, {
      ...kit.frame,
      scripts: [`/console/assets/chart.umd.min.js?v=${chart.version}`, `/console/assets/surveys.js?v=${script.version}`],
      lang,
      title: `${surveyTexts.title[lang]} · ${riyadhDay(f.from)} – ${riyadhDay(f.to)}`,
      page: 'surveys',
      officer: { name: me.name, csrf: reply.generateCsrf() },
      body,
    });
  });
}

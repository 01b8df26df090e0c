import { riyadhDay } from '../i18n/dates.js';
import type { Channel } from '../messages/model.js';
import type { ServiceType, Survey } from './surveys.js';

/**
 * The satisfaction figures the board reads, from the surveys sent in a period. Pure: the
 * surveys come in, the figures go out, so the JSON summary, the page, the CSV and the printed
 * report all agree.
 *
 * - a response is a survey answered at all (any question);
 * - `average` is the mean rating (1–5) among responses that rated;
 * - `csat` is the share of ratings 4–5 among them;
 * - `responseRate` is responses ÷ surveys sent.
 */

export interface Figures {
  sent: number;
  responses: number;
  /** Responses that gave a rating (a rating may be skipped). */
  rated: number;
  average: number | null;
  csat: number | null;
  responseRate: number | null;
  /** Share of "yes" among those who answered "was your matter resolved?". */
  resolvedShare: number | null;
}

export interface Summary extends Figures {
  from: string;
  to: string;
  /** Ratings 1..5 → count. */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  byChannel: Partial<Record<Channel, Figures>>;
  byService: Partial<Record<ServiceType, Figures>>;
  /** Weeks (starting Sunday, Riyadh) and months (`YYYY-MM`, Gregorian), oldest first, by when the survey was sent. */
  byWeek: ({ period: string } & Figures)[];
  byMonth: ({ period: string } & Figures)[];
  comments: { survey: string; at: string; rating: number | null; comment: string; channel: Channel; service: ServiceType; link: string }[];
}

/** Per officer (supervisors only: for development, not for ranking people). */
export type OfficerFigures = { officer: string } & Figures;

export interface SurveyFilter {
  from: number;
  to: number;
  channel?: Channel | undefined;
  service?: ServiceType | undefined;
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

export const isResponse = (s: Survey) => s.status === 'answered';

export function figures(list: readonly Survey[]): Figures {
  const responses = list.filter(isResponse);
  const ratings = responses.flatMap((s) => (s.rating ? [s.rating] : []));
  const resolvedAnswers = responses.filter((s) => s.resolved !== undefined);
  return {
    sent: list.length,
    responses: responses.length,
    rated: ratings.length,
    average: ratings.length ? round(ratings.reduce((a, b) => a + b, 0) / ratings.length, 2) : null,
    csat: ratings.length ? round(ratings.filter((r) => r >= 4).length / ratings.length, 4) : null,
    responseRate: list.length ? round(responses.length / list.length, 4) : null,
    resolvedShare: resolvedAnswers.length ? round(resolvedAnswers.filter((s) => s.resolved).length / resolvedAnswers.length, 4) : null,
  };
}

export function matches(s: Survey, f: SurveyFilter): boolean {
  return s.sentAt !== undefined && s.sentAt >= f.from && s.sentAt <= f.to && (!f.channel || s.ref.channel === f.channel) && (!f.service || s.service === f.service);
}

/** The Sunday that starts the Riyadh week of `at`, as `YYYY-MM-DD`. */
export function weekOf(at: number): string {
  const day = riyadhDay(at);
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.toISOString().slice(0, 10);
}

function grouped<K extends string>(list: readonly Survey[], key: (s: Survey) => K): Map<K, Survey[]> {
  const out = new Map<K, Survey[]>();
  for (const s of list) {
    const k = key(s);
    out.set(k, [...(out.get(k) ?? []), s]);
  }
  return out;
}

const series = (m: Map<string, Survey[]>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, l]) => ({ period, ...figures(l) }));
const record = <K extends string>(m: Map<K, Survey[]>) => Object.fromEntries([...m.entries()].map(([k, l]) => [k, figures(l)])) as Partial<Record<K, Figures>>;

export function summarize(all: readonly Survey[], f: SurveyFilter): Summary {
  const list = all.filter((s) => matches(s, f));
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const s of list) if (isResponse(s) && s.rating) distribution[String(s.rating) as keyof typeof distribution]++;
  return {
    from: new Date(f.from).toISOString(),
    to: new Date(f.to).toISOString(),
    ...figures(list),
    distribution,
    byChannel: record(grouped(list, (s) => s.ref.channel)),
    byService: record(grouped(list, (s) => s.service)),
    byWeek: series(grouped(list, (s) => weekOf(s.sentAt!))),
    byMonth: series(grouped(list, (s) => riyadhDay(s.sentAt!).slice(0, 7))),
    comments: list
      .filter((s) => isResponse(s) && s.comment)
      .sort((a, b) => (b.answeredAt ?? 0) - (a.answeredAt ?? 0))
      .map((s) => ({ survey: s.id, at: new Date(s.answeredAt ?? s.sentAt!).toISOString(), rating: s.rating ?? null, comment: s.comment!, channel: s.ref.channel, service: s.service, link: s.link })),
  };
}

/** Figures per officer who served chats in the period (chats only: the bot and requests have none). */
export function byOfficer(all: readonly Survey[], f: SurveyFilter): OfficerFigures[] {
  const list = all.filter((s) => matches(s, f) && s.officer);
  return [...grouped(list, (s) => s.officer!).entries()].map(([officer, l]) => ({ officer, ...figures(l) }));
}

/** CSV cells: quoted, quotes doubled, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function cell(v: string | number | boolean | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export const CSV_COLUMNS = ['survey', 'sent_at', 'channel', 'service', 'officer', 'status', 'rating', 'resolved', 'comment', 'answered_at', 'link'] as const;

/** One row per survey sent in the period (UTF-8 with a BOM, so spreadsheet programs read the Arabic right). */
export function toCsv(all: readonly Survey[], f: SurveyFilter, officerName: (id: string) => string = (id) => id): string {
  const rows = all
    .filter((s) => matches(s, f))
    .sort((a, b) => a.sentAt! - b.sentAt!)
    .map((s) =>
      [
        s.id,
        new Date(s.sentAt!).toISOString(),
        s.ref.channel,
        s.service,
        s.officer ? officerName(s.officer) : '',
        s.status,
        s.rating ?? '',
        s.resolved === undefined ? '' : s.resolved ? 'yes' : 'no',
        s.comment ?? '',
        s.answeredAt ? new Date(s.answeredAt).toISOString() : '',
        s.link,
      ]
        .map(cell)
        .join(','),
    );
  return `\uFEFF${[CSV_COLUMNS.map(cell).join(','), ...rows].join('\r\n')}\r\n`;
}

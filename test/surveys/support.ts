import { QuietHours } from '../../src/domain/quiet-hours.js';
import { SURVEY_FLOW } from '../../src/engine/flow-set.js';
import { Surveys, type SurveySettings } from '../../src/jobs/surveys.js';
import type { Core } from '../../src/core.js';
import { silentLog } from '../support/core.js';
import { Transcript } from '../support/core.js';
import { api, login, ADMIN, type ConsoleFixture } from '../console/support.js';

/** Short delays, so real BullMQ workers do it all within a test. */
export function fastSettings(o: Partial<SurveySettings> = {}): SurveySettings {
  return { delayMs: 50, quiet: QuietHours.parse('off'), reminderMs: 0, expiryMs: 60_000, retryMs: 100, botSample: 0, botOutcomes: new Set(['complaint:recorded']), ...o };
}

export function startSurveys(core: Core, settings: SurveySettings, o: { now?: () => number; worker?: boolean } = {}): Surveys {
  const surveys = new Surveys({
    redis: core.redis,
    keys: core.keys,
    surveys: core.surveys,
    conversations: core.runner,
    settings,
    log: silentLog,
    hasSurveyFlow: core.ctx.flows.has(SURVEY_FLOW),
    lockMs: 1000,
    sweepEveryMs: 100,
    ...o,
  });
  surveys.listen(core.events);
  return surveys;
}

/** A beneficiary escalated, served by an officer, and closed: returns his transcript and the handoff id. */
export async function servedAndClosed(f: ConsoleFixture, officer: string, address?: string): Promise<{ c: Transcript; id: string }> {
  const c = new Transcript(f.core, address);
  await c.say('السلام عليكم');
  await c.say('ابي اكلم موظف');
  const h = await f.core.handoffs.handoffs.openFor(c.ref);
  if (!h) throw new Error('no handoff opened');
  await api(f.app, officer, 'POST', `/api/handoffs/${h.id}/claim`);
  await api(f.app, officer, 'POST', `/api/handoffs/${h.id}/messages`, { text: 'تم تحديث طلبك' });
  const closed = await api(f.app, officer, 'POST', `/api/handoffs/${h.id}/close`);
  if (closed.statusCode !== 200) throw new Error(`close: ${closed.statusCode} ${closed.body}`);
  return { c, id: h.id };
}

export async function adminCookie(f: ConsoleFixture): Promise<string> {
  return login(f.app, ADMIN.email, ADMIN.password);
}

/** The survey's opening question, as the channel got it. */
export const RATING_QUESTION = 'ما مدى رضاك عن الخدمة بشكل عام؟';

/** Reads the CSV back: the BOM, then quoted cells. */
export function parseCsv(text: string): Record<string, string>[] {
  if (text.charCodeAt(0) !== 0xfeff) throw new Error('the CSV does not begin with a BOM');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  const [head, ...rest] = rows;
  return rest.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

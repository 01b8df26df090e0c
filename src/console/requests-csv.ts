import { overdue } from '../domain/request-lifecycle.js';
import type { SupportRequest } from '../domain/requests.js';
import { channelOf } from '../domain/requests.js';

const COLUMNS = ['reference', 'status', 'submittedAt', 'channel', 'fullName', 'nationalId', 'mobile', 'city', 'familySize', 'monthlyIncome', 'requestType', 'description', 'assignee', 'decidedAt', 'overdue'] as const;

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled); formulas defused. */
export function csvField(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  // A cell starting with = + - @ is a formula to Excel: prefixed so it stays text.
  if (/^[=+\-@]/.test(s) && !/^[+-]?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The requests as CSV for the committee: UTF-8 with a BOM (so Excel shows Arabic), CRLF lines. */
export function requestsCsv(rows: SupportRequest[], now: number, slaDays: number): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) {
    const decided = [...r.history].reverse().find((h) => h.status === 'accepted' || h.status === 'rejected');
    const cells = [r.reference, r.status, r.submittedAt, channelOf(r), r.applicant.fullName, r.applicant.nationalId, r.applicant.mobile, r.applicant.city, r.applicant.familySize, r.applicant.monthlyIncome, r.requestType, r.description, r.assignee, decided?.at, overdue(r.status, r.submittedAt, now, slaDays) ? 'yes' : 'no'];
    lines.push(cells.map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

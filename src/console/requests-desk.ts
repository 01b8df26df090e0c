import type { Logger } from 'pino';
import type { BeneficiaryRepository } from '../domain/beneficiaries.js';
import { hasRole, type Officer } from '../domain/officers.js';
import { NOTIFIED, OPEN, overdue, RequestStatus } from '../domain/request-lifecycle.js';
import { channelOf, type RequestRepository, type SupportRequest } from '../domain/requests.js';
import { maskNationalId } from '../domain/validators/national-id.js';
import { maskPhone } from '../domain/validators/mobile.js';
import type { EngineContext } from '../engine/step.js';
import type { NoticeKind } from '../engine/control.js';
import type { ConversationRef } from '../messages/model.js';
import { latinDigits } from '../text/normalize.js';
import type { ConversationControl } from './desk.js';
import { forbidden } from './errors.js';

export interface RequestsDeskOptions {
  requests: RequestRepository;
  beneficiaries: BeneficiaryRepository;
  /** The flows and the profile: the officer-recorded form is checked with the chat form's own questions. */
  ctx: EngineContext;
  conversations: ConversationControl;
  log: Logger;
  /** The clock (tests set it forward to see the SLA pass). */
  now?: () => number;
}

/** A request as the list shows it. */
export interface RequestItem {
  reference: string;
  status: RequestStatus;
  submittedAt: string;
  channel: string;
  applicantName: string;
  requestType: string;
  assignee?: string;
  overdue: boolean;
}

/** Who may see an applicant's name, ID and mobile in full: the committee (supervisors, admins) and the researcher assigned. */
export const maySeeApplicant = (officer: Officer, r: SupportRequest) => hasRole(officer.role, 'supervisor') || r.assignee === officer.id;

/** "محمد عبدالله" → "محمد ع***": recognisable on the desk, not a full name for every officer. */
export function maskName(name: string): string {
  const [first, ...rest] = name.trim().split(/\s+/);
  return rest.length ? `${first} ${rest.map((w) => `${[...w][0]}***`).join(' ')}` : `${[...(first ?? '')][0] ?? ''}***`;
}

/**
 * What officers do to support requests, for the API and the pages alike: list and search,
 * open one, move it on (a decision is written with its notice in the outbox, then handed to the
 * runner, so it reaches the beneficiary's chat once even across a restart), assign a researcher.
 */
export class RequestsDesk {
  constructor(readonly o: RequestsDeskOptions) {}

  get requests() {
    return this.o.requests;
  }
  get slaDays() {
    return this.o.ctx.profile.requestSlaDays;
  }
  now(): number {
    return this.o.now?.() ?? Date.now();
  }

  item(r: SupportRequest, officer: Officer): RequestItem {
    return {
      reference: r.reference,
      status: r.status,
      submittedAt: r.submittedAt,
      channel: channelOf(r),
      applicantName: maySeeApplicant(officer, r) ? r.applicant.fullName : maskName(r.applicant.fullName),
      requestType: r.requestType,
      ...(r.assignee ? { assignee: r.assignee } : {}),
      overdue: overdue(r.status, r.submittedAt, this.now(), this.slaDays),
    };
  }

  /** Requests by status (all when none), or found by reference, national ID or mobile; oldest first. */
  async find(status: RequestStatus | undefined, q: string | undefined, limit = 500): Promise<SupportRequest[]> {
    let refs: string[];
    const query = q ? latinDigits(q).trim().toUpperCase().replace(/\s+/g, '') : '';
    if (query) {
      const mobile = /^(?:\+?966|0)?(5\d{8})$/.exec(query);
      refs = /^SR-\d{4}-\d{6}$/.test(query)
        ? [query]
        : /^[12]\d{9}$/.test(query)
          ? await this.o.requests.listByNationalId(query)
          : mobile
            ? await this.o.requests.listByMobile(`+966${mobile[1]}`)
            : [];
    } else {
      const lists = await Promise.all((status ? [status] : RequestStatus.options).map((s) => this.o.requests.listByStatus(s, limit)));
      refs = lists.flat();
    }
    const found = await this.o.requests.getMany(refs);
    return found.filter((r) => !status || r.status === status).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  /** The committee's view: undecided requests, oldest first, those past the promised period flagged. */
  async committee(officer: Officer): Promise<RequestItem[]> {
    const open = (await Promise.all(OPEN.map((s) => this.find(s, undefined)))).flat();
    return open.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)).map((r) => this.item(r, officer));
  }

  /**
   * Moves a request on. Deciding (accepted, rejected) is the committee's: a supervisor's. Any
   * officer may take a request under review or ask for more information.
   */
  async decide(reference: string, officer: Officer, status: RequestStatus, note: string | undefined, shareNote: boolean) {
    if ((status === 'accepted' || status === 'rejected') && !hasRole(officer.role, 'supervisor')) throw forbidden('supervisor (the committee decides)');
    const change = await this.o.requests.setStatus(reference, status, `officer:${officer.id}`, new Date(this.now()), note?.trim() || undefined, shareNote);
    if (change.changed && NOTIFIED.includes(status)) await this.deliverNotices(reference);
    return change;
  }

  async assign(reference: string, officer: Officer, assignee: string | null) {
    if (!hasRole(officer.role, 'supervisor')) throw forbidden('supervisor (the committee assigns researchers)');
    return this.o.requests.update(reference, `officer:${officer.id}`, new Date(this.now()), 'request-assigned', (r) => {
      if (assignee) r.assignee = assignee;
      else delete r.assignee;
      return r;
    }, { assignee });
  }

  /** Where a notice for this request goes: the chat it came from, else the last chat the beneficiary used. */
  async noticeRef(r: SupportRequest): Promise<ConversationRef | undefined> {
    if (r.conversation) return r.conversation;
    return (await this.o.beneficiaries.get(r.applicant.nationalId))?.conversations.at(-1);
  }

  /**
   * Hands the outbox's notices to the runner (the conversation's inbox, then BullMQ). Each has a
   * fixed id, so one handed over twice (a crash between the two steps) still reaches him once.
   */
  async deliverNotices(only?: string): Promise<number> {
    let handed = 0;
    for (const n of await this.o.requests.pendingNotices()) {
      if (only && n.reference !== only) continue;
      try {
        const r = await this.o.requests.get(n.reference);
        const ref = r && (await this.noticeRef(r));
        const what = r && this.noticeOf(r, n.index, n.proactive);
        if (r && ref && what) {
          await this.o.conversations.control(ref, { kind: 'request-notice', reference: r.reference, ...what, locale: r.locale }, `notice:${n.member.replace('|', ':')}`);
          handed++;
        } else if (r && !ref) {
          this.o.log.warn({ reference: n.reference }, 'request notice: the beneficiary has no chat to tell him on (an officer-recorded request); call him');
        }
        await this.o.requests.noticeHandedOver(n.member);
      } catch (err) {
        // Left in the outbox: the next sweep tries again.
        this.o.log.error({ err, reference: n.reference }, 'request notice could not be handed over; it is retried');
      }
    }
    return handed;
  }

  /** What an outbox entry tells him: a decision from the history, or a reminder / announcement. */
  private noticeOf(r: SupportRequest, index: number, proactive: boolean): { what: NoticeKind; note?: string } | undefined {
    if (proactive) {
      const p = r.notices[index];
      return p ? { what: p.kind, ...(p.text ? { note: p.text } : {}) } : undefined;
    }
    const entry = r.history[index];
    if (!entry || !NOTIFIED.includes(entry.status)) return undefined;
    return { what: entry.status as NoticeKind, ...(entry.shared && entry.note ? { note: entry.note } : {}) };
  }

  /** "Still under study": once per request, when the promised period has passed without a decision. */
  async remindOverdue(): Promise<number> {
    let sent = 0;
    const now = this.now();
    for (const status of OPEN) {
      for (const r of await this.find(status, undefined)) {
        if (!overdue(r.status, r.submittedAt, now, this.slaDays) || r.notices.some((x) => x.kind === 'reminder')) continue;
        const { changed } = await this.o.requests.addNotice(r.reference, { kind: 'reminder', at: new Date(now).toISOString(), by: 'system' }, new Date(now), true);
        if (changed) sent++;
      }
    }
    if (sent) await this.deliverNotices();
    return sent;
  }

  /** An officer's own message to the applicant of a request, on his chat; kept on the request. */
  async announce(reference: string, officer: Officer, text: string) {
    const body = text.trim();
    const change = await this.o.requests.addNotice(reference, { kind: 'announcement', at: new Date(this.now()).toISOString(), by: `officer:${officer.id}`, text: body }, new Date(this.now()));
    await this.deliverNotices(reference);
    return change.request;
  }

  /** Masks what an officer without the role may not see in full. */
  view(r: SupportRequest, officer: Officer): SupportRequest {
    if (maySeeApplicant(officer, r)) return r;
    return { ...r, applicant: { ...r.applicant, fullName: maskName(r.applicant.fullName), nationalId: maskNationalId(r.applicant.nationalId), mobile: maskPhone(r.applicant.mobile) } };
  }
}

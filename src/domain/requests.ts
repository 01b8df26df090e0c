import { z } from 'zod';
import { Attachment, ConversationRef, Locale } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { LuaScript } from '../store/script.js';
import { createOnce } from './create-once.js';
import { badMove, noRequest, NOTIFIED, RequestStatus, StoredStatus, TRANSITIONS } from './request-lifecycle.js';

export { RequestStatus, statusLabels } from './request-lifecycle.js';

export const Applicant = z.object({
  fullName: z.string().min(1),
  nationalId: z.string().regex(/^[12]\d{9}$/),
  mobile: z.string().regex(/^\+9665\d{8}$/),
  city: z.string(),
  familySize: z.number().int().min(1),
  monthlyIncome: z.number().min(0),
});
export type Applicant = z.infer<typeof Applicant>;

/** The policy's other ways in: an officer records the request on the applicant's behalf. */
export const IntakeChannel = z.enum(['phone', 'in-person', 'letter', 'representative']);
export type IntakeChannel = z.infer<typeof IntakeChannel>;

/** The PDPL consent to the privacy notice, and the applicant's acknowledgement, each with time and channel. */
export const Consent = z.object({ noticeVersion: z.string(), at: z.string(), channel: z.string() });

export const HistoryEntry = z.object({
  status: StoredStatus,
  at: z.string(),
  /** `beneficiary:<channel>`, `officer:<id>` or `system`. */
  by: z.string(),
  note: z.string().optional(),
  /** Whether the note goes to the beneficiary (a rejection's reason; always the question asked for more information). */
  shared: z.boolean().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** What the beneficiary sent when more information was asked of him: a text, a document, or both. */
export const InfoReply = z.object({ at: z.string(), channel: z.string(), text: z.string().optional(), attachment: Attachment.optional() });
export type InfoReply = z.infer<typeof InfoReply>;

/** A notice that is not a decision: the committee's period passed ("still under study"), or an officer's own words. */
export const ProactiveNotice = z.object({ kind: z.enum(['reminder', 'announcement']), at: z.string(), by: z.string(), text: z.string().optional() });
export type ProactiveNotice = z.infer<typeof ProactiveNotice>;
/** A field where a request's applicant data differs from the beneficiary record: shown to the officer, never merged. */
export const RecordDifference = z.object({ field: z.string(), onRecord: z.unknown(), given: z.unknown() });
export type RecordDifference = z.infer<typeof RecordDifference>;

export const SupportRequest = z.object({
  reference: z.string(),
  status: StoredStatus,
  applicant: Applicant,
  requestType: z.string(),
  description: z.string(),
  attachments: z.array(Attachment),
  consent: Consent,
  acknowledgement: z.object({ at: z.string(), channel: z.string(), text: z.string() }),
  /** The chat it came from; absent for a request an officer recorded. */
  conversation: ConversationRef.optional(),
  /** Set when an officer recorded it (phone, in person, a letter, a branch representative). */
  recorded: z.object({ channel: IntakeChannel, officerId: z.string() }).optional(),
  /** The beneficiary's language, for the notices sent to him. */
  locale: Locale.default('ar'),
  /** The social researcher (officer id) studying it. */
  assignee: z.string().optional(),
  replies: z.array(InfoReply).default([]),
  /** Reminders and announcements sent to him about it. */
  notices: z.array(ProactiveNotice).default([]),
  /** Where the applicant's data differs from the beneficiary record on file (empty: it matches, or he is new). */
  differences: z.array(RecordDifference).default([]),
  submittedAt: z.string(),
  history: z.array(HistoryEntry),
});
export type SupportRequest = z.infer<typeof SupportRequest>;

export type NewSupportRequest = Omit<z.input<typeof SupportRequest>, 'reference' | 'status' | 'submittedAt' | 'history' | 'replies' | 'notices'>;

/** The channel a request came in on: the chat's, or the officer's intake channel. */
export const channelOf = (r: SupportRequest): string => r.recorded?.channel ?? r.conversation?.channel ?? 'unknown';

/**
 * Changes a stored request only if nobody changed it since it was read (the stored JSON is still
 * the one read), and in the same step moves its status index, writes the audit log and, for a
 * notice, queues it in the outbox: all or nothing.
 * KEYS request, old status index, new status index, audit stream, notice outbox
 * ARGV JSON read, new JSON, reference, score, at ms, actor, action, detail JSON, notice member or ''
 */
const changeScript = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
if cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if KEYS[2] ~= KEYS[3] then
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
end
redis.call('XADD', KEYS[4], 'MAXLEN', '~', '100000', '*', 'at', ARGV[5], 'actor', ARGV[6], 'action', ARGV[7], 'request', ARGV[3], 'detail', ARGV[8])
if ARGV[9] ~= '' then redis.call('ZADD', KEYS[5], ARGV[5], ARGV[9]) end
return 1
`);

export interface StatusChange {
  request: SupportRequest;
  /** False when the same change was asked again (nothing written, no second notice). */
  changed: boolean;
}

/** One change worked out from the request as read: the new record, what the audit log says, and a notice to queue. */
interface Change {
  updated: SupportRequest;
  action: string;
  detail: object;
  /** The outbox member: "<reference>|<history index>" for a decision, "<reference>|n<index>" for another notice. */
  notice?: string;
}

/** Support requests in Redis, indexed by status, national ID and mobile. */
export class RequestRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Files a request; with the same idempotency key twice it returns the first request, not a second one. */
  async create(draft: NewSupportRequest, at: Date, idempotencyKey: string, by?: string): Promise<SupportRequest> {
    const channel = draft.recorded?.channel ?? draft.conversation?.channel ?? 'unknown';
    const actor = by ?? `beneficiary:${channel}`;
    // Checked before it is stored: a request that does not parse is never filed.
    const { reference: _r, ...record } = SupportRequest.parse({
      ...draft,
      reference: '-',
      status: 'submitted',
      submittedAt: at.toISOString(),
      history: [{ status: 'submitted', at: at.toISOString(), by: actor }],
    });
    return createOnce<SupportRequest>(this.redis, this.keys, {
      kind: 'SR',
      idempotencyKey,
      at,
      record,
      itemKey: (reference) => this.keys.request(reference),
      indexes: [
        this.keys.requestsByStatus('submitted'),
        this.keys.requestsByNationalId(record.applicant.nationalId),
        this.keys.requestsByMobile(record.applicant.mobile),
        // An officer-recorded request has no chat yet: it is indexed by conversation once he looks it up from one.
        ...(record.conversation ? [this.keys.requestsByConversation(record.conversation)] : []),
      ],
      audit: { stream: this.keys.audit(), referenceField: 'request', fields: { at: String(at.getTime()), actor, action: 'request-submitted', detail: JSON.stringify({ channel }) } },
      parse: (raw) => SupportRequest.parse(raw),
    });
  }

  async get(reference: string): Promise<SupportRequest | undefined> {
    const raw = await this.redis.get(this.keys.request(reference));
    return raw ? SupportRequest.parse(JSON.parse(raw)) : undefined;
  }

  async getMany(references: string[]): Promise<SupportRequest[]> {
    if (!references.length) return [];
    const raws = await this.redis.mGet(references.map((r) => this.keys.request(r)));
    return raws.flatMap((raw) => (raw ? [SupportRequest.parse(JSON.parse(raw))] : []));
  }

  /** A request only for someone who holds both its reference and the national ID it was filed with. */
  async findForApplicant(reference: string, nationalId: string): Promise<SupportRequest | undefined> {
    const request = await this.get(reference);
    return request && request.applicant.nationalId === nationalId ? request : undefined;
  }

  /** References with a status, oldest submitted first. */
  async listByStatus(status: RequestStatus, limit = 50): Promise<string[]> {
    return this.redis.zRange(this.keys.requestsByStatus(status), 0, limit - 1);
  }

  /** The requests filed from one conversation, oldest first. */
  async listByConversation(ref: Pick<ConversationRef, 'channel' | 'address'>): Promise<SupportRequest[]> {
    const refs = await this.redis.zRange(this.keys.requestsByConversation(ref), 0, -1);
    const all = await Promise.all(refs.map((r) => this.get(r)));
    return all.filter((r): r is SupportRequest => Boolean(r));
  }

  async countByStatus(): Promise<Record<RequestStatus, number>> {
    const counts = await Promise.all(RequestStatus.options.map((s) => this.redis.zCard(this.keys.requestsByStatus(s))));
    return Object.fromEntries(RequestStatus.options.map((s, i) => [s, counts[i]!])) as Record<RequestStatus, number>;
  }

  async listByNationalId(nationalId: string): Promise<string[]> {
    return this.redis.zRange(this.keys.requestsByNationalId(nationalId), 0, -1);
  }

  async listByMobile(mobile: string): Promise<string[]> {
    return this.redis.zRange(this.keys.requestsByMobile(mobile), 0, -1);
  }

  /** Reads, works out a change, and writes it if nobody wrote meanwhile (else reads again). */
  private async change(reference: string, by: string, at: Date, work: (r: SupportRequest) => Change | undefined): Promise<StatusChange> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const raw = await this.redis.get(this.keys.request(reference));
      if (!raw) throw noRequest(reference);
      const request = SupportRequest.parse(JSON.parse(raw));
      const c = work(request);
      if (!c) return { request, changed: false };
      const r = await changeScript.run(
        this.redis,
        [this.keys.request(reference), this.keys.requestsByStatus(request.status), this.keys.requestsByStatus(c.updated.status), this.keys.audit(), this.keys.requestNotices()],
        [raw, JSON.stringify(c.updated), reference, Date.parse(request.submittedAt), at.getTime(), by, c.action, JSON.stringify(c.detail), c.notice ?? ''],
      );
      if (r === -1) throw noRequest(reference);
      if (r === 1) return { request: c.updated, changed: true };
      // Changed by someone else meanwhile: read it again and decide again.
    }
    throw new Error(`request ${reference} kept changing; try again`);
  }

  /**
   * Moves a request on, keeping who, when and why in its history and in the audit log. Asking
   * for the status it already has, with the same note, changes nothing (`changed: false`). A
   * decision the beneficiary is told of also goes into the notice outbox, in the same step.
   */
  async setStatus(reference: string, status: RequestStatus, by: string, at: Date, note?: string, shareNote = false): Promise<StatusChange> {
    return this.change(reference, by, at, (request) => {
      const last = request.history.at(-1);
      if (request.status === status && (last?.note ?? '') === (note ?? '')) return undefined;
      if (!TRANSITIONS[request.status].includes(status)) throw badMove(request.status, status);
      const shared = status === 'more-information-needed' || (shareNote && Boolean(note));
      const entry = { status, at: at.toISOString(), by, ...(note ? { note, shared } : {}) };
      const updated: SupportRequest = { ...request, status, history: [...request.history, entry] };
      return {
        updated,
        action: 'request-status',
        detail: { from: request.status, to: status, note: note ?? null },
        ...(NOTIFIED.includes(status) ? { notice: `${reference}|${updated.history.length - 1}` } : {}),
      };
    });
  }

  /** Changes what is not the status (the assignee, the chat to tell him on). */
  async update(reference: string, by: string, at: Date, action: string, change: (r: SupportRequest) => SupportRequest, detail: object = {}): Promise<SupportRequest> {
    return (await this.change(reference, by, at, (r) => ({ updated: change(structuredClone(r)), action, detail }))).request;
  }

  /**
   * What the beneficiary sent when more information was asked: kept on the request, which goes
   * back to `under-review` (if it was waiting for him).
   */
  async addReply(reference: string, reply: InfoReply, at: Date): Promise<SupportRequest> {
    const by = `beneficiary:${reply.channel}`;
    const change = await this.change(reference, by, at, (request) => {
      const back = request.status === 'more-information-needed';
      return {
        updated: {
          ...request,
          replies: [...request.replies, reply],
          ...(back ? { status: 'under-review' as const, history: [...request.history, { status: 'under-review' as const, at: at.toISOString(), by, note: 'more information received' }] } : {}),
        },
        action: 'request-info',
        detail: { text: Boolean(reply.text), attachment: Boolean(reply.attachment) },
      };
    });
    return change.request;
  }

  /**
   * A reminder or an officer's announcement to the applicant: kept on the request and queued in
   * the outbox in one step. `once` refuses a second notice of the same kind (the reminder).
   */
  async addNotice(reference: string, notice: ProactiveNotice, at: Date, once = false): Promise<StatusChange> {
    return this.change(reference, notice.by, at, (request) => {
      if (once && request.notices.some((n) => n.kind === notice.kind)) return undefined;
      const updated = { ...request, notices: [...request.notices, notice] };
      return { updated, action: `request-${notice.kind}`, detail: {}, notice: `${reference}|n${updated.notices.length - 1}` };
    });
  }

  /** Notices recorded in the outbox and not yet handed over: "<reference>|<history index>". */
  async pendingNotices(limit = 100): Promise<{ reference: string; index: number; proactive: boolean; member: string }[]> {
    const members = await this.redis.zRange(this.keys.requestNotices(), 0, limit - 1);
    return members.map((m) => {
      const tail = m.slice(m.lastIndexOf('|') + 1);
      return { reference: m.slice(0, m.lastIndexOf('|')), index: Number(tail.replace(/^n/, '')), proactive: tail.startsWith('n'), member: m };
    });
  }

  async noticeHandedOver(member: string): Promise<void> {
    await this.redis.zRem(this.keys.requestNotices(), member);
  }
}

import { z } from 'zod';
import { Attachment, ConversationRef, Locale } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { LuaScript } from '../store/script.js';
import { badMove, noRequest, NOTIFIED, RequestStatus, StoredStatus, TRANSITIONS } from './request-lifecycle.js';
import { nextReference } from './references.js';

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
  submittedAt: z.string(),
  history: z.array(HistoryEntry),
});
export type SupportRequest = z.infer<typeof SupportRequest>;

export type NewSupportRequest = Omit<z.input<typeof SupportRequest>, 'reference' | 'status' | 'submittedAt' | 'history' | 'replies'>;

/** The channel a request came in on: the chat's, or the officer's intake channel. */
export const channelOf = (r: SupportRequest): string => r.recorded?.channel ?? r.conversation?.channel ?? 'unknown';

/**
 * Changes a stored request only if nobody changed it since it was read (status and history
 * length as read), and in the same step moves its status index, writes the audit log and, for a
 * decision, queues the notice in the outbox: all or nothing.
 * KEYS request, old status index, new status index, audit stream, notice outbox
 * ARGV status read, history length read, new JSON, reference, score, at ms, actor, action, detail JSON, notice member or ''
 */
const changeScript = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
local r = cjson.decode(cur)
if r.status ~= ARGV[1] or #r.history ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[3])
if KEYS[2] ~= KEYS[3] then
  redis.call('ZREM', KEYS[2], ARGV[4])
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
end
redis.call('XADD', KEYS[4], 'MAXLEN', '~', '100000', '*', 'at', ARGV[6], 'actor', ARGV[7], 'action', ARGV[8], 'request', ARGV[4], 'detail', ARGV[9])
if ARGV[10] ~= '' then redis.call('ZADD', KEYS[5], ARGV[6], ARGV[10]) end
return 1
`);

export interface StatusChange {
  request: SupportRequest;
  /** False when the same change was asked again (nothing written, no second notice). */
  changed: boolean;
}

/** Support requests in Redis, indexed by status, national ID and mobile. */
export class RequestRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Files a request; with the same idempotency key twice it returns the first request, not a second one. */
  async create(draft: NewSupportRequest, at: Date, idempotencyKey: string, by?: string): Promise<SupportRequest> {
    const idem = this.keys.idempotent(`req:${idempotencyKey}`);
    const done = await this.redis.get(idem);
    if (done) {
      const existing = await this.get(done);
      if (existing) return existing;
    }
    const reference = await nextReference(this.redis, this.keys, 'SR', at);
    const channel = draft.recorded?.channel ?? draft.conversation?.channel ?? 'unknown';
    const request: SupportRequest = SupportRequest.parse({
      ...draft,
      reference,
      status: 'submitted',
      submittedAt: at.toISOString(),
      history: [{ status: 'submitted', at: at.toISOString(), by: by ?? `beneficiary:${channel}` }],
    });
    const score = at.getTime();
    await this.redis
      .multi()
      .set(this.keys.request(reference), JSON.stringify(request))
      .zAdd(this.keys.requestsByStatus('submitted'), { score, value: reference })
      .zAdd(this.keys.requestsByNationalId(request.applicant.nationalId), { score, value: reference })
      .zAdd(this.keys.requestsByConversation(request.conversation), { score, value: reference })
      .zAdd(this.keys.requestsByMobile(request.applicant.mobile), { score, value: reference })
      .set(idem, reference, { expiration: { type: 'EX', value: 30 * 24 * 3600 } })
      .xAdd(this.keys.audit(), '*', { at: String(score), actor: by ?? `beneficiary:${channel}`, action: 'request-submitted', request: reference, detail: JSON.stringify({ channel }) })
      .exec();
    return request;
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

  /**
   * Moves a request on, keeping who, when and why in its history and in the audit log. Asking
   * for the status it already has, with the same note, changes nothing (`changed: false`). A
   * decision the beneficiary is told of also goes into the notice outbox, in the same step.
   */
  async setStatus(reference: string, status: RequestStatus, by: string, at: Date, note?: string, shareNote = false): Promise<StatusChange> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const request = await this.get(reference);
      if (!request) throw noRequest(reference);
      const last = request.history.at(-1);
      if (request.status === status && (last?.note ?? '') === (note ?? '')) return { request, changed: false };
      if (!TRANSITIONS[request.status].includes(status)) throw badMove(request.status, status);
      const shared = status === 'more-information-needed' || (shareNote && Boolean(note));
      const entry = { status, at: at.toISOString(), by, ...(note ? { note } : {}), ...(note ? { shared } : {}) };
      const updated: SupportRequest = { ...request, status, history: [...request.history, entry] };
      const index = updated.history.length - 1;
      const notice = NOTIFIED.includes(status) ? `${reference}|${index}` : '';
      const r = await changeScript.run(
        this.redis,
        [this.keys.request(reference), this.keys.requestsByStatus(request.status), this.keys.requestsByStatus(status), this.keys.audit(), this.keys.requestNotices()],
        [request.status, request.history.length, JSON.stringify(updated), reference, Date.parse(request.submittedAt), at.getTime(), by, 'request-status', JSON.stringify({ from: request.status, to: status, note: note ?? null }), notice],
      );
      if (r === -1) throw noRequest(reference);
      if (r === 1) return { request: updated, changed: true };
      // Changed by someone else meanwhile: read it again and decide again.
    }
    throw badMove(status, status);
  }

  /** Changes what is not the status (the assignee, a reply): same check-and-set, no index move. */
  async update(reference: string, by: string, at: Date, action: string, change: (r: SupportRequest) => SupportRequest, detail: object = {}): Promise<SupportRequest> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const request = await this.get(reference);
      if (!request) throw noRequest(reference);
      const updated = change(structuredClone(request));
      const r = await changeScript.run(
        this.redis,
        [this.keys.request(reference), this.keys.requestsByStatus(request.status), this.keys.requestsByStatus(request.status), this.keys.audit(), this.keys.requestNotices()],
        [request.status, request.history.length, JSON.stringify(updated), reference, 0, at.getTime(), by, action, JSON.stringify(detail), ''],
      );
      if (r === -1) throw noRequest(reference);
      if (r === 1) return updated;
    }
    throw new Error(`request ${reference} kept changing; try again`);
  }

  /**
   * What the beneficiary sent when more information was asked: kept on the request, which goes
   * back to `under-review` (if it was waiting for him).
   */
  async addReply(reference: string, reply: InfoReply, at: Date): Promise<SupportRequest> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const request = await this.get(reference);
      if (!request) throw noRequest(reference);
      const by = `beneficiary:${reply.channel}`;
      const back = request.status === 'more-information-needed';
      const updated: SupportRequest = {
        ...request,
        replies: [...request.replies, reply],
        ...(back ? { status: 'under-review' as const, history: [...request.history, { status: 'under-review' as const, at: at.toISOString(), by, note: 'more information received' }] } : {}),
      };
      const r = await changeScript.run(
        this.redis,
        [this.keys.request(reference), this.keys.requestsByStatus(request.status), this.keys.requestsByStatus(updated.status), this.keys.audit(), this.keys.requestNotices()],
        [request.status, request.history.length, JSON.stringify(updated), reference, Date.parse(request.submittedAt), at.getTime(), by, 'request-info', JSON.stringify({ text: Boolean(reply.text), attachment: Boolean(reply.attachment) }), ''],
      );
      if (r === -1) throw noRequest(reference);
      if (r === 1) return updated;
    }
    throw new Error(`request ${reference} kept changing; try again`);
  }

  /** Notices recorded in the outbox and not yet handed over: "<reference>|<history index>". */
  async pendingNotices(limit = 100): Promise<{ reference: string; index: number }[]> {
    const members = await this.redis.zRange(this.keys.requestNotices(), 0, limit - 1);
    return members.map((m) => ({ reference: m.slice(0, m.lastIndexOf('|')), index: Number(m.slice(m.lastIndexOf('|') + 1)) }));
  }

  async noticeHandedOver(reference: string, index: number): Promise<void> {
    await this.redis.zRem(this.keys.requestNotices(), `${reference}|${index}`);
  }
}

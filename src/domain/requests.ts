import { z } from 'zod';
import { Attachment, ConversationRef } from '../messages/model.js';
import type { Text } from '../i18n/text.js';
import { SanadError } from '../errors.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { createOnce } from './create-once.js';

/** A request's life: the research committee moves it on from `submitted`. */
export const RequestStatus = z.enum(['submitted', 'under-review', 'more-info', 'accepted', 'rejected']);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const statusLabels: Record<RequestStatus, Text> = {
  submitted: { ar: 'مستلم، بانتظار دراسة لجنة البحث', en: 'Received, awaiting the research committee' },
  'under-review': { ar: 'قيد الدراسة لدى لجنة البحث', en: 'Under review by the research committee' },
  'more-info': { ar: 'نحتاج منك معلومات إضافية، سيتواصل معك الباحث الاجتماعي', en: 'More information is needed; a social researcher will contact you' },
  accepted: { ar: 'مقبول', en: 'Accepted' },
  rejected: { ar: 'غير مقبول', en: 'Not accepted' },
};

export const Applicant = z.object({
  fullName: z.string().min(1),
  nationalId: z.string().regex(/^[12]\d{9}$/),
  mobile: z.string().regex(/^\+9665\d{8}$/),
  city: z.string(),
  familySize: z.number().int().min(1),
  monthlyIncome: z.number().min(0),
});
export type Applicant = z.infer<typeof Applicant>;

/** The PDPL consent to the privacy notice, and the applicant's acknowledgement, each with time and channel. */
export const Consent = z.object({ noticeVersion: z.string(), at: z.string(), channel: z.string() });

export const SupportRequest = z.object({
  reference: z.string(),
  status: RequestStatus,
  applicant: Applicant,
  requestType: z.string(),
  description: z.string(),
  attachments: z.array(Attachment),
  consent: Consent,
  acknowledgement: z.object({ at: z.string(), channel: z.string(), text: z.string() }),
  conversation: ConversationRef,
  submittedAt: z.string(),
  history: z.array(z.object({ status: RequestStatus, at: z.string(), by: z.string(), note: z.string().optional() })),
});
export type SupportRequest = z.infer<typeof SupportRequest>;

export type NewSupportRequest = Omit<SupportRequest, 'reference' | 'status' | 'submittedAt' | 'history'>;

/** Support requests in Redis, indexed by status and by national ID. */
export class RequestRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Files a request; with the same idempotency key twice it returns the first request, not a second one. */
  async create(draft: NewSupportRequest, at: Date, idempotencyKey: string): Promise<SupportRequest> {
    // Checked before it is stored: a request that does not parse is never filed.
    const { reference: _r, ...record } = SupportRequest.parse({
      ...draft,
      reference: '-',
      status: 'submitted',
      submittedAt: at.toISOString(),
      history: [{ status: 'submitted', at: at.toISOString(), by: `beneficiary:${draft.conversation.channel}` }],
    });
    return createOnce<SupportRequest>(this.redis, this.keys, {
      kind: 'SR',
      idempotencyKey,
      at,
      record,
      itemKey: (reference) => this.keys.request(reference),
      indexes: [this.keys.requestsByStatus('submitted'), this.keys.requestsByNationalId(record.applicant.nationalId)],
      parse: (raw) => SupportRequest.parse(raw),
    });
  }

  async get(reference: string): Promise<SupportRequest | undefined> {
    const raw = await this.redis.get(this.keys.request(reference));
    return raw ? SupportRequest.parse(JSON.parse(raw)) : undefined;
  }

  /** A request only for someone who holds both its reference and the national ID it was filed with. */
  async findForApplicant(reference: string, nationalId: string): Promise<SupportRequest | undefined> {
    const request = await this.get(reference);
    return request && request.applicant.nationalId === nationalId ? request : undefined;
  }

  async listByStatus(status: RequestStatus, limit = 50): Promise<string[]> {
    return this.redis.zRange(this.keys.requestsByStatus(status), 0, limit - 1);
  }

  async listByNationalId(nationalId: string): Promise<string[]> {
    return this.redis.zRange(this.keys.requestsByNationalId(nationalId), 0, -1);
  }

  /** Moves a request on (the committee's decision); keeps every change in its history. */
  async setStatus(reference: string, status: RequestStatus, by: string, at: Date, note?: string): Promise<SupportRequest> {
    const request = await this.get(reference);
    if (!request) throw new SanadError('SANAD_ERR_NO_REQUEST', `no request has the reference ${reference}`);
    const previous = request.status;
    request.status = status;
    request.history.push({ status, at: at.toISOString(), by, ...(note ? { note } : {}) });
    await this.redis
      .multi()
      .set(this.keys.request(reference), JSON.stringify(request))
      .zRem(this.keys.requestsByStatus(previous), reference)
      .zAdd(this.keys.requestsByStatus(status), { score: Date.parse(request.submittedAt), value: reference })
      .exec();
    return request;
  }
}

import type { Text } from '../i18n/text.js';
import type { AttachmentStore } from '../store/attachments.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { maskNationalId } from '../text/mask.js';
import type { BeneficiaryRepository } from './beneficiaries.js';
import type { AssociationProfile } from './profile.js';
import { RequestStatus, SupportRequest, type RequestRepository } from './requests.js';

const YEAR_MS = 365.25 * 24 * 3600_000;
const CLOSED: RequestStatus[] = ['accepted', 'rejected'];

export interface AuditEntry {
  action: 'export' | 'erase' | 'retention' | 'correction-requested' | 'deletion-requested' | 'deletion-refused' | 'viewed';
  /** Who: `data-officer:<login>`, `beneficiary:<channel>`, `retention-job`. */
  by: string;
  /** What it concerned, masked: `ID ******0008`, a reference. */
  subject: string;
  details?: Record<string, unknown>;
}

export interface RightsRequest {
  kind: 'correction' | 'deletion';
  at: string;
  channel: string;
  text?: string;
  outcome?: 'erased' | 'kept';
}

/** Everything Sanad holds about one national ID (what `npm run privacy -- export` prints). */
export interface PersonalData {
  nationalId: string;
  beneficiary: unknown;
  history: unknown[];
  requests: SupportRequest[];
  rightsRequests: RightsRequest[];
}

/**
 * The beneficiary's data rights and the association's retention duties, in one place: what is
 * held about someone, erasing it, why some of it must be kept, the retention sweep, and the
 * audit log every one of these writes to.
 */
export class PrivacyService {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly repos: { requests: RequestRepository; beneficiaries: BeneficiaryRepository; attachments: AttachmentStore },
    private readonly retention: AssociationProfile['retention'],
  ) {}

  async audit(entry: AuditEntry, now = Date.now()): Promise<void> {
    await this.redis.xAdd(
      this.keys.privacyAudit(),
      '*',
      { action: entry.action, by: entry.by, subject: entry.subject, at: new Date(now).toISOString(), details: JSON.stringify(entry.details ?? {}) },
      { TRIM: { strategy: 'MINID', threshold: Math.max(0, now - this.retention.auditYears * YEAR_MS) } },
    );
  }

  async collect(nationalId: string): Promise<PersonalData> {
    const refs = await this.repos.requests.listByNationalId(nationalId);
    const requests = (await Promise.all(refs.map((r) => this.repos.requests.get(r)))).filter((r): r is SupportRequest => Boolean(r));
    return {
      nationalId,
      beneficiary: (await this.repos.beneficiaries.get(nationalId)) ?? null,
      history: await this.repos.beneficiaries.history(nationalId),
      requests,
      rightsRequests: (await this.redis.lRange(this.keys.rightsOf(nationalId), 0, -1)).map((x) => JSON.parse(x) as RightsRequest),
    };
  }

  /** Why the association must keep this person's records now (undefined: nothing stops an erasure). */
  async mustKeep(nationalId: string, now = Date.now()): Promise<Text | undefined> {
    const { requests } = await this.collect(nationalId);
    if (requests.some((r) => !CLOSED.includes(r.status))) {
      return {
        ar: 'لديك طلب قيد الدراسة، ونحتاج بياناتك لدراسته. يمكنك إلغاء الطلب بالتواصل معنا، ثم طلب الحذف.',
        en: 'You have a request being studied, and we need your data to study it. You can withdraw it by contacting us, then ask for deletion.',
      };
    }
    const keepUntil = Math.max(0, ...requests.map((r) => closedAt(r) + this.retention.closedRequestYears * YEAR_MS));
    if (keepUntil > now) {
      const years = this.retention.closedRequestYears;
      return {
        ar: `يلزم الجمعيةَ حفظُ سجلات الطلبات المدروسة ${years} سنوات من تاريخ القرار (للمراجعة والمساءلة)، وتُحذف بعدها تلقائياً.`,
        en: `The association must keep records of decided requests for ${years} years from the decision (for audit and accountability); they are deleted automatically after that.`,
      };
    }
    return undefined;
  }

  /** Erases everything held about one national ID: requests (and their files), the record, its history, rights requests. */
  async erase(nationalId: string, by: string, now = Date.now()): Promise<{ requests: number; beneficiary: boolean }> {
    const data = await this.collect(nationalId);
    for (const r of data.requests) await this.eraseRequest(r);
    const removed = await this.redis.del([this.keys.beneficiary(nationalId), this.keys.beneficiaryHistory(nationalId), this.keys.beneficiaryConversations(nationalId), this.keys.rightsOf(nationalId)]);
    await this.redis.del(this.keys.requestsByNationalId(nationalId));
    await this.redis.zRem(this.keys.rightsRequests(), nationalId);
    const result = { requests: data.requests.length, beneficiary: data.beneficiary !== null && removed > 0 };
    await this.audit({ action: 'erase', by, subject: `ID ${maskNationalId(nationalId)}`, details: result }, now);
    return result;
  }

  /** The beneficiaries' correction and deletion requests, newest first (what the data officer works through). */
  async rightsRequests(limit = 200): Promise<(RightsRequest & { nationalId: string })[]> {
    const ids = await this.redis.zRange(this.keys.rightsRequests(), 0, limit - 1, { REV: true });
    const lists = await Promise.all(ids.map((id) => this.redis.lRange(this.keys.rightsOf(id), 0, -1)));
    return ids
      .flatMap((nationalId, i) => lists[i]!.map((x) => ({ nationalId, ...(JSON.parse(x) as RightsRequest) })))
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  }

  /** Records a correction or deletion request (the officers' queue) and audits it. */
  async recordRights(nationalId: string, request: RightsRequest): Promise<void> {
    await this.redis
      .multi()
      .rPush(this.keys.rightsOf(nationalId), JSON.stringify(request))
      .zAdd(this.keys.rightsRequests(), { score: Date.parse(request.at), value: nationalId })
      .exec();
    const action = request.kind === 'correction' ? 'correction-requested' : request.outcome === 'kept' ? 'deletion-refused' : 'deletion-requested';
    await this.audit({ action, by: `beneficiary:${request.channel}`, subject: `ID ${maskNationalId(nationalId)}` }, Date.parse(request.at));
  }

  /**
   * The retention sweep: erases decided requests, complaints and orphaned beneficiary records
   * older than their retention, and writes what it did to the audit log.
   */
  async sweep(now = Date.now()): Promise<{ requests: number; complaints: number; beneficiaries: number }> {
    const done = { requests: 0, complaints: 0, beneficiaries: 0 };
    for (const status of CLOSED) {
      for (const ref of await this.redis.zRange(this.keys.requestsByStatus(status), 0, -1)) {
        const r = await this.repos.requests.get(ref);
        if (r && closedAt(r) + this.retention.closedRequestYears * YEAR_MS <= now) {
          await this.eraseRequest(r);
          done.requests++;
        }
      }
    }
    const cutoff = now - this.retention.complaintYears * YEAR_MS;
    for (const ref of await this.redis.zRangeByScore(this.keys.complaints(), 0, cutoff)) {
      await this.redis.multi().del(this.keys.complaint(ref)).zRem(this.keys.complaints(), ref).exec();
      done.complaints++;
    }
    for await (const batch of this.redis.scanIterator({ MATCH: this.keys.beneficiary('*'), COUNT: 500 })) {
      for (const key of batch) {
        if (key.endsWith(':history') || key.endsWith(':convs')) continue;
        const nationalId = key.slice(key.lastIndexOf(':') + 1);
        const b = await this.repos.beneficiaries.get(nationalId);
        if (!b || Date.parse(b.updatedAt) + this.retention.beneficiaryYears * YEAR_MS > now) continue;
        if ((await this.redis.zCard(this.keys.requestsByNationalId(nationalId))) > 0) continue;
        await this.redis.del([key, this.keys.beneficiaryHistory(nationalId), this.keys.beneficiaryConversations(nationalId), this.keys.rightsOf(nationalId)]);
        done.beneficiaries++;
      }
    }
    await this.audit({ action: 'retention', by: 'retention-job', subject: 'sweep', details: done }, now);
    return done;
  }

  private async eraseRequest(r: SupportRequest): Promise<void> {
    for (const a of r.attachments) if (a.storageKey) await this.repos.attachments.delete(a.storageKey);
    const m = this.redis
      .multi()
      .del(this.keys.request(r.reference))
      .zRem(this.keys.requestsByNationalId(r.applicant.nationalId), r.reference)
      .zRem(this.keys.requestsByMobile(r.applicant.mobile), r.reference);
    if (r.conversation) m.zRem(this.keys.requestsByConversation(r.conversation), r.reference);
    for (const s of RequestStatus.options) m.zRem(this.keys.requestsByStatus(s), r.reference);
    await m.exec();
  }
}

/** When a request was decided (its last status change). */
function closedAt(r: SupportRequest): number {
  return Date.parse(r.history.at(-1)?.at ?? r.submittedAt);
}

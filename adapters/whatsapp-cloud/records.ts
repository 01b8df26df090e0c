import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';

/** How long a sent message is remembered: its statuses come within days, a failure within minutes. */
const SENT_TTL_SECONDS = 7 * 24 * 3600;

/** How far along a message is; `failed` ends it (a message that failed is not read later). */
const RANK: Record<string, number> = { accepted: 1, sent: 2, delivered: 3, read: 4, failed: 5 };

/** A message WhatsApp accepted, as recorded under its wamid. */
export interface SentRecord {
  job: string;
  address: string;
  /** The reply (a late 131047 turns its notice into the template, or holds it with its text). */
  message?: OutboundMessage;
  /** This send was the notice's template (a failure of it holds the notice, never loops). */
  template?: boolean;
  status?: string;
  statusAt?: number;
  errorCode?: number;
  errorTitle?: string;
}

/** A notice WhatsApp would not take and no template could replace: kept for the officers' console. */
export interface HeldNotice {
  ref: ConversationRef;
  message: OutboundMessage;
  reason: string;
  code?: number;
  job?: string;
  at: number;
}

/**
 * What the Cloud provider remembers of its sends: wamid → outbound job (so delivery statuses are
 * recorded on the job), the part of a job already sent (so a retry never sends a part twice),
 * and the held notices.
 */
export class SentRecords {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The wamid a part of a job was already sent as, if it was. */
  async sentPart(job: string, part: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.whatsappSentPart(job, part))) ?? undefined;
  }

  async recordSent(wamid: string, part: string, r: SentRecord): Promise<void> {
    const key = this.keys.whatsappSent(wamid);
    await this.redis
      .multi()
      .hSet(key, {
        job: r.job,
        address: r.address,
        ...(r.message ? { message: JSON.stringify(r.message) } : {}),
        ...(r.template ? { template: '1' } : {}),
        status: 'accepted',
        statusAt: String(Date.now()),
      })
      .expire(key, SENT_TTL_SECONDS)
      .set(this.keys.whatsappSentPart(r.job, part), wamid, { expiration: { type: 'EX', value: SENT_TTL_SECONDS } })
      .exec();
  }

  /**
   * Records a delivery status; returns the record as it was before, or undefined for a wamid
   * Sanad did not send (or forgot): such a status is not recorded.
   */
  async recordStatus(wamid: string, s: { status: string; at: number; errorCode?: number; errorTitle?: string }): Promise<SentRecord | undefined> {
    const key = this.keys.whatsappSent(wamid);
    const h = await this.redis.hGetAll(key);
    if (!h.job) return undefined;
    // Statuses can arrive out of order (read before delivered): one further along is never overwritten.
    if ((RANK[s.status] ?? 0) >= (RANK[h.status ?? ''] ?? 0)) {
      await this.redis.hSet(key, {
        status: s.status,
        statusAt: String(s.at),
        ...(s.errorCode !== undefined ? { errorCode: String(s.errorCode) } : {}),
        ...(s.errorTitle ? { errorTitle: s.errorTitle } : {}),
      });
    }
    return sentRecord(h);
  }

  async get(wamid: string): Promise<SentRecord | undefined> {
    const h = await this.redis.hGetAll(this.keys.whatsappSent(wamid));
    return h.job ? sentRecord(h) : undefined;
  }

  /**
   * Holds a message once per job part (a retried job does not hold it twice); false when it
   * already was. The job's lock means no other worker holds the same part meanwhile.
   */
  async holdOnce(job: string, part: string, n: HeldNotice): Promise<boolean> {
    const marker = this.keys.whatsappSentPart(job, part);
    if (await this.redis.exists(marker)) return false;
    await this.redis
      .multi()
      .rPush(this.keys.whatsappHeld(), JSON.stringify(n))
      .set(marker, 'held', { expiration: { type: 'EX', value: SENT_TTL_SECONDS } })
      .exec();
    return true;
  }

  /** Holds a message that failed after it was accepted (a late status): keyed by its wamid. */
  async holdLate(wamid: string, n: HeldNotice): Promise<boolean> {
    return this.holdOnce(`late:${wamid}`, 'h', n);
  }

  async heldCount(): Promise<number> {
    return this.redis.lLen(this.keys.whatsappHeld());
  }

  async held(): Promise<HeldNotice[]> {
    return (await this.redis.lRange(this.keys.whatsappHeld(), 0, -1)).map((s) => JSON.parse(s) as HeldNotice);
  }
}

/** A sent message's record from its Redis hash (which has a `job`). */
function sentRecord(h: Record<string, string>): SentRecord {
  return {
    job: h.job!,
    address: h.address ?? '',
    ...(h.message ? { message: JSON.parse(h.message) as OutboundMessage } : {}),
    ...(h.template ? { template: true } : {}),
    ...(h.status ? { status: h.status } : {}),
    ...(h.statusAt ? { statusAt: Number(h.statusAt) } : {}),
    ...(h.errorCode ? { errorCode: Number(h.errorCode) } : {}),
    ...(h.errorTitle ? { errorTitle: h.errorTitle } : {}),
  };
}

import { z } from 'zod';
import { ConversationRef } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { nextReference } from './references.js';
import { Consent } from './requests.js';

export const Complaint = z.object({
  reference: z.string(),
  kind: z.enum(['complaint', 'suggestion']),
  text: z.string(),
  conversation: ConversationRef,
  recordedAt: z.string(),
  status: z.enum(['open', 'closed']),
  /** The consent to the privacy notice given before the complaint was written, kept with it. */
  consent: Consent.optional(),
});
export type Complaint = z.infer<typeof Complaint>;

/** Complaints and suggestions, each with its own `CS-<year>-<6 digits>` reference. */
export class ComplaintRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async record(input: Pick<Complaint, 'kind' | 'text' | 'conversation' | 'consent'>, at: Date, idempotencyKey: string): Promise<Complaint> {
    const idem = this.keys.idempotent(`cmp:${idempotencyKey}`);
    const done = await this.redis.get(idem);
    if (done) {
      const existing = await this.get(done);
      if (existing) return existing;
    }
    const reference = await nextReference(this.redis, this.keys, 'CS', at);
    const complaint = Complaint.parse({ ...input, reference, recordedAt: at.toISOString(), status: 'open' });
    await this.redis
      .multi()
      .set(this.keys.complaint(reference), JSON.stringify(complaint))
      .zAdd(this.keys.complaints(), { score: at.getTime(), value: reference })
      .set(idem, reference, { expiration: { type: 'EX', value: 30 * 24 * 3600 } })
      .exec();
    return complaint;
  }

  async get(reference: string): Promise<Complaint | undefined> {
    const raw = await this.redis.get(this.keys.complaint(reference));
    return raw ? Complaint.parse(JSON.parse(raw)) : undefined;
  }
}

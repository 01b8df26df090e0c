import { z } from 'zod';
import { ConversationRef } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { createOnce } from './create-once.js';
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
    const { reference: _r, ...record } = Complaint.parse({ ...input, reference: '-', recordedAt: at.toISOString(), status: 'open' });
    return createOnce<Complaint>(this.redis, this.keys, {
      kind: 'CS',
      idempotencyKey,
      at,
      record,
      itemKey: (reference) => this.keys.complaint(reference),
      indexes: [this.keys.complaints()],
      parse: (raw) => Complaint.parse(raw),
    });
  }

  async get(reference: string): Promise<Complaint | undefined> {
    const raw = await this.redis.get(this.keys.complaint(reference));
    return raw ? Complaint.parse(JSON.parse(raw)) : undefined;
  }
}

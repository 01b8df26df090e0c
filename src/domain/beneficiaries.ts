import { z } from 'zod';
import { ConversationRef } from '../messages/model.js';
import { SanadError } from '../errors.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { Applicant } from './requests.js';

export const Beneficiary = Applicant.extend({
  /** Where he has written from; decisions and notices go back there. */
  conversations: z.array(ConversationRef),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Beneficiary = z.infer<typeof Beneficiary>;

/** The data a beneficiary may change himself. */
export const UpdatableField = z.enum(['mobile', 'city', 'familySize', 'monthlyIncome']);
export type UpdatableField = z.infer<typeof UpdatableField>;

export interface DataChange {
  field: UpdatableField;
  from: unknown;
  to: unknown;
  at: string;
  channel: string;
}

/** Beneficiaries by national ID, with the history of every change to their data. */
export class BeneficiaryRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(nationalId: string): Promise<Beneficiary | undefined> {
    const raw = await this.redis.get(this.keys.beneficiary(nationalId));
    return raw ? Beneficiary.parse(JSON.parse(raw)) : undefined;
  }

  /** Creates or refreshes a beneficiary from a request's applicant data. */
  async upsertFromApplicant(applicant: Applicant, conversation: ConversationRef, at: Date): Promise<Beneficiary> {
    const existing = await this.get(applicant.nationalId);
    const conversations = existing?.conversations ?? [];
    if (!conversations.some((c) => c.channel === conversation.channel && c.address === conversation.address)) {
      conversations.push(conversation);
    }
    const beneficiary: Beneficiary = {
      ...applicant,
      conversations,
      createdAt: existing?.createdAt ?? at.toISOString(),
      updatedAt: at.toISOString(),
    };
    await this.redis.set(this.keys.beneficiary(applicant.nationalId), JSON.stringify(beneficiary));
    return beneficiary;
  }

  /** Verification for self-service changes: the national ID and the mobile number on file must both match. */
  async verify(nationalId: string, mobile: string): Promise<Beneficiary | undefined> {
    const b = await this.get(nationalId);
    return b && b.mobile === mobile ? b : undefined;
  }

  /** Changes one field and appends the change to the history (nothing is overwritten without a trace). */
  async update(nationalId: string, field: UpdatableField, value: unknown, channel: string, at: Date): Promise<DataChange> {
    const b = await this.get(nationalId);
    if (!b) throw new SanadError('SANAD_ERR_NO_BENEFICIARY', 'no beneficiary is on record with this national ID');
    const change: DataChange = { field, from: b[field], to: value, at: at.toISOString(), channel };
    const updated = Beneficiary.parse({ ...b, [field]: value, updatedAt: change.at });
    await this.redis
      .multi()
      .set(this.keys.beneficiary(nationalId), JSON.stringify(updated))
      .rPush(this.keys.beneficiaryHistory(nationalId), JSON.stringify(change))
      .exec();
    return change;
  }

  async history(nationalId: string): Promise<DataChange[]> {
    return (await this.redis.lRange(this.keys.beneficiaryHistory(nationalId), 0, -1)).map((x) => JSON.parse(x) as DataChange);
  }
}

import { z } from 'zod';
import { ConversationRef } from '../messages/model.js';
import { SanadError } from '../errors.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { LuaScript } from '../store/script.js';
import { Applicant, Consent, type RecordDifference } from './requests.js';

/** How the mobile on file came to be there: typed in a request, proved by the channel, or set by an officer. */
export const MobileProof = z.enum(['declared', 'channel', 'officer']);
export type MobileProof = z.infer<typeof MobileProof>;

export const Beneficiary = Applicant.extend({
  /** Where he has written from; decisions and notices go back there. */
  conversations: z.array(ConversationRef),
  createdAt: z.string(),
  updatedAt: z.string(),
  mobileProof: MobileProof.default('declared'),
  /** The conversation a declared mobile was typed in: that conversation cannot verify itself with it. */
  declaredIn: ConversationRef.optional(),
});
export type Beneficiary = z.infer<typeof Beneficiary>;

/** The data a beneficiary may change himself. */
export const UpdatableField = z.enum(['mobile', 'city', 'familySize', 'monthlyIncome']);
export type UpdatableField = z.infer<typeof UpdatableField>;

/** How a beneficiary proved who he is before a change: a number his channel proved, or the mobile on file typed. */
export type VerifiedBy = 'channel' | 'mobile';

export interface DataChange {
  field: UpdatableField;
  from: unknown;
  to: unknown;
  at: string;
  channel: string;
  verifiedBy?: VerifiedBy;
  /** The consent to the privacy notice given for this change, kept with it. */
  consent?: z.infer<typeof Consent>;
}

/** The applicant fields compared with the record: a request that differs is flagged, never merged. */
const COMPARED = ['fullName', 'mobile', 'city', 'familySize', 'monthlyIncome'] as const;

/**
 * Compare-and-set: writes ARGV[2] only if the record is still ARGV[1] ('' = absent), and appends
 * ARGV[3] to the history in the same step. Read, decide in TypeScript, write atomically; a lost
 * race is retried with the fresh record.
 */
const casScript = new LuaScript(`
local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[3]) end
return 1
`);

export interface FiledApplicant {
  beneficiary: Beneficiary;
  /** True when this request created the record. */
  created: boolean;
  /** Where the request's data differs from the record (the record is left as it was). */
  differences: RecordDifference[];
}

/**
 * Beneficiaries by national ID. The master record changes only through a verified update (with
 * its history) or by an officer: a request never overwrites it, whatever it says.
 */
export class BeneficiaryRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(nationalId: string): Promise<Beneficiary | undefined> {
    const [raw, members] = await Promise.all([this.redis.get(this.keys.beneficiary(nationalId)), this.redis.sMembers(this.keys.beneficiaryConversations(nationalId))]);
    if (!raw) return undefined;
    const b = Beneficiary.parse(JSON.parse(raw));
    // Conversations live in their own SET (added without contention); older records kept them inline.
    const seen = new Set(b.conversations.map((c) => JSON.stringify(c)));
    for (const m of members) if (!seen.has(m)) b.conversations.push(ConversationRef.parse(JSON.parse(m)));
    return b;
  }

  /** Where notices to him go: added atomically (SADD), so many requests at once never contend for the record. */
  private async addConversation(nationalId: string, conversation: ConversationRef): Promise<void> {
    const { channel, address, userId } = conversation;
    await this.redis.sAdd(this.keys.beneficiaryConversations(nationalId), JSON.stringify({ channel, address, ...(userId ? { userId } : {}) }));
  }

  /** One atomic change: `change` sees the current record (or none) and says what to write. */
  private async cas<T>(
    nationalId: string,
    change: (current: Beneficiary | undefined) => { next?: Beneficiary; history?: DataChange; result: T },
  ): Promise<T> {
    const key = this.keys.beneficiary(nationalId);
    for (let attempt = 0; attempt < 20; attempt++) {
      const raw = (await this.redis.get(key)) ?? '';
      const decided = change(raw ? Beneficiary.parse(JSON.parse(raw)) : undefined);
      if (!decided.next) return decided.result;
      const ok = await casScript.run(this.redis, [key, this.keys.beneficiaryHistory(nationalId)], [
        raw,
        JSON.stringify(decided.next),
        decided.history ? JSON.stringify(decided.history) : '',
      ]);
      if (ok === 1) return decided.result;
    }
    throw new Error('the beneficiary record kept changing; try again');
  }

  /**
   * Files a request's applicant data against the record: creates the record when there is none;
   * otherwise leaves it untouched and returns where the request differs, for the officer. The
   * conversation is added to the record only when the data matches it.
   * `provenMobile` is a number the channel proved for this conversation.
   */
  async fileApplicant(applicant: Applicant, conversation: ConversationRef, at: Date, provenMobile?: string): Promise<FiledApplicant> {
    const filed = await this.cas<FiledApplicant>(applicant.nationalId, (existing) => {
      const when = at.toISOString();
      if (!existing) {
        const proved = provenMobile === applicant.mobile;
        const beneficiary: Beneficiary = {
          ...applicant,
          conversations: [],
          createdAt: when,
          updatedAt: when,
          mobileProof: proved ? 'channel' : 'declared',
          ...(proved ? {} : { declaredIn: conversation }),
        };
        return { next: beneficiary, result: { beneficiary, created: true, differences: [] } };
      }
      const differences = COMPARED.filter((f) => existing[f] !== applicant[f]).map((field) => ({
        field,
        onRecord: existing[field],
        given: applicant[field],
      }));
      return { result: { beneficiary: existing, created: false, differences } };
    });
    // A stranger's conversation (his data differs) never becomes a place the record's notices go.
    if (!filed.differences.length) await this.addConversation(applicant.nationalId, conversation);
    return filed;
  }

  /**
   * Verification for self-service changes. Where the channel proved a number, that number must be
   * the one on file (a typed one does not count then). Otherwise the typed mobile must be the one on
   * file, and not one typed into a request in this very conversation (which would verify a
   * stranger with his own data).
   */
  async verify(nationalId: string, typedMobile: string, ref: ConversationRef, provenMobile?: string): Promise<{ beneficiary: Beneficiary; by: VerifiedBy } | undefined> {
    const b = await this.get(nationalId);
    if (!b) return undefined;
    if (provenMobile) return provenMobile === b.mobile ? { beneficiary: b, by: 'channel' } : undefined;
    if (b.mobile !== typedMobile) return undefined;
    const sameConversation = b.declaredIn && b.declaredIn.channel === ref.channel && b.declaredIn.address === ref.address;
    if (b.mobileProof === 'declared' && sameConversation) return undefined;
    return { beneficiary: b, by: 'mobile' };
  }

  /** Changes one field and appends the change to the history, atomically (nothing is overwritten without a trace). */
  async update(
    nationalId: string,
    field: UpdatableField,
    value: unknown,
    how: { channel: string; at: Date; verifiedBy?: VerifiedBy; consent?: DataChange['consent']; conversation?: ConversationRef },
  ): Promise<DataChange> {
    return this.cas(nationalId, (b) => {
      if (!b) throw new SanadError('SANAD_ERR_NO_BENEFICIARY', 'no beneficiary is on record with this national ID');
      const change: DataChange = {
        field,
        from: b[field],
        to: value,
        at: how.at.toISOString(),
        channel: how.channel,
        ...(how.verifiedBy ? { verifiedBy: how.verifiedBy } : {}),
        ...(how.consent ? { consent: how.consent } : {}),
      };
      const next = Beneficiary.parse({ ...b, [field]: value, updatedAt: change.at });
      if (field === 'mobile') {
        // A new number is typed: declared, and never proof for the conversation it was typed in.
        next.mobileProof = 'declared';
        if (how.conversation) next.declaredIn = how.conversation;
      }
      return { next, history: change, result: change };
    });
  }

  async history(nationalId: string): Promise<DataChange[]> {
    return (await this.redis.lRange(this.keys.beneficiaryHistory(nationalId), 0, -1)).map((x) => JSON.parse(x) as DataChange);
  }
}

import type { ConversationRef } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

/**
 * Numbers a channel itself proves belong to the person writing: the WhatsApp sender's number,
 * or a contact Telegram shared from the writer's own account (the "share my number" button).
 * A typed number proves nothing; these do, so verification prefers them. Kept as long as the
 * conversation, under its own key.
 */
export class ContactProofs {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  /** Records that the channel proved `mobile` (E.164) for this conversation. */
  async record(ref: Pick<ConversationRef, 'channel' | 'address'>, mobile: string): Promise<void> {
    if (!/^\+\d{8,15}$/.test(mobile)) return;
    await this.redis.set(this.keys.provenContact(ref), mobile, { expiration: { type: 'EX', value: Math.max(60, this.ttlSeconds) } });
  }

  /** The proven number of this conversation, if its channel proved one. */
  async get(ref: Pick<ConversationRef, 'channel' | 'address'>): Promise<string | undefined> {
    return (await this.redis.get(this.keys.provenContact(ref))) ?? undefined;
  }
}


/**
 * Misses: messages the bot did not understand well enough (answered out of scope, answered with
 * "did you mean …?", or followed by "talk to an officer" right after an answer), kept for a
 * retention period so supervisors can see what people ask and teach the matcher: a miss assigned
 * to a topic becomes an example in `flows/knowledge/learned.yaml` (see learned.ts).
 *
 * Kept: the text masked as the log masks it (national IDs, phone numbers), the channel, the time,
 * the reason, the conversation's locale and the candidate topics. Not kept: the address (who wrote).
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DomainEvent, EventBus } from '../domain/events.js';
import { SanadError } from '../errors.js';
import { maskText } from '../log.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

export const MISSED_EVENT = 'inquiry.missed';

/** The payload the engine emits with `inquiry.missed` (the runner adds `conversation`). */
export const MissedPayload = z.object({
  reason: z.enum(['out-of-scope', 'ambiguous', 'officer-after-answer']),
  text: z.string(),
  locale: z.enum(['ar', 'en']),
  topics: z.array(z.string()).optional(),
  conversation: z.object({ channel: z.string(), address: z.string() }).loose(),
});

export const Miss = z.object({
  /** Short and stable: the same event recorded twice (a turn replayed after a crash) is one miss. */
  id: z.string(),
  at: z.number(),
  channel: z.string(),
  reason: MissedPayload.shape.reason,
  locale: MissedPayload.shape.locale,
  /** Masked (`maskText`). */
  text: z.string(),
  topics: z.array(z.string()).optional(),
});
export type Miss = z.infer<typeof Miss>;

/** A miss that does not exist (or has expired), or a topic that does not. */
export class MissError extends SanadError {
  constructor(message: string) {
    super('SANAD_ERR_MISS', message);
    this.name = 'MissError';
  }
}

/** Eight hex digits of the event id's hash: short enough to type, stable across repeats. */
export function missId(eventId: string): string {
  return createHash('sha256').update(eventId).digest('hex').slice(0, 8);
}

const DAY_MS = 24 * 3600 * 1000;

export class MissStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly retentionDays: number,
  ) {}

  /** Records an `inquiry.missed` event; a repeat of the same event changes nothing. Empty text is not a miss. */
  async record(event: DomainEvent): Promise<Miss | undefined> {
    const p = MissedPayload.parse(event.payload);
    const text = maskText(p.text.trim());
    if (!text) return undefined;
    const miss: Miss = { id: missId(event.id), at: event.at, channel: p.conversation.channel, reason: p.reason, locale: p.locale, text, ...(p.topics?.length ? { topics: p.topics } : {}) };
    const ttl = Math.max(1, Math.round(this.retentionDays * 24 * 3600 - (Date.now() - event.at) / 1000));
    const created = await this.redis.set(this.keys.miss(miss.id), JSON.stringify(miss), { condition: 'NX', expiration: { type: 'EX', value: ttl } });
    if (created !== 'OK') return undefined;
    await this.redis.zAdd(this.keys.misses(), { score: miss.at, value: miss.id });
    await this.prune();
    return miss;
  }

  /** Misses within the retention period, newest first. */
  async list(limit = 1000): Promise<Miss[]> {
    await this.prune();
    const ids = await this.redis.zRange(this.keys.misses(), 0, limit - 1, { REV: true });
    if (!ids.length) return [];
    const raw = await this.redis.mGet(ids.map((id) => this.keys.miss(id)));
    const out: Miss[] = [];
    const gone: string[] = [];
    raw.forEach((r, i) => {
      if (r) out.push(Miss.parse(JSON.parse(r)));
      else gone.push(ids[i]!);
    });
    if (gone.length) await this.redis.zRem(this.keys.misses(), gone);
    return out;
  }

  async get(id: string): Promise<Miss | undefined> {
    const raw = await this.redis.get(this.keys.miss(id));
    return raw ? Miss.parse(JSON.parse(raw)) : undefined;
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().del(this.keys.miss(id)).zRem(this.keys.misses(), id).exec();
  }

  /** The index forgets what the retention period let expire (each miss's own key expires by itself). */
  private async prune(): Promise<void> {
    await this.redis.zRemRangeByScore(this.keys.misses(), '-inf', Date.now() - this.retentionDays * DAY_MS);
  }
}

/** Records every `inquiry.missed` event in `store`; returns the unsubscribe function. */
export function recordMisses(events: EventBus, store: MissStore, log?: Logger): () => void {
  return events.on(MISSED_EVENT, async (event) => {
    const parsed = MissedPayload.safeParse(event.payload);
    if (!parsed.success) {
      log?.warn({ event: event.id, problem: z.prettifyError(parsed.error) }, 'inquiry.missed event without the expected payload; not recorded');
      return;
    }
    await store.record(event);
  });
}

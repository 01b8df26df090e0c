import { SanadError } from '../../src/errors.js';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { LuaScript } from '../../src/store/script.js';

/** An activity as stored; `id` and `channelData['webchat:sequence-id']` are stamped on append. */
export type StoredActivity = { type: string; channelData?: Record<string, unknown> } & Record<string, unknown>;

/** Most activities one conversation may hold; a visitor who floods it is refused (429). */
export const MAX_ACTIVITIES = 5_000;
/** A conversation nobody has written in yet lives this long: page views do not fill Redis. */
export const PENDING_TTL_SECONDS = 3600;

/** KEYS conversation · ARGV user, locale, createdAt, ttl → 1 when created, 0 when it existed. */
const createScript = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'user', ARGV[1], 'locale', ARGV[2], 'createdAt', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`);

/**
 * Appends activities to a conversation's list in one step: stamps each with the next sequence
 * number (its index, which is also the Direct Line watermark) and an id, publishes them for the
 * WebSockets of every process, and remembers an idempotency key so a repeat appends nothing.
 * Each activity comes as two strings: its channelData members without braces, and the rest of
 * its JSON without the opening brace, so the script splices ids in without a JSON library.
 *
 * The upload flag (the paperclip open while the bot's last question asks for a document) is set
 * or cleared in the same step, before anything is published, also for a repeat.
 *
 * KEYS conversation, activities, once, upload flag · ARGV conversationId, ttl (0: keep the
 * conversation's), channel, onceTtl, useOnce, max, flag ('open' | 'close' | ''), (channelData, rest)…
 * → {'ok', first} | {'dup', first} | {'gone'} | {'full'}
 */
const appendScript = new LuaScript(`
if ARGV[7] == 'open' then
  redis.call('SET', KEYS[4], '1', 'EX', ARGV[4])
elseif ARGV[7] == 'close' then
  redis.call('DEL', KEYS[4])
end
if ARGV[5] == '1' then
  local prior = redis.call('GET', KEYS[3])
  if prior then return {'dup', prior} end
end
if redis.call('EXISTS', KEYS[1]) == 0 then return {'gone'} end
local n = redis.call('LLEN', KEYS[2])
local count = (#ARGV - 7) / 2
if n + count > tonumber(ARGV[6]) then return {'full'} end
local first = n
local out = {}
for i = 8, #ARGV, 2 do
  local cd = ARGV[i]
  if cd ~= '' then cd = ',' .. cd end
  out[#out + 1] = '{"id":"' .. ARGV[1] .. '|' .. string.format('%07d', n) .. '","channelData":{"webchat:sequence-id":' .. n .. cd .. '},' .. ARGV[i + 1]
  n = n + 1
end
redis.call('RPUSH', KEYS[2], unpack(out))
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
else
  ttl = redis.call('TTL', KEYS[1])
end
if ttl > 0 then redis.call('EXPIRE', KEYS[2], ttl) end
redis.call('PUBLISH', ARGV[3], first .. '\\n' .. table.concat(out, '\\n'))
if ARGV[5] == '1' then redis.call('SET', KEYS[3], first, 'EX', ARGV[4]) end
return {'ok', tostring(first)}
`);

export type AppendResult = { outcome: 'ok' | 'dup'; first: number; ids: string[] } | { outcome: 'gone' } | { outcome: 'full' };

export interface ConversationRecord {
  user: string;
  locale: string;
  createdAt: number;
}

/** The activity id Direct Line clients see: `<conversation>|<7-digit sequence>`, as Azure writes it. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/**
 * A Direct Line conversation's transcript in Redis: every activity (the visitor's echoed
 * messages, the bot's replies, typing) in order, readable from any watermark by any process,
 * and surviving restarts.
 */
export class ActivityLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** How long a conversation lives after its last message. */
    readonly conversationTtlSeconds: number,
  ) {}

  /** Starts a conversation (short-lived until the visitor writes); false when it already existed. */
  async create(conversationId: string, user: string, locale: string, now = Date.now()): Promise<boolean> {
    const created = await createScript.run(this.redis, [this.keys.webchatConversation(conversationId)], [user, locale, now, PENDING_TTL_SECONDS]);
    return created === 1;
  }

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const h = await this.redis.hGetAll(this.keys.webchatConversation(conversationId));
    if (!h.user) return undefined;
    return { user: h.user, locale: h.locale ?? '', createdAt: Number(h.createdAt) };
  }

  /**
   * Appends activities; `extend` gives the conversation its full TTL (the visitor wrote), `once`
   * makes the append idempotent (a reply re-sent after a crash, an activity posted twice),
   * `upload` opens (true) or closes (false) the paperclip in the same step.
   */
  async append(conversationId: string, activities: StoredActivity[], opts: { once?: string; extend?: boolean; upload?: boolean } = {}): Promise<AppendResult> {
    const args: (string | number)[] = [
      conversationId,
      opts.extend ? this.conversationTtlSeconds : 0,
      this.keys.webchatStream(conversationId),
      this.conversationTtlSeconds,
      opts.once ? '1' : '0',
      MAX_ACTIVITIES,
      opts.upload === undefined ? '' : opts.upload ? 'open' : 'close',
    ];
    for (const a of activities) args.push(...splitForScript(a));
    const conv = this.keys.webchatConversation(conversationId);
    const list = this.keys.webchatActivities(conversationId);
    const once = opts.once ? this.keys.webchatOnce(opts.once) : conv;
    const reply = (await appendScript.run(this.redis, [conv, list, once, this.keys.webchatUploadOpen(conversationId)], args)) as [string, string?];
    if (reply[0] === 'gone') return { outcome: 'gone' };
    if (reply[0] === 'full') return { outcome: 'full' };
    const first = Number(reply[1]);
    return { outcome: reply[0] as 'ok' | 'dup', first, ids: activities.map((_, i) => activityId(conversationId, first + i)) };
  }

  /** Activities from `watermark` on, as stored JSON strings, and the watermark after them. */
  async read(conversationId: string, watermark: number, end = -1): Promise<{ activities: string[]; watermark: number }> {
    const activities = await this.redis.lRange(this.keys.webchatActivities(conversationId), watermark, end);
    return { activities, watermark: watermark + activities.length };
  }
}

/** A Direct Line activity set, `{activities, watermark}`, built from stored JSON without parsing it. */
export function activitySet(activities: readonly string[], watermark: number): string {
  return `{"activities":[${activities.join(',')}],"watermark":"${watermark}"}`;
}

const FILE_LINK = /(\/v3\/directline\/conversations\/[\w-]+\/attachments\/[\w:-]+)"/g;

/**
 * Gives every file link in a frame a fresh ticket (`?t=`): stored activities hold bare links,
 * and a link works only with a ticket bound to its conversation, for a quarter of an hour.
 */
export function withFileTickets(frame: string, ticket: () => string): string {
  if (!frame.includes('/attachments/')) return frame;
  const t = ticket();
  return frame.replace(FILE_LINK, `$1?t=${t}"`);
}

function splitForScript(activity: StoredActivity): [string, string] {
  const { id: _id, channelData, ...rest } = activity;
  if (typeof rest.type !== 'string') throw new SanadError('SANAD_ERR_WEBCHAT_ACTIVITY', 'an activity needs a type');
  let cd = '';
  if (channelData && typeof channelData === 'object') {
    const { 'webchat:sequence-id': _seq, ...kept } = channelData;
    cd = JSON.stringify(kept).slice(1, -1);
  }
  // `rest` always has `type`, so its JSON without the first brace is `"type":…}`.
  return [cd, JSON.stringify(rest).slice(1)];
}

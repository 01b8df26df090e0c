import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { LuaScript } from './script.js';

/** The window's ms left; the first hit (or a key left without a TTL) starts it. */
const WINDOW = `
local function window(key, n, ms)
  local ttl = redis.call('PTTL', key)
  if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, ms)
    ttl = tonumber(ms)
  end
  return ttl
end
`;

/** KEYS counter · ARGV window ms → {count, ms left}: a fixed window that starts with its first hit. */
const hitScript = new LuaScript(`${WINDOW}
local n = redis.call('INCR', KEYS[1])
return {n, window(KEYS[1], n, ARGV[1])}
`);

/**
 * KEYS counter (a ZSET) · ARGV id, window ms, cap → {count, ms left}: as hitScript, but each id
 * counts once per window. An id seen before gets its own place again (the count when it first
 * came), so a platform's redelivery is judged as its first delivery was. Ids past `cap` are not
 * kept (refused anyway): a flood cannot grow the set. With KEYS[2] (the id's mark where it was
 * taken before, e.g. the runner's seen key), an id already taken counts nothing ({0, 0}).
 */
const hitOnceScript = new LuaScript(`${WINDOW}
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then return {0, 0} end
local place = redis.call('ZSCORE', KEYS[1], ARGV[1])
if place then return {tonumber(place), redis.call('PTTL', KEYS[1])} end
local n = redis.call('ZCARD', KEYS[1]) + 1
if n <= tonumber(ARGV[3]) then redis.call('ZADD', KEYS[1], n, ARGV[1]) end
return {n, window(KEYS[1], n, ARGV[2])}
`);

export interface Count {
  /** Hits in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/**
 * Fixed-window counters in Redis, shared by every process: the limits (tokens per address,
 * messages per conversation, failed look-ups, admin attempts) count here, so a second process
 * is no way around them. Each counter expires with its window.
 */
export class Counters {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async hit(name: string, windowMs: number): Promise<Count> {
    const [current, ttlMs] = (await hitScript.run(this.redis, [this.keys.limit(name)], [Math.max(1, Math.round(windowMs))])) as [number, number];
    return { current, ttlMs };
  }

  /**
   * A hit that counts `id` once per window (a message delivered again, a chat read again after a
   * restart): `current` is the id's place in the window. Ids beyond `cap` are refused unkept; an
   * id whose `takenKey` exists counts nothing (`current` 0).
   */
  async hitOnce(name: string, id: string, windowMs: number, cap: number, takenKey?: string): Promise<Count> {
    const keys = [this.keys.limit(name), ...(takenKey ? [takenKey] : [])];
    const [current, ttlMs] = (await hitOnceScript.run(this.redis, keys, [id, Math.max(1, Math.round(windowMs)), Math.max(1, cap)])) as [number, number];
    return { current, ttlMs: Math.max(0, ttlMs) };
  }

  /** The count without adding to it. */
  async peek(name: string): Promise<Count> {
    const key = this.keys.limit(name);
    const [raw, ttl] = await Promise.all([this.redis.get(key), this.redis.pTTL(key)]);
    return { current: raw ? Number(raw) : 0, ttlMs: Math.max(0, ttl) };
  }

  async reset(name: string): Promise<void> {
    await this.redis.del(this.keys.limit(name));
  }
}

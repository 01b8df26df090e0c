import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { LuaScript } from './script.js';

/** KEYS counter · ARGV window ms → {count, ms left}: a fixed window that starts with its first hit. */
const hitScript = new LuaScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
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

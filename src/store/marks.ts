import type { Redis } from './redis.js';
import { LuaScript } from './script.js';

/**
 * A record's step taken once: while the hash's `field` is `from`, its `set` fields are written
 * and members added to sorted sets. Run alone (`runMark`), or inside another script, with what
 * that script writes (the runner's commit writes a survey's sent mark with the turn that sent
 * it: one script, and no moment where the survey is out but not marked).
 */
export interface Mark {
  hash: string;
  field: string;
  from: string;
  set: Record<string, string | number>;
  zadd: { key: string; score: number; member: string }[];
}

/**
 * The Lua function a script includes: `mark(ko, ao)` applies the mark whose hash is KEYS[ko]
 * (its sorted sets the keys after it, to the last) and whose arguments start at ARGV[ao]
 * (field, from, the number of fields set, the fields and values, then score and member per
 * sorted set). Returns 1 when written, 0 when the hash was not at `from`.
 */
export const MARK_LUA = `
local function mark(ko, ao)
  if redis.call('HGET', KEYS[ko], ARGV[ao]) ~= ARGV[ao + 1] then return 0 end
  local n = tonumber(ARGV[ao + 2])
  redis.call('HSET', KEYS[ko], unpack(ARGV, ao + 3, ao + 2 + 2 * n))
  local a = ao + 3 + 2 * n
  for k = ko + 1, #KEYS do
    redis.call('ZADD', KEYS[k], ARGV[a], ARGV[a + 1])
    a = a + 2
  end
  return 1
end
`;

/** The mark's keys, in the order `mark` reads them (they go last in the including script's KEYS). */
export function markKeys(m: Mark): string[] {
  return [m.hash, ...m.zadd.map((z) => z.key)];
}

/** The mark's arguments, in the order `mark` reads them. */
export function markArgs(m: Mark): string[] {
  const set = Object.entries(m.set);
  const args = [m.field, m.from, String(set.length)];
  for (const [k, v] of set) args.push(k, String(v));
  for (const z of m.zadd) args.push(String(z.score), z.member);
  return args;
}

const markScript = new LuaScript(`${MARK_LUA}
return mark(1, 1)
`);

/** Applies a mark on its own; true when written. */
export async function runMark(redis: Redis, m: Mark): Promise<boolean> {
  return (await markScript.run(redis, markKeys(m), markArgs(m))) === 1;
}

import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import { officerFrom } from '../domain/officers.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { LuaScript } from '../store/script.js';

/**
 * A session and its officer's account, read in one step: the guard checks the officer (not
 * disabled, his role) on every request, and this saves that request a round trip of its own.
 * The password hash stays in Redis.
 * KEYS session · ARGV officer key prefix → false | {session} | {session, field, value, …}
 */
const readScript = new LuaScript(`
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local ok, s = pcall(cjson.decode, raw)
if not ok or type(s) ~= 'table' or type(s.officerId) ~= 'string' then return {raw} end
local out = {raw}
local h = redis.call('HGETALL', ARGV[1] .. s.officerId)
for i = 1, #h, 2 do
  if h[i] ~= 'hash' then
    out[#out + 1] = h[i]
    out[#out + 1] = h[i + 1]
  end
end
return out
`);

/**
 * Console sessions in Redis, for `@fastify/session`: any process serves any officer, and a
 * logout (or an admin disabling him) takes effect everywhere at once, since nothing lives in
 * the cookie but the signed session id. A session read for a signed-in officer carries his
 * account as it is now (`session.officer()`, null when it is gone), never written back.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  set(id: string, session: Session, done: (err?: unknown) => void): void {
    this.redis
      // `officer` is a function: JSON leaves it out.
      .set(this.keys.session(id), JSON.stringify(session), { expiration: { type: 'EX', value: this.ttlSeconds } })
      .then(() => done(), done);
  }

  get(id: string, done: (err: unknown, result?: Session | null) => void): void {
    readScript.run(this.redis, [this.keys.session(id)], [this.keys.officer('')]).then((reply) => {
      const [raw, ...fields] = (reply as string[] | null) ?? [];
      if (!raw) return done(null, null);
      try {
        const session = JSON.parse(raw) as Session;
        // express-session stores keep the cookie's expiry as a string; @fastify/session wants a Date.
        if (session.cookie?.expires) session.cookie.expires = new Date(session.cookie.expires);
        if (session.officerId) {
          const h: Record<string, string> = {};
          for (let i = 0; i + 1 < fields.length; i += 2) h[fields[i]!] = fields[i + 1]!;
          const officer = officerFrom(h) ?? null;
          session.officer = () => officer;
        }
        done(null, session);
      } catch {
        done(null, null);
      }
    }, done);
  }

  destroy(id: string, done: (err?: unknown) => void): void {
    this.redis.del(this.keys.session(id)).then(() => done(), done);
  }
}

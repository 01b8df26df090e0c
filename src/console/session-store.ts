import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

/**
 * Console sessions in Redis, for `@fastify/session`: any process serves any officer, and a
 * logout (or an admin disabling him) takes effect everywhere at once, since nothing lives in
 * the cookie but the signed session id.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  set(id: string, session: Session, done: (err?: unknown) => void): void {
    this.redis
      .set(this.keys.session(id), JSON.stringify(session), { expiration: { type: 'EX', value: this.ttlSeconds } })
      .then(() => done(), done);
  }

  get(id: string, done: (err: unknown, result?: Session | null) => void): void {
    this.redis.get(this.keys.session(id)).then((raw) => {
      if (!raw) return done(null, null);
      try {
        const session = JSON.parse(raw) as Session;
        // express-session stores keep the cookie's expiry as a string; @fastify/session wants a Date.
        if (session.cookie?.expires) session.cookie.expires = new Date(session.cookie.expires);
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

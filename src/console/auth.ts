import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import session from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, type Officer, type OfficerRepository, type OfficerRole } from '../domain/officers.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { RememberingSigner } from './cookie-signer.js';
import { ConsoleError, badRequest, forbidden, notSignedIn } from './errors.js';
import { RedisSessionStore } from './session-store.js';

declare module 'fastify' {
  interface Session {
    officerId?: string;
    lang?: 'ar' | 'en';
    /** The minute the session was last written back (see TOUCH_EVERY_MS). */
    touched?: number;
    /**
     * The signed-in officer's account as it is now, read with the session on every request
     * (`RedisSessionStore`); null when it is gone. A function, so the session plugin neither
     * hashes it (to see whether the session changed) nor writes it back.
     */
    officer?: () => Officer | null;
  }
  interface FastifyRequest {
    /** The signed-in officer, set by `guard`. */
    officer?: Officer;
  }
}

export const SESSION_COOKIE = 'sanad_console';
const LOGIN_WINDOW_SECONDS = 15 * 60;
/**
 * A session in use is written back (its expiry moved on by CONSOLE_SESSION_HOURS, its cookie
 * sent again) at most this often, not on every request: an officer's burst of replies costs
 * one Redis write a minute instead of one each, and the session outlives its last use by
 * CONSOLE_SESSION_HOURS give or take a minute.
 */
const TOUCH_EVERY_MS = 60_000;

export interface AuthOptions {
  redis: Redis;
  keys: Keys;
  officers: OfficerRepository;
  sessionHours: number;
  sessionSecret?: string | undefined;
  loginAttempts: number;
}

/** The key signing session cookies: the setting, or one generated once and shared through Redis. */
async function sessionSecret(redis: Redis, keys: Keys, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await redis.set(keys.consoleSecret(), randomBytes(32).toString('base64url'), { condition: 'NX' });
  return (await redis.get(keys.consoleSecret()))!;
}

const Login = z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200) });

/**
 * Sessions (Redis-backed, HttpOnly SameSite cookie), CSRF tokens for the form pages, and the
 * login and logout routes. Registered inside the console's own scope.
 */
export async function authRoutes(app: FastifyInstance, o: AuthOptions): Promise<{ login(req: FastifyRequest, email: string, password: string): Promise<Officer> }> {
  await app.register(cookie);
  await app.register(session, {
    secret: new RememberingSigner(await sessionSecret(o.redis, o.keys, o.sessionSecret)),
    cookieName: SESSION_COOKIE,
    store: new RedisSessionStore(o.redis, o.keys, Math.round(o.sessionHours * 3600)),
    saveUninitialized: false,
    // Rolling, but throttled: the onRequest hook below marks the session changed once a minute.
    rolling: false,
    // Secure over HTTPS (behind the reverse proxy too, with trustProxy); plain HTTP in development.
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: Math.round(o.sessionHours * 3600_000) },
  });
  app.addHook('onRequest', async (req) => {
    const s = req.session;
    if (!s?.officerId) return;
    const minute = Math.floor(Date.now() / TOUCH_EVERY_MS);
    if (s.touched !== minute) s.touched = minute;
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session', getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined) });

  const limited = async (who: string[]) => {
    const counts = await Promise.all(who.map((w) => o.redis.get(o.keys.loginAttempts(w))));
    return counts.some((c) => Number(c ?? 0) >= o.loginAttempts);
  };
  const failed = async (who: string[]) => {
    const m = o.redis.multi();
    for (const w of who) m.incr(o.keys.loginAttempts(w)).expire(o.keys.loginAttempts(w), LOGIN_WINDOW_SECONDS, 'NX');
    await m.exec();
  };

  /** Checks the password (rate-limited per email and per address) and starts a fresh session. */
  const login = async (req: FastifyRequest, email: string, password: string): Promise<Officer> => {
    const who = [`email:${email.trim().toLowerCase()}`, `ip:${req.ip}`];
    if (await limited(who)) throw new ConsoleError('SANAD_ERR_CONSOLE_RATE', 'too many failed logins: wait 15 minutes, or ask an admin to reset the password');
    const officer = await o.officers.authenticate(email, password);
    if (!officer) {
      await failed(who);
      req.log.warn({ ip: req.ip }, 'console: failed login');
      throw new ConsoleError('SANAD_ERR_CONSOLE_LOGIN', 'the email or the password is wrong');
    }
    await o.redis.del(o.keys.loginAttempts(who[0]!));
    // A new session id at login, so a session id planted before it is worth nothing.
    const lang = req.session.lang;
    await req.session.regenerate();
    req.session.officerId = officer.id;
    if (lang) req.session.lang = lang;
    await req.session.save();
    return officer;
  };

  app.post('/api/auth/login', { bodyLimit: 4 * 1024 }, async (req, reply) => {
    const body = Login.safeParse(req.body);
    if (!body.success) throw badRequest('the body is {"email": "...", "password": "..."}');
    const officer = await login(req, body.data.email, body.data.password);
    return reply.send({ officer: publicOfficer(officer) });
  });
  app.post('/api/auth/logout', async (req, reply) => {
    if (req.session.officerId) await req.session.destroy();
    return reply.code(204).send();
  });
  return { login };
}

/** The officer as the API shows him. */
export const publicOfficer = (o: Officer) => ({ id: o.id, email: o.email, name: o.name, role: o.role, availability: o.availability, capacity: o.capacity, disabled: o.disabled });

/**
 * The session's officer, as Redis has him now: read with the session (`RedisSessionStore`), or
 * on his own when the session was started in this request (at login).
 */
export async function sessionOfficer(req: FastifyRequest, officers: OfficerRepository): Promise<Officer | undefined> {
  const id = req.session?.officerId;
  if (!id) return undefined;
  const read = req.session.officer?.();
  if (read === null) return undefined;
  return read?.id === id ? read : officers.get(id);
}

/**
 * A preHandler letting through only a signed-in officer with at least `role`. The officer is
 * read from Redis on every request (with the session), so one who was disabled is out at once.
 */
export function guard(officers: OfficerRepository, role: OfficerRole = 'officer') {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const id = req.session?.officerId;
    const officer = await sessionOfficer(req, officers);
    if (!officer || officer.disabled) {
      if (id) await req.session.destroy();
      throw notSignedIn();
    }
    if (!hasRole(officer.role, role)) throw forbidden(role);
    req.officer = officer;
  };
}

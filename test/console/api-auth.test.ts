import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, api, cookieOf, login, startConsoleFixture, type ConsoleFixture } from './support.js';

const prefix = uniquePrefix('console-auth');
let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture(prefix, { CONSOLE_LOGIN_ATTEMPTS: '3' });
});
afterAll(() => f.close());

const ROUTES: ['GET' | 'POST', string, unknown?][] = [
  ['GET', '/api/handoffs?status=waiting'],
  ['GET', '/api/handoffs/0123456789abcdef'],
  ['POST', '/api/handoffs/0123456789abcdef/claim'],
  ['POST', '/api/handoffs/0123456789abcdef/messages', { text: 'hi' }],
  ['POST', '/api/handoffs/0123456789abcdef/release'],
  ['POST', '/api/handoffs/0123456789abcdef/transfer', { officerId: 'x' }],
  ['POST', '/api/handoffs/0123456789abcdef/close'],
  ['GET', '/api/me'],
  ['GET', '/api/officers'],
  ['POST', '/api/officers', { email: 'a@b.org', name: 'a', password: 'long enough 1' }],
];

describe('console auth', () => {
  it('every route answers 401 without a session, and with a forged cookie', async () => {
    for (const [method, url, body] of ROUTES) {
      const none = await api(f.app, undefined, method, url, body);
      expect(none.statusCode, `${method} ${url}`).toBe(401);
      expect(none.json()).toMatchObject({ code: 'SANAD_ERR_CONSOLE_AUTH' });
      expect((await api(f.app, 'sanad_console=forged.cookie', method, url, body)).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('the first admin (ADMIN_EMAIL) logs in; the cookie is HttpOnly and SameSite; the session lives in Redis', async () => {
    const res = await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(res.statusCode).toBe(200);
    expect(res.json().officer).toMatchObject({ email: ADMIN.email, role: 'admin' });
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    const keys = await f.redis.keys(`${prefix}:session:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect((await api(f.app, cookieOf(res), 'GET', '/api/me')).json()).toMatchObject({ email: ADMIN.email });
  });

  it('roles: an officer may not manage accounts (403); an admin adds, disables and resets officers', async () => {
    const admin = await login(f.app, ADMIN.email, ADMIN.password);
    const created = await api(f.app, admin, 'POST', '/api/officers', { email: 'sara@sanad.example.org', name: 'سارة القحطاني', password: 'sara password 1' });
    expect(created.statusCode).toBe(201);
    const sara = created.json() as { id: string };
    expect((await api(f.app, admin, 'POST', '/api/officers', { email: 'sara@sanad.example.org', name: 'x', password: 'another one 22' })).statusCode).toBe(409);
    expect((await api(f.app, admin, 'POST', '/api/officers', { email: 'not an email', name: 'x' })).statusCode).toBe(400);

    const officer = await login(f.app, 'sara@sanad.example.org', 'sara password 1');
    expect((await api(f.app, officer, 'GET', '/api/handoffs')).statusCode).toBe(200);
    const forbidden = await api(f.app, officer, 'POST', '/api/officers', { email: 'x@sanad.example.org', name: 'x', password: 'long enough 1' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'SANAD_ERR_CONSOLE_FORBIDDEN' });
    expect((await api(f.app, officer, 'PATCH', `/api/officers/${sara.id}`, { role: 'admin' })).statusCode).toBe(403);

    // Disabled: out at once, even with a session that was valid a moment ago.
    expect((await api(f.app, admin, 'PATCH', `/api/officers/${sara.id}`, { disabled: true })).json()).toMatchObject({ disabled: true });
    expect((await api(f.app, officer, 'GET', '/api/handoffs')).statusCode).toBe(401);
    expect((await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'sara@sanad.example.org', password: 'sara password 1' } })).statusCode).toBe(401);
    // Enabled again with a new password.
    await api(f.app, admin, 'PATCH', `/api/officers/${sara.id}`, { disabled: false });
    expect((await api(f.app, admin, 'POST', `/api/officers/${sara.id}/password`, { password: 'new password 22' })).statusCode).toBe(204);
    expect(await login(f.app, 'sara@sanad.example.org', 'new password 22')).toMatch(/^sanad_console=/);
    expect((await api(f.app, admin, 'PATCH', '/api/officers/nobody', { disabled: true })).statusCode).toBe(404);
  });

  it('logout ends the session at once', async () => {
    const cookie = await login(f.app, ADMIN.email, ADMIN.password);
    expect((await api(f.app, cookie, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await api(f.app, cookie, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await api(f.app, cookie, 'GET', '/api/me')).statusCode).toBe(401);
  });

  it('a session in use is written back (cookie and expiry moved on) once a minute, not on every request', async () => {
    // Not across a minute's turn, which would write it back a second time.
    while (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 500));
    const cookie = await login(f.app, ADMIN.email, ADMIN.password);
    const key = f.core.keys.session(decodeURIComponent(cookie.slice('sanad_console='.length)).split('.')[0]!);
    const first = await api(f.app, cookie, 'GET', '/api/me');
    expect(first.statusCode).toBe(200);
    const expires = /Expires=([^;]+)/.exec(String(first.headers['set-cookie']))?.[1];
    // CONSOLE_SESSION_HOURS (12) from now, to the second.
    expect(Math.abs(Date.parse(expires!) - (Date.now() + 12 * 3600_000))).toBeLessThan(5_000);
    const stored = await f.redis.get(key);
    expect(JSON.parse(stored!)).toMatchObject({ touched: Math.floor(Date.now() / 60_000) });
    const second = await api(f.app, cookie, 'GET', '/api/me');
    expect(second.statusCode).toBe(200);
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(await f.redis.get(key)).toBe(stored);
    expect(await f.redis.ttl(key)).toBeGreaterThan(43_000);
  });

  it('the officer is read with the session on every request: a role taken away counts at once, and the stored session holds no account', async () => {
    const admin = await login(f.app, ADMIN.email, ADMIN.password);
    const created = await api(f.app, admin, 'POST', '/api/officers', { email: 'noura@sanad.example.org', name: 'نورة', password: 'noura password 1', role: 'admin' });
    const noura = created.json() as { id: string };
    const cookie = await login(f.app, 'noura@sanad.example.org', 'noura password 1');
    expect((await api(f.app, cookie, 'GET', '/api/me')).json()).toMatchObject({ role: 'admin', name: 'نورة' });
    // An admin's route lets her through (to the body check).
    expect((await api(f.app, cookie, 'POST', '/api/officers', { email: 'not an email' })).statusCode).toBe(400);
    await api(f.app, admin, 'PATCH', `/api/officers/${noura.id}`, { role: 'officer', name: 'نورة العتيبي' });
    expect((await api(f.app, cookie, 'GET', '/api/me')).json()).toMatchObject({ role: 'officer', name: 'نورة العتيبي' });
    expect((await api(f.app, cookie, 'POST', '/api/officers', { email: 'not an email' })).statusCode).toBe(403);
    // The account is gone (deleted under the console): the session is out, and ended.
    const key = f.core.keys.session(decodeURIComponent(cookie.slice('sanad_console='.length)).split('.')[0]!);
    const stored = JSON.parse((await f.redis.get(key))!) as Record<string, unknown>;
    expect(stored).toMatchObject({ officerId: noura.id });
    expect(stored).not.toHaveProperty('officer');
    expect(JSON.stringify(stored)).not.toContain('argon2');
    await f.redis.del(f.core.keys.officer(noura.id));
    expect((await api(f.app, cookie, 'GET', '/api/handoffs')).statusCode).toBe(401);
    expect(await f.redis.exists(key)).toBe(0);
  });

  it('bad login bodies get 400; failed logins are limited per email (429), never 500', async () => {
    expect((await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
    expect((await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x' } })).statusCode).toBe(400);
    const bad = { email: 'target@sanad.example.org', password: 'guess guess 1' };
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: bad, remoteAddress: `10.0.0.${i}` })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transcript } from '../support/core.js';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from './support.js';

/** The pages as HTML (inject): they work before any script runs. */
const prefix = uniquePrefix('console-pages');
let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
});
afterAll(() => f.close());

/** A browser-like client: keeps the cookie, reads the CSRF token from the last page. */
class Browser {
  cookie = '';
  csrf = '';
  async get(url: string) {
    const res = await f.app.inject({ method: 'GET', url, headers: this.cookie ? { cookie: this.cookie } : {} });
    this.keep(res.headers['set-cookie']);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }
  async post(url: string, form: Record<string, string>, csrf = true) {
    const res = await f.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookie ? { cookie: this.cookie } : {}) },
      payload: new URLSearchParams({ ...form, ...(csrf ? { _csrf: this.csrf } : {}) }).toString(),
    });
    this.keep(res.headers['set-cookie']);
    return res;
  }
  private keep(set: string | string[] | undefined) {
    // The last one counts (a login clears the old session's cookie, then sets the new one).
    const c = (Array.isArray(set) ? set : set ? [set] : []).filter((x) => x.startsWith('sanad_console=')).at(-1);
    if (c) this.cookie = c.split(';')[0]!;
  }
}

describe('the console pages', () => {
  it('send a signed-out officer to the login page; log in with a CSRF-protected form', async () => {
    const b = new Browser();
    const queue = await b.get('/console');
    expect(queue.statusCode).toBe(303);
    expect(queue.headers.location).toBe('/console/login');
    const login = await b.get('/console/login');
    expect(login.body).toContain('<html lang="ar" dir="rtl">');
    expect(login.body).toContain('<label for="email">البريد الإلكتروني</label>');
    expect(login.headers['content-security-policy']).toContain("script-src 'self'");
    expect(login.headers['content-security-policy']).not.toContain('unsafe-inline');
    // Without the token: refused.
    expect((await b.post('/console/login', ADMIN, false)).statusCode).toBe(403);
    expect((await b.post('/console/login', { email: ADMIN.email, password: 'wrong password' })).headers.location).toBe('/console/login?error=failed');
    await b.get('/console/login');
    const ok = await b.post('/console/login', ADMIN);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/console');
    expect((await b.get('/console')).body).toContain('قائمة الانتظار');
  });

  it('show the waiting chat; claim, reply and close with plain forms; English on request', async () => {
    const c = new Transcript(f.core);
    await c.say('موظف');
    const b = new Browser();
    await b.get('/console/login');
    await b.post('/console/login', ADMIN);
    const queue = await b.get('/console');
    const id = /href="\/console\/handoffs\/([0-9a-f]{16})"/.exec(queue.body)?.[1];
    expect(id).toBeDefined();
    expect(queue.body).toContain(c.address);
    // A request he filed from this conversation: the officer sees who he is and where it stands.
    const now = new Date();
    const applicant = { fullName: 'محمد عبدالله السالم', nationalId: '1000000008', mobile: '+966512345678', city: 'riyadh', familySize: 5, monthlyIncome: 3000 };
    const filed = await f.core.requests.create(
      { applicant, requestType: 'rent', description: 'إيجار متأخر', attachments: [], consent: { noticeVersion: '2026-11', at: now.toISOString(), channel: 'test' }, acknowledgement: { at: now.toISOString(), channel: 'test', text: 'أقر' }, conversation: c.ref },
      now,
      `pages-${c.address}`,
    );
    const page = await b.get(`/console/handoffs/${id}`);
    expect(page.body).toContain('محمد عبدالله السالم');
    expect(page.body).toContain(filed.reference);
    expect(page.body).toContain('••••••0008');
    expect(page.body).not.toContain('1000000008');
    expect(page.body).toContain('استلام المحادثة');
    expect(page.body).toContain('<p dir="auto">موظف</p>');
    expect((await b.post(`/console/handoffs/${id}/claim`, {})).headers.location).toBe(`/console/handoffs/${id}`);
    expect(c.sent.at(-1)!.message.text).toContain('انضم Admin');
    // Officer assist: the knowledge base's answer to his last message, and the canned replies.
    await c.say('متى أوقات الدوام؟');
    const assisted = await b.get(`/console/handoffs/${id}`);
    expect(assisted.body).toContain('إجابة مقترحة من قاعدة المعرفة');
    expect(assisted.body).toMatch(/name="text" value="[^"]*(الأحد|٨)/);
    expect(assisted.body).toContain('>ترحيب</button>');
    await b.post(`/console/handoffs/${id}/reply`, { text: 'مرحباً، كيف أخدمك؟' });
    // A private note: on the page, never sent to the beneficiary.
    const sentBefore = c.sent.length;
    await b.get(`/console/handoffs/${id}`);
    await b.post(`/console/handoffs/${id}/note`, { text: 'يحتاج زيارة ميدانية' });
    expect((await b.get(`/console/handoffs/${id}`)).body).toContain('<p dir="auto">يحتاج زيارة ميدانية</p>');
    expect(c.sent.length).toBe(sentBefore);
    expect(c.sent.at(-1)!.message.text).toBe('مرحباً، كيف أخدمك؟');
    const en = await b.get(`/console/handoffs/${id}?lang=en`);
    expect(en.body).toContain('<html lang="en" dir="ltr">');
    expect(en.body).toContain('Hand back to the bot');
    expect((await b.post(`/console/handoffs/${id}/close`, {})).headers.location).toBe('/console');
    expect((await f.core.handoffs.handoffs.get(id!))?.status).toBe('resolved');
    // The language stays with the session.
    expect((await b.get('/console')).body).toContain('Nobody is waiting.');
  });
});

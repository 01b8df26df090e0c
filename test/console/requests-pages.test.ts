import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewSupportRequest } from '../../src/domain/requests.js';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from './support.js';

/** The desk's pages as HTML (inject): RTL, counts, search, a request's page, the committee view, forms with CSRF. */
const prefix = uniquePrefix('requests-pages');
let f: ConsoleFixture;
let clock = Date.now();
beforeAll(async () => {
  f = await startConsoleFixture(prefix, {}, { now: () => clock });
  f.core.outbound.register('test', async () => {});
});
afterAll(() => f.close());

class Client {
  cookie = '';
  csrf = '';
  async get(url: string) {
    const res = await f.app.inject({ method: 'GET', url, headers: this.cookie ? { cookie: this.cookie } : {} });
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }
  async post(url: string, form: Record<string, string>) {
    return f.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie }, payload: new URLSearchParams({ ...form, _csrf: this.csrf }).toString() });
  }
}

const draft = (nationalId: string, n: number): NewSupportRequest => ({
  applicant: { fullName: 'خالد سعد العتيبي', nationalId, mobile: '+966512345678', city: 'riyadh', familySize: 4, monthlyIncome: 2500 },
  requestType: 'medical',
  description: 'علاج لابني',
  attachments: [{ kind: 'image', mimeType: 'image/jpeg', name: 'تقرير.jpg', storageKey: `att:wc:${prefix}-img` }, { kind: 'document', mimeType: 'application/pdf', name: 'وصفة.pdf', storageKey: `att:wc:${prefix}-pdf` }],
  consent: { noticeVersion: '2026-11', at: new Date().toISOString(), channel: 'webchat' },
  acknowledgement: { at: new Date().toISOString(), channel: 'webchat', text: 'أقر بأن جميع البيانات المقدمة صحيحة' },
  conversation: { channel: 'test', address: `pages-${n}` },
  locale: 'ar',
});

describe('the requests desk pages', () => {
  it('a supervisor sees counts, searches, opens a request with every field, files, earlier requests and differences, and sets its status', async () => {
    await f.redis.hSet(f.core.keys.attachment(`wc:${prefix}-img`), { mimeType: 'image/jpeg', name: 'تقرير.jpg', size: '4', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) });
    const older = await f.core.requests.create(draft('1000000065', 1), new Date(clock - 3 * 86_400_000), `${prefix}-1`);
    const r = await f.core.requests.create(draft('1000000065', 2), new Date(clock), `${prefix}-2`);
    // The record says another city: a difference to flag.
    await f.core.beneficiaries.upsertFromApplicant({ ...r.applicant, city: 'jeddah' }, { channel: 'test', address: 'pages-2' }, new Date());
    await api(f.app, await login(f.app, ADMIN.email, ADMIN.password), 'POST', '/api/officers', { email: 'lama@sanad.example.org', name: 'لمى', password: 'lama password 1', role: 'supervisor' });
    const c = new Client();
    c.cookie = await login(f.app, 'lama@sanad.example.org', 'lama password 1');

    const list = await c.get('/console/requests');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<html lang="ar" dir="rtl">');
    expect(list.body).toMatch(/مستلم <span class="badge" data-status="submitted">2<\/span>/);
    expect(list.body).toContain(r.reference);
    const found = await c.get('/console/requests?q=0512345678');
    expect(found.body).toContain(r.reference);
    expect(found.body).toContain(older.reference);
    expect((await c.get(`/console/requests?q=${r.reference}`)).body).not.toContain(`>${older.reference}<`);

    const pageRes = await c.get(`/console/requests/${r.reference}`);
    const page = pageRes.body;
    for (const text of ['خالد سعد العتيبي', '1000000065', '+966512345678', 'الرياض', 'مساعدة علاجية', 'علاج لابني', 'أقر بأن جميع البيانات المقدمة صحيحة', 'نسخة الإشعار 2026-11']) expect(page).toContain(text);
    expect(page).toContain(`<img src="/console/requests/${r.reference}/files/0"`);
    expect(page).toContain(`<a href="/console/requests/${r.reference}/files/1" target="_blank" rel="noopener">📄 وصفة.pdf</a>`);
    expect(page).toMatch(/<tr class="flagged"><th scope="row">المدينة<\/th><td>riyadh<\/td><td>jeddah<\/td><\/tr>/);
    expect(page).toContain(`href="/console/requests/${older.reference}"`);
    const img = await c.get(`/console/requests/${r.reference}/files/0`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect((await c.get(`/console/requests/${r.reference}/files/1`)).statusCode).toBe(404); // its bytes are not kept here

    const done = await c.post(`/console/requests/${r.reference}/status`, { status: 'under-review', note: 'بدأت الدراسة' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/console/requests/${r.reference}?done=status`);
    expect((await f.core.requests.get(r.reference))!.status).toBe('under-review');
    const withoutCsrf = await f.app.inject({ method: 'POST', url: `/console/requests/${r.reference}/status`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookie }, payload: 'status=accepted' });
    expect(withoutCsrf.statusCode).toBe(403);
    expect((await f.core.requests.get(r.reference))!.status).toBe('under-review');
    await c.get(`/console/requests/${r.reference}`);
    const wrong = await c.post(`/console/requests/${r.reference}/status`, { status: 'submitted' });
    expect(wrong.headers.location).toBe(`/console/requests/${r.reference}?error=409`);
    expect((await c.get(`/console/requests/nothing`)).statusCode).toBe(404);
  });

  it('the committee view highlights requests older than the SLA once the clock passes it; officers are refused it; signed-out visitors go to the login', async () => {
    const r = await f.core.requests.create(draft('1000000073', 3), new Date(clock), `${prefix}-3`);
    const c = new Client();
    c.cookie = await login(f.app, ADMIN.email, ADMIN.password);
    const before = (await c.get('/console/requests/committee')).body;
    expect(before).toContain(`<tr class="" data-ref="${r.reference}">`);
    clock += 15 * 86_400_000;
    const after = (await c.get('/console/requests/committee')).body;
    expect(after).toContain(`<tr class="overdue" data-ref="${r.reference}">`);
    expect(after).toContain('تجاوز المدة (14 يوماً)');
    clock -= 15 * 86_400_000;

    await api(f.app, c.cookie, 'POST', '/api/officers', { email: 'reem@sanad.example.org', name: 'ريم', password: 'reem password 1' });
    const officer = new Client();
    officer.cookie = await login(f.app, 'reem@sanad.example.org', 'reem password 1');
    expect((await officer.get('/console/requests/committee')).statusCode).toBe(403);
    // Her list masks the name.
    expect((await officer.get(`/console/requests?q=${r.reference}`)).body).toContain('خالد س*** ا***');
    const anon = await f.app.inject({ method: 'GET', url: '/console/requests' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/console/login');
  });

  it('an officer records a request from the form page: same checks as the chat form, the acknowledgement read out, one request for a form sent twice', async () => {
    const c = new Client();
    c.cookie = await login(f.app, ADMIN.email, ADMIN.password);
    const form = await c.get('/console/requests/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('أقر بأن جميع البيانات المقدمة صحيحة');
    const formId = /name="formId" value="([^"]+)"/.exec(form.body)![1]!;
    const bad = await c.post('/console/requests/new', { formId, channel: 'in-person', fullName: 'سعيد', nationalId: '123', mobile: '0512345678', city: 'riyadh', familySize: '2', monthlyIncome: '0', requestType: 'food', description: 'سلة غذائية للأسرة' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    for (const field of ['الاسم', 'رقم الهوية', 'الإقرار']) expect(bad.body).toContain(`<li>${field}:`);
    expect(bad.body).toContain('value="0512345678"'); // what was typed stays
    await c.get('/console/requests/new');
    const good = { formId, channel: 'in-person', fullName: 'سعيد محمد الغامدي', nationalId: '1000000024', mobile: '0512345678', city: 'riyadh', familySize: '2', monthlyIncome: '0', requestType: 'food', description: 'سلة غذائية للأسرة', acknowledged: '1' };
    const ok = await c.post('/console/requests/new', good);
    expect(ok.statusCode).toBe(303);
    const reference = /SR-\d{4}-\d{6}/.exec(String(ok.headers.location))![0];
    const again = await c.post('/console/requests/new', good);
    expect(again.headers.location).toBe(ok.headers.location);
    expect((await f.core.requests.get(reference))!).toMatchObject({ recorded: { channel: 'in-person' }, acknowledgement: { channel: 'in-person' } });
    expect((await c.get(`/console/requests/${reference}`)).body).toContain('حضورياً');
  });
});

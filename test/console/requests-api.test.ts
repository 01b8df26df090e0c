import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewSupportRequest } from '../../src/domain/requests.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import { uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from './support.js';

const prefix = uniquePrefix('requests-api');
let f: ConsoleFixture;
let admin: string;
let officer: string;
let supervisor: string;
let officerId: string;
const sent: { ref: ConversationRef; message: OutboundMessage }[] = [];
let clock = Date.now();
beforeAll(async () => {
  f = await startConsoleFixture(prefix, {}, { now: () => clock });
  f.core.outbound.register('test', async (ref, messages) => {
    for (const message of messages) sent.push({ ref, message });
  });
  admin = await login(f.app, ADMIN.email, ADMIN.password);
  officerId = (await api(f.app, admin, 'POST', '/api/officers', { email: 'huda@sanad.example.org', name: 'هدى', password: 'huda password 1' })).json().id;
  await api(f.app, admin, 'POST', '/api/officers', { email: 'saad@sanad.example.org', name: 'سعد', password: 'saad password 1', role: 'supervisor' });
  officer = await login(f.app, 'huda@sanad.example.org', 'huda password 1');
  supervisor = await login(f.app, 'saad@sanad.example.org', 'saad password 1');
});
afterAll(() => f.close());

let n = 0;
/** A request as the chat form files it, from a `test` chat. */
async function filed(o: { nationalId?: string; mobile?: string; at?: number } = {}) {
  n++;
  const draft: NewSupportRequest = {
    applicant: { fullName: 'محمد عبدالله القحطاني', nationalId: o.nationalId ?? '1000000009', mobile: o.mobile ?? '+966512345678', city: 'riyadh', familySize: 5, monthlyIncome: 3000 },
    requestType: 'food',
    description: 'نحتاج سلة غذائية للأسرة',
    attachments: [],
    consent: { noticeVersion: '2026-11', at: new Date().toISOString(), channel: 'test' },
    acknowledgement: { at: new Date().toISOString(), channel: 'test', text: 'أقر' },
    conversation: { channel: 'test', address: `req-api-${n}` },
    locale: 'ar',
  };
  return f.core.requests.create(draft, new Date(o.at ?? Date.now()), `t-${prefix}-${n}`);
}

const form = {
  fullName: 'فاطمة علي',
  nationalId: '1000000016',
  mobile: '0551234567',
  city: 'jeddah',
  familySize: 3,
  monthlyIncome: 1500,
  requestType: 'rent',
  description: 'متأخرة في سداد الإيجار ثلاثة أشهر',
  channel: 'phone',
  acknowledged: true,
};

describe('the requests API', () => {
  it('every route answers 401 without a session, and 403 where the role is short', async () => {
    const r = await filed();
    const routes: [string, 'GET' | 'POST', unknown?][] = [
      ['/api/requests', 'GET'],
      ['/api/requests/committee', 'GET'],
      ['/api/requests/export.csv', 'GET'],
      [`/api/requests/${r.reference}`, 'GET'],
      [`/api/requests/${r.reference}/decision`, 'POST', { status: 'under-review' }],
      [`/api/requests/${r.reference}/assign`, 'POST', { officerId }],
      [`/api/requests/${r.reference}/announce`, 'POST', { text: 'مرحباً' }],
      ['/api/requests', 'POST', form],
    ];
    for (const [url, method, body] of routes) expect((await api(f.app, undefined, method, url, body)).statusCode, `${method} ${url}`).toBe(401);
    // The committee's parts are a supervisor's.
    expect((await api(f.app, officer, 'GET', '/api/requests/committee')).statusCode).toBe(403);
    expect((await api(f.app, officer, 'GET', '/api/requests/export.csv')).statusCode).toBe(403);
    expect((await api(f.app, officer, 'POST', `/api/requests/${r.reference}/assign`, { officerId })).statusCode).toBe(403);
    expect((await api(f.app, officer, 'POST', `/api/requests/${r.reference}/decision`, { status: 'accepted' })).statusCode).toBe(403);
    // What an officer may do.
    expect((await api(f.app, officer, 'POST', `/api/requests/${r.reference}/decision`, { status: 'under-review' })).statusCode).toBe(200);
  });

  it('lists by status and finds by reference, national ID or mobile; the name masked for an officer without the role', async () => {
    const a = await filed({ nationalId: '1000000025', mobile: '+966501112233' });
    const asOfficer = (await api(f.app, officer, 'GET', `/api/requests?q=${a.reference}`)).json();
    expect(asOfficer).toEqual([{ reference: a.reference, status: 'submitted', submittedAt: a.submittedAt, channel: 'test', applicantName: 'محمد ع*** ا***', requestType: 'food', overdue: false }]);
    const asSupervisor = (await api(f.app, supervisor, 'GET', `/api/requests?q=${a.reference}`)).json();
    expect(asSupervisor[0].applicantName).toBe('محمد عبدالله القحطاني');
    for (const q of ['1000000025', '١٠٠٠٠٠٠٠٢٥', '0501112233', '+966501112233']) {
      expect((await api(f.app, supervisor, 'GET', `/api/requests?q=${encodeURIComponent(q)}`)).json().map((x: { reference: string }) => x.reference), q).toEqual([a.reference]);
    }
    const submitted = (await api(f.app, supervisor, 'GET', '/api/requests?status=submitted')).json() as { reference: string; status: string }[];
    expect(submitted.map((x) => x.reference)).toContain(a.reference);
    expect(new Set(submitted.map((x) => x.status))).toEqual(new Set(['submitted']));
    expect((await api(f.app, supervisor, 'GET', '/api/requests?status=lost')).statusCode).toBe(400);
    // The detail masks the ID and the mobile too for an officer.
    const detail = (await api(f.app, officer, 'GET', `/api/requests/${a.reference}`)).json();
    expect(detail.applicant).toMatchObject({ nationalId: '******0025', mobile: '+9665*****233' });
  });

  it('a decision: history with status, at, by and note; a repeated identical call changes nothing and sends one notice', async () => {
    const r = await filed();
    const body = { status: 'rejected', note: 'الدخل أعلى من حد الاستحقاق', shareNote: true };
    const first = await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/decision`, body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'rejected', changed: true });
    const again = await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/decision`, body);
    expect(again.json()).toMatchObject({ status: 'rejected', changed: false });
    const detail = (await api(f.app, supervisor, 'GET', `/api/requests/${r.reference}`)).json();
    expect(detail.history.map((h: { status: string; by: string; note?: string }) => [h.status, h.by.split(':')[0], h.note ?? null])).toEqual([
      ['submitted', 'beneficiary', null],
      ['rejected', 'officer', 'الدخل أعلى من حد الاستحقاق'],
    ]);
    expect(detail.history[1].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const mine = () => sent.filter((s) => s.ref.address === r.conversation!.address);
    await waitFor(() => mine().length === 1, 'the notice');
    expect(mine()[0]!.message).toMatchObject({ locale: 'ar', notice: { name: 'request-decision', params: { reference: r.reference, decision: 'غير مقبول' } } });
    expect(mine()[0]!.message.text).toContain(r.reference);
    expect(mine()[0]!.message.text).toContain('السبب: الدخل أعلى من حد الاستحقاق');
    // Decided is final.
    expect((await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/decision`, { status: 'accepted' })).statusCode).toBe(409);
    expect(mine()).toHaveLength(1);
    const events = await f.redis.xRange(f.core.keys.events(), '-', '+');
    expect((events ?? []).filter((e) => e?.message?.name === 'service.completed' && String(e.message.payload).includes(r.reference))).toHaveLength(1);
  });

  it('a note not shared stays with the committee', async () => {
    const r = await filed();
    await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/decision`, { status: 'rejected', note: 'ملاحظة داخلية', shareNote: false });
    const mine = () => sent.filter((s) => s.ref.address === r.conversation!.address);
    await waitFor(() => mine().length === 1, 'the notice');
    expect(mine()[0]!.message.text).not.toContain('ملاحظة داخلية');
  });

  it('unknown references are 404, wrong bodies and wrong JSON 400, never 500', async () => {
    expect((await api(f.app, supervisor, 'GET', '/api/requests/SR-2026-999999')).statusCode).toBe(404);
    expect((await api(f.app, supervisor, 'GET', '/api/requests/nothing')).statusCode).toBe(404);
    expect((await api(f.app, supervisor, 'POST', '/api/requests/SR-2026-999999/decision', { status: 'accepted' })).statusCode).toBe(404);
    const r = await filed();
    expect((await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/decision`, { status: 'maybe' })).statusCode).toBe(400);
    expect((await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/decision`, { status: 'accepted', extra: 1 })).statusCode).toBe(400);
    const broken = await f.app.inject({ method: 'POST', url: `/api/requests/${r.reference}/decision`, headers: { cookie: supervisor, 'content-type': 'application/json' }, payload: '{"status": "acc' });
    expect(broken.statusCode).toBe(400);
    const notObject = await f.app.inject({ method: 'POST', url: '/api/requests', headers: { cookie: officer, 'content-type': 'application/json' }, payload: '[1,2]' });
    expect(notObject.statusCode).toBe(400);
    expect((await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/assign`, { officerId: 'nobody' })).statusCode).toBe(400);
  });

  it('an officer records a request: 201 with a reference, marked with the channel and the officer; 400 lists every problem', async () => {
    const res = await api(f.app, officer, 'POST', '/api/requests', form);
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json();
    expect(reference).toMatch(/^SR-\d{4}-\d{6}$/);
    const stored = (await f.core.requests.get(reference))!;
    expect(stored).toMatchObject({ recorded: { channel: 'phone', officerId }, applicant: { mobile: '+966551234567', city: 'jeddah' }, acknowledgement: { channel: 'phone' } });
    expect(stored.acknowledgement.text).toContain('أقر بأن جميع البيانات المقدمة صحيحة');
    expect(stored.history[0]!.by).toBe(`officer:${officerId}`);
    const list = (await api(f.app, supervisor, 'GET', `/api/requests?q=${reference}`)).json();
    expect(list[0]).toMatchObject({ channel: 'phone' });

    const bad = await api(f.app, officer, 'POST', '/api/requests', { ...form, nationalId: '1000000000', mobile: '0123', city: 'paris', familySize: 99, requestType: 'car', description: 'قصير', channel: 'fax', acknowledged: false });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems.map((p: { field: string }) => p.field).sort()).toEqual(['acknowledged', 'channel', 'city', 'description', 'familySize', 'mobile', 'nationalId', 'requestType']);
    const missing = await api(f.app, officer, 'POST', '/api/requests', { channel: 'letter', acknowledged: true });
    expect(missing.json().problems.map((p: { field: string }) => p.field)).toEqual(['fullName', 'nationalId', 'mobile', 'city', 'familySize', 'monthlyIncome', 'requestType', 'description']);
  });

  it('assigns a researcher, who then sees the name in full', async () => {
    const r = await filed({ nationalId: '1000000033' });
    expect((await api(f.app, supervisor, 'POST', `/api/requests/${r.reference}/assign`, { officerId })).json()).toMatchObject({ assignee: officerId });
    expect((await api(f.app, officer, 'GET', `/api/requests?q=${r.reference}`)).json()[0].applicantName).toBe('محمد عبدالله القحطاني');
  });

  it('the committee view flags undecided requests older than the SLA once the clock passes it', async () => {
    const r = await filed({ nationalId: '1000000041', at: clock });
    const flagged = async () => ((await api(f.app, supervisor, 'GET', '/api/requests/committee')).json() as { slaDays: number; requests: { reference: string; overdue: boolean }[] });
    expect((await flagged()).slaDays).toBe(14);
    expect((await flagged()).requests.find((x) => x.reference === r.reference)!.overdue).toBe(false);
    clock += 15 * 86_400_000;
    expect((await flagged()).requests.find((x) => x.reference === r.reference)!.overdue).toBe(true);
    clock -= 15 * 86_400_000;
  });

  it('exports CSV: UTF-8 with a BOM, Arabic intact, fields with commas, quotes and line breaks quoted, formulas defused', async () => {
    const res = await api(f.app, officer, 'POST', '/api/requests', { ...form, nationalId: '1000000057', fullName: '=HYPERLINK("x") ناصر', description: 'إيجار، كهرباء "متأخرة"\nوماء' });
    const { reference } = res.json();
    const csv = await api(f.app, supervisor, 'GET', '/api/requests/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="requests-\d{4}-\d\d-\d\d\.csv"$/);
    const bytes = csv.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('reference,status,submittedAt,channel,fullName,nationalId,mobile,city,familySize,monthlyIncome,requestType,description,assignee,decidedAt,overdue');
    expect(text).toContain(`${reference},submitted,`);
    expect(text).toContain(`,phone,"'=HYPERLINK(""x"") ناصر",1000000057,+966551234567,jeddah,3,1500,rent,"إيجار، كهرباء ""متأخرة""\nوماء",,,no\r\n`);
    expect(text).toContain('محمد عبدالله القحطاني');
  });

  it('a reminder once the promised period passes without a decision ("still under study"), sent once; an officer\'s announcement on his chat', async () => {
    const r = await filed({ nationalId: '1000000081', at: clock });
    const mine = () => sent.filter((s) => s.ref.address === r.conversation!.address).map((s) => s.message);
    const desk = f.console.requests!;
    await desk.remindOverdue();
    expect(mine()).toEqual([]);
    clock += 15 * 86_400_000;
    try {
      await desk.remindOverdue();
      await desk.remindOverdue();
      await waitFor(() => mine().length >= 1, 'the reminder');
      expect(mine()).toHaveLength(1);
      expect(mine()[0]).toMatchObject({ notice: { name: 'request-reminder', params: { reference: r.reference } } });
      expect(mine()[0]!.text).toContain('ما زال قيد الدراسة');
    } finally {
      clock -= 15 * 86_400_000;
    }
    const res = await api(f.app, officer, 'POST', `/api/requests/${r.reference}/announce`, { text: 'نرجو زيارة الفرع يوم الأحد' });
    expect(res.statusCode).toBe(202);
    await waitFor(() => mine().length === 2, 'the announcement');
    expect(mine()[1]).toMatchObject({ notice: { name: 'officer-message', params: { text: 'نرجو زيارة الفرع يوم الأحد' } } });
    expect((await f.core.requests.get(r.reference))!.notices.map((n) => n.kind)).toEqual(['reminder', 'announcement']);
    expect((await api(f.app, officer, 'POST', `/api/requests/${r.reference}/announce`, { text: ' ' })).statusCode).toBe(400);
  });
});

/**
 * The misses in the officers' console, with the real core on the real Redis: a message the bot
 * answered out of scope (or with "did you mean") is on the supervisors' page and in the API; one
 * click assigns it to a topic (learned.yaml of a copy of the shipped flows), and the running
 * bot answers it with that topic at once; dismissing forgets it; both are in the audit log.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { readKnowledgeBase } from '../../src/knowledge/index.js';
import { MISSED_EVENT, type Miss } from '../../src/knowledge/misses.js';
import { MISSES_SHOWN } from '../../src/console/misses-view.js';
import type { Redis } from '../../src/store/redis.js';
import { testCore, Transcript } from '../support/core.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from './support.js';

const prefix = uniquePrefix('console-misses');
const SHIPPED_LEARNED = readFileSync('flows/knowledge/learned.yaml', 'utf8');
let redis: Redis;
let core: Core;
let flows: string;
let f: ConsoleFixture;
let admin: string;
let supervisor: string;
let officer: string;
/** One message the knowledge base answers out of scope, one it is torn between two topics on. */
let word: string;
let torn: string;
let tornTopics: string[];

// The knowledge base grows (issue 15), so the two messages are picked from these by what it answers today.
const UNKNOWN = ['ودي اكون من ربعكم الميدانيين', 'عندي سيارة واوقاتي فاضية العصر', 'ودي اشارك بالفزعة', 'زرقاء اليمامة تطير'];
const TORN = ['توزيع', 'عن توزيع', 'سلال', 'الدعم', 'خدمه', 'ايتام', 'عن ايتام', 'عن سداد', 'عن اثاث', 'بخصوص التسجيل', 'بخصوص الطلب', 'متى تحتاجون ايادي للتغليف'];

beforeAll(async () => {
  redis = await connectTestRedis();
  // The core reads (and the console writes) a copy: a test never writes to the repository's flows/.
  flows = mkdtempSync(join(tmpdir(), 'console-misses-'));
  cpSync('flows', flows, { recursive: true });
  core = await testCore(redis, prefix, flows);
  word = UNKNOWN.find((t) => core.knowledge.answer(t).kind === 'none')!;
  torn = TORN.find((t) => core.knowledge.answer(t).kind === 'ambiguous')!;
  expect(word, 'a message the knowledge base answers out of scope: add one to UNKNOWN').toBeDefined();
  expect(torn, 'a message the knowledge base is torn on: add one to TORN').toBeDefined();
  const a = core.knowledge.answer(torn);
  tornTopics = a.kind === 'ambiguous' ? a.topics.map((t) => t.id) : [];
  f = await startConsoleFixture(prefix, {}, { core });
  admin = await login(f.app, ADMIN.email, ADMIN.password);
  await api(f.app, admin, 'POST', '/api/officers', { email: 'huda@sanad.example.org', name: 'هدى', password: 'huda password 1', role: 'supervisor' });
  await api(f.app, admin, 'POST', '/api/officers', { email: 'fahad@sanad.example.org', name: 'فهد', password: 'fahad password 1', role: 'officer' });
  supervisor = await login(f.app, 'huda@sanad.example.org', 'huda password 1');
  officer = await login(f.app, 'fahad@sanad.example.org', 'fahad password 1');
});

afterAll(async () => {
  await f?.close();
  await deleteKeys(redis, prefix);
  await redis.close();
  rmSync(flows, { recursive: true, force: true });
  expect(readFileSync('flows/knowledge/learned.yaml', 'utf8')).toBe(SHIPPED_LEARNED);
});

/** A signed-in browser without script: the session cookie, and the CSRF token of the last page. */
class Page {
  csrf = '';
  constructor(readonly cookie: string) {}
  async get(url: string) {
    const res = await f.app.inject({ method: 'GET', url, headers: { cookie: this.cookie } });
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }
  post(url: string, form: Record<string, string>, csrf = true) {
    return f.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie }, payload: new URLSearchParams({ ...form, ...(csrf ? { _csrf: this.csrf } : {}) }).toString() });
  }
}

const listed = async (): Promise<Miss[]> => (await api(f.app, supervisor, 'GET', '/api/misses')).json<{ misses: Miss[] }>().misses;
const missOf = async (text: string): Promise<Miss> => {
  await expect.poll(async () => (await listed()).some((m) => m.text === text)).toBe(true);
  return (await listed()).find((m) => m.text === text)!;
};
const audit = async (miss: string) => ((await redis.xRange(core.keys.audit(), '-', '+')) ?? []).flatMap((e) => (e.message.miss === miss ? [e.message] : []));
const volunteerAnswer = () => readKnowledgeBase(join(flows, 'knowledge')).topics.find((t) => t.id === 'volunteer')!.answer.ar.slice(0, 30);

describe('the misses page and API', () => {

  it('show a supervisor the message the bot answered out of scope: masked, channel, Hijri and Gregorian time, reason', async () => {
    const b = new Transcript(core);
    await b.say('مرحبا');
    await b.say(word);
    await b.say(torn);
    const miss = await missOf(word);
    expect(miss).toMatchObject({ channel: 'test', reason: 'out-of-scope', locale: 'ar' });
    const dym = await missOf(torn);
    expect(dym).toMatchObject({ reason: 'ambiguous', topics: tornTopics });
    // Newest first.
    const ids = (await listed()).map((m) => m.id);
    expect(ids.indexOf(dym.id)).toBeLessThan(ids.indexOf(miss.id));

    const page = new Page(supervisor);
    const res = await page.get('/console/misses');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
    expect(res.body).toContain(`<p class="miss-text" dir="auto" id="text-${miss.id}">${word}</p>`);
    expect(res.body.indexOf(`id="miss-${dym.id}"`)).toBeLessThan(res.body.indexOf(`id="miss-${miss.id}"`));
    const card = res.body.slice(res.body.indexOf(`id="miss-${dym.id}"`)).split('</li>')[0]!;
    expect(card).toContain('اختبار');
    expect(card).toContain('سُئل: هل تقصد…؟');
    expect(card).toMatch(/هـ الموافق .* م، /);
    const first = core.knowledge.topic(tornTopics[0]!)!.label.ar;
    expect(card).toContain(`<bdi>${first}</bdi>، <bdi>`);
    // The chooser starts on the first topic offered; every topic is there, and "out of scope".
    expect(card).toContain(`<option value="${tornTopics[0]}" selected>${first}</option>`);
    expect(card.match(/<option /g)).toHaveLength(core.knowledge.matcher.topics.length + 1);
    expect(card).toContain('<option value="out-of-scope">خارج نطاق الجمعية</option>');
    const oos = res.body.slice(res.body.indexOf(`id="miss-${miss.id}"`)).split('</li>')[0]!;
    expect(oos).toContain('<option value="out-of-scope" selected>');
    // The navigation links the page for supervisors.
    expect(res.body).toContain('<a href="/console/misses">ما لم يفهمه المساعد</a>');

    const en = await page.get('/console/misses?lang=en');
    expect(en.body).toContain('<html lang="en" dir="ltr">');
    expect(en.body).toContain('Asked &#34;did you mean …?&#34;');
    expect(en.body).toMatch(/AH \(\d+ \w+ 20\d\d\), \d\d:\d\d/);
    await page.get('/console/misses?lang=ar');
  });

  it('are for supervisors and admins: an officer gets 403 and no link; no session goes to the login page or gets 401', async () => {
    const page = new Page(officer);
    const res = await page.get('/console/misses');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('هذه الصفحة للمشرفين.');
    expect(res.body).not.toContain('miss-text');
    expect((await page.get('/console')).body).not.toContain('href="/console/misses"');
    const miss = await missOf(torn);
    expect((await page.post(`/console/misses/${miss.id}/dismiss`, {})).statusCode).toBe(403);
    expect((await api(f.app, officer, 'GET', '/api/misses')).statusCode).toBe(403);
    expect((await api(f.app, officer, 'POST', `/api/misses/${miss.id}/assign`, { topic: 'services' })).statusCode).toBe(403);
    expect((await api(f.app, officer, 'POST', `/api/misses/${miss.id}/dismiss`)).statusCode).toBe(403);
    expect(await core.misses.get(miss.id)).toBeDefined();

    const out = await f.app.inject({ method: 'GET', url: '/console/misses' });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/console/login');
    expect((await api(f.app, undefined, 'GET', '/api/misses')).statusCode).toBe(401);
    expect((await api(f.app, undefined, 'POST', `/api/misses/${miss.id}/dismiss`)).statusCode).toBe(401);
    expect((await api(f.app, admin, 'GET', '/api/misses')).statusCode).toBe(200);
  });

  it('assign in one click: learned.yaml gets the example, the miss goes, the same message is answered with the topic without a restart, audited', async () => {
    const answerer = core.knowledge;
    const before = answerer.answer(word);
    expect(before.kind === 'topic' && before.topic.id === 'volunteer').toBe(false);
    const miss = await missOf(word);

    const page = new Page(supervisor);
    await page.get('/console/misses');
    // Without the CSRF token: refused, nothing changes.
    expect((await page.post(`/console/misses/${miss.id}/assign`, { topic: 'volunteer' }, false)).statusCode).toBe(403);
    expect(await core.misses.get(miss.id)).toBeDefined();
    const done = await page.post(`/console/misses/${miss.id}/assign`, { topic: 'volunteer' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/console/misses?done=assigned&topic=volunteer');

    const learned = readFileSync(join(flows, 'knowledge', 'learned.yaml'), 'utf8');
    expect(learned).toContain(`  volunteer:\n    ar:\n      - ${word}\n`);
    expect(await core.misses.get(miss.id)).toBeUndefined();
    const after = await page.get(done.headers.location as string);
    expect(after.body).toContain('أُضيفت الرسالة مثالاً لموضوع «التطوع»، والمساعد يجيب بها الآن.');
    expect(after.body).not.toContain(`id="miss-${miss.id}"`);
    expect((await listed()).map((m) => m.id)).not.toContain(miss.id);

    // A beneficiary writes it again: the running core answers with the topic (the same answerer, retrained).
    expect(core.knowledge).toBe(answerer);
    expect(core.ctx.answerer).toBe(answerer);
    const b = new Transcript(core);
    await b.say('مرحبا');
    expect(b.text(await b.say(word))).toContain(volunteerAnswer());
    expect((await listed()).map((m) => m.text)).not.toContain(word);

    const [entry, ...more] = await audit(miss.id);
    expect(more).toEqual([]);
    const huda = (await f.core.officers.list()).find((o) => o.name === 'هدى')!;
    expect(entry).toMatchObject({ actor: `officer:${huda.id}`, action: 'miss-assigned', miss: miss.id });
    expect(JSON.parse(entry!.detail!)).toEqual({ topic: 'volunteer', reason: 'out-of-scope', channel: 'test', locale: 'ar' });
    expect(entry!.detail).not.toContain(word);
  });

  it('dismiss: the miss goes without teaching anything, audited', async () => {
    const miss = await missOf(torn);
    const learned = readFileSync(join(flows, 'knowledge', 'learned.yaml'), 'utf8');
    const page = new Page(supervisor);
    await page.get('/console/misses');
    const done = await page.post(`/console/misses/${miss.id}/dismiss`, {});
    expect(done.headers.location).toBe('/console/misses?done=dismissed');
    expect((await page.get('/console/misses?done=dismissed')).body).toContain('استُبعدت الرسالة.');
    expect(await core.misses.get(miss.id)).toBeUndefined();
    expect(readFileSync(join(flows, 'knowledge', 'learned.yaml'), 'utf8')).toBe(learned);
    expect((await audit(miss.id)).map((e) => e.action)).toEqual(['miss-dismissed']);
    // Again: it is gone (the page says so; the API says 404).
    expect((await page.post(`/console/misses/${miss.id}/dismiss`, {})).headers.location).toBe('/console/misses?error=404');
    expect((await page.get('/console/misses?error=404')).body).toContain('هذه الرسالة لم تعد في القائمة');
  });

  it('the API assigns and dismisses, and refuses bad inputs with 4xx, never 500', async () => {
    const b = new Transcript(core);
    await b.say('مرحبا');
    await b.say('الخياطة متى تبدأ');
    await b.say('وش سالفة البطاقة');
    const tailoring = await missOf('الخياطة متى تبدأ');
    const card = await missOf('وش سالفة البطاقة');

    const list = (await api(f.app, supervisor, 'GET', '/api/misses')).json<{ retentionDays: number; topics: { id: string; label: { ar: string; en: string } }[] }>();
    expect(list.retentionDays).toBe(90);
    expect(list.topics.map((t) => t.id)).toEqual([...core.knowledge.matcher.topics.map((t) => t.id), 'out-of-scope']);

    const bad = async (method: 'POST', url: string, payload: unknown, status: number, code: string) => {
      const res = await api(f.app, supervisor, method, url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(res.json().code).toBe(code);
    };
    await bad('POST', `/api/misses/${tailoring.id}/assign`, { topic: 'no-such-topic' }, 400, 'SANAD_ERR_CONSOLE_REQUEST');
    await bad('POST', `/api/misses/${tailoring.id}/assign`, {}, 400, 'SANAD_ERR_CONSOLE_REQUEST');
    await bad('POST', `/api/misses/${tailoring.id}/assign`, { topic: 'services', extra: 1 }, 400, 'SANAD_ERR_CONSOLE_REQUEST');
    await bad('POST', `/api/misses/${tailoring.id}/assign`, { topic: 42 }, 400, 'SANAD_ERR_CONSOLE_REQUEST');
    await bad('POST', '/api/misses/deadbeef/assign', { topic: 'services' }, 404, 'SANAD_ERR_CONSOLE_NOT_FOUND');
    await bad('POST', '/api/misses/not-a-miss-id/assign', { topic: 'services' }, 404, 'SANAD_ERR_CONSOLE_NOT_FOUND');
    await bad('POST', '/api/misses/deadbeef/dismiss', {}, 404, 'SANAD_ERR_CONSOLE_NOT_FOUND');
    expect(await core.misses.get(tailoring.id)).toBeDefined();
    // The page says the same for an unknown topic.
    const page = new Page(supervisor);
    await page.get('/console/misses');
    expect((await page.post(`/console/misses/${tailoring.id}/assign`, { topic: 'no-such-topic' })).headers.location).toBe('/console/misses?error=400');
    expect((await page.get('/console/misses?error=400')).body).toContain('اختر موضوعاً من القائمة.');

    const res = await api(f.app, supervisor, 'POST', `/api/misses/${tailoring.id}/assign`, { topic: 'services' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: tailoring.id, topic: 'services', text: 'الخياطة متى تبدأ', locale: 'ar', learned: true, retrained: { topics: core.knowledge.matcher.topics.length } });
    const answer = core.knowledge.answer('الخياطة متى تبدأ');
    expect(answer.kind === 'topic' && answer.topic.id).toBe('services');
    await bad('POST', `/api/misses/${tailoring.id}/assign`, { topic: 'services' }, 404, 'SANAD_ERR_CONSOLE_NOT_FOUND');

    // learned.yaml broken by hand: nothing is added, the miss stays (409, and the page says so).
    const file = join(flows, 'knowledge', 'learned.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, 'learned:\n  no-such-topic:\n    ar: [x]\n');
    await bad('POST', `/api/misses/${card.id}/assign`, { topic: 'services' }, 409, 'SANAD_ERR_CONSOLE_CONFLICT');
    expect((await page.post(`/console/misses/${card.id}/assign`, { topic: 'services' })).headers.location).toBe('/console/misses?error=409');
    expect((await page.get('/console/misses?error=409')).body).toContain('ملفات قاعدة المعرفة فيها خطأ');
    expect(readFileSync(file, 'utf8')).not.toContain('البطاقة');
    expect(await core.misses.get(card.id)).toBeDefined();
    writeFileSync(file, good);

    const dismissed = await api(f.app, supervisor, 'POST', `/api/misses/${card.id}/dismiss`);
    expect(dismissed.json()).toEqual({ id: card.id, dismissed: true });
    expect((await audit(card.id)).map((e) => e.action)).toEqual(['miss-dismissed']);
    expect((await audit(tailoring.id)).map((e) => e.action)).toEqual(['miss-assigned']);
    expect((await listed()).map((m) => m.id)).not.toContain(card.id);
  });

  it('show the newest 100 at once, saying how many there are; the API gives them all', async () => {
    const total = (await listed()).length + 101;
    const at = Date.now() - 3600_000;
    for (let n = 0; n < 101; n++) {
      await core.events.emit({ name: MISSED_EVENT, id: `many-${n}:0`, at: at + n, payload: { reason: 'out-of-scope', text: `رسالة رقم ${n}`, locale: 'ar', conversation: { channel: 'telegram', address: 'x' } } });
    }
    expect((await listed()).length).toBe(total);
    const res = await new Page(supervisor).get('/console/misses');
    expect(res.body.match(/<li class="miss"/g)).toHaveLength(MISSES_SHOWN);
    expect(res.body).toContain(`تظهر أحدث ${MISSES_SHOWN} من ${total}`);
    expect(res.body).toContain('رسالة رقم 100');
    expect(res.body).not.toContain('رسالة رقم 0<');
  });
});

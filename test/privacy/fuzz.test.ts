import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/knowledge/rankers/logreg.js';
import type { Redis } from '../../src/store/redis.js';
import { updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { SECRET, startTelegram, type TelegramHarness } from '../telegram/harness.js';
import { PNG } from '../webchat/fixtures.js';
import { startServer, type TestServer } from '../webchat/support.js';
import { ADMIN_TOKEN, startWhatsApp, type WhatsAppHarness } from '../whatsapp/harness.js';

/**
 * Seeded fuzzing of every public route through Fastify's inject: token, Direct Line (start,
 * activities, upload, files), the Telegram webhook and the admin pages get mutated valid
 * requests and plain garbage. Bad input must get a 4xx (or a 2xx), never a 5xx.
 * `FUZZ_SEED=<n>` replays a run; `FUZZ_CASES=<n>` runs more.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const CASES = Number(process.env.FUZZ_CASES ?? 1200);
const DL_SECRET = 'directline-secret-for-the-fuzz-test-0123456789';
const prefix = uniquePrefix('fuzz');
let redis: Redis;
let web: TestServer;
let tg: TelegramHarness;
let wa: WhatsAppHarness;
let token = '';
let conv = '';

beforeAll(async () => {
  redis = await connectTestRedis();
  web = await startServer({ prefix, env: { WEBCHAT_DIRECTLINE_SECRET: DL_SECRET, WEBCHAT_UPLOAD_MAX_MB: '0.05' } });
  tg = await startTelegram(redis, `${prefix}:tg`);
  wa = await startWhatsApp(redis, `${prefix}:wa`, 'session');
  const t = (await web.app.inject({ method: 'POST', url: '/api/webchat/token', payload: {} })).json() as { token: string; conversationId: string };
  token = t.token;
  conv = t.conversationId;
  await web.app.inject({ method: 'POST', url: '/v3/directline/conversations', headers: { authorization: `Bearer ${token}` } });
  // The upload route reads bodies only while a form asks for a document.
  await redis.set(web.core.keys.webchatUploadOpen(conv), '1');
}, 30_000);
afterAll(async () => {
  await web.close();
  await tg.stop();
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

const rand = mulberry32(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
/** UTF-8 bytes read as Latin-1: what Node's HTTP parser makes of a non-ASCII header. */
const latin1 = (s: string) => Buffer.from(s).toString('latin1');
/** Any string as a header value an HTTP client can send: its UTF-8 bytes as Latin-1, no control characters. */
const header = (s: string) => latin1(s).replace(/[\x00-\x1f\x7f]/g, '') || 'x';

function junkString(): string {
  return pick([
    () => '',
    () => 'x'.repeat(int(5000)),
    () => 'سند'.repeat(1 + int(50)),
    () => '\u0000\uffff\ud800',
    () => String(int(1e9)),
    () => '../../etc/passwd',
    () => '{"a":',
    () => Buffer.from(Array.from({ length: int(64) }, () => int(256))).toString('latin1'),
  ])();
}

function junkValue(depth = 0): unknown {
  const kinds: (() => unknown)[] = [
    () => null,
    () => rand() < 0.5,
    () => int(2 ** 31) * (rand() < 0.5 ? -1 : 1),
    () => rand() * 1e300,
    junkString,
    () => (depth > 2 ? [] : Array.from({ length: int(4) }, () => junkValue(depth + 1))),
    () => (depth > 2 ? {} : Object.fromEntries(Array.from({ length: int(4) }, () => [junkString().slice(0, 20), junkValue(depth + 1)]))),
  ];
  return pick(kinds)();
}

/** A valid JSON value with one to three of its leaves (or branches) replaced by junk. */
function mutate(value: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (let n = 1 + int(3); n > 0; n--) {
    let node: Record<string, unknown> = copy;
    for (let d = 0; d < 4; d++) {
      const keys = Object.keys(node);
      if (!keys.length) break;
      const k = pick(keys);
      const child = node[k];
      if (child && typeof child === 'object' && rand() < 0.6) node = child as Record<string, unknown>;
      else {
        if (rand() < 0.2) delete node[k];
        else node[k] = junkValue();
        break;
      }
    }
  }
  return copy;
}

function body(valid: unknown): { payload: string | Buffer; type: string } {
  return pick([
    () => ({ payload: JSON.stringify(mutate(valid)), type: 'application/json' }),
    () => ({ payload: JSON.stringify(valid).slice(0, int(JSON.stringify(valid).length)), type: 'application/json' }),
    () => ({ payload: junkString(), type: pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) }),
    () => ({ payload: Buffer.from(Array.from({ length: int(2000) }, () => int(256))), type: 'application/json' }),
    () => ({ payload: JSON.stringify(junkValue()), type: 'application/json; charset=latin1' }),
  ])();
}

function bearer(): Record<string, string> {
  return pick([
    () => ({}),
    () => ({ authorization: `Bearer ${token}` }),
    () => ({ authorization: `Bearer ${DL_SECRET}` }),
    () => ({ authorization: `Bearer ${latin1('سر'.repeat(DL_SECRET.length / 4))}` }),
    () => ({ authorization: `Bearer ${latin1('é'.repeat(DL_SECRET.length / 2))}` }),
    () => ({ authorization: `Bearer ${token.slice(0, -3)}${latin1('ء')}` }),
    () => ({ authorization: `Bearer ${header(junkString())}` }),
    () => ({ authorization: 'Bearer' }),
    () => ({ authorization: `Basic ${Buffer.from(junkString()).toString('base64')}` }),
    () => ({ authorization: `Bearer ${token.split('.').map((p) => (rand() < 0.3 ? Buffer.from(JSON.stringify(junkValue())).toString('base64url') : p)).join('.')}` }),
  ])();
}

function multipart(): { payload: Buffer; type: string } {
  const boundary = pick(['b', 'x'.repeat(70), '----sanad', '']);
  const activity = JSON.stringify(rand() < 0.5 ? mutate({ type: 'message', locale: 'ar-SA', attachments: [{ contentType: 'image/png', name: 'x.png' }] }) : junkValue());
  const file = pick([PNG, Buffer.from(junkString()), Buffer.alloc(70 * 1024, 1), Buffer.alloc(0)]);
  const whole = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="activity"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n${activity}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${pick(['file', 'activity', junkString().slice(0, 10)])}"; filename="${latin1(pick(['تقرير.png', 'x.png', '']))}"\r\nContent-Type: image/png\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cut = rand() < 0.3 ? whole.subarray(0, int(whole.length)) : whole;
  const type = pick([`multipart/form-data; boundary=${boundary}`, 'multipart/form-data', 'multipart/form-data; boundary=', `multipart/mixed; boundary=${boundary}`, 'application/json']);
  return { payload: rand() < 0.1 ? Buffer.from(Array.from({ length: int(500) }, () => int(256))) : cut, type };
}

type Case = { app: FastifyInstance; method: 'GET' | 'POST'; url: string; headers: Record<string, string>; payload?: string | Buffer };

function nextCase(): Case {
  const id = pick([conv, conv, 'nope-nope-nope', junkString().slice(0, 80), '..', 'a'.repeat(65)]);
  const q = pick(['', `?watermark=${pick([String(int(100)), '-1', 'abc', '1e99', junkString().slice(0, 10)])}`, `?t=${junkString().slice(0, 30)}`]);
  // A lone surrogate has no URL form: replaced as a browser would.
  const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  const family = int(5);
  if (family === 0) {
    const b = body({ locale: 'ar-SA' });
    return { app: web.app, method: 'POST', url: pick(['/api/webchat/token', '/v3/directline/tokens/generate', '/v3/directline/tokens/refresh']), headers: { ...bearer(), 'content-type': b.type }, payload: b.payload };
  }
  if (family === 1) {
    const b = body({ type: 'message', text: 'مرحبا', locale: 'ar-SA', from: { id: 'dl_x' }, channelData: { clientActivityID: 'c1' } });
    return pick<() => Case>([
      () => ({ app: web.app, method: 'POST', url: '/v3/directline/conversations', headers: { ...bearer(), 'content-type': b.type }, payload: b.payload }),
      () => ({ app: web.app, method: 'GET', url: `/v3/directline/conversations/${enc(id)}${q}`, headers: bearer() }),
      () => ({ app: web.app, method: 'GET', url: `/v3/directline/conversations/${enc(id)}/activities${q}`, headers: bearer() }),
      () => ({ app: web.app, method: 'POST', url: `/v3/directline/conversations/${enc(id)}/activities`, headers: { ...bearer(), 'content-type': b.type }, payload: b.payload }),
      () => ({ app: web.app, method: 'GET', url: `/v3/directline/conversations/${enc(id)}/attachments/${enc(pick(['wc:' + 'a'.repeat(22), junkString().slice(0, 40), 'att:wa:1']))}`, headers: bearer() }),
      () => ({ app: web.app, method: 'GET', url: `/v3/directline/conversations/${enc(id)}/stream${q}`, headers: bearer() }),
    ])();
  }
  if (family === 2) {
    const m = multipart();
    return { app: web.app, method: 'POST', url: `/v3/directline/conversations/${enc(rand() < 0.8 ? conv : id)}/upload`, headers: { authorization: `Bearer ${token}`, ...(rand() < 0.2 ? bearer() : {}), 'content-type': m.type }, payload: m.payload };
  }
  if (family === 3) {
    const valid = pick([updates.text(1 + int(1e6), 1 + int(1e6), 'مرحبا'), updates.tap(1 + int(1e6), 1 + int(1e6), 'menu'), updates.photo(1 + int(1e6), 1 + int(1e6), 'x'), updates.document(1 + int(1e6), 7, 'a.pdf', 'application/pdf')]);
    const b = rand() < 0.7 ? { payload: JSON.stringify(mutate(valid)), type: 'application/json' } : body(valid);
    const secret = pick([SECRET, SECRET, '', latin1('سر'.repeat(14)), SECRET.slice(0, -1), latin1('é'.repeat(SECRET.length))]);
    return { app: tg.app, method: 'POST', url: '/webhooks/telegram', headers: { 'content-type': b.type, ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, payload: b.payload };
  }
  const basic = pick([
    () => `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
    () => `Basic ${Buffer.from(`admin:${junkString()}`).toString('base64')}`,
    () => `Basic ${header(junkString())}`,
    () => `Basic ${Buffer.from(latin1('مشرف:كلمة')).toString('base64')}`,
    () => `Bearer ${latin1('سر'.repeat(7))}`,
    () => latin1('سند'),
    () => '',
  ])();
  return { app: wa.app, method: pick(['GET', 'POST'] as const), url: pick(['/admin/whatsapp', '/admin/whatsapp/qr.svg', `/admin/whatsapp?${junkString().slice(0, 20)}`]), headers: basic ? { authorization: basic } : {} };
}

describe('fuzz: bad input never gets a 5xx (finding 4)', () => {
  it(`${CASES} seeded cases across the public routes (seed ${SEED})`, async () => {
    const failures: string[] = [];
    const families = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const c = nextCase();
      const route = c.url.split('?')[0]!.replace(/conversations\/[^/]+/, 'conversations/:id').replace(/attachments\/.*/, 'attachments/:file');
      families.set(route, (families.get(route) ?? 0) + 1);
      let status: number;
      try {
        const res = await c.app.inject({ method: c.method, url: c.url, headers: c.headers, ...(c.payload !== undefined ? { payload: c.payload } : {}) });
        status = res.statusCode;
        if (status >= 500) failures.push(`#${i} ${c.method} ${route} → ${status} ${res.body.slice(0, 160)}`);
      } catch (err) {
        failures.push(`#${i} ${c.method} ${route} → threw ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    // Every family was exercised.
    for (const route of ['/api/webchat/token', '/v3/directline/conversations/:id/upload', '/webhooks/telegram', '/admin/whatsapp', '/v3/directline/conversations/:id/activities']) {
      expect(families.get(route) ?? 0).toBeGreaterThan(20);
    }
  }, 120_000);
});

describe('malformed uploads and non-ASCII secrets (finding 4)', () => {
  it('answers an upload with no boundary, a truncated body or garbage with 400, and a non-ASCII bearer with 403', async () => {
    const url = `/v3/directline/conversations/${conv}/upload`;
    const auth = { authorization: `Bearer ${token}` };
    const cases: [Record<string, string>, string | Buffer][] = [
      [{ 'content-type': 'multipart/form-data' }, 'garbage'],
      [{ 'content-type': 'multipart/form-data; boundary=b' }, `--b\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n\r\n${PNG.toString('latin1')}`],
      [{ 'content-type': 'multipart/form-data; boundary=b' }, Buffer.from([0, 1, 2, 3, 255, 254])],
    ];
    for (const [headers, payload] of cases) {
      const res = await web.app.inject({ method: 'POST', url, headers: { ...auth, ...headers }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'SANAD_ERR_WEBCHAT_UPLOAD' });
    }
    // As many characters as the secret, more bytes: compared by bytes, refused, never thrown.
    const res = await web.app.inject({ method: 'POST', url: '/v3/directline/tokens/generate', headers: { authorization: `Bearer ${latin1('é').repeat(DL_SECRET.length / 2)}` } });
    expect(res.statusCode).toBe(403);
    expect(web.logs.has((l) => l.msg === 'bad request' && l.code === 'SANAD_ERR_WEBCHAT_UPLOAD')).toBe(true);
  });
});

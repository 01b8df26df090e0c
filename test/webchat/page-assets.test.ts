import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { startServer, type TestServer } from './support.js';

const prefix = uniquePrefix('webchat-assets');
const emptyVendor = mkdtempSync(join(tmpdir(), 'sanad-vendor-'));
let server: TestServer;
let bare: TestServer;

beforeAll(async () => {
  server = await startServer({ prefix });
  bare = await startServer({ prefix, vendorDir: emptyVendor });
});
afterAll(async () => {
  await server.close();
  await bare.close();
  rmSync(emptyVendor, { recursive: true, force: true });
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('the page and its files', () => {
  it('GET / is the association\'s page: Arabic, right to left, its name and contact, the widget from our server only', async () => {
    const res = await server.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('جمعية سند الخيرية');
    expect(html).toContain('href="tel:920000000"');
    expect(html).toMatch(/<script src="\/vendor\/webchat\.js\?v=[\w-]{8}"><\/script>/);
    expect(html).not.toMatch(/https?:\/\/(?!wa\.me)/); // no script, style or font from elsewhere
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const en = await server.app.inject({ url: '/?lang=en' });
    expect(en.body).toContain('<html lang="en" dir="ltr">');
    expect(en.body).toContain('Sanad Charity Association');
  });

  it('serves the widget bundle compressed and cacheable, and answers a revalidation with 304', async () => {
    const res = await server.app.inject({ url: '/vendor/webchat.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBeLessThan(700_000);
    expect(res.headers['cache-control']).toContain('immutable');
    const again = await server.app.inject({ url: '/vendor/webchat.js', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('serves embed.js for other websites, with the association\'s colour and texts', async () => {
    const res = await server.app.inject({ url: '/embed.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body).toContain('#0F7B6C');
    expect(res.body).toContain('تحدث معنا');
    expect(res.body).toContain("'/chat'");
    const chat = await server.app.inject({ url: '/chat' });
    expect(chat.body).toContain('<body class="embedded">');
  });

  it('without the bundle (installed without dev dependencies) says so clearly, and keeps running', async () => {
    const page = await bare.app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/vendor/webchat.js');
    expect(page.body).toContain('/webchat/page.js');
    const bundle = await bare.app.inject({ url: '/vendor/webchat.js' });
    expect(bundle.statusCode).toBe(503);
    expect(bundle.json()).toMatchObject({ code: 'SANAD_ERR_WEBCHAT_BUNDLE' });
    expect(bundle.json().error).toContain('npm install');
    expect(bare.logs.has((l) => l.level === 50 && String(l.msg).includes('public/vendor/webchat.js is missing'))).toBe(true);
    const health = await bare.app.inject({ url: '/healthz' });
    expect(health.json().checks.webchat.widget).toContain('missing');
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../support/redis.js';
import { launchChromium } from '../webchat/browser.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from '../console/support.js';
import type { Channel } from '../../src/messages/model.js';

/** The report page in Debian's Chromium: charts drawn by Chart.js from our origin, strict CSP, no axe-core violations. */
const prefix = uniquePrefix('survey-page');
let f: ConsoleFixture;
let browser: Browser;
let base: string;
const DAY = 24 * 3600_000;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function answered(i: number, channel: Channel, rating: number | undefined, comment: string | undefined, at: number): Promise<void> {
  const id = `chat-page${i}`;
  const ref = { channel, address: `p${i}` };
  await f.core.surveys.create({ id, service: i % 3 === 0 ? 'bot' : 'chat', ref, locale: 'ar', officer: null, link: `H${i}`, completedAt: at - 600_000 });
  await f.core.surveys.markSent(id, at, { kind: 'expire', at: at + 7 * DAY });
  if (rating === undefined && !comment) return;
  await f.core.surveys.recordAnswers(id, ref, { surveyRating: rating ? String(rating) : 'no-rating', surveyResolved: rating && rating > 2 ? 'yes' : 'no', surveyComment: comment ?? 'تخطي' }, at + 60_000);
}

beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  const now = Date.now();
  const given: [Channel, number | undefined, string | undefined, number][] = [
    ['webchat', 5, 'خدمة سريعة وواضحة', now - 2 * DAY],
    ['whatsapp', 4, undefined, now - 9 * DAY],
    ['telegram', 1, 'لم يرد علي أحد', now - 1 * DAY],
    ['webchat', 3, undefined, now - 16 * DAY],
    ['webchat', undefined, undefined, now - 3 * DAY],
  ];
  for (const [i, g] of given.entries()) await answered(i, ...g);
  await f.app.listen({ port: 0, host: '127.0.0.1' });
  const address = f.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await f.close();
});

describe('/console/surveys', () => {
  it('is for supervisors and admins: an officer gets 403, a visitor the login page', async () => {
    expect((await f.app.inject({ url: '/console/surveys' })).headers.location).toBe('/console/login');
    const admin = await login(f.app, ADMIN.email, ADMIN.password);
    await api(f.app, admin, 'POST', '/api/officers', { email: 'o1@sanad.example.org', name: 'منى', password: 'officer pw 12' });
    const officer = await login(f.app, 'o1@sanad.example.org', 'officer pw 12');
    expect((await api(f.app, officer, 'GET', '/console/surveys')).statusCode).toBe(403);
    const page = await api(f.app, admin, 'GET', '/console/surveys?month=2020-02');
    expect(page.statusCode).toBe(200);
    // The printable monthly report: its title, the Hijri and the Gregorian months.
    expect(page.body).toContain('التقرير الشهري لرضا المستفيدين');
    expect(page.body).toMatch(/فبراير ٢٠٢٠ م/);
    expect(page.body).toMatch(/جمادى|رجب/);
  });

  it('renders its figures and charts in Chromium, right to left, with no CSP errors and no axe-core violations', async () => {
    const cookie = (await login(f.app, ADMIN.email, ADMIN.password)).split('=');
    const context = await browser.newContext({ locale: 'ar-SA' });
    await context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: base }]);
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    // The favicon comes with the web chat channel, which this fixture does not run.
    page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.svg') && errors.push(`${m.text()} ${m.location().url}`));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}/console/surveys`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.waitForFunction(() => document.querySelectorAll('canvas[data-drawn]').length === 5);
    const figures = await page.locator('.figures').innerText();
    expect(figures).toContain('٥٠٪'); // csat: 2 of 4 ratings are 4–5
    expect(figures).toContain('٨٠٪'); // response rate: 4 of 5
    // The charts really drew something (a canvas with pixels set).
    const inked = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('#chart-distribution')!;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(500);
    expect(await page.locator('.comments').innerText()).toContain('لم يرد علي أحد');
    expect(await page.locator('.alerts').innerText()).toContain('لم يرد علي أحد');
    expect(requests.every((u) => u.startsWith(base))).toBe(true);
    expect(requests.some((u) => u.includes('/console/assets/chart.umd.min.js'))).toBe(true);
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run());
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // Printed: the console's bar and the filters are hidden.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.locator('.figures').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('/console/queues: the BullMQ dashboard runs for an admin under its CSP, loading nothing from elsewhere', async () => {
    const cookie = (await login(f.app, ADMIN.email, ADMIN.password)).split('=');
    const context = await browser.newContext();
    await context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: base }]);
    const page = await context.newPage();
    const loaded: string[] = [];
    page.on('requestfinished', (r) => loaded.push(r.url()));
    await page.goto(`${base}/console/queues`);
    await page.getByText('surveys').first().waitFor({ timeout: 20_000 });
    expect(loaded.every((u) => u.startsWith(base))).toBe(true);
    await context.close();
  }, 60_000);
});
